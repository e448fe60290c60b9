import { clock, type Day } from './calendar';
import { planted } from './baseline';
import type { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';
import { roundTo } from './course-result';
import { round1 } from './people';
import type { TransfusionSupport } from './transplant-support';

export interface TransplantDays {
  readonly mobilisation: Day;
  readonly apheresis: Day;
  readonly conditioning: Day;
  readonly infusion: Day;
  readonly neutrophils: Day;
  readonly platelets: Day;
}

/**
 * ANC (/µL) and platelets (×10³/µL) from day +1 until platelet engraftment + 2: nadir, then
 * recovery, so the counts show engraftment on the planned days (ASTCT: 3 consecutive days; platelet
 * transfusions, `TransfusionSupport`, keep clear of the platelet engraftment's 7 days). The
 * patient with a planted secondary graft failure is followed longer: ANC below 500 on three days
 * a week after platelet engraftment, then recovering.
 */
export function bloodCounts(log: CommandLog, plan: PatientPlan, days: TransplantDays, support: TransfusionSupport): PlantedProblem[] {
  const { rng } = plan;
  const { infusion, neutrophils: n, platelets: p } = days;
  const failure = plan.planted.has('SECONDARY_GRAFT_FAILURE');
  const last = failure ? p + 13 : p + 2;
  const dip = p + 5;
  const problems: PlantedProblem[] = [];
  let anc = 0;
  for (let day = infusion + 1; day <= last; day += day < infusion + 7 ? 2 : 1) {
    const d = day - infusion;
    if (failure && day >= dip && day < dip + 3) anc = rng.int(18, 42) * 10;
    else if (failure && day >= dip + 3) anc = rng.int(70, 140) * 10;
    else if (day >= n) anc = day === n ? rng.int(52, 90) * 10 : Math.min(6000, roundTo(anc * rng.between(1.4, 1.9), 10));
    else if (day === n - 1) anc = rng.int(22, 45) * 10;
    else if (day === n - 2) anc = rng.int(8, 18) * 10;
    else anc = d === 1 ? rng.int(90, 180) * 10 : d === 3 ? rng.int(20, 45) * 10 : d === 5 ? rng.int(3, 15) * 10 : rng.int(0, 6) * 10;
    const drawn =
      d === 1 ? rng.int(90, 150) : d === 3 ? rng.int(45, 85) : day < p - 2 ? rng.int(5, 12) : day < p ? rng.int(12, 19) : day === p ? rng.int(20, 29) : rng.int(24, 52);
    log.bloodCount(day, clock(9), 'ANC', anc);
    log.bloodCount(day, clock(9), 'PLATELETS', support.platelets(day, drawn));
    if (failure && day === dip + 2) problems.push(planted('SECONDARY_GRAFT_FAILURE', day, clock(9), 'ANC below 500/µL on three days after engraftment, then recovering'));
  }
  return problems;
}

/**
 * Vitals around engraftment. One patient gets engraftment syndrome (fever and a rash the day after
 * the counts show engraftment, ANC ≥ 500), one febrile neutropenia (fever in aplasia on day +6).
 * Nobody else has a temperature of 38 °C or more.
 */
export function engraftmentVitals(log: CommandLog, plan: PatientPlan, days: TransplantDays): PlantedProblem[] {
  const { rng } = plan;
  const syndrome = plan.planted.has('ENGRAFTMENT_SYNDROME_SUSPECTED');
  const normal = () => ({ temperatureC: round1(rng.between(36.3, 37.5)), heartRateBpm: rng.int(70, 96) });
  const problems: PlantedProblem[] = [];
  log.vitals(days.infusion + 5, clock(9, 30), normal());
  if (plan.planted.has('FEBRILE_NEUTROPENIA')) {
    const day = days.infusion + 6;
    log.vitals(day, clock(15), { temperatureC: 38.5, heartRateBpm: 112 });
    problems.push(planted('FEBRILE_NEUTROPENIA', day, clock(15), 'Fever 38.5 °C on day +6 with ANC below 500/µL (cleared by the recovery)'));
  }
  if (!syndrome && !plan.planted.has('FEBRILE_NEUTROPENIA') && rng.chance(0.5)) log.adverseEvent(days.infusion + rng.int(5, 7), clock(12), 'Oral mucositis', 2);
  log.vitals(days.neutrophils + 3, clock(9, 30), normal());
  log.vitals(days.neutrophils - 1, clock(10), normal());
  if (!syndrome) return problems;
  const day = days.neutrophils + 1;
  log.vitals(day, clock(10), { temperatureC: 38.6, heartRateBpm: 108, systolicMmHg: 118, diastolicMmHg: 72 });
  log.adverseEvent(day, clock(10), 'Rash maculo-papular', 2);
  return [...problems, planted('ENGRAFTMENT_SYNDROME_SUSPECTED', day, clock(10), '38.6 °C and a grade 2 "Rash maculo-papular" the day after the counts show engraftment (ANC ≥ 500/µL)')];
}
