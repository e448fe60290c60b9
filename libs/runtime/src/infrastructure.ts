import { AccessLog } from '@poems/access-log';
import type { AppConfig } from '@poems/config';
import { type EventStore, PostgresEventStore, setMigrationMode } from '@poems/event-store';
import { IdentityVault, protectIdentity } from '@poems/identity-vault';
import { Pool } from 'pg';
import { createEventStoreDb } from './eventstoredb-factory';
import { registerProtocolDirectory } from './protocol-files';

/**
 * The shared parts each app process opens at start-up. Identity-bearing appends always go through
 * `store` (identity sealed); `rawStore` is for readers that only need ciphertext.
 */
export interface Infrastructure {
  config: AppConfig;
  pool: Pool;
  schema: string;
  store: EventStore;
  rawStore: EventStore;
  vault: IdentityVault;
  accessLog: AccessLog;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  /** Wraps the store every append goes through (e.g. to time appends for /metrics). */
  instrument?: (store: EventStore) => EventStore;
  /** Sees the pool before its first connection (e.g. to count statements for /metrics). */
  onPool?: (pool: Pool) => void;
}

export async function openInfrastructure(config: AppConfig, applicationName: string, options: InfrastructureOptions = {}): Promise<Infrastructure> {
  setMigrationMode(config.DATABASE_MIGRATIONS);
  // A hospital's own protocol definitions (PROTOCOL_DIRECTORY), before anything is decided; a bad file stops here.
  registerProtocolDirectory(config.PROTOCOL_DIRECTORY);
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE, application_name: applicationName });
  // An idle client that errors (server restart) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  options.onPool?.(pool);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new Error(
      `Cannot connect to PostgreSQL at ${redact(config.DATABASE_URL)}: ${(error as Error).message}. ` +
        'Check DATABASE_URL and that the server is running.',
    );
  }
  const schema = config.DATABASE_SCHEMA;
  const opened: EventStore =
    config.EVENT_STORE === 'eventstoredb'
      ? await createEventStoreDb(config.EVENTSTORE_CONNECTION_STRING!, config.EVENTSTORE_MAX_APPEND_SIZE)
      : await PostgresEventStore.create({ pool, schema });
  const rawStore = options.instrument ? options.instrument(opened) : opened;
  const vault = await IdentityVault.create({ pool, schema, keyEncryptionKeyHex: config.DATA_KEY_ENCRYPTION_KEY });
  const accessLog = await AccessLog.create({ pool, schema, repeatWindowMs: config.ACCESS_LOG_REPEAT_WINDOW_MS });
  return {
    config,
    pool,
    schema,
    rawStore,
    store: protectIdentity(rawStore, vault),
    vault,
    accessLog,
    async close() {
      await rawStore.close();
      await pool.end();
    },
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
