import { step } from './progress';

type Undo = () => Promise<unknown> | unknown;

/**
 * What a benchmark created (schemas, queues, processes), undone newest first whether it finished,
 * threw, or the run was interrupted. Each undo is attempted even when an earlier one fails.
 */
export class Cleanup {
  private readonly undos: { what: string; undo: Undo }[] = [];
  private running?: Promise<void>;

  add(what: string, undo: Undo): void {
    this.undos.push({ what, undo });
  }

  /** Undoes everything once, in order, however many callers (the benchmark, a signal) ask. */
  run(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
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

/**
 * On Ctrl-C or SIGTERM, or a crash outside any benchmark's own error handling: undo whatever is in
 * flight, then exit (the API and worker are in our process group: a terminal's Ctrl-C stops them too).
 */
export function cleanUpOnSignals(): void {
  let stopping = false;
  const stop = (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    step(`\n${why}: cleaning up…`);
    void Promise.all([...active].map((cleanup) => cleanup.run())).finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal, 130));
  process.on('unhandledRejection', (error) => stop(`crashed: ${(error as Error)?.stack ?? String(error)}`, 1));
  process.on('uncaughtException', (error) => stop(`crashed: ${error.stack ?? String(error)}`, 1));
}
