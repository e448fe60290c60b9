import type { Position, ReadPosition } from '@eventstore/db-client';
import type { StoredEvent } from '../port';
import { comparePositions, isAfter, readPositionAfter } from './eventstoredb-mapping';
import type { EsdbRecord } from './eventstoredb-records';

export type AllRecord = EsdbRecord & { position: Position };

/** One forward read of $all: up to `maxCount` records from `from`, inclusive. */
export type ReadAllPage = (from: ReadPosition, maxCount: number) => Promise<AllRecord[]>;

const MAX_PAGE = 4096;

/**
 * `readAll` over EventStoreDB. No gap logic: the server adds an event to $all only once it is
 * committed and indexed, in commit order, so no later reader can see an earlier position appear
 * (the late-commit hole that PostgreSQL sequences have does not exist here).
 *
 * What it does handle:
 * - Reads are inclusive of their start, so events not after `after` (and a page's first record,
 *   which repeats the previous page's last) are dropped.
 * - Other streams (system events, claims, other prefixes) are filtered here by `toOwn`: the
 *   client's `readAll` takes no server-side filter, so a sparse prefix on a busy server scans
 *   everything after `after` until `limit` events are found or the log ends. It never returns an
 *   empty batch before the end: pollers read an empty batch as "caught up".
 * - Events sharing one commit position (legacy explicit transactions only) are never split across
 *   batches: resuming after a commit position skips every event at it, so a batch that ends inside
 *   such a group runs past `limit` to the group's end.
 */
export async function readAllAfter(
  readPage: ReadAllPage,
  toOwn: (record: AllRecord) => StoredEvent | undefined,
  after: number,
  limit: number,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  if (limit <= 0) return events;
  const pageSize = Math.min(Math.max(limit + 1, 64), MAX_PAGE);
  let from = readPositionAfter(after);
  let lastSeen: Position | undefined = typeof from === 'object' ? from : undefined;
  let lastDeliveredCommit: bigint | undefined;
  for (;;) {
    const page = await readPage(from, pageSize);
    for (const record of page) {
      if (lastSeen && comparePositions(record.position, lastSeen) <= 0) continue;
      lastSeen = record.position;
      if (!isAfter(record.position, after)) continue;
      if (events.length >= limit && record.position.commit !== lastDeliveredCommit) return events;
      const event = toOwn(record);
      if (!event) continue;
      events.push(event);
      lastDeliveredCommit = record.position.commit;
    }
    if (page.length < pageSize || !lastSeen) return events;
    from = lastSeen;
  }
}
