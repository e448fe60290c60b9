import { step } from './progress';

type Undo = () => Promise<unknown> | unknown;

/**
 * What a benchmark created (schemas, queues, processes), undone newest first whether it finished,
 * threw, or the run was interrupted. Each undo is attempted even when an earlier one fails.
 */
export class Cleanup {
  private readonly undos: { what: string; undo: Undo }[] = [];

  add(what: string, undo: Undo): void {
    this.undos.push({ what, undo });
  }

  async run(): Promise<void> {
    while (this.undos.length > 0) {
      const { what, undo } = this.undos.pop()!;
      try {
        await undo();
      } catch (error) {
        step(`  cleanup: could not ${what}: ${(error as Error).message}`);
      }
    }
  }
}

/** Runs `work` with its own cleanup, always run after it. */
export async function withCleanup<T>(work: (cleanup: Cleanup) => Promise<T>): Promise<T> {
  const cleanup = new Cleanup();
  active.add(cleanup);
  try {
    return await work(cleanup);
  } finally {
    await cleanup.run();
    active.delete(cleanup);
  }
}

const active = new Set<Cleanup>();

/** On Ctrl-C or SIGTERM: undo whatever is in flight, then exit. */
export function cleanUpOnSignals(): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      step(`\n${signal}: cleaning up…`);
      void Promise.all([...active].map((cleanup) => cleanup.run())).finally(() => process.exit(130));
    });
  }
}
