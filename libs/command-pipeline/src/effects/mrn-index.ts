import { createHmac } from 'node:crypto';
import { assertSchemaName, inTransaction, type Migration, runMigrations } from '@poems/event-store';
import { isEncryptedEnvelope } from '@poems/identity-vault';
import { patientIdOfStream } from '@poems/kernel';
import type { Pool } from 'pg';
import type { StreamDeps } from '../stream-kind';
import type { AppendedEvent, CommandEffect } from './command-effects';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'mrn blind index',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.mrn_index (
        authority  text NOT NULL,
        mrn_hmac   text NOT NULL,
        patient_id uuid NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (authority, mrn_hmac, patient_id)
      );
      CREATE INDEX IF NOT EXISTS mrn_index_patient ON ${s}.mrn_index (patient_id);`,
  },
];

export interface MrnIndexOptions {
  pool: Pool;
  schema: string;
  /** DATA_KEY_ENCRYPTION_KEY: the index key is derived from it, so a database alone cannot be searched by MRN. */
  keyEncryptionKeyHex: string;
  /** The assigning authority of the MRNs recorded at enrolment (the hospital's own, HL7 CX-4). */
  authority: string;
}

/** MRNs compare as the hospital writes them, ignoring case and surrounding spaces. */
export function normaliseIdentifier(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * A keyed blind index of MRNs: HMAC-SHA256(key, MRN) → patient, so that a lab message naming an MRN
 * finds its patient although identities are encrypted per patient. The index holds no MRN in
 * clear, and a patient's entries are deleted when their identity is erased. Its table is created
 * on first use (the worker and every API process may use it).
 */
export class MrnIndex {
  private readonly s: string;
  private readonly key: Buffer;
  private ready: Promise<void> | undefined;
  readonly authority: string;

  constructor(private readonly options: MrnIndexOptions) {
    this.s = assertSchemaName(options.schema);
    this.key = createHmac('sha256', Buffer.from(options.keyEncryptionKeyHex, 'hex')).update('poems:mrn-blind-index').digest();
    this.authority = normaliseIdentifier(options.authority);
  }

  private blind(mrn: string): string {
    return createHmac('sha256', this.key).update(normaliseIdentifier(mrn)).digest('hex');
  }

  private migrated(): Promise<void> {
    this.ready ??= runMigrations(this.options.pool, this.s, MIGRATIONS, 'mrn-index').then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready!;
  }

  /** The patient's entry becomes this MRN (none: no entry). Idempotent. */
  async put(patientId: string, mrn: string | undefined): Promise<void> {
    await this.migrated();
    await inTransaction(this.options.pool, async (client) => {
      await client.query(`DELETE FROM ${this.s}.mrn_index WHERE patient_id = $1`, [patientId]);
      if (mrn !== undefined && mrn.trim() !== '') {
        await client.query(`INSERT INTO ${this.s}.mrn_index (authority, mrn_hmac, patient_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          this.authority,
          this.blind(mrn),
          patientId,
        ]);
      }
    });
  }

  async remove(patientId: string): Promise<void> {
    await this.migrated();
    await this.options.pool.query(`DELETE FROM ${this.s}.mrn_index WHERE patient_id = $1`, [patientId]);
  }

  /** Patients whose MRN from this assigning authority is `mrn` (more than one is a data error the caller reports). */
  async find(authority: string, mrn: string): Promise<string[]> {
    await this.migrated();
    const { rows } = await this.options.pool.query<{ patient_id: string }>(
      `SELECT patient_id FROM ${this.s}.mrn_index WHERE authority = $1 AND mrn_hmac = $2 ORDER BY patient_id`,
      [normaliseIdentifier(authority), this.blind(mrn)],
    );
    return rows.map((row) => row.patient_id);
  }
}

/** The MRN of an enrolment's identity, whether it arrives in clear (the handler) or sealed (the worker). */
async function mrnOf(identity: unknown, patientId: string, deps: StreamDeps): Promise<string | undefined> {
  const readable = isEncryptedEnvelope(identity) ? await deps.vault.reveal(patientId, identity) : identity;
  const mrn = (readable as { mrn?: unknown } | null | undefined)?.mrn;
  return typeof mrn === 'string' ? mrn : undefined;
}

function patientOf(event: AppendedEvent): string {
  const patientId = patientIdOfStream(event.streamId);
  if (!patientId) throw new Error(`${event.type} on ${event.streamId}, which is not a patient stream`);
  return patientId;
}

/**
 * The index follows the identity: written at enrolment, rewritten when a correction changes the
 * enrolment (its identity comes with it), emptied on erasure (an erased identity reveals no MRN, so
 * a replay of the enrolment after the erasure writes nothing either).
 */
export function mrnIndexEffects(index: MrnIndex): CommandEffect[] {
  return [
    {
      eventType: 'PatientEnrolled',
      name: 'mrn-indexed',
      async run(event, deps) {
        const patientId = patientOf(event);
        await index.put(patientId, await mrnOf((event.data as { identity?: unknown }).identity, patientId, deps));
      },
    },
    {
      eventType: 'EventCorrected',
      name: 'mrn-reindexed',
      applies: (event) => (event.data as { correctedType?: string }).correctedType === 'PatientEnrolled',
      async run(event, deps) {
        const correction = event.data as { data?: { identity?: unknown } };
        const patientId = patientOf(event);
        await index.put(patientId, await mrnOf(correction.data?.identity, patientId, deps));
      },
    },
    {
      eventType: 'PatientIdentityErased',
      name: 'mrn-unindexed',
      async run(event) {
        await index.remove(patientOf(event));
      },
    },
  ];
}
