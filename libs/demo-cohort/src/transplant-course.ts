import { bodySurfaceArea, protocolTransplantDoseMg, SEED_PROTOCOL } from '@poems/protocol';
import { clock, type Day, utcTime } from './calendar';
import { accession, enrolWithBaseline, mProteinOf, planted } from './baseline';
import { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';
import { type CourseResult, misKeyed, roundTo } from './course-result';
import { edemaAt, effusionsAt, fluidCourse, NerveConductionSeries, neuropathyCourse, onlsAt, VegfSeries } from './disease-course';
import { round1 } from './people';
import { ecogFromLegScore } from './performance-status';
import { bloodCounts, engraftmentVitals, type TransplantDays } from './transplant-engraftment';
import { antiemetic, offArmBridge, TransfusionSupport } from './transplant-support';

const bsa = (heightCm: number, weightKg: number) => bodySurfaceArea(heightCm, weightKg, SEED_PROTOCOL.bsaFormula);

/**
 * The transplant calendar: mobilisation, apheresis (twice for the low-yield patient), conditioning
 * ~1 month later, day 0, engraftment. Planted delays: a mobilisation 45-50 days after enrolment, an
 * apheresis 25 days after mobilisation, neutrophil engraftment on day +32 (delayed past day +21 and
 * past day +30, the primary graft failure deadline).
 */
function transplantDays(plan: PatientPlan): TransplantDays {
  const { rng } = plan;
  const mobilisation = plan.enrolmentDay + rng.int(7, 21) + (plan.planted.has('TREATMENT_NOT_STARTED') ? 38 : 0);
  const apheresis = mobilisation + (plan.planted.has('PBSCT_MILESTONE_OVERDUE') ? 25 : rng.int(10, 12));
  const conditioning = apheresis + rng.int(26, 32);
  const infusion = conditioning + rng.int(1, 2);
  const slow = plan.planted.has('LOW_CD34_YIELD');
  const delayed = plan.planted.has('GRAFT_FAILURE_RISK') ? 32 : 23;
  const neutrophils = infusion + (plan.planted.has('DELAYED_ENGRAFTMENT') ? delayed : slow ? 13 : rng.int(10, 12));
  const platelets = Math.max(neutrophils + rng.int(0, 3), infusion + (slow ? 17 : rng.int(12, 16)));
  return { mobilisation, apheresis, conditioning, infusion, neutrophils, platelets };
}

/** Transplant steps, with the planted late ones, and what they show. */
function milestones(log: CommandLog, plan: PatientPlan, days: TransplantDays): PlantedProblem[] {
  const problems: PlantedProblem[] = [];
  if (plan.planted.has('TREATMENT_NOT_STARTED')) {
    problems.push(planted('TREATMENT_NOT_STARTED', plan.enrolmentDay + 42, clock(10), 'Mobilisation more than 42 days after enrolment (cleared by it)'));
  }
  if (plan.planted.has('PBSCT_MILESTONE_OVERDUE')) {
    problems.push(planted('PBSCT_MILESTONE_OVERDUE', days.mobilisation + 21, clock(10), 'Apheresis 25 days after mobilisation (due within 21; cleared by it)'));
  }
  return problems;
}

export function transplantCourse(plan: PatientPlan): CourseResult {
  const { rng } = plan;
  const log = new CommandLog(plan.id, plan.lastDay);
  const problems: PlantedProblem[] = [];
  const vegf = new VegfSeries({ baseline: rng.int(1600, 5650), floor: rng.int(150, 420), tauDays: rng.between(8, 16) }, rng);
  const neuropathy = neuropathyCourse(rng, rng.int(3, 5), rng.between(2, 5), 60, 540);
  const nerves = new NerveConductionSeries(neuropathy, rng);
  const fluids = fluidCourse(rng, true);
  const mProtein = mProteinOf(rng);
  const baselineVegf = vegf.beforeTreatment();
  const corrects = plan.traits.has('CORRECTED_VEGF_RESULT');
  const baseline = { vegf: corrects ? misKeyed(baselineVegf) : baselineVegf, mProtein, neuropathy, nerves, fluids, heartRate: rng.int(64, 84) };
  const { vegfAccession, baselineDay } = enrolWithBaseline(log, plan, baseline);
  if (corrects) log.vegf(baselineDay, clock(9), baselineVegf, vegfAccession, 'corrected');
  log.bloodCount(baselineDay, clock(9), 'ANC', rng.int(300, 550) * 10);
  log.bloodCount(baselineDay, clock(9), 'PLATELETS', rng.int(300, 480));

  const days = transplantDays(plan);
  problems.push(...offArmBridge(log, plan));
  const cyclophosphamideMg = roundTo(protocolTransplantDoseMg(SEED_PROTOCOL, 'CYCLOPHOSPHAMIDE', bsa(plan.heightCm, plan.weightKg)), 10);
  log.milestone(days.mobilisation, clock(10), 'MOBILISATION', { cyclophosphamideMg });
  problems.push(...milestones(log, plan, days));
  const cd34PerKg = plan.planted.has('LOW_CD34_YIELD') ? 1.6 : round1(rng.between(2.4, 7.5));
  log.milestone(days.apheresis, clock(14), 'APHERESIS', { cd34PerKg });
  if (cd34PerKg < 2) {
    // A second day of collection: the cumulative 1.9 × 10⁶/kg is still short.
    log.milestone(days.apheresis + 1, clock(14), 'APHERESIS', { cd34PerKg: 0.3 });
    problems.push(planted('LOW_CD34_YIELD', days.apheresis, clock(14), `Two aphereses, ${cd34PerKg} then 0.3 × 10⁶/kg: 1.9 in all, below 2.0`));
  }

  const pre = days.conditioning - 1;
  const weightKg = round1(plan.weightKg - rng.between(0, 2.5));
  log.bodyMeasurement(pre, clock(9, 15), plan.heightCm, weightKg);
  log.vegf(pre, clock(9), vegf.beforeTreatment(rng.between(0.7, 0.9)), accession(pre, rng));
  log.bloodCount(pre, clock(9), 'ANC', rng.int(250, 500) * 10);
  log.bloodCount(pre, clock(9), 'PLATELETS', rng.int(180, 350));
  log.vitals(pre, clock(9, 30), { temperatureC: round1(rng.between(36.2, 36.9)), heartRateBpm: rng.int(62, 84) });
  const melphalanMg = roundTo(protocolTransplantDoseMg(SEED_PROTOCOL, 'MELPHALAN', bsa(plan.heightCm, weightKg)), 5);
  antiemetic(log, days);
  log.milestone(days.conditioning, clock(10), 'CONDITIONING', { melphalanMg });
  log.milestone(days.infusion, clock(14), 'STEM_CELL_INFUSION');
  const disagrees = plan.planted.has('ENGRAFTMENT_DISAGREEMENT');
  log.milestone(days.neutrophils + (disagrees ? 3 : 0), clock(11), 'NEUTROPHIL_ENGRAFTMENT');
  if (disagrees) problems.push(planted('ENGRAFTMENT_DISAGREEMENT', days.neutrophils + 3, clock(11), 'Neutrophil engraftment recorded 3 days after the counts show it'));
  log.milestone(days.platelets, clock(11), 'PLATELET_ENGRAFTMENT');
  problems.push(...bloodCounts(log, plan, days, new TransfusionSupport(log, plan, days)));
  problems.push(...engraftmentVitals(log, plan, days));
  if (plan.planted.has('DELAYED_ENGRAFTMENT')) {
    const reached = days.neutrophils - days.infusion;
    problems.push(planted('DELAYED_ENGRAFTMENT', days.infusion + 21, clock(14), `Day +21 without engraftment: the counts reach 500/µL on day +${reached} (cleared when their 3-day run is complete)`));
  }
  if (plan.planted.has('GRAFT_FAILURE_RISK')) {
    const note = 'Day +30 without neutrophil engraftment (primary graft failure risk), on red-cell and platelet transfusions; ANC ≥ 500/µL from day +32 (cleared on day +34)';
    problems.push(planted('GRAFT_FAILURE_RISK', days.infusion + 30, clock(14), note));
  }

  problems.push(...followUp(log, plan, days.infusion, { vegf, neuropathy, nerves, fluids, mProtein }));
  return { log, treatmentStart: utcTime(days.infusion, clock(14)), problems, ...(corrects && { correctedAccessionId: vegfAccession }) };
}

interface Markers {
  readonly vegf: VegfSeries;
  readonly neuropathy: ReturnType<typeof neuropathyCourse>;
  readonly nerves: NerveConductionSeries;
  readonly fluids: ReturnType<typeof fluidCourse>;
  readonly mProtein: ReturnType<typeof mProteinOf>;
}

/** Monthly clinic visits after day 0: VEGF every month, the rest quarterly or half-yearly. */
function followUp(log: CommandLog, plan: PatientPlan, infusion: Day, m: Markers): PlantedProblem[] {
  const { rng } = plan;
  const problems: PlantedProblem[] = [];
  const rebound = plan.planted.has('VEGF_REBOUND') ? rng.int(14, 18) : -1;
  const negativeFrom = rebound < 0 && rng.chance(0.75) ? rng.pick([6, 9, 12]) : Infinity;
  const weightLoss = rng.between(1, 4);
  for (let k = 1; ; k += 1) {
    const day = infusion + 30 * k + rng.int(-3, 3);
    if (day > plan.lastDay) break;
    const t = day - infusion;
    const value = k === rebound ? rng.int(720, 900) : k === rebound + 1 ? rng.int(610, 700) : m.vegf.at(t);
    log.vegf(day, clock(9), value, accession(day, rng));
    if (k === rebound) problems.push(planted('VEGF_REBOUND_SUSPECTED', day, clock(9), `VEGF ${value} pg/mL after normal values on treatment (cleared when confirmed)`));
    if (k === rebound + 1) problems.push(planted('VEGF_REBOUND', day, clock(9), `VEGF ${value} pg/mL at the next monthly visit confirms it; then normal again (one episode)`));
    if (k % 3 === 0) {
      log.immunofixation(day, clock(9), k >= negativeFrom ? undefined : m.mProtein);
      log.vitals(day, clock(9, 30), { heartRateBpm: rng.int(62, 84), systolicMmHg: rng.int(110, 138), diastolicMmHg: rng.int(62, 84) });
      const onls = onlsAt(m.neuropathy, t);
      log.onls(day, clock(10), onls.arm, onls.leg);
      log.performanceStatus(day, clock(10, 5), ecogFromLegScore(onls.leg));
      log.edema(day, clock(10, 15), edemaAt(m.fluids, t));
    }
    // One patient misses the one-year nerve conduction study; the next, at 18 months, is late for it.
    const skipped = k === 12 && plan.planted.has('ASSESSMENT_OVERDUE');
    if (skipped) problems.push(planted('ASSESSMENT_OVERDUE', infusion + 360 + 42, clock(14), 'No nerve conduction in the window of month 12 (day 360 ± 42); the 18-month study is late for it'));
    if (k % 6 === 0 && !skipped) {
      const weightKg = round1(plan.weightKg - weightLoss + Math.min(2, k / 12) + rng.between(-0.5, 0.5));
      log.bodyMeasurement(day, clock(9, 15), plan.heightCm, weightKg);
      const ncs = m.nerves.at(t);
      log.nerveConduction(day, clock(11), ncs.cmap, ncs.velocity, ncs.fWave);
    }
    if (k === 6 || k % 12 === 0) log.ctEffusion(day, clock(14), effusionsAt(m.fluids, t));
  }
  return problems;
}
