import { randomUUID } from 'node:crypto';
import { authorize, roleActingFor } from '@poems/auth';
import { type AppendRequest, type BatchAppendSummary, ConcurrencyError, type EventMetadata, IdempotencyError, type NewEvent, type StoredEvent } from '@poems/event-store';
import { DomainError } from '@poems/kernel';
import type { CommandContext, Envelope } from './command-context';
import { answeredEvents, type CommandOutcome } from './command-outcome';
import type { AppendedEvent, CommandEffects } from './effects/command-effects';
import { deterministicEventId, idempotencyScope, type RequestHasher } from './event-ids';
import { type IdempotencyRegistry, keyReused } from './idempotency-registry';
import type { LoadedStream, StreamDeps, StreamKind } from './stream-kind';

const MAX_ATTEMPTS = 4;

export interface CommandHandlerOptions {
  clock: () => Date;
  /** How far ahead of the server clock a clinical time may be. */
  maxClockSkewMs: number;
  /** The clinic's IANA time zone, passed to the deciders as data. */
  clinicTimeZone?: string;
}

/** What deciding a sequence of commands on one stream gives a door that batches (the import). */
export interface DecidedOnStream<S> {
  loaded: LoadedStream<S>;
  /** To append (empty when every command was refused or the request was already stored). */
  events: NewEvent[];
  /** This request's events found already stored: a retry, answered from them. */
  replayed: StoredEvent[] | null;
}

/** A refusal: nothing was written, so an Idempotency-Key claim is released. */
function isRefusal(error: unknown): boolean {
  return error instanceof DomainError || error instanceof ConcurrencyError || error instanceof IdempotencyError;
}

/**
 * The one command handler. Every door (REST, import, HL7, acknowledgement, the alert engine)
 * hands it commands; for each it loads the stream, folds it, asks the authorization policy,
 * decides, builds metadata (actor, correlation, causation, idempotency key, request hash, reason,
 * source), derives event ids, appends with the expected revision (retrying a conflict only when
 * the caller set no expectation), runs the effects the events owe, and answers. Idempotency is one
 * rule here too: a key belongs to one caller and one request (see IdempotencyRegistry), and a
 * stream that already holds the request's events answers with them.
 */
export class CommandHandler {
  constructor(
    private readonly deps: StreamDeps,
    private readonly idempotency: IdempotencyRegistry,
    private readonly effects: CommandEffects,
    private readonly hasher: RequestHasher,
    private readonly options: CommandHandlerOptions,
  ) {}

  /** One command (REST, acknowledgement, HL7 observation…). */
  handle<S, C extends { readonly type: string }>(kind: StreamKind<S, C>, input: unknown, ctx: CommandContext): Promise<CommandOutcome> {
    return this.handleSequence(kind, [input], ctx);
  }

  /** Several commands on one stream, decided in order and appended at once (or none of them). */
  async handleSequence<S, C extends { readonly type: string }>(kind: StreamKind<S, C>, inputs: ReadonlyArray<unknown>, ctx: CommandContext): Promise<CommandOutcome> {
    // Who may do this at all is checked before the input is looked at (then the resource, once loaded).
    for (const input of inputs) {
      const action = kind.actionOfType(String((input as { type?: unknown } | null)?.type));
      if (action) authorize(ctx.principal, action, { kind: 'global' });
    }
    const commands = inputs.map((input) => kind.parse(input));
    const streamId = kind.streamIdOf(commands[0]!);
    if (commands.some((command) => kind.streamIdOf(command) !== streamId)) throw new Error('A command sequence must target one stream');
    const requestHash = ctx.requestHash ?? this.hasher.hash({ door: ctx.source, stream: kind.name, commands });
    const envelopes = commands.map((command, index) => ({ command, part: String(index) }));
    return this.idempotent(ctx, requestHash, async () => {
      for (let attempt = 1; ; attempt++) {
        const decided = await this.decideOnStream(kind, streamId, envelopes, ctx, requestHash);
        if (decided.replayed) return this.answer(streamId, decided.replayed, true, await this.effects.run(this.owed(decided.replayed)));
        if (decided.events.length === 0) return { streamId, revision: decided.loaded.revision, position: null, events: [], replayed: false, effects: [] };
        const expected = ctx.expectedRevision ?? decided.loaded.revision;
        try {
          const appended = await kind.storeOf(this.deps).appendToStream(streamId, decided.events, { expectedRevision: expected < 0 ? 'no_stream' : expected });
          const effects = await this.effects.run(this.owed(decided.events.map((event) => ({ ...event, streamId }))));
          return {
            streamId,
            revision: appended.nextExpectedRevision,
            position: appended.positions.at(-1) ?? null,
            events: answeredEvents(decided.events),
            replayed: appended.alreadyStored,
            effects,
          };
        } catch (error) {
          // Without If-Match the caller expressed no expectation: decide again on the newer state.
          if (error instanceof ConcurrencyError && ctx.expectedRevision === undefined && attempt < MAX_ATTEMPTS) continue;
          throw error;
        }
      }
    });
  }

