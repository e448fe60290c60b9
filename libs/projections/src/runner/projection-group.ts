import { type EventStore, inTransaction, type StoredEvent, type Subscription } from '@poems/event-store';
import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import { applyToGeneration } from './apply-batch';
import type { ProjectionCatalog } from './projection-catalog';
import type { ProjectionDefinition } from './projection-definition';

export interface RunnerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** How long positions covered only by batches with nothing to do may stay unsaved. */
export const IDLE_SAVE_MS = 1000;

/** Someone else (a rebuild's swap, another worker) moved a checkpoint: start again from the stored ones. */
class CheckpointMoved extends Error {}

/** What the group has done, for /metrics and the statement budget (see BENCHMARKS.md). */
export interface GroupStats {
  batches: number;
  events: number;
  transactions: number;
  /** Global position of the last event each projection has applied (or passed over). */
  positions: Record<string, number>;
  /** Recorded time of the newest event delivered (for projection lag). */
  lastRecordedAt: string | null;
}

/**
 * Keeps several projections following the global order with ONE read of it: each batch read is
 * handed to every projection, and all of them apply their part and advance their checkpoints in
 * one transaction (one commit per batch, however many projections). A batch is whatever arrived
 * since the last read (up to `batchSize`): it grows with the load instead of costing a transaction
 * per event. A batch that no projection handles costs no transaction: its position is saved with
 * the next one that does, or after IDLE_SAVE_MS.
 *
 * The checkpoint rows are locked and compared, so two workers (or a rebuild swapping generations)
 * never apply a batch twice. A projection whose `apply` fails is taken out of the group and run
 * alone from its own checkpoint, with backoff: it holds up no other projection.
 */
export class ProjectionGroup {
  private subscription?: Subscription;
  private stopped = false;
  private loop?: Promise<void>;
  private members: ProjectionDefinition[];
  private readonly detached: ProjectionGroup[] = [];
  readonly stats: GroupStats = { batches: 0, events: 0, transactions: 0, positions: {}, lastRecordedAt: null };

  constructor(
    private readonly catalog: ProjectionCatalog,
    private readonly store: EventStore,
    definitions: ProjectionDefinition[],
    private readonly logger?: RunnerLogger,
    private readonly batchSize = 500,
  ) {
    this.members = [...definitions];
  }

