import { SEED_PROTOCOL } from '@poems/protocol';
import { clock, type Day } from './calendar';
import { planted } from './baseline';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';

export interface ThalidomideVisit {
  /** 0 = the first dose; then one visit per 28-day dexamethasone cycle. */
  readonly k: number;
  readonly day: Day;
  /** Thalidomide still running (false after EndRegimen: follow-up visits only). */
  readonly onRegimen: boolean;
  readonly dexamethasone?: 'PROTOCOL' | 'FULL_DOSE_IN_ERROR';
  /** A heart rate to record instead of the patient's usual one. */
  readonly heartRate?: number;
  /** Thalidomide back to the start dose, with this reason. */
  readonly reduceThalidomide?: string;
  /** ONLS 2 points above the best so far (an extra assessment when it is not a quarterly visit). */
  readonly onlsWorsening?: boolean;
  readonly endRegimenOn?: Day;
  /** The pregnancy test of this visit is forgotten (planted PREGNANCY_TEST_OVERDUE). */
  readonly pregnancyTestForgotten?: boolean;
  /** The urine pregnancy test of this visit is positive (planted PREGNANCY_TEST_POSITIVE). */
  readonly pregnancyTestPositive?: boolean;
  /** A grade 3 adverse event on thalidomide with no hold (planted SEVERE_AE_ON_THALIDOMIDE). */
  readonly severeAdverseEvent?: boolean;
}

const CYCLE = SEED_PROTOCOL.dexamethasone.cycleLengthDays;
export const DEX_TIME = clock(10, 30);

/**
 * The clinic calendar of a thalidomide patient: a visit with dexamethasone every 28 days on the
 * grid anchored on the first dose (a visit a day early or late, always inside the 3-day grace;
 * never early for a woman of childbearing potential, whose pregnancy tests are every 28 days), until
 * the day before the end of follow-up so the last cycle is never overdue at the end date. Planted
 * problems sit on their own visits.
 */
export function thalidomideVisits(plan: PatientPlan, start: Day): { list: ThalidomideVisit[]; problems: PlantedProblem[] } {
  const { rng } = plan;
  const has = (rule: Parameters<typeof plan.planted.has>[0]) => plan.planted.has(rule);
  const missed = has('DEX_CYCLE_MISSED') ? rng.int(8, 11) : -1;
  const fullDose = has('DOSE_OFF_PROTOCOL') ? rng.int(4, 6) : -1;
  const bradycardia = has('BRADYCARDIA') ? rng.int(5, 7) : -1;
  const worsening = has('NEUROPATHY_WORSENING') ? rng.int(9, 10) : -1;
  const forgotten = has('PREGNANCY_TEST_OVERDUE') ? rng.int(4, 7) : -1;
  const positive = has('PREGNANCY_TEST_POSITIVE') ? rng.int(6, 9) : -1;
  const severe = has('SEVERE_AE_ON_THALIDOMIDE') ? rng.int(10, 14) : -1;
  const lastOnRegimen = plan.traits.has('REGIMEN_ENDED') ? rng.int(24, 27) : Infinity;
  const neverEarly = plan.traits.has('CHILDBEARING_POTENTIAL');
  const list: ThalidomideVisit[] = [];
  const problems: PlantedProblem[] = [];

  for (let k = 0, slot = 0; ; k += 1, slot += 1) {
    const jitter = rng.next();
    const offset = k === 0 ? 0 : jitter < 0.1 ? (neverEarly ? 0 : -1) : jitter < 0.2 ? 1 : 0;
    const day = start + slot * CYCLE + offset;
    if (day > plan.lastDay) break;
    const onRegimen = k <= lastOnRegimen;
    const end = k === lastOnRegimen ? day + rng.int(10, 20) : undefined;
    const inWorsening = worsening >= 0 && (k === worsening || (k > worsening && k <= worsening + 4 && k % 3 === 0));
    list.push({
      k,
      day,
      onRegimen,
      ...(onRegimen && { dexamethasone: k === fullDose ? 'FULL_DOSE_IN_ERROR' : 'PROTOCOL' }),
      ...(k === bradycardia && { heartRate: 46, reduceThalidomide: 'Sinus bradycardia (heart rate 46/min)' }),
      ...(k === worsening && { reduceThalidomide: 'Worsening neuropathy (ONLS +2)' }),
      ...(inWorsening && { onlsWorsening: true }),
      ...(end !== undefined && end <= plan.lastDay && { endRegimenOn: end }),
      ...(k === forgotten && { pregnancyTestForgotten: true }),
      ...(k === positive && { pregnancyTestPositive: true }),
      ...(k === severe && { severeAdverseEvent: true }),
    });
    if (k === fullDose) {
      problems.push(planted('DOSE_OFF_PROTOCOL', day, DEX_TIME, `A patient aged ${plan.age} given the full 12 mg/m² dexamethasone once (protocol 6 mg/m²)`));
    }
    if (k === bradycardia) problems.push(planted('BRADYCARDIA', day, clock(9, 30), 'Heart rate 46/min plus a "Sinus bradycardia" adverse event; thalidomide reduced'));
    if (k === worsening) problems.push(planted('NEUROPATHY_WORSENING', day, clock(10), 'ONLS 2 points above its best on thalidomide, with a grade 2 neuropathy; thalidomide reduced'));
    if (k === positive) problems.push(planted('PREGNANCY_TEST_POSITIVE', day, clock(9), 'Positive urine pregnancy test: thalidomide held; serum hCG negative 2 days later'));
    if (k === severe) problems.push(planted('SEVERE_AE_ON_THALIDOMIDE', day, clock(12), 'Grade 3 constipation, thalidomide continued unchanged; resolved after 10 days'));
    if (k + 1 === missed) {
      // The grid is anchored on the first dose: the cycle due 28 days after this slot is skipped.
      problems.push(planted('DEX_CYCLE_MISSED', start + (slot + 1) * CYCLE, DEX_TIME, `No dexamethasone in cycle ${slot + 2}: the next dose comes ${2 * CYCLE} days after the previous one, then ${CYCLE}-day cycles resume`));
      slot += 1;
    }
  }
  return { list, problems };
}
