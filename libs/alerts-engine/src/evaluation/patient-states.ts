import type { EventStore, StoredEvent } from '@poems/event-store';
import { evolve, initialState, type PatientState, patientStreamId } from '@poems/patient';
import { toPatientEvent } from '@poems/runtime';

/** A patient's folded state at a revision of the stream, and the last event it folded. */
export interface FoldedPatient {
  state: PatientState;
  /** Revision of the last event folded (-1: no stream). */
  revision: number;
  last: StoredEvent | undefined;
}

/** Patients kept folded in one worker (the least recently evaluated forgotten first). */
export const PATIENTS_KEPT = 1000;

/**
 * The worker evaluates the same patients again and again, each time after an event or two more.
 * Their folded states are kept between evaluations: each evaluation reads (one statement, as
 * before) only the events after the revision it already folded, and parses and folds just those,
 * instead of the whole history every time. A patient stream only grows and `evolve` is pure, so a
 * state folded to revision n stays right; a stream that does not continue where it left off (it
 * cannot, but a restored database could) is folded again from the start.
 */
export class PatientStates {
  private readonly kept = new Map<string, FoldedPatient>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = PATIENTS_KEPT,
  ) {}

  async load(patientId: string): Promise<FoldedPatient> {
    const known = this.kept.get(patientId);
    const streamId = patientStreamId(patientId);
    let folded = known ? await this.continueFrom(streamId, known) : undefined;
    folded ??= this.fold(initialState, -1, undefined, await this.store.readStream(streamId));
    // The newest fold wins when two evaluations of one patient overlap.
    const current = this.kept.get(patientId);
    if (!current || current.revision <= folded.revision) {
      this.kept.delete(patientId);
      this.kept.set(patientId, folded);
      if (this.kept.size > this.capacity) this.kept.delete(this.kept.keys().next().value!);
    }
    return folded;
  }

  /** Number of patients kept (for tests). */
  get size(): number {
    return this.kept.size;
  }

  private async continueFrom(streamId: string, known: FoldedPatient): Promise<FoldedPatient | undefined> {
    const after = await this.store.readStream(streamId, { fromRevision: known.revision + 1 });
    if (after.length > 0 && after[0]!.revision !== known.revision + 1) return undefined;
    return after.length === 0 ? known : this.fold(known.state, known.revision, known.last, after);
  }

  private fold(state: PatientState, revision: number, last: StoredEvent | undefined, events: StoredEvent[]): FoldedPatient {
    const next = events.reduce((current, event) => evolve(current, toPatientEvent(event)), state);
    return { state: next, revision: events.at(-1)?.revision ?? revision, last: events.at(-1) ?? last };
  }
}
