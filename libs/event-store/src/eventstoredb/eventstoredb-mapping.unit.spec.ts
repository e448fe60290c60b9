import { START } from '@eventstore/db-client';
import { hashEvent } from '../hash-chain';
import { GENESIS_HASH, IdempotencyError, type StoredEvent } from '../port';
import { newEvent } from '../testing/event-store-contract';
import {
  assertStreamPrefix,
  claimStreamName,
  comparePositions,
  esdbStreamName,
  isAfter,
  isOwnRecord,
  ownStreamsRegex,
  portStreamId,
  readPositionAfter,
  toGlobalPosition,
} from './eventstoredb-mapping';
import { alreadyStored, chainEvents, type EsdbRecord, mergeMetadata, splitMetadata, toEventData, toStoredEvent } from './eventstoredb-records';

const at = (commit: number, prepare = commit) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

/** What the server hands back for an appended event: its JSON bodies parsed again, plus where it landed. */
function recordOf(event: ReturnType<typeof chainEvents>[number], streamName: string, position = at(1000 + event.revision)): EsdbRecord {
  const data = toEventData(event);
  return {
    streamId: streamName,
    id: data.id,
    revision: BigInt(event.revision),
    type: data.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position,
  };
}

describe('global positions', () => {
  it('are the commit position, as a number', () => {
    expect(toGlobalPosition(at(123_456))).toBe(123_456);
    expect(() => toGlobalPosition({ commit: 2n ** 60n, prepare: 2n ** 60n })).toThrow(RangeError);
  });

  it('resume from the start for 0 and from the event at the checkpoint otherwise', () => {
    expect(readPositionAfter(0)).toBe(START);
    expect(readPositionAfter(5_000)).toEqual(at(5_000));
    expect(() => readPositionAfter(-1)).toThrow(RangeError);
  });

  it('count an event as after a checkpoint only when its commit position is above it, whatever its prepare position', () => {
    expect(isAfter(at(5_001), 5_000)).toBe(true);
    expect(isAfter(at(5_000), 5_000)).toBe(false);
    expect(isAfter(at(5_000, 4_000), 5_000)).toBe(false);
  });

  it('order by commit, then by prepare within one commit', () => {
    expect(comparePositions(at(10), at(20))).toBe(-1);
    expect(comparePositions(at(30, 5), at(30, 9))).toBe(-1);
    expect(comparePositions(at(30, 9), at(30, 9))).toBe(0);
    expect(comparePositions(at(31, 1), at(30, 9))).toBe(1);
  });
});

describe('stream names', () => {
  it('carry the store prefix, and only unreserved stream ids are accepted', () => {
    expect(esdbStreamName('t-1-', 'patient-9')).toBe('t-1-patient-9');
    expect(() => esdbStreamName('t-1-', '$stats')).toThrow(/reserved/);
    expect(() => esdbStreamName('t-1-', '_poems-event-id-x')).toThrow(/reserved/);
    expect(() => esdbStreamName('t-1-', '')).toThrow(/empty/);
    expect(() => assertStreamPrefix('$t-')).toThrow(/must not start/);
    expect(() => assertStreamPrefix('_poems-t-')).toThrow(/must not start/);
  });

  it('read back as the port stream id only for this store event streams', () => {
    expect(portStreamId('t-1-', 't-1-patient-9')).toBe('patient-9');
    expect(portStreamId('t-1-', 't-2-patient-9')).toBeUndefined();
    expect(portStreamId('t-1-', claimStreamName('t-1-', 'abc'))).toBeUndefined();
    expect(portStreamId('', claimStreamName('t-1-', 'abc'))).toBeUndefined();
    expect(portStreamId('', '$stats-127.0.0.1:2113')).toBeUndefined();
    expect(isOwnRecord('t-1-', { streamId: 't-1-patient-9', type: 'DoseChanged' })).toBe(true);
    expect(isOwnRecord('t-1-', { streamId: 't-1-patient-9', type: '$metadata' })).toBe(false);
  });

  it('filter subscriptions to the prefix, without system or claim streams (the regex is valid in JavaScript and .NET alike)', () => {
    const prefixed = new RegExp(ownStreamsRegex('t.1-'));
    expect(prefixed.test('t.1-patient-9')).toBe(true);
    expect(prefixed.test('tX1-patient-9')).toBe(false);
    expect(prefixed.test(claimStreamName('t.1-', 'abc'))).toBe(false);
    const unprefixed = new RegExp(ownStreamsRegex(''));
    expect(unprefixed.test('alert-3')).toBe(true);
    expect(unprefixed.test('$stats-127.0.0.1:2113')).toBe(false);
    expect(unprefixed.test('_poems-event-id-abc')).toBe(false);
  });
});

