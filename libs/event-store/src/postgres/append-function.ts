import type { Migration } from './event-store-migrations';

/**
 * Migration 2: the append as one function call (one round trip, one statement, autocommit) instead
 * of BEGIN, head read, insert, COMMIT; no separate table of stream heads; no NOTIFY at commit.
 *
 * The writer chains the hashes from the head it believes the stream has (its last read or append)
 * and stamps `recordedAt` with its estimate of this server's clock. The function checks what that
 * assumed against the stream's last event (the unique index on stream and revision makes that one
 * index probe): the expected revision (`conflict`), the head's revision and hash, and that
 * `recordedAt` is within the tolerance of `clock_timestamp()` and not below the previous event
 * (else `stale`: nothing written, the writer chains again from the heads returned). Event ids
 * already stored are answered first (`existing`), so the idempotency rules stay the writer's
 * (append-rules.ts). Writers of a stream queue on an advisory lock of its id (in memory: a separate
 * heads table cost a row lock, an update and its WAL per append); the unique index on stream and
 * revision stays the last word should anything write around it.
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
    DROP FUNCTION IF EXISTS ${s}.notify_events_appended();
    DROP TABLE IF EXISTS ${s}.streams;
    CREATE OR REPLACE FUNCTION ${s}.append_events(
      p_streams text[], p_expected bigint[], p_base_revisions bigint[], p_base_hashes text[], p_recorded_at timestamptz,
      p_tolerance_ms integer, p_event_ids uuid[], p_event_streams text[], p_revisions bigint[], p_types text[],
      p_versions integer[], p_data text[], p_metadata text[], p_occurred_at timestamptz[], p_prev_hashes text[], p_hashes text[],
      OUT status text, OUT positions bigint[], OUT heads jsonb, OUT existing jsonb, OUT conflict jsonb, OUT server_now float8)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_now timestamptz := clock_timestamp();
      v_revision bigint;
      v_hash text;
      v_recorded timestamptz;
      v_stale boolean := p_tolerance_ms IS NOT NULL AND abs(extract(epoch FROM p_recorded_at - v_now) * 1000) > p_tolerance_ms;
    BEGIN
      -- The transaction id first, before the sequence hands out a position (see global-order.ts).
      PERFORM pg_current_xact_id();
      server_now := extract(epoch FROM v_now) * 1000;
      IF EXISTS (SELECT 1 FROM ${s}.events WHERE event_id = ANY(p_event_ids)) THEN
        status := 'existing';
        SELECT jsonb_agg(jsonb_build_object('eventId', e.event_id, 'streamId', e.stream_id, 'revision', e.stream_revision,
                 'globalPosition', e.global_position, 'type', e.type, 'data', e.data))
          INTO existing FROM ${s}.events e WHERE e.event_id = ANY(p_event_ids);
      ELSE
        -- Our writers' lock on each stream (advisory: no row, no WAL), taken in stream id order.
        PERFORM pg_advisory_xact_lock(hashtextextended(id, 0)) FROM unnest(p_streams) AS id ORDER BY id;
        FOR i IN 1 .. cardinality(p_streams) LOOP
          SELECT stream_revision, hash, recorded_at INTO v_revision, v_hash, v_recorded
            FROM ${s}.events WHERE stream_id = p_streams[i] ORDER BY stream_revision DESC LIMIT 1;
          IF NOT FOUND THEN
            v_revision := -1;
            v_hash := repeat('0', 64);
            v_recorded := NULL;
          END IF;
          IF (p_expected[i] = -1 AND v_revision >= 0) OR (p_expected[i] = -3 AND v_revision < 0) OR (p_expected[i] >= 0 AND p_expected[i] <> v_revision) THEN
            status := 'conflict';
            conflict := jsonb_build_object('streamId', p_streams[i], 'actual', v_revision);
            EXIT;
          END IF;
          IF p_base_revisions[i] <> v_revision OR p_base_hashes[i] <> v_hash OR p_recorded_at < v_recorded THEN
            v_stale := true;
          END IF;
        END LOOP;
        IF status IS NULL AND v_stale THEN
          status := 'stale';
        END IF;
      END IF;
      IF status IS NOT NULL THEN
        SELECT jsonb_agg(jsonb_build_object('streamId', h.stream_id, 'revision', h.stream_revision, 'hash', h.hash,
                 'recordedAt', to_char(h.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
          INTO heads
          FROM unnest(p_streams) AS r(stream_id)
          CROSS JOIN LATERAL (SELECT stream_id, stream_revision, hash, recorded_at FROM ${s}.events e
                              WHERE e.stream_id = r.stream_id ORDER BY stream_revision DESC LIMIT 1) h;
        RETURN;
      END IF;
      IF cardinality(p_event_ids) = 1 THEN
        INSERT INTO ${s}.events (event_id, stream_id, stream_revision, type, schema_version, data, metadata,
                                 occurred_at, recorded_at, prev_hash, hash)
        VALUES (p_event_ids[1], p_event_streams[1], p_revisions[1], p_types[1], p_versions[1], p_data[1]::jsonb, p_metadata[1]::jsonb,
                p_occurred_at[1], p_recorded_at, p_prev_hashes[1], p_hashes[1])
        RETURNING ARRAY[global_position] INTO positions;
      ELSE
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
      END IF;
      status := 'ok';
    END
    $fn$;
  `,
};
