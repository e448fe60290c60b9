import type { EventStore } from '@poems/event-store';
import { Gauge, type Registry } from 'prom-client';
import type { ProjectionCatalog } from './projection-catalog';

export interface ProjectionLag {
  name: string;
  version: number;
  generation: number;
  checkpoint: number;
  head: number;
  /** Difference of global positions (exact unless rolled-back writes skipped positions). */
  lagEvents: number;
  /** Age of the oldest event the projection has not applied yet (0 when caught up). */
  lagSeconds: number;
  updatedAt: string;
}

/** How far behind each projection is: its checkpoint against the head, in events and in seconds. */
export async function projectionLag(catalog: ProjectionCatalog, store: EventStore, now: Date): Promise<ProjectionLag[]> {
  const [head, states] = await Promise.all([store.headPosition(), catalog.states()]);
  return Promise.all(
    states.map(async (state) => {
      const [oldestPending] = state.checkpoint >= head ? [] : await store.readAll({ after: state.checkpoint, limit: 1 });
      return {
        name: state.name,
        version: state.version,
        generation: state.generation,
        checkpoint: state.checkpoint,
        head,
        lagEvents: Math.max(0, head - state.checkpoint),
        lagSeconds: oldestPending ? Math.max(0, (now.getTime() - Date.parse(oldestPending.recordedAt)) / 1000) : 0,
        updatedAt: state.updatedAt,
      };
    }),
  );
}

/** `poems_projection_lag_events` / `_seconds{projection}`, read from the database at each scrape. */
export function registerProjectionLag(registry: Registry, catalog: ProjectionCatalog, store: EventStore, clock: () => Date = () => new Date()): void {
  let pending: Promise<ProjectionLag[]> | undefined;
  // Both gauges come from one read per scrape.
  const read = () => (pending ??= projectionLag(catalog, store, clock()).finally(() => setTimeout(() => (pending = undefined), 100)));
  new Gauge({
    name: 'poems_projection_lag_events',
    help: 'Global positions between the head of the event store and the projection checkpoint',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const lag of await read().catch(() => [])) this.set({ projection: lag.name }, lag.lagEvents);
    },
  });
  new Gauge({
    name: 'poems_projection_lag_seconds',
    help: 'Age of the oldest event a projection has not applied yet (0 when caught up)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const lag of await read().catch(() => [])) this.set({ projection: lag.name }, lag.lagSeconds);
    },
  });
}
