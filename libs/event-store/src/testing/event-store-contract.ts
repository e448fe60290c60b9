import { randomUUID } from 'node:crypto';
import { hashEvent } from '../hash-chain';
import { ConcurrencyError, type EventStore, GENESIS_HASH, IdempotencyError, type NewEvent, type StoredEvent } from '../port';

/**
 * The guarantees every adapter owes (ARCHITECTURE.md, "The event store"). Each adapter's spec file
 * calls this with a factory that gives a fresh, isolated store per test.
 */
export interface ContractSubject {
  store: EventStore;
  cleanup(): Promise<void>;
  /**
   * Appends through the adapter's real code path but holds the transaction open for `delayMs`
   * before committing, or rolls it back: the late-commit and rollback cases of the global order.
   * Adapters that cannot hold a transaction open (EventStoreDB) leave it out.
   */
  slowAppend?(streamId: string, events: NewEvent[], delayMs: number, outcome: 'commit' | 'rollback'): Promise<void>;
}

export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'TestEventHappened',
    schemaVersion: 1,
    data: { value: 42, nested: { text: 'ünïcödé ✓', list: [1, 2.5, null, true] } },
    metadata: { actor: { userId: 'tester', role: 'clinician' }, correlationId: randomUUID(), causationId: null, reason: 'contract test' },
    occurredAt: '2024-02-29T08:30:00.123Z',
    ...overrides,
  };
}

