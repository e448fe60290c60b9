import type { StoredEvent } from '@poems/event-store';
import type { PoolClient } from 'pg';
import type { ProjectionCatalog } from './projection-catalog';
import type { ProjectionDefinition } from './projection-definition';

/** Applies the events a projection handles to one generation of its tables, inside `client`'s transaction. */
export async function applyToGeneration(client: PoolClient, catalog: ProjectionCatalog, definition: ProjectionDefinition, generation: number, events: StoredEvent[]): Promise<void> {
  const relevant = events.filter((event) => definition.handles(event));
  if (relevant.length === 0) return;
  await definition.apply({ client, table: (name) => catalog.physical(name, generation) }, relevant);
}

