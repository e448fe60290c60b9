import { assertSchemaName, inTransaction, type Migration, runMigrations } from '@poems/event-store';
import type { Pool, PoolClient } from 'pg';
import type { ProjectionDefinition } from './projection-definition';

/**
 * Where each projection stands: its live generation of tables, its checkpoint, its version.
 * Readers use views named after the logical tables; a rebuild fills the next generation and
 * swaps the views in one transaction.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'projection state',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.projection_state (
        name        text PRIMARY KEY,
        version     integer NOT NULL,
        generation  integer NOT NULL,
        checkpoint  bigint NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE IF NOT EXISTS ${s}.projection_rebuilds (
        name        text PRIMARY KEY,
        version     integer NOT NULL,
        generation  integer NOT NULL,
        checkpoint  bigint NOT NULL DEFAULT 0,
        started_at  timestamptz NOT NULL DEFAULT now()
      );`,
  },
];

export interface ProjectionState {
  name: string;
  version: number;
  generation: number;
  checkpoint: number;
  updatedAt: string;
}

export class ProjectionCatalog {
  readonly schema: string;

  constructor(
    readonly pool: Pool,
    schema: string,
  ) {
    this.schema = assertSchemaName(schema);
  }

  async migrate(): Promise<void> {
    await runMigrations(this.pool, this.schema, MIGRATIONS, 'projections');
  }

  physical(table: string, generation: number): string {
    return `${this.schema}.${table}__g${generation}`;
  }

  /** Creates generation 1 of a projection that has never run. Returns its state. */
  async ensure(definition: ProjectionDefinition): Promise<ProjectionState> {
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}:projection:${definition.name}`]);
      const existing = await this.stateFor(client, definition.name);
      if (!existing) {
        await this.createTables(client, definition, 1);
        await this.pointViews(client, definition, 1);
        await client.query(`INSERT INTO ${this.schema}.projection_state (name, version, generation) VALUES ($1, $2, 1)`, [definition.name, definition.version]);
      }
    });
    return (await this.state(definition.name))!;
  }

  async createTables(client: PoolClient, definition: ProjectionDefinition, generation: number): Promise<void> {
    for (const table of definition.tables) {
      const physical = this.physical(table.name, generation);
      await client.query(`DROP TABLE IF EXISTS ${physical}`);
      await client.query(`CREATE TABLE ${physical} (${table.columns})`);
      for (const [index, columns] of (table.indexes ?? []).entries()) {
        await client.query(`CREATE INDEX ${table.name}__g${generation}_i${index} ON ${physical} ${columns}`);
      }
    }
  }

  /** Points the readers' views at a generation; in a transaction, readers switch atomically. */
  async pointViews(client: PoolClient, definition: ProjectionDefinition, generation: number): Promise<void> {
    for (const table of definition.tables) {
      await client.query(`DROP VIEW IF EXISTS ${this.schema}.${table.name}`);
      await client.query(`CREATE VIEW ${this.schema}.${table.name} AS SELECT * FROM ${this.physical(table.name, generation)}`);
    }
  }

  async dropGeneration(client: PoolClient, definition: ProjectionDefinition, generation: number): Promise<void> {
    for (const table of definition.tables) await client.query(`DROP TABLE IF EXISTS ${this.physical(table.name, generation)}`);
  }

  async state(name: string): Promise<ProjectionState | undefined> {
    return this.stateFor(this.pool, name);
  }

  async states(): Promise<ProjectionState[]> {
    const { rows } = await this.pool.query(`SELECT name, version, generation, checkpoint::text, updated_at FROM ${this.schema}.projection_state ORDER BY name`);
    return rows.map(toState);
  }

  private async stateFor(db: Pool | PoolClient, name: string): Promise<ProjectionState | undefined> {
    const { rows } = await db.query(`SELECT name, version, generation, checkpoint::text, updated_at FROM ${this.schema}.projection_state WHERE name = $1`, [name]);
    return rows[0] ? toState(rows[0]) : undefined;
  }

  /** Waits (bounded) until a projection has processed the given global position. */
  async waitFor(name: string, position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
      const state = await this.state(name);
      if (state && state.checkpoint >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function toState(row: { name: string; version: number; generation: number; checkpoint: string; updated_at: Date }): ProjectionState {
  return { name: row.name, version: row.version, generation: row.generation, checkpoint: Number(row.checkpoint), updatedAt: row.updated_at.toISOString() };
}
