import type { EventStore, StoredEvent, Subscription } from '@poems/event-store';
import { applyToGeneration, inTransaction } from './apply-batch';
import type { ProjectionCatalog } from './projection-catalog';
import type { ProjectionDefinition } from './projection-definition';

export interface RunnerLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** How long a position covered only by skipped batches may stay unsaved under constant traffic. */
const SKIPPED_SAVE_MS = 250;

/** Someone else (a rebuild's swap, another worker) moved the checkpoint: start again from it. */
class CheckpointMoved extends Error {}

/**
 * Follows the global order from the projection's stored checkpoint and applies each batch in one
 * transaction with the checkpoint's advance. The checkpoint row is locked and compared, so two
 * workers, or a rebuild swapping generations, can never apply a batch twice.
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly catalog: ProjectionCatalog,
    private readonly store: EventStore,
    private readonly definition: ProjectionDefinition,
    private readonly logger?: RunnerLogger,
    private readonly batchSize = 500,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const state = await this.catalog.ensure(this.definition).catch((error: unknown) => {
        this.logger?.error({ err: error, projection: this.definition.name }, 'cannot read the projection state; retrying');
        return undefined;
      });
      if (!state) {
        await pause(Math.min(5000, 250 * 2 ** failures++));
        continue;
      }
      let expected = state.checkpoint;
      // Batches with nothing for this projection cost no transaction: their position is saved with
      // the next batch that does, or when caught up, or after SKIPPED_SAVE_MS (minPosition waits on it).
      let skippedTo = expected;
      let savedAt = Date.now();
      let failure: unknown;
      const saveSkipped = async () => {
        if (skippedTo <= expected) return;
        expected = await this.applyBatch([], expected, skippedTo);
        savedAt = Date.now();
      };
      this.subscription = this.store.subscribeToAll({
        after: expected,
        batchSize: this.batchSize,
        onEvents: async (events) => {
          const last = events[events.length - 1]!.globalPosition;
          const relevant = events.filter((event) => this.definition.handles(event));
          if (relevant.length === 0) {
            skippedTo = last;
            if (Date.now() - savedAt > SKIPPED_SAVE_MS) await saveSkipped();
            return;
          }
          expected = await this.applyBatch(relevant, expected, last);
          skippedTo = expected;
          savedAt = Date.now();
          failures = 0;
          await this.afterCommit(relevant);
        },
        onCaughtUp: saveSkipped,
        onError: (error) => {
          failure = error;
        },
      });
      if (this.stopped) await this.subscription.stop();
      await this.subscription.done;
      if (this.stopped) break;
      if (!(failure instanceof CheckpointMoved)) {
        this.logger?.error({ err: failure, projection: this.definition.name }, 'projection batch failed; resuming from the stored checkpoint');
        await pause(Math.min(5000, 250 * 2 ** failures++));
      }
    }
  }

  private async afterCommit(relevant: StoredEvent[]): Promise<void> {
    if (!this.definition.afterCommit) return;
    try {
      await this.definition.afterCommit(relevant);
    } catch (error) {
      this.logger?.error({ err: error, projection: this.definition.name }, 'after-commit nudge failed; the sweeper will pick the work up');
    }
  }

  /** Applies the relevant events of a batch and moves the checkpoint to `last`, in one transaction. */
  private applyBatch(relevant: StoredEvent[], expected: number, last: number): Promise<number> {
    return inTransaction(this.catalog, async (client) => {
      const { rows } = await client.query(`SELECT generation, checkpoint::text FROM ${this.catalog.schema}.projection_state WHERE name = $1 FOR UPDATE`, [
        this.definition.name,
      ]);
      if (!rows[0] || Number(rows[0].checkpoint) !== expected) throw new CheckpointMoved();
      await applyToGeneration(client, this.catalog, this.definition, rows[0].generation, relevant);
      await client.query(`UPDATE ${this.catalog.schema}.projection_state SET checkpoint = $2, updated_at = now() WHERE name = $1`, [this.definition.name, last]);
      return last;
    });
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