  /**
   * Loads and folds one stream, then authorizes and decides each command in order on the evolving
   * state. A refused command throws, unless `onRefused` takes it (the import lists every bad line).
   */
  async decideOnStream<S, C extends { readonly type: string }>(
    kind: StreamKind<S, C>,
    streamId: string,
    envelopes: ReadonlyArray<Envelope<C>>,
    ctx: CommandContext,
    requestHash: string,
    onRefused?: (envelope: Envelope<C>, refusal: DomainError) => void,
  ): Promise<DecidedOnStream<S>> {
    const loaded = await kind.load(this.deps, streamId, envelopes.map((envelope) => envelope.command));
    const scope = ctx.idempotencyKey === undefined ? undefined : idempotencyScope(ctx.principal.userId, ctx.idempotencyKey);
    const replayed = scope === undefined ? null : this.storedRequest(loaded.stored, scope, envelopes, requestHash);
    if (replayed) return { loaded, events: [], replayed };

    const now = this.options.clock().toISOString();
    let state = loaded.state;
    const events: NewEvent[] = [];
    for (const envelope of envelopes) {
      try {
        authorize(ctx.principal, kind.actionOf(envelope.command), kind.resourceOf(envelope.command, state));
        const decided = kind.decide(envelope.command, state, { now, maxClockSkewMs: this.options.maxClockSkewMs, clinicTimeZone: this.options.clinicTimeZone });
        const metadata = this.metadataFor(kind, envelope, ctx, requestHash);
        decided.forEach((event, index) => {
          const eventId = scope === undefined ? randomUUID() : deterministicEventId(scope, envelope.part, index);
          events.push({ eventId, type: event.type, schemaVersion: kind.schemaVersionOf(event.type), data: event.data, metadata, occurredAt: event.occurredAt });
          state = kind.evolve(state, { ...event, eventId, recordedAt: now });
        });
      } catch (error) {
        if (onRefused && error instanceof DomainError) onRefused(envelope, error);
        else throw error;
      }
    }
    return { loaded, events, replayed: null };
  }

  /**
   * Appends what a batching door decided, all or nothing where the store can (PostgreSQL), then
   * runs the effects its events owe (`owed`: the few the door kept, see `owed`).
   */
  async commitBatches<S, C extends { readonly type: string }>(kind: StreamKind<S, C>, batches: AsyncIterable<AppendRequest[]>, owed: ReadonlyArray<AppendedEvent>): Promise<{ summary: BatchAppendSummary; effects: string[] }> {
    const summary = await kind.storeOf(this.deps).appendBatches(batches);
    return { summary, effects: await this.effects.run(owed) };
  }

  /** The events among these that owe an effect after they are stored. */
  owed<E extends AppendedEvent>(events: ReadonlyArray<E>): E[] {
    return this.effects.owedBy(events);
  }

  /** A batching door's whole request under one Idempotency-Key (see IdempotencyRegistry). */
  async idempotent<T extends object>(ctx: CommandContext, requestHash: string, work: () => Promise<T>): Promise<T> {
    if (ctx.idempotencyKey === undefined) return work();
    const scope = idempotencyScope(ctx.principal.userId, ctx.idempotencyKey);
    const claim = await this.idempotency.claim(scope, requestHash, ctx.source);
    if (claim.status === 'answered') return { ...(claim.answer as T), replayed: true };
    try {
      const answer = await work();
      await this.idempotency.answer(scope, requestHash, { ...answer, replayed: false });
      return answer;
    } catch (error) {
      if (claim.status === 'new' && isRefusal(error)) await this.idempotency.release(scope, requestHash).catch(() => undefined);
      throw error;
    }
  }

  /** The fingerprint of a request (for doors that pass `requestHash`). */
  get requestHasher(): RequestHasher {
    return this.hasher;
  }

  /** This request's events, when the stream already holds them (a retry); another request's under the same key is refused. */
  private storedRequest<C>(stored: ReadonlyArray<StoredEvent>, scope: string, envelopes: ReadonlyArray<Envelope<C>>, requestHash: string): StoredEvent[] | null {
    const byId = new Map(stored.map((event) => [event.eventId, event]));
    const first = byId.get(deterministicEventId(scope, envelopes[0]!.part, 0));
    if (!first) return null;
    if (first.metadata.requestHash !== requestHash) throw keyReused();
    const mine: StoredEvent[] = [];
    for (const envelope of envelopes) {
      for (let index = 0; byId.has(deterministicEventId(scope, envelope.part, index)); index++) mine.push(byId.get(deterministicEventId(scope, envelope.part, index))!);
    }
    return mine;
  }

  private metadataFor<S, C extends { readonly type: string }>(kind: StreamKind<S, C>, envelope: Envelope<C>, ctx: CommandContext, requestHash: string): EventMetadata {
    return {
      actor: { userId: ctx.principal.userId, role: roleActingFor(ctx.principal, kind.actionOf(envelope.command)) },
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      idempotencyKey: ctx.idempotencyKey ?? null,
      requestHash,
      reason: ctx.reason ?? kind.reasonOf(envelope.command),
      source: ctx.source,
      ...(ctx.importId !== undefined && { importId: ctx.importId }),
      ...(envelope.lineNumber !== undefined && { lineNumber: envelope.lineNumber }),
    };
  }

  private answer(streamId: string, events: StoredEvent[], replayed: boolean, effects: string[]): CommandOutcome {
    const last = events.at(-1)!;
    return { streamId, revision: last.revision, position: last.globalPosition, events: answeredEvents(events), replayed, effects };
  }
}
