import type { EventStore } from '@poems/event-store';
import { IdentityVault, protectIdentity } from '@poems/identity-vault';
import { ProjectionCatalog, type ProjectionDefinition, rebuildProjection, researchProjection, TIMELINE_PROJECTION } from '@poems/projections';
import type { Pool } from 'pg';
import type { BenchOptions } from '../options';
import { appEnv } from '../support/app-process';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { chunked, cohortCommands, decidedBatches, feed } from '../support/cohort-events';
import { freshStore } from '../support/database';
import { Progress, step } from '../support/progress';
import { row, type ResultRow } from '../support/report';
import { spread } from '../support/machine-load';

/** Batches per appendBatches call: one transaction per ~100,000 events. */
const BATCHES_PER_TRANSACTION = 50;
const CURSOR_FETCH = 1000;

/**
 * Row 5: a store of N realistic events (the demo cohort scaled up, decided as the import decides,
 * identities sealed), then a rebuild of the timeline and research projections from scratch, each
 * timed; against reading the same events with a server-side cursor, 1,000 rows per FETCH.
 */
export async function rebuildBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const { db, store } = await freshStore(cleanup, 'rebuild', 4);
    const env = appEnv(db.schema, 'unused');
    const vault = await IdentityVault.create({ pool: db.pool, schema: db.schema, keyEncryptionKeyHex: env['DATA_KEY_ENCRYPTION_KEY']! });
    const loaded = await load(protectIdentity(store, vault), options.rebuildEvents);
    step('  VACUUM ANALYZE (hint bits and statistics, as an established store has them)');
    await db.pool.query(`VACUUM ANALYZE ${db.schema}.events`);

    const cursorBefore = await cursorRead(db.pool, db.schema, loaded.events);
    const catalog = new ProjectionCatalog(db.pool, db.schema);
    await catalog.migrate();
    const rows: ResultRow[] = [];
    const details: Record<string, unknown> = { events: loaded.events, loadSeconds: loaded.seconds };
    const rebuilt = [];
    for (const definition of [TIMELINE_PROJECTION, researchProjection(env['RESEARCH_PSEUDONYM_KEY']!)]) {
      const result = await rebuild(catalog, store, definition, loaded.events);
      details[definition.name] = result;
      rebuilt.push({ name: definition.name, result });
    }
    // The cursor read again after the rebuilds: how much the machine moved meanwhile.
    const cursorAfter = await cursorRead(db.pool, db.schema, loaded.events);
    const cursor = cursorBefore.perSecond >= cursorAfter.perSecond ? cursorBefore : cursorAfter;
    Object.assign(details, { cursorRead: { before: cursorBefore, after: cursorAfter }, baselineDrift: spread([cursorBefore.perSecond, cursorAfter.perSecond]) });
    for (const { name, result } of rebuilt) {
      rows.push(row(`5. projection rebuild: ${name}`, `${loaded.events.toLocaleString('en-US')} events`, 'events/s', result.perSecond, { label: 'raw cursor read (FETCH 1000)', value: cursor.perSecond }));
    }
    details['tableSizes'] = await tableSizes(db.pool, db.schema);
    return { rows, details };
  });
}

async function load(store: EventStore, count: number): Promise<{ events: number; seconds: number }> {
  const progress = new Progress('loading the store', count);
  const t0 = performance.now();
  let events = 0;
  for (const group of chunked(decidedBatches(cohortCommands(count)), BATCHES_PER_TRANSACTION)) {
    const before = events;
    const summary = await store.appendBatches(feed(group, (done) => progress.update(before + done)));
    events += summary.events;
  }
  const seconds = (performance.now() - t0) / 1000;
  progress.done(`${events.toLocaleString('en-US')} events, ${Math.round(events / seconds).toLocaleString('en-US')}/s`);
  return { events, seconds: Number(seconds.toFixed(1)) };
}

async function cursorRead(pool: Pool, schema: string, total: number) {
  const progress = new Progress('raw cursor read', total);
  const client = await pool.connect();
  let rows = 0;
  const meter = await cpuMeter();
  const t0 = performance.now();
  try {
    await client.query('BEGIN');
    await client.query(`DECLARE events_cursor NO SCROLL CURSOR FOR SELECT * FROM ${schema}.events ORDER BY global_position`);
    for (;;) {
      const fetched = await client.query(`FETCH ${CURSOR_FETCH} FROM events_cursor`);
      if (fetched.rowCount === 0) break;
      rows += fetched.rowCount ?? 0;
      progress.update(rows, 'rows');
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = await meter();
  progress.done(`${rows.toLocaleString('en-US')} rows, ${Math.round(rows / seconds).toLocaleString('en-US')}/s`);
  return { rows, seconds: Number(seconds.toFixed(2)), perSecond: rows / seconds, cpu };
}

async function rebuild(catalog: ProjectionCatalog, store: EventStore, definition: ProjectionDefinition, total: number) {
  const progress = new Progress(`rebuild ${definition.name}`, total);
  const meter = await cpuMeter();
  const t0 = performance.now();
  const result = await rebuildProjection(catalog, store, definition, { onProgress: (done) => progress.update(done) });
  const seconds = (performance.now() - t0) / 1000;
  progress.done(`${result.events.toLocaleString('en-US')} events, ${Math.round(result.events / seconds).toLocaleString('en-US')}/s`);
  return { events: result.events, seconds: Number(seconds.toFixed(2)), perSecond: result.events / seconds, cpu: await meter() };
}

async function tableSizes(pool: Pool, schema: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ name: string; size: string }>(
    `SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND pg_total_relation_size(c.oid) > 1000000 ORDER BY pg_total_relation_size(c.oid) DESC`,
    [schema],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.size]));
}
