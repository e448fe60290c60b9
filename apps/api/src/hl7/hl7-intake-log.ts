import { createHmac } from 'node:crypto';
import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import { type EncryptedEnvelope, isEncryptedEnvelope, openJson, sealJson } from '@poems/identity-vault';
import type { Infrastructure } from '@poems/runtime';
import type { AckCode } from './hl7-ack';
import type { Hl7Issue } from './hl7-issue';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'hl7 intake log',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.hl7_intake (
        id                  bigserial PRIMARY KEY,
        received_at         timestamptz NOT NULL DEFAULT now(),
        channel             text NOT NULL,
        peer                text,
        feed_id             text,
        sending_application text,
        sending_facility    text,
        control_id          text,
        message_type        text,
        status              text NOT NULL,
        ack_code            text NOT NULL,
        issues              jsonb NOT NULL DEFAULT '[]',
        skipped             jsonb NOT NULL DEFAULT '[]',
        events              integer NOT NULL DEFAULT 0,
        message             jsonb,
        sealed_for          uuid,
        replay_of           bigint REFERENCES ${s}.hl7_intake (id),
        replayed_by         text,
        resolved_by         bigint REFERENCES ${s}.hl7_intake (id)
      );
      CREATE INDEX IF NOT EXISTS hl7_intake_status ON ${s}.hl7_intake (status, id DESC);`,
  },
];

/** recorded: AA, results written · accepted: AA, nothing to write (preliminary, cancelled) · duplicate: AA, the first answer again · refused: AE · rejected: AR. */
export type IntakeStatus = 'recorded' | 'accepted' | 'duplicate' | 'refused' | 'rejected';
export type IntakeChannel = 'mllp' | 'http' | 'replay';

export interface IntakeEntry {
  channel: IntakeChannel;
  peer: string | null;
  feedId: string | null;
  sendingApplication: string | null;
  sendingFacility: string | null;
  controlId: string | null;
  messageType: string | null;
  status: IntakeStatus;
  ackCode: AckCode;
  issues: ReadonlyArray<Hl7Issue>;
  skipped: ReadonlyArray<unknown>;
  events: number;
  /** The message as received (kept sealed, for replay), and the patient whose data key seals it. */
  raw: string | null;
  patientId: string | null;
  replayOf?: number;
  replayedBy?: string;
}

export interface IntakeRow extends Omit<IntakeEntry, 'raw' | 'patientId'> {
  id: number;
  receivedAt: string;
  replayOf: number | undefined;
  resolvedBy: number | null;
}

const COLUMNS = `id, received_at, channel, peer, feed_id, sending_application, sending_facility, control_id, message_type, status, ack_code, issues, skipped, events, replay_of, replayed_by, resolved_by`;

/**
 * Every message a lab sends, whatever became of it: nothing is lost. The message itself is sealed
 * (AES-256-GCM) with its patient's data key when it names one patient, so erasing that identity
 * makes it unreadable too; otherwise with a key derived from DATA_KEY_ENCRYPTION_KEY.
 */
export class Hl7IntakeLog {
  private readonly s: string;
  private readonly intakeKey: Buffer;

  private constructor(private readonly infra: Infrastructure) {
    this.s = assertSchemaName(infra.schema);
    this.intakeKey = createHmac('sha256', Buffer.from(infra.config.DATA_KEY_ENCRYPTION_KEY, 'hex')).update('poems:hl7-intake').digest();
  }

  static async open(infra: Infrastructure): Promise<Hl7IntakeLog> {
    await runMigrations(infra.pool, infra.schema, MIGRATIONS, 'hl7-intake');
    return new Hl7IntakeLog(infra);
  }

  async record(entry: IntakeEntry): Promise<number> {
    const sealed = entry.raw === null ? null : await this.seal(entry.raw, entry.patientId);
    const { rows } = await this.infra.pool.query<{ id: string }>(
      `INSERT INTO ${this.s}.hl7_intake (channel, peer, feed_id, sending_application, sending_facility, control_id, message_type, status, ack_code, issues, skipped, events, message, sealed_for, replay_of, replayed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [
        entry.channel,
        entry.peer,
        entry.feedId,
        entry.sendingApplication?.slice(0, 180) ?? null,
        entry.sendingFacility?.slice(0, 180) ?? null,
        entry.controlId?.slice(0, 200) ?? null,
        entry.messageType?.slice(0, 40) ?? null,
        entry.status,
        entry.ackCode,
        JSON.stringify(entry.issues),
        JSON.stringify(entry.skipped),
        entry.events,
        sealed === null ? null : JSON.stringify(sealed),
        sealed === null ? null : entry.patientId,
        entry.replayOf ?? null,
        entry.replayedBy ?? null,
      ],
    );
    return Number(rows[0]!.id);
  }

  async list(filter: { status?: IntakeStatus; feedId?: string; before?: number; limit: number }): Promise<IntakeRow[]> {
    const { rows } = await this.infra.pool.query(
      `SELECT ${COLUMNS} FROM ${this.s}.hl7_intake
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR feed_id = $2) AND ($3::bigint IS NULL OR id < $3)
       ORDER BY id DESC LIMIT $4`,
      [filter.status ?? null, filter.feedId ?? null, filter.before ?? null, filter.limit],
    );
    return rows.map(toRow);
  }

  async get(id: number): Promise<(IntakeRow & { sealed: EncryptedEnvelope | null; sealedFor: string | null }) | undefined> {
    const { rows } = await this.infra.pool.query(`SELECT ${COLUMNS}, message, sealed_for FROM ${this.s}.hl7_intake WHERE id = $1`, [id]);
    const row = rows[0];
    return row && { ...toRow(row), sealed: row.message, sealedFor: row.sealed_for };
  }

  /** The message as received; null once its patient's identity was erased. */
  async open(sealed: EncryptedEnvelope, sealedFor: string | null): Promise<string | null> {
    if (sealedFor === null) return (openJson(this.intakeKey, 'poems:hl7-intake', sealed) as { er7: string }).er7;
    const revealed = (await this.infra.vault.reveal(sealedFor, sealed)) as { er7?: unknown };
    return typeof revealed.er7 === 'string' ? revealed.er7 : null;
  }

  async markResolved(id: number, by: number): Promise<void> {
    await this.infra.pool.query(`UPDATE ${this.s}.hl7_intake SET resolved_by = $2 WHERE id = $1 AND resolved_by IS NULL`, [id, by]);
  }

  private async seal(er7: string, patientId: string | null): Promise<EncryptedEnvelope> {
    if (patientId === null) return sealJson(this.intakeKey, 'hl7-intake', 'poems:hl7-intake', { er7 });
    const sealed = await this.infra.vault.seal(patientId, { er7 });
    if (!isEncryptedEnvelope(sealed)) throw new Error('the vault did not seal the message');
    return sealed;
  }
}

function toRow(row: Record<string, unknown>): IntakeRow {
  return {
    id: Number(row['id']),
    receivedAt: (row['received_at'] as Date).toISOString(),
    channel: row['channel'] as IntakeChannel,
    peer: row['peer'] as string | null,
    feedId: row['feed_id'] as string | null,
    sendingApplication: row['sending_application'] as string | null,
    sendingFacility: row['sending_facility'] as string | null,
    controlId: row['control_id'] as string | null,
    messageType: row['message_type'] as string | null,
    status: row['status'] as IntakeStatus,
    ackCode: row['ack_code'] as AckCode,
    issues: row['issues'] as Hl7Issue[],
    skipped: row['skipped'] as unknown[],
    events: Number(row['events']),
    replayOf: row['replay_of'] === null ? undefined : Number(row['replay_of']),
    replayedBy: (row['replayed_by'] as string | null) ?? undefined,
    resolvedBy: row['resolved_by'] === null ? null : Number(row['resolved_by']),
  };
}
