import {
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type BACKWARDS,
  type END,
  type EventData,
  EventStoreDBClient,
  type Filter,
  type FORWARDS,
  type ReadPosition,
  type START,
} from '@eventstore/db-client';
import type { AllRecord } from './eventstoredb-global-order';
import type { EsdbRecord } from './eventstoredb-records';

/**
 * The part of `@eventstore/db-client`'s client this adapter uses. The real client fits it; the
 * unit tests' fake (testing/fake-eventstoredb.ts) implements it with the server's behaviour.
 */
export interface EsdbClient {
  appendToStream(streamName: string, events: EventData[], options: { expectedRevision: AppendExpectedRevision }): Promise<AppendResult>;
  readStream(
    streamName: string,
    options: { direction?: typeof FORWARDS | typeof BACKWARDS; fromRevision?: bigint | typeof START | typeof END; maxCount?: number },
  ): AsyncIterable<{ event?: EsdbRecord }>;
  readAll(options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReadPosition; maxCount: number }): AsyncIterable<{ event?: AllRecord }>;
  subscribeToAll(options: { fromPosition: ReadPosition; filter: Filter }): AllSubscriptionSource;
  getStreamMetadata(streamName: string): Promise<{ metadata?: { truncateBefore?: number | bigint; maxAge?: number; maxCount?: number } }>;
  dispose(): Promise<void>;
}

/**
 * The client's catch-up subscription: an object-mode Readable of resolved events that also emits
 * `caughtUp` (and, from servers that send it, `fellBehind`) in order with the events.
 */
export interface AllSubscriptionSource {
  /** The next buffered event, or null when none is buffered (paused mode: nothing is read ahead). */
  read(): AllStreamResolvedEvent | null;
  /** Events buffered and not yet read. */
  readonly readableLength: number;
  /** `readable`, `end`, `error`, `caughtUp`, `fellBehind`. */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

/**
 * KurrentDB's own clients and documentation use `kurrentdb://` (and `kurrent://`, `kdb://`), which
 * `@eventstore/db-client` 6.2.1 refuses: only `esdb://` and `esdb+discover://` parse. The settings
 * after the scheme are the same, so the scheme is translated.
 */
export function toEsdbConnectionString(connectionString: string): string {
  const match = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//i.exec(connectionString.trim());
  if (!match) {
    throw new Error('An EventStoreDB / KurrentDB connection string starts with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://');
  }
  return `esdb${match[2] ? '+discover' : ''}://${connectionString.trim().slice(match[0].length)}`;
}

export function connectEsdbClient(connectionString: string): EsdbClient {
  return EventStoreDBClient.connectionString(toEsdbConnectionString(connectionString));
}
