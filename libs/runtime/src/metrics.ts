import type { AppendRequest, EventStore, NewEvent } from '@poems/event-store';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds, from a fraction of a millisecond (a one-call append) to a large import. */
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One Prometheus registry per process (API, worker), with the process's own default metrics
 * (CPU, memory, event-loop lag, GC), prefixed `poems_` and labelled with the app.
 */
export function createMetricsRegistry(app: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry, prefix: 'poems_' });
  return registry;
}

/**
 * The event store with its appends timed (`poems_event_store_append_seconds{operation}`) and
 * counted (`poems_events_appended_total`): the same store otherwise.
 */
export function instrumentAppends(store: EventStore, registry: Registry): EventStore {
  const seconds = new Histogram({
    name: 'poems_event_store_append_seconds',
    help: 'Time an append took, from the call to the answer (appendToStream, appendMany, appendBatches), by outcome',
    labelNames: ['operation', 'outcome'],
    buckets: APPEND_BUCKETS,
    registers: [registry],
  });
  const appended = new Counter({ name: 'poems_events_appended_total', help: 'Events appended by this process (idempotent retries not counted)', registers: [registry] });
  const timed = async <T>(operation: string, work: () => Promise<T>, count: (result: T) => number): Promise<T> => {
    const end = seconds.startTimer({ operation });
    try {
      const result = await work();
      end({ outcome: 'ok' });
      appended.inc(count(result));
      return result;
    } catch (error) {
      end({ outcome: (error as Error)?.name === 'ConcurrencyError' ? 'conflict' : 'error' });
      throw error;
    }
  };
  const stored = (events: NewEvent[], alreadyStored: boolean) => (alreadyStored ? 0 : events.length);
  return {
    kind: store.kind,
    appendToStream: (streamId, events, options) => timed('appendToStream', () => store.appendToStream(streamId, events, options), (r) => stored(events, r.alreadyStored)),
    appendMany: (requests: AppendRequest[]) =>
      timed('appendMany', () => store.appendMany(requests), (results) => results.reduce((sum, r, i) => sum + stored(requests[i]!.events, r.alreadyStored), 0)),
    appendBatches: (batches) => timed('appendBatches', () => store.appendBatches(batches), (summary) => summary.events - summary.alreadyStored),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readStreams: (streamIds) => store.readStreams(streamIds),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

/** `Authorization: Bearer <token>` matches METRICS_TOKEN (or no token is configured). */
export function metricsAuthorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  return header === `Bearer ${token}`;
}

const WRITES = /^\s*(?:INSERT|UPDATE|DELETE|COPY|WITH\b[\s\S]*\b(?:INSERT|UPDATE|DELETE)\b)|append_events\(/i;

/**
 * Counts what a process asks of PostgreSQL: `poems_db_statements_total` (every statement sent; a
 * message of several, e.g. `BEGIN; SELECT …`, counts each) and `poems_db_commits_total` (explicit
 * COMMITs, plus statements outside a transaction that write, each its own commit). The budget of
 * the worker per appended event is read from these.
 */
export function countStatements(pool: Pool, registry: Registry): void {
  const statements = new Counter({ name: 'poems_db_statements_total', help: 'Statements this process sent to PostgreSQL', registers: [registry] });
  const commits = new Counter({ name: 'poems_db_commits_total', help: 'Commits of this process: explicit COMMITs and writing statements outside a transaction', registers: [registry] });
  pool.on('connect', (client) => {
    let inTransaction = false;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
      const text = typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '');
      // Several statements travel in one message only without parameters; a $$ body holds semicolons of its own.
      const several = typeof config === 'string' && !Array.isArray(rest[0]) && !text.includes('$$');
      for (const statement of several ? text.split(';').filter((part) => part.trim() !== '') : [text]) {
        statements.inc();
        const head = statement.trimStart().slice(0, 8).toUpperCase();
        if (head.startsWith('BEGIN')) inTransaction = true;
        else if (head.startsWith('COMMIT')) {
          inTransaction = false;
          commits.inc();
        } else if (head.startsWith('ROLLBACK')) inTransaction = false;
        else if (!inTransaction && WRITES.test(statement)) commits.inc();
      }
      return query(config, ...rest);
    };
  });
}
