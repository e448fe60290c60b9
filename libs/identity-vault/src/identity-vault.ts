import { randomBytes } from 'node:crypto';
import { type Migration, runMigrations, assertSchemaName } from '@poems/event-store';
import type { Pool } from 'pg';
import { type EncryptedEnvelope, isEncryptedEnvelope, openJson, sealJson, unwrapKey, wrapKey } from './envelope';
import { KEY_CHECKS_TABLE_SQL, verifyKeyCheck } from './key-check';

/**
 * Per-patient data keys, wrapped by a key-encryption key (KEK) from the environment. Destroying a
 * patient's key makes every copy of their identity ciphertext unreadable (crypto-shredding),
 * without touching the hash-chained events that hold it. A KMS would replace `kek`: wrapKey and
 * unwrapKey become its Encrypt/Decrypt calls, and the KEK never leaves it.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'data keys',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.data_keys (
        patient_id     uuid PRIMARY KEY,
        wrapped_key    bytea,
        created_at     timestamptz NOT NULL DEFAULT now(),
        destroyed_at   timestamptz,
        destroyed_by   text,
        destroy_reason text,
        CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
      );`,
  },
  { version: 2, name: 'key check values', sql: KEY_CHECKS_TABLE_SQL },
];

export const ERASED_IDENTITY = { erased: true } as const;
export type RevealedIdentity = Record<string, unknown> | typeof ERASED_IDENTITY;

export class IdentityErasedError extends Error {
  constructor(readonly patientId: string) {
    super(`The identity of patient ${patientId} has been erased; a new identity cannot be recorded for them`);
    this.name = 'IdentityErasedError';
  }
}

export class IdentityVault {
  private readonly s: string;
  private readonly kek: Buffer;

  private constructor(
    private readonly pool: Pool,
    schema: string,
    kekHex: string,
  ) {
    this.s = assertSchemaName(schema);
    this.kek = Buffer.from(kekHex, 'hex');
    if (this.kek.length !== 32) throw new Error('DATA_KEY_ENCRYPTION_KEY must be 32 bytes (64 hex characters)');
  }

  /** Refuses (KeyMismatchError) a key-encryption key other than the one the stored keys were wrapped with. */
  static async create(options: { pool: Pool; schema: string; keyEncryptionKeyHex: string }): Promise<IdentityVault> {
    await runMigrations(options.pool, options.schema, MIGRATIONS, 'identity-vault');
    const vault = new IdentityVault(options.pool, options.schema, options.keyEncryptionKeyHex);
    await verifyKeyCheck(options.pool, vault.s, 'DATA_KEY_ENCRYPTION_KEY', vault.kek, () => vault.opensAStoredKey());
    return vault;
  }

  /** True when there is no stored key yet, or the key-encryption key opens one. */
  private async opensAStoredKey(): Promise<boolean> {
    const { rows } = await this.pool.query<{ patient_id: string; wrapped_key: Buffer }>(
      `SELECT patient_id, wrapped_key FROM ${this.s}.data_keys WHERE wrapped_key IS NOT NULL ORDER BY created_at LIMIT 1`,
    );
    if (!rows[0]) return true;
    try {
      unwrapKey(this.kek, rows[0].wrapped_key, aadFor(rows[0].patient_id)).fill(0);
      return true;
    } catch {
      return false;
    }
  }

  async seal(patientId: string, identity: unknown): Promise<EncryptedEnvelope> {
    const key = await this.keyFor(patientId, true);
    if (!key) throw new IdentityErasedError(patientId);
    return sealJson(key, patientId, aadFor(patientId), identity);
  }

  /** Plaintext identity, or `{erased: true}` once the key is destroyed. */
  async reveal(patientId: string, envelope: unknown): Promise<RevealedIdentity> {
    if (!isEncryptedEnvelope(envelope)) return ERASED_IDENTITY;
    const key = await this.keyFor(patientId, false);
    if (!key) return ERASED_IDENTITY;
    return openJson(key, aadFor(patientId), envelope) as Record<string, unknown>;
  }

  async isErased(patientId: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT destroyed_at FROM ${this.s}.data_keys WHERE patient_id = $1`, [patientId]);
    return rows[0]?.destroyed_at != null;
  }

  /** Destroys the key for good. Idempotent; returns false when it was already destroyed. */
  async destroy(patientId: string, by: string, reason: string): Promise<boolean> {
    // A tombstone row is kept (and created if the patient never had a key) so a later enrolment
    // cannot quietly mint a fresh key for an erased patient.
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.s}.data_keys (patient_id, wrapped_key, destroyed_at, destroyed_by, destroy_reason)
       VALUES ($1, NULL, now(), $2, $3)
       ON CONFLICT (patient_id) DO UPDATE
         SET wrapped_key = NULL, destroyed_at = now(), destroyed_by = $2, destroy_reason = $3
         WHERE ${this.s}.data_keys.destroyed_at IS NULL`,
      [patientId, by, reason],
    );
    if (rowCount) {
      // Reclaim the dead row version that still holds the wrapped key. What remains after this is
      // outside the database's reach: WAL segments and backups (see the README's Audit section).
      await this.pool.query(`VACUUM ${this.s}.data_keys`).catch(() => undefined);
    }
    return (rowCount ?? 0) > 0;
  }

  private async keyFor(patientId: string, create: boolean): Promise<Buffer | undefined> {
    if (create) {
      const fresh = randomBytes(32);
      await this.pool.query(`INSERT INTO ${this.s}.data_keys (patient_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (patient_id) DO NOTHING`, [
        patientId,
        wrapKey(this.kek, fresh, aadFor(patientId)),
      ]);
      fresh.fill(0);
    }
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>(`SELECT wrapped_key FROM ${this.s}.data_keys WHERE patient_id = $1`, [
      patientId,
    ]);
    const wrapped = rows[0]?.wrapped_key;
    return wrapped ? unwrapKey(this.kek, wrapped, aadFor(patientId)) : undefined;
  }
}

function aadFor(patientId: string): string {
  return `poems:patient:${patientId}`;
}
