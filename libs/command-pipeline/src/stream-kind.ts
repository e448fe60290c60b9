import type { Action, Resource } from '@poems/auth';
import type { EventStore, StoredEvent } from '@poems/event-store';
import type { IdentityVault } from '@poems/identity-vault';
import type { DecidedEvent, RecordedEvent } from '@poems/kernel';

/** What a stream kind may reach while loading its stream. */
export interface StreamDeps {
  /** Identity-sealing store: patient streams are written and read through it. */
  store: EventStore;
  /** The store as is: streams that hold no identity. */
  rawStore: EventStore;
  vault: IdentityVault;
}

/** A stream read back, parsed and folded by its decider. */
export interface LoadedStream<S> {
  streamId: string;
  state: S;
  /** Revision of the last event read (-1 when the stream is empty). */
  revision: number;
  stored: StoredEvent[];
}

export interface DecideClock {
  readonly now: string;
  readonly maxClockSkewMs: number;
  /** The clinic's IANA time zone (CLINIC_TIME_ZONE): new enrolments record it. */
  readonly clinicTimeZone?: string;
}

/**
 * A kind of stream the command handler can drive: its decider (decide, evolve, initial state,
 * through `load`), how a command is validated, which stream and which resource it concerns, and
 * what it asks the authorization policy. The patient and alert streams are the two kinds.
 */
export interface StreamKind<S, C extends { readonly type: string }> {
  readonly name: string;
  /** Validates input from any door; throws DomainError VALIDATION_FAILED naming every bad field. */
  parse(input: unknown): C;
  streamIdOf(command: C): string;
  /** Reads and folds the stream (revealing what the commands need, e.g. the identity a correction changes). */
  load(deps: StreamDeps, streamId: string, commands: ReadonlyArray<C>): Promise<LoadedStream<S>>;
  /** Which store appends go to. */
  storeOf(deps: StreamDeps): EventStore;
  actionOf(command: C): Action;
  /** The action of a command type, known before the body is parsed (the role check comes first). */
  actionOfType(type: string): Action | undefined;
  resourceOf(command: C, state: S): Resource;
  decide(command: C, state: S, clock: DecideClock): DecidedEvent[];
  /** Folds a decided event, so the next command of a sequence is decided on it. */
  evolve(state: S, event: RecordedEvent): S;
  schemaVersionOf(type: string): number;
  /** The reason a command states for itself (a correction's, an erasure's), recorded in metadata. */
  reasonOf(command: C): string | null;
}
