import type { ReadPosition } from '@eventstore/db-client';
import type { StoredEvent } from '../port';
import { type AllRecord, readAllAfter } from './eventstoredb-global-order';
import { comparePositions, isOwnRecord, toGlobalPosition } from './eventstoredb-mapping';

/** A fake $all with the server's read semantics: ordered by (commit, prepare), reads inclusive of `from`. */
function fakeLog(records: AllRecord[]) {
  const reads: { from: ReadPosition; maxCount: number }[] = [];
  const readPage = async (from: ReadPosition, maxCount: number) => {
    reads.push({ from, maxCount });
    const start = from === 'start' ? 0 : records.findIndex((record) => comparePositions(record.position, from as AllRecord['position']) >= 0);
    return start < 0 ? [] : records.slice(start, start + maxCount);
  };
  return { readPage, reads };
}

function record(streamId: string, commit: number, prepare = commit, type = 'ThingHappened'): AllRecord {
  return {
    streamId,
    id: `${streamId}@${commit}/${prepare}`,
    revision: 0n,
    type,
    isJson: true,
    data: {},
    metadata: {},
    position: { commit: BigInt(commit), prepare: BigInt(prepare) },
  };
}

const toOwn = (prefix: string) => (r: AllRecord) =>
  isOwnRecord(prefix, r) ? ({ eventId: r.id, streamId: r.streamId.slice(prefix.length), globalPosition: toGlobalPosition(r.position) } as StoredEvent) : undefined;

const ids = (events: StoredEvent[]) => events.map((event) => event.eventId);

describe('reading $all after a checkpoint', () => {
  const log = [
    record('$stats-node', 100, 100, '$statsCollected'),
    record('a-patient-1', 200),
    record('a-_poems-event-id-x', 300),
    record('b-patient-1', 400),
    record('a-patient-2', 500),
    record('a-patient-1', 600, 600, '$metadata'),
    record('a-patient-3', 700),
  ];

  it('returns only this prefix events, in order, without system events or claims', async () => {
    const { readPage } = fakeLog(log);
    expect(ids(await readAllAfter(readPage, toOwn('a-'), 0, 100))).toEqual(['a-patient-1@200/200', 'a-patient-2@500/500', 'a-patient-3@700/700']);
  });

  it('excludes the event at the checkpoint itself, though the server read includes it', async () => {
    const { readPage, reads } = fakeLog(log);
    expect(ids(await readAllAfter(readPage, toOwn('a-'), 500, 100))).toEqual(['a-patient-3@700/700']);
    expect(reads[0]!.from).toEqual({ commit: 500n, prepare: 500n });
  });

  it('pages through foreign events until it has the limit, without repeating the page boundary', async () => {
    const busy = [...Array.from({ length: 150 }, (_, i) => record('b-other', 1000 + i * 10)), record('a-patient-1', 5000), record('a-patient-1', 5010)];
    const { readPage, reads } = fakeLog(busy);
    expect(ids(await readAllAfter(readPage, toOwn('a-'), 0, 1))).toEqual(['a-patient-1@5000/5000']);
    expect(reads.length).toBeGreaterThan(1);
  });

  it('reads every own event once, in order, across pages, when a reader follows its own checkpoints', async () => {
    const busy = Array.from({ length: 300 }, (_, i) => (i % 2 ? record(`s-${i % 7}`, 1000 + i * 10) : record('$stats-node', 1000 + i * 10)));
    const { readPage } = fakeLog(busy);
    const seen: StoredEvent[] = [];
    for (let after = 0; ; ) {
      const batch = await readAllAfter(readPage, toOwn(''), after, 70);
      if (batch.length === 0) break;
      seen.push(...batch);
      after = batch[batch.length - 1]!.globalPosition;
    }
    expect(ids(seen)).toEqual(busy.filter((r) => r.streamId.startsWith('s-')).map((r) => r.id));
  });

  it('never ends a batch inside a group of events sharing one commit position (legacy transactions)', async () => {
    const grouped = [record('a-s', 100), record('a-s', 900, 200), record('a-s', 900, 300), record('a-s', 900, 400), record('a-s', 1000)];
    const { readPage } = fakeLog(grouped);
    const first = await readAllAfter(readPage, toOwn('a-'), 0, 2);
    expect(ids(first)).toEqual(['a-s@100/100', 'a-s@900/200', 'a-s@900/300', 'a-s@900/400']);
    const rest = await readAllAfter(readPage, toOwn('a-'), first[first.length - 1]!.globalPosition, 2);
    expect(ids(rest)).toEqual(['a-s@1000/1000']);
  });

  it('returns nothing for a limit of zero or an empty log', async () => {
    expect(await readAllAfter(fakeLog(log).readPage, toOwn('a-'), 0, 0)).toEqual([]);
    expect(await readAllAfter(fakeLog([]).readPage, toOwn('a-'), 0, 10)).toEqual([]);
  });
});
