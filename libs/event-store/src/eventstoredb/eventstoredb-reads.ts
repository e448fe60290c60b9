import { BACKWARDS, END, FORWARDS, type ReadPosition, type START, StreamNotFoundError } from '@eventstore/db-client';
import type { EsdbClient } from './eventstoredb-client';
import type { AllRecord } from './eventstoredb-global-order';
import type { EsdbRecord } from './eventstoredb-records';

/** The client's streaming reads, collected into arrays of records (batches here are bounded by maxCount or by one stream). */

export interface StreamReadOptions {
  direction?: typeof FORWARDS | typeof BACKWARDS;
  fromRevision?: bigint | typeof START | typeof END;
  maxCount?: number;
}

/** A stream's records; a stream that does not exist reads as empty. */
export async function readStreamRecords(client: EsdbClient, name: string, options: StreamReadOptions): Promise<EsdbRecord[]> {
  try {
    const resolved = await collect(client.readStream(name, options));
    return resolved.flatMap((item) => (item.event ? [item.event] : []));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

export async function readAllForwards(client: EsdbClient, fromPosition: ReadPosition, maxCount: number): Promise<AllRecord[]> {
  return recordsOf(await collect(client.readAll({ direction: FORWARDS, fromPosition, maxCount })));
}

/** Up to `maxCount` records of $all before `before` (END: the newest), newest first. */
export async function readAllBackwards(client: EsdbClient, before: ReadPosition, maxCount: number): Promise<AllRecord[]> {
  return recordsOf(await collect(client.readAll({ direction: BACKWARDS, fromPosition: before, maxCount })));
}

function recordsOf(resolved: { event?: AllRecord }[]): AllRecord[] {
  return resolved.flatMap((item) => (item.event ? [item.event] : []));
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}
