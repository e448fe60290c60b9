import type { Migration } from './event-store-migrations';

/**
 * Migration 2: the append as one function call (one round trip, one statement, autocommit) instead
 * of BEGIN, head read, insert, COMMIT; and no NOTIFY at commit.
 *
 * The writer chains the hashes from the head it believes the stream has (its last read or append)
 * and stamps `recordedAt` with its estimate of this server's clock. Under the stream's row lock the
 * function checks everything that estimate assumed: the expected revision (a conflict), the head's
 * revision and hash and that `recordedAt` is within the tolerance of `clock_timestamp()` and not
 * below the stream's previous event (else `stale`: nothing is written and the writer chains again
 * from the heads returned). Event ids already stored are answered before anything else (`existing`),
 * so the idempotency rules stay the writer's (append-rules.ts).
 *
 * The statement trigger that called pg_notify is dropped: at commit NOTIFY takes a cluster-wide
 * lock that serialises every notifying commit (no shared fsync). The writer now signals after its
 * commit, from another connection (append-notifier.ts).
 */
export const APPEND_FUNCTION_MIGRATION: Migration = {
  version: 2,
  name: 'append in one call, wake-ups after commit',
  sql: (s) => `
    DROP TRIGGER IF EXISTS events_appended ON ${s}.events;
    CREATE OR REPLACE FUNCTION ${s}.append_events(
      p_streams text[], p_expected bigint[], p_base_revisions bigint[], p_base_hashes text[],
      p_new_revisions bigint[], p_new_hashes text[], p_recorded_at timestamptz, p_tolerance_ms integer,
      p_event_ids uuid[], p_event_streams text[], p_revisions bigint[], p_types text[], p_versions integer[],
      p_data text[], p_metadata text[], p_occurred_at timestamptz[], p_prev_hashes text[], p_hashes text[],
      OUT status text, OUT positions bigint[], OUT heads jsonb, OUT existing jsonb, OUT conflict jsonb, OUT server_now text)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_now timestamptz := clock_timestamp();
      v_stale boolean;
    BEGIN
      -- The transaction id first, before the sequence hands out a position (see global-order.ts).
      PERFORM pg_current_xact_id();
      server_now := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      SELECT jsonb_agg(jsonb_build_object('streamId', l.stream_id, 'revision', l.revision, 'hash', l.head_hash,
               'recordedAt', to_char(l.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        INTO heads
        FROM (SELECT stream_id, revision, head_hash, updated_at FROM ${s}.streams
              WHERE stream_id = ANY(p_streams) ORDER BY stream_id FOR UPDATE) l;
      SELECT jsonb_agg(jsonb_build_object('eventId', e.event_id, 'streamId', e.stream_id, 'revision', e.stream_revision,
               'globalPosition', e.global_position, 'type', e.type, 'data', e.data))
        INTO existing
        FROM ${s}.events e WHERE e.event_id = ANY(p_event_ids);
      IF existing IS NOT NULL THEN
        status := 'existing';
        RETURN;
      END IF;
      SELECT jsonb_build_object('streamId', r.stream_id, 'expected', r.expected, 'actual', coalesce(h.revision, -1))
        INTO conflict
        FROM unnest(p_streams, p_expected) AS r(stream_id, expected)
        LEFT JOIN ${s}.streams h USING (stream_id)
        WHERE (r.expected = -1 AND h.revision IS NOT NULL)
           OR (r.expected = -3 AND h.revision IS NULL)
           OR (r.expected >= 0 AND r.expected IS DISTINCT FROM h.revision)
        LIMIT 1;
      IF conflict IS NOT NULL THEN
        status := 'conflict';
        RETURN;
      END IF;
      SELECT bool_or(r.base_revision IS DISTINCT FROM coalesce(h.revision, -1)
                     OR r.base_hash IS DISTINCT FROM coalesce(h.head_hash, repeat('0', 64))
                     OR p_recorded_at < h.updated_at)
        INTO v_stale
        FROM unnest(p_streams, p_base_revisions, p_base_hashes) AS r(stream_id, base_revision, base_hash)
        LEFT JOIN ${s}.streams h USING (stream_id);
      IF v_stale OR (p_tolerance_ms IS NOT NULL AND abs(extract(epoch FROM p_recorded_at - v_now) * 1000) > p_tolerance_ms) THEN
        status := 'stale';
        RETURN;
      END IF;
      WITH inserted AS (
        INSERT INTO ${s}.events (event_id, stream_id, stream_revision, type, schema_version, data, metadata,
                                 occurred_at, recorded_at, prev_hash, hash)
        SELECT e.event_id, e.stream_id, e.revision, e.type, e.version, e.data::jsonb, e.metadata::jsonb,
               e.occurred_at, p_recorded_at, e.prev_hash, e.hash
        FROM unnest(p_event_ids, p_event_streams, p_revisions, p_types, p_versions, p_data, p_metadata, p_occurred_at,
                    p_prev_hashes, p_hashes) WITH ORDINALITY
             AS e(event_id, stream_id, revision, type, version, data, metadata, occurred_at, prev_hash, hash, ord)
        ORDER BY e.ord
        RETURNING global_position
      )
      SELECT array_agg(global_position ORDER BY global_position) INTO positions FROM inserted;
      INSERT INTO ${s}.streams AS st (stream_id, revision, head_hash, updated_at)
      SELECT * FROM unnest(p_streams, p_new_revisions, p_new_hashes, array_fill(p_recorded_at, ARRAY[cardinality(p_streams)]))
      ON CONFLICT (stream_id) DO UPDATE
        SET revision = EXCLUDED.revision, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at;
      status := 'ok';
    END
    $fn$;
  `,
};
