import { sleep } from '../subscription';

/**
 * When to try again against EventStoreDB, and for how long. Read against @eventstore/db-client
 * 6.2.1 (its ErrorType names) and the server (24.10 / 25.0).
 */

export interface RetryTiming {
  /**
   * Pauses while waiting for the index to show a write the server already counted: a conflict is
   * decided on every accepted write, but reads see only indexed ones. About 5 s in all.
   */
  visibilityDelaysMs: readonly number[];
  /** Pauses before re-inspecting after an append or claim whose outcome is unknown (timeout, lost connection). */
  unknownOutcomeDelaysMs: readonly number[];
}

export const DEFAULT_TIMING: RetryTiming = {
  visibilityDelaysMs: [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000],
  unknownOutcomeDelaysMs: [50, 250, 1000],
};

/** The client's error type (its `ErrorType` enum, e.g. 'deadline-exceeded'), if the error has one. */
export function errorType(error: unknown): string | undefined {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Errors after which a write may or may not have happened. A deadline is also how the client
 * learns of IdempotentNotReady: the server drops the repeat of a write it has not indexed yet and
 * never answers. A lost connection (unavailable, cancelled, unknown such as RST_STREAM) or a leader
 * change can come before or after the write.
 */
const OUTCOME_UNKNOWN = new Set(['deadline-exceeded', 'timeout', 'unavailable', 'not-leader', 'cancelled', 'unknown']);

export function isOutcomeUnknown(error: unknown): boolean {
  return OUTCOME_UNKNOWN.has(errorType(error) ?? '');
}

/** A subscription is re-opened after anything the server or the connection does, except these. */
const SUBSCRIPTION_FATAL = new Set(['access-denied', 'invalid-argument']);

export function isRetryableSubscriptionError(error: unknown): boolean {
  return !SUBSCRIPTION_FATAL.has(errorType(error) ?? '');
}

/** Calls `probe` until it returns a value, pausing `delaysMs` in turn; undefined if it never does. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, delaysMs: readonly number[]): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    const found = await probe();
    if (found !== undefined) return found;
    if (attempt >= delaysMs.length) return undefined;
    await sleep(delaysMs[attempt]!);
  }
}