describe('metadata', () => {
  const poems = { schemaVersion: 2, occurredAt: '2024-01-01T00:00:00.000Z', recordedAt: '2024-01-02T00:00:00.000Z', prevHash: GENESIS_HASH, hash: 'a'.repeat(64) };

  it('splits back into exactly the caller metadata and the adapter fields', () => {
    const metadata = newEvent().metadata;
    const merged = JSON.parse(JSON.stringify(mergeMetadata(metadata, poems)));
    expect(splitMetadata(merged, 'e1')).toEqual({ metadata, poems });
  });

  it('refuses caller metadata that uses the reserved key, and stored metadata that lacks it or is malformed', () => {
    expect(() => mergeMetadata({ ...newEvent().metadata, $poems: 1 }, poems)).toThrow(/reserved/);
    expect(() => splitMetadata({ correlationId: 'c' }, 'e1')).toThrow(/not written by this adapter/);
    expect(() => splitMetadata(new Uint8Array([1]), 'e1')).toThrow(/not written by this adapter/);
    expect(() => splitMetadata({ $poems: { ...poems, hash: 'short' } }, 'e1')).toThrow();
  });
});

describe('events written and read back', () => {
  it('chain hashes as the PostgreSQL adapter does and survive the round trip unchanged', () => {
    const sent = [newEvent(), newEvent({ type: 'OtherThingHappened', schemaVersion: 3, data: ['a', 1] })];
    const chained = chainEvents('patient-1', sent, undefined, new Date('2024-03-01T10:00:00.000Z'));
    const read = chained.map((event) => toStoredEvent(recordOf(event, 't-patient-1'), 'patient-1'));

    expect(read[0]).toMatchObject({ ...sent[0], streamId: 'patient-1', revision: 0, prevHash: GENESIS_HASH, recordedAt: '2024-03-01T10:00:00.000Z' });
    expect(read[1]).toMatchObject({ ...sent[1], revision: 1, prevHash: read[0]!.hash, globalPosition: 1001 });
    expect(read[1]!.metadata).toEqual(sent[1]!.metadata);
    for (const event of read) expect(hashEvent(event)).toBe(event.hash);
  });

  it('continue the head revision and hash, and never record a time before the head (a writer clock running late)', () => {
    const head = { revision: 4, hash: 'b'.repeat(64), recordedAt: '2024-03-01T10:00:05.000Z' };
    const [next] = chainEvents('patient-1', [newEvent()], head, new Date('2024-03-01T10:00:00.000Z'));
    expect(next).toMatchObject({ revision: 5, prevHash: head.hash, recordedAt: head.recordedAt });
  });

  it('refuse records the adapter cannot have written or cannot place', () => {
    const [event] = chainEvents('patient-1', [newEvent()], undefined, new Date());
    expect(() => toStoredEvent({ ...recordOf(event!, 'patient-1'), isJson: false }, 'patient-1')).toThrow(/not JSON/);
    expect(() => toStoredEvent({ ...recordOf(event!, 'patient-1'), position: undefined }, 'patient-1')).toThrow(/22\.6/);
  });
});

describe('recognising a retried append', () => {
  const stored = (event: ReturnType<typeof newEvent>, position: number): StoredEvent => ({
    ...event,
    streamId: 'patient-1',
    revision: position - 100,
    globalPosition: position,
    recordedAt: '2024-01-01T00:00:00.000Z',
    prevHash: GENESIS_HASH,
    hash: GENESIS_HASH,
  });
  const a = newEvent();
  const b = newEvent();
  const request = { streamId: 'patient-1', events: [a, b] };

  it('answers with the stored positions when every event is there with the same content', () => {
    const found = new Map([
      [a.eventId, stored(a, 100)],
      [b.eventId, stored(b, 101)],
    ]);
    expect(alreadyStored(request, found, 7)).toEqual({ streamId: 'patient-1', nextExpectedRevision: 7, positions: [100, 101], alreadyStored: true });
    expect(alreadyStored(request, new Map(), 7)).toBeUndefined();
  });

  it('refuses a partial overlap and a reused id with other content', () => {
    expect(() => alreadyStored(request, new Map([[a.eventId, stored(a, 100)]]), 7)).toThrow(IdempotencyError);
    const changed = new Map([
      [a.eventId, stored(a, 100)],
      [b.eventId, stored({ ...b, data: { value: 43 } }, 101)],
    ]);
    expect(() => alreadyStored(request, changed, 7)).toThrow(IdempotencyError);
  });
});
