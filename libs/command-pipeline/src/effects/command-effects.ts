import type { EventMetadata } from '@poems/event-store';
import type { StreamDeps } from '../stream-kind';

/** An event a command appended, as an effect needs it. */
export interface AppendedEvent {
  streamId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * Work a command owes beyond its events, run in one place whichever door the command came
 * through: after its events are stored (the fact is recorded first, so no effect happens without
 * a trace of who and why), again when a retry replays the request, and by the worker for every
 * such event it reads (so a crash between the append and the effect cannot leave it undone).
 * Each must be idempotent. Returns what it did, for the command's answer.
 */
export interface CommandEffect {
  readonly eventType: string;
  readonly name: string;
  /** When only some events of the type owe it (a correction of the enrolment, not of a dose). */
  applies?(event: AppendedEvent): boolean;
  run(event: AppendedEvent, deps: StreamDeps): Promise<void>;
}

export class CommandEffects {
  constructor(
    private readonly effects: ReadonlyArray<CommandEffect>,
    private readonly deps: StreamDeps,
  ) {}

  /** The events among these that owe an effect (few: an import keeps only these in memory). */
  owedBy<E extends AppendedEvent>(events: ReadonlyArray<E>): E[] {
    return events.filter((event) => this.effects.some((effect) => owes(effect, event)));
  }

  /** Runs each owed effect, in order; answers the names of those run. */
  async run(events: ReadonlyArray<AppendedEvent>): Promise<string[]> {
    const done: string[] = [];
    for (const event of events) {
      for (const effect of this.effects.filter((e) => owes(e, event))) {
        await effect.run(event, this.deps);
        done.push(effect.name);
      }
    }
    return done;
  }
}

function owes(effect: CommandEffect, event: AppendedEvent): boolean {
  return effect.eventType === event.type && (effect.applies?.(event) ?? true);
}
