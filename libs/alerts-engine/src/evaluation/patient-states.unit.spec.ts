import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@poems/event-store';
import { patientStreamId } from '@poems/patient';
import { foldPatient, toPatientEvent } from '@poems/runtime';
import { recordCommands, thalidomideHistory } from '@poems/testing';
import { PatientStates } from './patient-states';

describe('patients kept folded between evaluations', () => {
  const fullFold = async (store: InMemoryEventStore, patientId: string) => foldPatient((await store.readStream(patientStreamId(patientId))).map(toPatientEvent));

  /** The revisions a load read its patient's stream from. */
  async function readsFrom<T>(store: InMemoryEventStore, load: () => Promise<T>): Promise<{ result: T; from: number[] }> {
    const from: number[] = [];
    const readStream = store.readStream;
    store.readStream = (streamId, options) => (from.push(options?.fromRevision ?? 0), readStream.call(store, streamId, options));
    try {
      return { result: await load(), from };
    } finally {
      store.readStream = readStream;
    }
  }

  it('fold the whole history once, then only what came after, to the same state as a full fold', async () => {
    const store = new InMemoryEventStore();
    const patientId = randomUUID();
    const history = thalidomideHistory(patientId);
    await recordCommands(store, history.slice(0, 6));
    const states = new PatientStates(store);

    const first = await readsFrom(store, () => states.load(patientId));
    expect(first.from).toEqual([0]);
    expect(first.result.state).toEqual(await fullFold(store, patientId));
    await recordCommands(store, history.slice(6));
    const second = await readsFrom(store, () => states.load(patientId));
    const third = await readsFrom(store, () => states.load(patientId));

    expect(second.from).toEqual([first.result.revision + 1]);
    expect(third.from).toEqual([second.result.revision + 1]);
    expect(second.result.revision).toBeGreaterThan(first.result.revision);
    expect(second.result.state).toEqual(await fullFold(store, patientId));
    expect(second.result.last).toEqual((await store.readStream(patientStreamId(patientId))).at(-1));
    expect(third.result).toBe(second.result);
  });

  it('forget the least recently evaluated patient beyond their capacity', async () => {
    const store = new InMemoryEventStore();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    for (const patientId of [a, b, c]) await recordCommands(store, thalidomideHistory(patientId).slice(0, 2));
    const states = new PatientStates(store, 2);
    await states.load(a);
    await states.load(b);
    await states.load(a);
    await states.load(c);
    expect(states.size).toBe(2);
    // b went (read from the start again, and still folded right); a stayed.
    const again = await readsFrom(store, () => states.load(b));
    expect(again.from).toEqual([0]);
    expect(again.result.state).toEqual(await fullFold(store, b));
    expect((await readsFrom(store, () => states.load(c))).from).toEqual([2]);
  });

  it('answer a patient with no stream as not enrolled', async () => {
    const states = new PatientStates(new InMemoryEventStore());
    const nobody = await states.load(randomUUID());
    expect(nobody).toMatchObject({ revision: -1, last: undefined });
    expect(nobody.state.enrolment).toBeUndefined();
  });
});