export function describeEventStoreContract(adapterName: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`the ${adapterName} event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const stream = () => `contract-${randomUUID()}`;

    beforeEach(async () => {
      subject = await makeSubject();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('reading back what was written', () => {
      it('returns exactly the types, data, metadata and both timestamps, with a verifiable hash chain', async () => {
        const streamId = stream();
        const sent = [newEvent(), newEvent({ type: 'OtherThingHappened', schemaVersion: 2, data: { a: { b: [] } }, occurredAt: '1999-12-31T23:59:59.999Z' })];
        const before = Date.now();
        const result = await store.appendToStream(streamId, sent, { expectedRevision: 'no_stream' });
        const after = Date.now();
        const read = await store.readStream(streamId);

        expect(result.nextExpectedRevision).toBe(1);
        expect(result.alreadyStored).toBe(false);
        expect(read.map((e) => e.globalPosition)).toEqual(result.positions);
        expect(result.positions[1]).toBeGreaterThan(result.positions[0]!);
        read.forEach((stored, index) => {
          const original = sent[index]!;
          expect(stored).toMatchObject({
            eventId: original.eventId,
            type: original.type,
            schemaVersion: original.schemaVersion,
            data: original.data,
            metadata: original.metadata,
            occurredAt: original.occurredAt,
            streamId,
            revision: index,
          });
          const recorded = Date.parse(stored.recordedAt);
          expect(recorded).toBeGreaterThanOrEqual(before - 2000);
          expect(recorded).toBeLessThanOrEqual(after + 2000);
          expect(stored.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        });
        expect(read[0]!.prevHash).toBe(GENESIS_HASH);
        expect(read[1]!.prevHash).toBe(read[0]!.hash);
        for (const stored of read) expect(hashEvent(stored)).toBe(stored.hash);
      });

      it('reads a stream from a revision and up to a recorded time', async () => {
        const streamId = stream();
        await store.appendToStream(streamId, [newEvent(), newEvent()]);
        const [firstTwo] = [await store.readStream(streamId)];
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.appendToStream(streamId, [newEvent()]);

        expect((await store.readStream(streamId, { fromRevision: 1 })).map((e) => e.revision)).toEqual([1, 2]);
        const asOf = await store.readStream(streamId, { toRecordedAt: firstTwo![1]!.recordedAt });
        expect(asOf.map((e) => e.revision)).toEqual([0, 1]);
        expect(await store.readStream(`missing-${randomUUID()}`)).toEqual([]);
      });

      it('reads several whole streams at once, each as reading it alone would, a missing one empty', async () => {
        const [a, b, missing] = [stream(), stream(), stream()];
        await store.appendToStream(a, [newEvent(), newEvent()]);
        await store.appendToStream(b, [newEvent()]);
        await store.appendToStream(a, [newEvent()]);

        const read = await store.readStreams([b, missing, a]);
        expect([...read.keys()].sort()).toEqual([a, b, missing].sort());
        expect(read.get(a)).toEqual(await store.readStream(a));
        expect(read.get(b)).toEqual(await store.readStream(b));
        expect(read.get(missing)).toEqual([]);
        expect(await store.readStreams([])).toEqual(new Map());
        // A whole stream read shows its head: the next append expecting that revision succeeds.
        await store.appendToStream(a, [newEvent()], { expectedRevision: read.get(a)!.length - 1 });
      });

      it('reads all streams in one global order, after a position', async () => {
        const start = await store.headPosition();
        const a = stream();
        const b = stream();
        await store.appendToStream(a, [newEvent()]);
        await store.appendToStream(b, [newEvent(), newEvent()]);
        await store.appendToStream(a, [newEvent()]);
        const all = (await store.readAll({ after: start, limit: 100 })).filter((e) => e.streamId === a || e.streamId === b);
        expect(all.map((e) => [e.streamId, e.revision])).toEqual([[a, 0], [b, 0], [b, 1], [a, 1]]);
        const positions = all.map((e) => e.globalPosition);
        expect([...positions].sort((x, y) => x - y)).toEqual(positions);
        expect(await store.readAll({ after: positions[1]!, limit: 1 })).toHaveLength(1);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(positions[3]!);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses a stale expected revision and writes nothing', async () => {
        const streamId = stream();
        await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: 5 })).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(store.appendToStream(`missing-${randomUUID()}`, [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 });
        expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1]);
      });

      it('lets exactly one of two racing writers with the same expected revision win', async () => {
        const streamId = stream();
        await store.appendToStream(streamId, [newEvent()]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, () => store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const failed of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
          expect(failed.reason).toBeInstanceOf(ConcurrencyError);
        }
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('lets racing creators of a new stream with no_stream produce exactly one stream', async () => {
        const streamId = stream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, () => store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });
    });

    describe('idempotent append', () => {
      it('stores the same event ids once and answers the retry with success', async () => {
        const streamId = stream();
        const events = [newEvent(), newEvent()];
        const first = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        expect(retry.alreadyStored).toBe(true);
        expect(retry.positions).toEqual(first.positions);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('stores an event once when the same append races with itself', async () => {
        const streamId = stream();
        const events = [newEvent()];
        const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => store.appendToStream(streamId, events)));
        expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('refuses an event id reused with different content', async () => {
        const streamId = stream();
        const event = newEvent();
        await store.appendToStream(streamId, [event]);
        await expect(store.appendToStream(streamId, [{ ...event, data: { value: 43 } }])).rejects.toBeInstanceOf(IdempotencyError);
        await expect(store.appendToStream(stream(), [event])).rejects.toBeInstanceOf(IdempotencyError);
      });

      it('refuses event ids that are not canonical lowercase UUIDs, and writes nothing', async () => {
        const streamId = stream();
        for (const eventId of [randomUUID().toUpperCase(), `{${randomUUID()}}`, randomUUID().replace(/-/g, ''), 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
          await expect(store.appendToStream(streamId, [newEvent(), newEvent({ eventId })])).rejects.toThrow(/canonical lowercase UUID/);
        }
        expect(await store.readStream(streamId)).toEqual([]);
      });
    });

    describe('atomic append', () => {
      it('writes all events of one append or none', async () => {
        const streamId = stream();
        const stored = newEvent();
        await store.appendToStream(stream(), [stored]);
        await expect(store.appendToStream(streamId, [newEvent(), newEvent(), stored])).rejects.toThrow();
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('writes several streams as one unit where the adapter promises it', async () => {
        if (store.kind === 'eventstoredb') return; // no multi-stream transactions: documented in its adapter
        const a = stream();
        const b = stream();
        await store.appendToStream(b, [newEvent()]);
        await expect(
          store.appendMany([
            { streamId: a, events: [newEvent()], expectedRevision: 'no_stream' },
            { streamId: b, events: [newEvent()], expectedRevision: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(a)).toEqual([]);
        const results = await store.appendMany([
          { streamId: a, events: [newEvent(), newEvent()] },
          { streamId: b, events: [newEvent()], expectedRevision: 0 },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1]);
      });
    });

    describe('appending a long sequence in batches', () => {
      it('appends every batch, and on any failure none of them where the adapter promises it', async () => {
        const streams = Array.from({ length: 6 }, () => stream()).sort();
        async function* batches(failAtEnd: boolean) {
          yield streams.slice(0, 3).map((streamId) => ({ streamId, events: [newEvent(), newEvent()] }));
          yield streams.slice(3).map((streamId, index) => ({
            streamId,
            events: [newEvent()],
            expectedRevision: failAtEnd && index === 2 ? 7 : undefined,
          }));
        }
        await expect(store.appendBatches(batches(true))).rejects.toBeInstanceOf(ConcurrencyError);
        if (store.kind !== 'eventstoredb') {
          for (const streamId of streams) expect(await store.readStream(streamId)).toEqual([]);
        }
        const fresh = streams.map(() => stream()).sort();
        async function* good() {
          yield fresh.slice(0, 3).map((streamId) => ({ streamId, events: [newEvent(), newEvent()] }));
          yield fresh.slice(3).map((streamId) => ({ streamId, events: [newEvent()] }));
        }
        const summary = await store.appendBatches(good());
        expect(summary).toMatchObject({ streams: 6, events: 9, alreadyStored: 0 });
        expect(summary.lastPosition! - summary.firstPosition!).toBeGreaterThanOrEqual(8);
        expect(await store.readStream(fresh[0]!)).toHaveLength(2);
      });
    });

    describe('the global order under concurrent writers', () => {
      it('gives a live subscriber every committed event exactly once, in order, none skipped, including late commits', async () => {
        const start = await store.headPosition();
        const seen: StoredEvent[] = [];
        const subscription = store.subscribeToAll({
          after: start,
          batchSize: 37,
          onEvents: async (batch) => {
            seen.push(...batch);
          },
        });

        const committedIds = new Set<string>();
        const writers = Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 25; i++) {
            const streamId = `order-${writer}-${i % 3}-${start}`;
            const events = Array.from({ length: 1 + (i % 3) }, () => newEvent({ data: { writer, i } }));
            try {
              // Every fourth append races on a stale revision: conflicts roll back and leave holes.
              await store.appendToStream(streamId, events, i % 4 === 3 ? { expectedRevision: 0 } : {});
              events.forEach((e) => committedIds.add(e.eventId));
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
            }
          }
        });
        const slow: Promise<void>[] = [];
        if (subject.slowAppend) {
          // Positions handed out early, committed late (after many later positions are visible)...
          for (let n = 0; n < 4; n++) {
            const late = [newEvent({ type: 'LateCommitHappened' }), newEvent({ type: 'LateCommitHappened' })];
            slow.push(subject.slowAppend(`late-${n}-${start}`, late, 300 + n * 150, 'commit').then(() => late.forEach((e) => committedIds.add(e.eventId))));
          }
          // ...and positions handed out then rolled back (permanent holes the reader must step over).
          slow.push(subject.slowAppend(`rolled-back-${start}`, [newEvent()], 200, 'rollback'));
        }
        await Promise.all([...writers, ...slow]);
        // And something after everything, so the subscriber has to pass every hole to reach it.
        const last = newEvent({ type: 'LastEventHappened' });
        await store.appendToStream(`last-${start}`, [last]);
        committedIds.add(last.eventId);

        const deadline = Date.now() + 20_000;
        while (!seen.some((e) => e.eventId === last.eventId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await subscription.stop();

        const seenIds = seen.map((e) => e.eventId);
        expect(new Set(seenIds).size).toBe(seenIds.length); // exactly once
        const positions = seen.map((e) => e.globalPosition);
        expect(positions).toEqual([...positions].sort((a, b) => a - b)); // in order
        expect(new Set(seenIds)).toEqual(committedIds); // none skipped, nothing uncommitted
        if (subject.slowAppend) expect(seen.filter((e) => e.type === 'LateCommitHappened')).toHaveLength(8);
        // The same order from a fresh catch-up read.
        const replayed: StoredEvent[] = [];
        for (let after = start; ; ) {
          const batch = await store.readAll({ after, limit: 50 });
          if (batch.length === 0) break;
          replayed.push(...batch);
          after = batch[batch.length - 1]!.globalPosition;
        }
        expect(replayed.map((e) => e.eventId)).toEqual(seenIds);
      }, 60_000);

      it('resumes a subscription after a checkpoint without repeating or missing events', async () => {
        const start = await store.headPosition();
        const streamId = stream();
        const first = await store.appendToStream(streamId, [newEvent(), newEvent(), newEvent()]);
        const checkpoint = first.positions[1]!;
        await store.appendToStream(streamId, [newEvent()]);
        const seen: StoredEvent[] = [];
        const subscription = store.subscribeToAll({
          after: checkpoint,
          onEvents: async (batch) => {
            seen.push(...batch.filter((e) => e.streamId === streamId));
          },
        });
        const deadline = Date.now() + 10_000;
        while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        await subscription.stop();
        expect(seen.map((e) => e.revision)).toEqual([2, 3]);
        expect(start).toBeLessThan(checkpoint);
      });
    });
  });
}
