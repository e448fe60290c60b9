import { type EventStore, inTransaction } from '@poems/event-store';
import { applyToGeneration } from './apply-batch';
import type { ProjectionCatalog } from './projection-catalog';
import type { ProjectionDefinition } from './projection-definition';

/** Events per rebuild transaction: larger than a live batch, as nobody waits on each one. */
const REBUILD_BATCH = 5000;

export interface RebuildResult {
  name: string;
  generation: number;
  checkpoint: number;
  events: number;
  seconds: number;
}

/**
 * Replays the whole log into a fresh generation of tables while the current one keeps serving,
 * then, holding the projection's checkpoint lock, applies what arrived meanwhile and swaps the
 * readers' views in the same transaction: no reader ever sees a half-built projection.
 */
export async function rebuildProjection(
  catalog: ProjectionCatalog,
  store: EventStore,
  definition: ProjectionDefinition,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const state = await catalog.ensure(definition);
  const generation = state.generation + 1;
  await inTransaction(catalog.pool, async (client) => {
    await catalog.createTables(client, definition, generation);
    await client.query(
      `INSERT INTO ${catalog.schema}.projection_rebuilds (name, version, generation, checkpoint) VALUES ($1, $2, $3, 0)
       ON CONFLICT (name) DO UPDATE SET version = $2, generation = $3, checkpoint = 0, started_at = now()`,
      [definition.name, definition.version, generation],
    );
  });

  const batchSize = options.batchSize ?? REBUILD_BATCH;
  let checkpoint = 0;
  let events = 0;
  const head = await store.headPosition();
  // The next batch is read while this one is applied: Node folds, PostgreSQL writes, at once.
  let next = store.readAll({ after: checkpoint, limit: batchSize });
  for (;;) {
    const batch = await next;
    if (batch.length === 0) break;
    const last = batch[batch.length - 1]!.globalPosition;
    next = store.readAll({ after: last, limit: batchSize });
    await inTransaction(catalog.pool, async (client) => {
      await applyToGeneration(client, catalog, definition, generation, batch);
      await client.query(`UPDATE ${catalog.schema}.projection_rebuilds SET checkpoint = $2 WHERE name = $1`, [definition.name, last]);
    });
    checkpoint = last;
    events += batch.length;
    options.onProgress?.(checkpoint, Math.max(head, checkpoint));
  }

  const previous = await inTransaction(catalog.pool, async (client) => {
    const { rows } = await client.query(`SELECT generation FROM ${catalog.schema}.projection_state WHERE name = $1 FOR UPDATE`, [definition.name]);
    for (;;) {
      const batch = await store.readAll({ after: checkpoint, limit: batchSize });
      if (batch.length === 0) break;
      await applyToGeneration(client, catalog, definition, generation, batch);
      checkpoint = batch[batch.length - 1]!.globalPosition;
      events += batch.length;
    }
    await catalog.pointViews(client, definition, generation);
    await client.query(`UPDATE ${catalog.schema}.projection_state SET generation = $2, checkpoint = $3, version = $4, updated_at = now() WHERE name = $1`, [
      definition.name,
      generation,
      checkpoint,
      definition.version,
    ]);
    await client.query(`DELETE FROM ${catalog.schema}.projection_rebuilds WHERE name = $1`, [definition.name]);
    return rows[0].generation as number;
  });
  await inTransaction(catalog.pool, (client) => catalog.dropGeneration(client, definition, previous));
  options.onProgress?.(checkpoint, checkpoint);
  return { name: definition.name, generation, checkpoint, events, seconds: (Date.now() - started) / 1000 };
}
