import type { StoredEvent } from '@poems/event-store';
import type { PoolClient } from 'pg';

/**
 * A projection: the tables it owns, and how a batch of events (in global order) changes them.
 * `apply` runs inside the transaction that also advances the projection's checkpoint, so a batch
 * is applied exactly once whatever crashes.
 */
export interface ProjectionTable {
  /** Logical name: readers query a view of this name; the rows live in a per-generation table. */
  name: string;
  /** Column definitions, as inside CREATE TABLE ( … ). */
  columns: string;
  /** Index column lists, e.g. '(patient_id, clinical_time)'. */
  indexes?: string[];
}

export interface ApplyContext {
  client: PoolClient;
  /** Schema-qualified physical table to write, for a logical table name. */
  table(name: string): string;
}

export interface ProjectionDefinition {
  name: string;
  /** Bump when tables or apply change: the worker rebuilds the projection before serving it. */
  version: number;
  tables: ProjectionTable[];
  /** Cheap filter: events the projection does not care about skip parsing entirely. */
  handles(event: StoredEvent): boolean;
  apply(context: ApplyContext, events: StoredEvent[]): Promise<void>;
  /**
   * Runs after the batch's transaction committed (live runs only): a prompt nudge to work that a
   * sweeper would otherwise pick up from the committed rows later. Its failures are logged, never
   * retried here, so nothing may depend on it alone.
   */
  afterCommit?(events: StoredEvent[]): Promise<void>;
}
