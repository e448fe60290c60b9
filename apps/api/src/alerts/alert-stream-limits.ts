import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import { APP_CONFIG } from '../platform/tokens';

export type StreamCloseReason = 'CLIENT_CLOSED' | 'TOKEN_EXPIRED' | 'SUBSCRIPTION_FAILED' | 'SERVER_SHUTDOWN';

export interface StreamSlot {
  /** Frees the slot; safe to call more than once. */
  release(): void;
  /** What ends the stream when the server shuts down. */
  onShutdown(close: () => Promise<void>): void;
}

export type SlotAnswer = { ok: true; slot: StreamSlot } | { ok: false; message: string };

/**
 * How many live alert streams are open, per user and in all, in this API process. Each stream holds
 * a subscription that reads the store, so unbounded streams starve every other request (400 of them
 * once pushed timeline reads from 0.1 s to 7.8 s). Counted per process: with several API instances,
 * the limits are per instance.
 */
@Injectable()
export class AlertStreamSlots implements BeforeApplicationShutdown {
  private readonly perUser = new Map<string, number>();
  private readonly closers = new Set<() => Promise<void>>();
  private total = 0;

  constructor(@Inject(APP_CONFIG) private readonly limits: Pick<AppConfig, 'ALERT_STREAMS_PER_PRINCIPAL' | 'ALERT_STREAMS_MAX'>) {}

  take(userId: string): SlotAnswer {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.limits.ALERT_STREAMS_PER_PRINCIPAL) {
      return { ok: false, message: `You already have ${mine} live alert streams open, the most allowed per user (ALERT_STREAMS_PER_PRINCIPAL): close one (another tab?) and retry` };
    }
    if (this.total >= this.limits.ALERT_STREAMS_MAX) {
      return { ok: false, message: `The server already serves ${this.total} live alert streams, its limit (ALERT_STREAMS_MAX): retry later, or poll GET /v1/alerts meanwhile` };
    }
    this.perUser.set(userId, mine + 1);
    this.total += 1;
    let closer: (() => Promise<void>) | undefined;
    let released = false;
    return {
      ok: true,
      slot: {
        release: () => {
          if (released) return;
          released = true;
          this.total -= 1;
          const left = (this.perUser.get(userId) ?? 1) - 1;
          if (left > 0) this.perUser.set(userId, left);
          else this.perUser.delete(userId);
          if (closer) this.closers.delete(closer);
        },
        onShutdown: (close) => {
          closer = close;
          if (!released) this.closers.add(close);
        },
      },
    };
  }

  get open(): number {
    return this.total;
  }

  /** Open streams would hold the HTTP server's close: end them first (their closing is logged). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.closers].map((close) => close()));
  }
}

export interface ReplayStart {
  /** The exclusive position the stream starts after. */
  after: number;
  /** Set when the position asked for was moved, with why (sent to the client as a comment). */
  notice?: string;
}

/**
 * Where a new stream starts. A resume point (`after`, `Last-Event-ID`) more than `maxEvents` behind
 * the head is moved up to `head - maxEvents` rather than refused: EventSource resends its last id on
 * every reconnect and treats any non-200 as final, so a 400 would silently end a dashboard's live
 * feed. The client learns of the gap (comment and `replay.truncated` event) and reloads the inbox.
 */
export function replayStart(requested: number | undefined, head: number, maxEvents: number): ReplayStart {
  if (requested === undefined) return { after: head };
  if (requested > head) return { after: head, notice: `resume point ${requested} is past the store's head ${head}: resuming from the head` };
  if (head - requested > maxEvents) {
    const after = head - maxEvents;
    return { after, notice: `replay limited to the last ${maxEvents} events (ALERT_STREAM_REPLAY_MAX_EVENTS): resuming after ${after}, not ${requested}; reload GET /v1/alerts for the rest` };
  }
  return { after: requested };
}
