import { toMs, type IsoTime } from '@poems/kernel';
import type { PatientState } from './state';

/** The clinical time of each kind of entry: lists are kept in this order, not arrival order. */
export const clinicalTimeOf = {
  bodyMeasurements: (e: PatientState['bodyMeasurements'][number]) => e.measuredAt,
  thalidomide: (e: PatientState['thalidomide'][number]) => e.effectiveAt,
  dexamethasone: (e: PatientState['dexamethasone'][number]) => e.givenAt,
  milestones: (e: PatientState['milestones'][number]) => e.occurredAt,
  labs: (e: PatientState['labs'][number]) => e.collectedAt,
  assessments: (e: PatientState['assessments'][number]) => e.assessedAt,
  adverseEvents: (e: PatientState['adverseEvents'][number]) => e.onsetAt,
} as const;

/** Inserts after every entry at the same or an earlier time, so ties keep arrival order. */
export function insertByTime<E>(list: ReadonlyArray<E>, entry: E, timeOf: (e: E) => IsoTime): E[] {
  const at = toMs(timeOf(entry));
  let index = list.length;
  while (index > 0 && toMs(timeOf(list[index - 1] as E)) > at) index -= 1;
  return [...list.slice(0, index), entry, ...list.slice(index)];
}

/** Entries at or before a time (they are sorted, so this is a prefix). */
export function atOrBefore<E>(list: ReadonlyArray<E>, time: IsoTime, timeOf: (e: E) => IsoTime): E[] {
  const at = toMs(time);
  return list.filter((e) => toMs(timeOf(e)) <= at);
}