  /** The group's projections and those it had to run alone. */
  get definitions(): ProjectionDefinition[] {
    return [...this.members, ...this.detached.flatMap((group) => group.definitions)];
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.loop;
    await Promise.all(this.detached.map((group) => group.stop()));
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped && this.members.length > 0) {
      const checkpoints = await this.ensureAll().catch((error: unknown) => {
        this.logger?.error({ err: error, projections: this.names() }, 'cannot read the projection states; retrying');
        return undefined;
      });
      if (!checkpoints) {
        await pause(Math.min(5000, 250 * 2 ** failures++));
        continue;
      }
      // Positions each projection has reached (saved), and how far batches with nothing to do went.
      const expected = new Map(checkpoints);
      const from = Math.min(...expected.values());
      let passedTo = from;
      let savedAt = Date.now();
      let failure: unknown;
      const saveIfDue = async (force: boolean) => {
        const behind = [...expected].filter(([, position]) => position < passedTo);
        if (behind.length === 0 || (!force && Date.now() - savedAt < IDLE_SAVE_MS)) return;
        await this.commit([], expected, passedTo);
        savedAt = Date.now();
      };
      this.subscription = this.store.subscribeToAll({
        after: from,
        batchSize: this.batchSize,
        onEvents: async (events) => {
          const last = events[events.length - 1]!.globalPosition;
          this.stats.batches += 1;
          this.stats.events += events.length;
          this.stats.lastRecordedAt = events[events.length - 1]!.recordedAt;
          const work = this.members
            .map((definition) => ({ definition, events: events.filter((event) => event.globalPosition > expected.get(definition.name)! && definition.handles(event)) }))
            .filter((part) => part.events.length > 0);
          passedTo = last;
          if (work.length === 0) return saveIfDue(false);
          await this.commit(work, expected, last);
          savedAt = Date.now();
          failures = 0;
          for (const part of work) await this.afterCommit(part.definition, part.events);
        },
        onCaughtUp: () => saveIfDue(false),
        onError: (error) => {
          failure = error;
        },
      });
      if (this.stopped) await this.subscription.stop();
      await this.subscription.done;
      if (this.stopped) break;
      if (!(failure instanceof CheckpointMoved)) {
        this.logger?.error({ err: failure, projections: this.names() }, 'projection batch failed; resuming from the stored checkpoints');
        await pause(Math.min(5000, 250 * 2 ** failures++));
      }
    }
  }

  /**
   * One transaction: lock every member's checkpoint row and compare it, apply each part, move every
   * checkpoint to `last`. When a part fails, the parts are tried one by one to find which: those
   * that fail leave the group (run alone), the others are applied, and the batch is done.
   */
  private async commit(work: { definition: ProjectionDefinition; events: StoredEvent[] }[], expected: Map<string, number>, last: number): Promise<void> {
    try {
      await this.inTransaction(expected, last, async (client, generations) => {
        for (const part of work) await applyToGeneration(client, this.catalog, part.definition, generations.get(part.definition.name)!, part.events);
      });
      for (const [name, position] of expected) {
        expected.set(name, Math.max(position, last));
        this.stats.positions[name] = Math.max(position, last);
      }
    } catch (error) {
      if (error instanceof CheckpointMoved || work.length === 0) throw error;
      await this.isolate(work, expected, last, error);
    }
  }

  private async isolate(work: { definition: ProjectionDefinition; events: StoredEvent[] }[], expected: Map<string, number>, last: number, cause: unknown): Promise<void> {
    const failed: ProjectionDefinition[] = [];
    for (const part of work) {
      // Tried alone and always rolled back: only finding out which part fails.
      const client = await this.catalog.pool.connect();
      try {
        await client.query('BEGIN');
        const generations = await this.lockCheckpoints(client, new Map([[part.definition.name, expected.get(part.definition.name)!]]));
        await applyToGeneration(client, this.catalog, part.definition, generations.get(part.definition.name)!, part.events);
      } catch (error) {
        if (error instanceof CheckpointMoved) throw error;
        failed.push(part.definition);
        this.logger?.error({ err: error, projection: part.definition.name }, 'projection failed on this batch; it now runs alone from its checkpoint, with backoff');
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    }
    if (failed.length === 0) throw cause; // not any one projection's fault (e.g. the database went away): retry the batch
    this.members = this.members.filter((definition) => !failed.includes(definition));
    for (const definition of failed) {
      expected.delete(definition.name);
      const alone = new ProjectionGroup(this.catalog, this.store, [definition], this.logger, this.batchSize);
      this.detached.push(alone);
      if (!this.stopped) alone.start();
    }
    // The rest apply the batch without the failed ones.
    if (this.members.length > 0) await this.commit(work.filter((part) => !failed.includes(part.definition)), expected, last);
  }

  private async lockCheckpoints(client: PoolClient, expected: Map<string, number>): Promise<Map<string, number>> {
    const { rows } = await client.query<CheckpointRow>(
      `SELECT name, generation, checkpoint::text FROM ${this.catalog.schema}.projection_state WHERE name = ANY($1::text[]) ORDER BY name FOR UPDATE`,
      [[...expected.keys()]],
    );
    return lockedAsExpected(rows, expected);
  }

  /**
   * One batch's transaction in two round trips besides the work: BEGIN with the checkpoint lock,
   * and the checkpoints' move with COMMIT (each pair one message: simple queries, so no parameters;
   * the names are escaped literals, the position an integer). The batch is on the path of every
   * alert twice (its trigger, then its inbox row), so its round trips are latency.
   */
  private async inTransaction(expected: Map<string, number>, last: number, work: (client: PoolClient, generations: Map<string, number>) => Promise<void>): Promise<void> {
    if (!Number.isSafeInteger(last)) throw new RangeError(`not a global position: ${last}`);
    this.stats.transactions += 1;
    const s = this.catalog.schema;
    const names = [...expected.keys()].map((name) => escapeLiteral(name)).join(', ');
    await inTransaction(this.catalog.pool, (client, [, locked]) => work(client, lockedAsExpected((locked as QueryResult<CheckpointRow>).rows, expected)), {
      begin: `BEGIN; SELECT name, generation, checkpoint::text FROM ${s}.projection_state WHERE name IN (${names}) ORDER BY name FOR UPDATE`,
      commit: `UPDATE ${s}.projection_state SET checkpoint = GREATEST(checkpoint, ${last}), updated_at = now() WHERE name IN (${names}); COMMIT`,
    });
  }

  private async ensureAll(): Promise<Map<string, number>> {
    const checkpoints = new Map<string, number>();
    for (const definition of this.members) checkpoints.set(definition.name, (await this.catalog.ensure(definition)).checkpoint);
    for (const [name, position] of checkpoints) this.stats.positions[name] = position;
    return checkpoints;
  }

  private async afterCommit(definition: ProjectionDefinition, relevant: StoredEvent[]): Promise<void> {
    if (!definition.afterCommit) return;
    try {
      await definition.afterCommit(relevant);
    } catch (error) {
      this.logger?.error({ err: error, projection: definition.name }, 'after-commit nudge failed; the sweeper will pick the work up');
    }
  }

  private names(): string[] {
    return this.members.map((definition) => definition.name);
  }
}

interface CheckpointRow {
  name: string;
  generation: number;
  checkpoint: string;
}

/** The generation of each locked checkpoint, if every one is where this group left it. */
function lockedAsExpected(rows: CheckpointRow[], expected: Map<string, number>): Map<string, number> {
  if (rows.length !== expected.size || rows.some((row) => Number(row.checkpoint) !== expected.get(row.name))) throw new CheckpointMoved();
  return new Map(rows.map((row) => [row.name, row.generation]));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
