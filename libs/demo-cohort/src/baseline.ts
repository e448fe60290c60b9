import { clock, type ClockTime, dateOf, type Day, utcTime } from './calendar';
import type { CommandLog } from './command-builders';
import type { PlantedProblem, PlantedRule } from './cohort-types';
import { edemaAt, effusionsAt, type FluidCourse, type NerveConductionSeries, type NeuropathyCourse, onlsAt } from './disease-course';
import type { PatientPlan } from './cohort-plan';
import { round1 } from './people';
import { ecogFromLegScore } from './performance-status';
import type { Rng } from './prng';

export type MProtein = { readonly heavyChain: string; readonly lightChain: 'lambda' };

/** POEMS M-protein is almost always lambda, most often IgA or IgG, and small. */
export function mProteinOf(rng: Rng): MProtein {
  return { heavyChain: rng.chance(0.55) ? 'IgA' : 'IgG', lightChain: 'lambda' };
}

/** A laboratory accession number, unique per patient and day (one VEGF sample a day). */
export function accession(day: Day, rng: Rng): string {
  return `RIA-${dateOf(day).slice(2).replaceAll('-', '')}-${rng.int(1000, 9999)}`;
}

export function planted(rule: PlantedRule, day: Day, at: ClockTime, note: string): PlantedProblem {
  return { rule, clinicalTime: utcTime(day, at), clinicalDate: dateOf(day), note };
}

export interface Baseline {
  readonly vegf: number;
  readonly mProtein: MProtein;
  readonly neuropathy: NeuropathyCourse;
  readonly nerves: NerveConductionSeries;
  readonly fluids: FluidCourse;
  readonly heartRate: number;
}

/**
 * Enrolment, and the work-up of the days before it (baseline results may be recorded from up to
 * a year before enrolment): VEGF, immunofixation, ONLS with the ECOG status it implies, nerve
 * conduction, CT, oedema and vitals.
 * t is far negative so every course reads its baseline value.
 */
export function enrolWithBaseline(log: CommandLog, plan: PatientPlan, b: Baseline): { vegfAccession: string; baselineDay: Day } {
  const { rng } = plan;
  const day = plan.enrolmentDay - rng.int(3, 14);
  const vegfAccession = accession(day, rng);
  log.enrol(plan.enrolmentDay, clock(10), plan);
  log.vegf(day, clock(9), b.vegf, vegfAccession);
  log.immunofixation(day, clock(9), b.mProtein);
  log.vitals(day, clock(9, 30), { temperatureC: round1(rng.between(36.2, 36.9)), heartRateBpm: b.heartRate, systolicMmHg: rng.int(112, 138), diastolicMmHg: rng.int(64, 84) });
  const onls = onlsAt(b.neuropathy, -1000);
  log.onls(day, clock(10), onls.arm, onls.leg);
  log.performanceStatus(day, clock(10, 5), ecogFromLegScore(onls.leg));
  log.edema(day, clock(10, 15), edemaAt(b.fluids, -1000));
  const ncs = b.nerves.at(-1000);
  log.nerveConduction(day, clock(11), ncs.cmap, ncs.velocity, ncs.fWave);
  log.ctEffusion(day, clock(14), effusionsAt(b.fluids, -1000));
  return { vegfAccession, baselineDay: day };
}
