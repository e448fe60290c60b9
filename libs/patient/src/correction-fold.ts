import { assertNever, type IsoTime, type RecordedEvent } from '@poems/kernel';
import { clinicalTimeOf, insertByTime } from './clinical-order';
import type { EventCorrectedData } from './correction-event';
import type { BodyMeasurementEntry, CorrectionRecord, EnrolmentSummary, Entry, PatientState } from './state';

export function enrolmentMeasurement(enrolment: EnrolmentSummary): BodyMeasurementEntry {
  const { heightCm, weightKg, enrolledAt, bsaM2, bsaFormula, eventId, recordedAt } = enrolment;
  return { heightCm, weightKg, measuredAt: enrolledAt, bsaM2, bsaFormula, eventId, recordedAt, source: 'ENROLMENT' };
}

/** The values of an entry without its bookkeeping: what the event's (corrected) data holds. */
export function entryValues<D extends object>(entry: Entry<D>): D {
  const { eventId: _e, recordedAt: _r, correctedBy: _c, original: _o, ...rest } = entry as Entry<D> & { source?: unknown };
  const { source: _s, identityErased: _i, ...values } = rest as typeof rest & { source?: unknown; identityErased?: unknown };
  return values as unknown as D;
}

interface Replaced<E> {
  readonly list: E[];
  readonly previous: unknown;
}

/** Replaces an entry's values, keeps its first values as `original`, and re-sorts it in time. */
function replaceEntry<E extends Entry<object>>(
  list: ReadonlyArray<E>,
  eventId: string,
  data: object,
  correctionEventId: string,
  timeOf: (e: E) => IsoTime,
  extra: object = {},
): Replaced<E> | undefined {
  const old = list.find((e) => e.eventId === eventId);
  if (!old) return undefined;
  const previous = entryValues(old);
  const entry = {
    ...data,
    ...extra,
    eventId: old.eventId,
    recordedAt: old.recordedAt,
    correctedBy: correctionEventId,
    original: old.original ?? previous,
  } as unknown as E;
  return { list: insertByTime(list.filter((e) => e !== old), entry, timeOf), previous };
}

/**
 * Applies an EventCorrected: the original's entry now shows the corrected values. A correction
 * whose original is unknown to this state changes nothing (the decider never emits one).
 */
export function applyCorrection(state: PatientState, event: RecordedEvent<'EventCorrected', EventCorrectedData>): PatientState {
  const c = event.data;
  const id = c.correctsEventId;
  const record = (previous: unknown): PatientState['corrections'] => ({
    ...state.corrections,
    [id]: [
      ...(state.corrections[id] ?? []),
      {
        correctionEventId: event.eventId,
        correctedType: c.correctedType,
        reason: c.reason,
        recordedAt: event.recordedAt,
        correctedAt: event.occurredAt,
        previous,
      } satisfies CorrectionRecord,
    ],
  });
  const apply = <K extends keyof typeof clinicalTimeOf>(key: K, extra?: object): PatientState => {
    const list = state[key] as ReadonlyArray<Entry<object>>;
    const candidates = key === 'bodyMeasurements' ? list.filter((e) => (e as BodyMeasurementEntry).source === 'MEASUREMENT') : list;
    if (!candidates.some((e) => e.eventId === id)) return state;
    const replaced = replaceEntry(list, id, c.data, event.eventId, clinicalTimeOf[key] as (e: Entry<object>) => IsoTime, extra);
    return replaced ? { ...state, [key]: replaced.list, corrections: record(replaced.previous) } : state;
  };

  switch (c.correctedType) {
    case 'PatientEnrolled': {
      const old = state.enrolment;
      if (!old || old.eventId !== id) return state;
      const { identity, ...enrolled } = c.data;
      const previous = entryValues(old);
      const enrolment: EnrolmentSummary = {
        ...enrolled,
        eventId: old.eventId,
        recordedAt: old.recordedAt,
        identityErased: old.identityErased,
        correctedBy: event.eventId,
        original: old.original ?? previous,
      };
      const others = state.bodyMeasurements.filter((m) => m.source !== 'ENROLMENT');
      return {
        ...state,
        enrolment,
        // Once erased, stays erased whatever a later correction carried.
        identity: old.identityErased ? { erased: true } : identity,
        bodyMeasurements: insertByTime(others, enrolmentMeasurement(enrolment), clinicalTimeOf.bodyMeasurements),
        corrections: record(previous),
      };
    }
    case 'BodyMeasured':
      return apply('bodyMeasurements', { source: 'MEASUREMENT' });
    case 'ThalidomideDoseChanged':
      return apply('thalidomide');
    case 'DexamethasoneDoseGiven':
      return apply('dexamethasone');
    case 'TransplantMilestoneRecorded':
      return apply('milestones');
    case 'LabResultRecorded':
      return apply('labs');
    case 'AssessmentRecorded':
      return apply('assessments');
    case 'AdverseEventRecorded':
      return apply('adverseEvents');
    case 'RegimenEnded': {
      const old = state.ended;
      if (!old || old.eventId !== id) return state;
      const previous = entryValues(old);
      return {
        ...state,
        ended: { ...c.data, eventId: old.eventId, recordedAt: old.recordedAt, correctedBy: event.eventId, original: old.original ?? previous },
        corrections: record(previous),
      };
    }
    default:
      return assertNever(c, 'corrected event type');
  }
}
