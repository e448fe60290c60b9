import { ageBandFor, bodySurfaceArea, protocolDexamethasoneDoseMg, protocolThalidomideDose, SEED_PROTOCOL } from '@poems/protocol';
import { clock, type Day, utcTime } from './calendar';
import { accession, enrolWithBaseline, mProteinOf, planted } from './baseline';
import { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';
import { type CourseResult, roundTo } from './course-result';
import { edemaAt, effusionsAt, fluidCourse, NerveConductionSeries, neuropathyCourse, onlsAt, ramp, VegfSeries } from './disease-course';
import { round1 } from './people';
import { ecogFromLegScore } from './performance-status';
import { SafetyProgramme } from './thalidomide-safety';
import { DEX_TIME, type ThalidomideVisit, thalidomideVisits } from './thalidomide-visits';

const P = SEED_PROTOCOL;
const DOSE_TIME = clock(10);

/** Dexamethasone as dispensed: the protocol dose for the BSA, rounded to half a milligram. */
function dexamethasoneMg(heightCm: number, weightKg: number, doseFactor: number): number {
  return roundTo(protocolDexamethasoneDoseMg(P, { doseFactor }, bodySurfaceArea(heightCm, weightKg, P.bsaFormula)), 0.5);
}

/** Thalidomide start dose, escalation on day 14 (a planted one late, a held one after an adverse event). */
function startAndEscalate(log: CommandLog, plan: PatientPlan, start: Day, band: ReturnType<typeof ageBandFor>): { problems: PlantedProblem[]; escalatedOn: Day } {
  const startMg = protocolThalidomideDose(P, band, 'START');
  const escalatedMg = protocolThalidomideDose(P, band, 'ESCALATED');
  const escalationDay = P.thalidomide.escalationDay ?? 14;
  log.thalidomide(start, DOSE_TIME, startMg, 'Protocol start dose');
  if (plan.traits.has('ESCALATION_HELD_FOR_ADVERSE_EVENT')) {
    log.adverseEvent(start + 9, clock(12), 'Constipation', 2);
    log.thalidomide(start + 28, DOSE_TIME, escalatedMg, 'Escalation after constipation resolved');
    return { problems: [], escalatedOn: start + 28 };
  }
  if (plan.planted.has('THALIDOMIDE_ESCALATION_DUE')) {
    log.thalidomide(start + 24, DOSE_TIME, escalatedMg, 'Escalation (delayed: clinic visit postponed)');
    const note = `Still on ${startMg} mg/day on day ${escalationDay} with no adverse event; escalated on day 24`;
    return { problems: [planted('THALIDOMIDE_ESCALATION_DUE', start + escalationDay, DOSE_TIME, note)], escalatedOn: start + 24 };
  }
  log.thalidomide(start + escalationDay, DOSE_TIME, escalatedMg, 'Protocol escalation: 2 weeks without adverse events');
  return { problems: [], escalatedOn: start + escalationDay };
}

/** A slow VEGF responder's clock: a tenth of the usual pace for the first 7 months, then the usual pace. */
const SLOW_VEGF_UNTIL_DAY = 210;
const slowVegfTime = (t: number) => (t <= SLOW_VEGF_UNTIL_DAY ? t / 10 : SLOW_VEGF_UNTIL_DAY / 10 + (t - SLOW_VEGF_UNTIL_DAY));

/**
 * The visit whose VEGF is the six-month check (the protocol's responseCheckWindow): the sample
 * closest to the first dose's clock time on day nonResponseCheckDays, within ± 28 days; on a tie the later.
 */
function sixMonthCheck(visits: ReadonlyArray<ThalidomideVisit>, start: Day): ThalidomideVisit | undefined {
  const { nonResponseCheckDays } = P.vegfResponse;
  const { daysBefore, daysAfter } = P.vegfMonitoring.responseCheckWindow;
  const target = (start + nonResponseCheckDays) * 24 * 60 + DOSE_TIME.hour * 60 + DOSE_TIME.minute;
  const distance = (v: ThalidomideVisit) => Math.abs(v.day * 24 * 60 + 9 * 60 - target);
  const inWindow = visits.filter((v) => v.day >= start + nonResponseCheckDays - daysBefore && v.day <= start + nonResponseCheckDays + daysAfter);
  return inWindow.reduce<ThalidomideVisit | undefined>((best, v) => (best === undefined || distance(v) <= distance(best) ? v : best), undefined);
}

export function thalidomideCourse(plan: PatientPlan): CourseResult {
  const { rng, traits } = plan;
  const log = new CommandLog(plan.id, plan.lastDay);
  const problems: PlantedProblem[] = [];
  const band = ageBandFor(P, plan.age);
  const stableVegf = traits.has('STABLE_VEGF_ABOVE_NORMAL');
  const stable = plan.outcome === 'STABLE';
  const baselineVegf = stableVegf ? rng.int(3200, 5500) : rng.int(1600, 5650);
  const floor = stableVegf ? rng.int(800, 1000) : rng.int(150, Math.min(400, Math.round(baselineVegf * 0.15)));
  const vegf = new VegfSeries({ baseline: baselineVegf, floor, tauDays: stableVegf ? rng.between(40, 60) : rng.between(60, 100) }, rng);
  const onlsGain = stable ? 0 : plan.planted.has('NEUROPATHY_WORSENING') ? rng.int(2, 3) : rng.int(1, 3);
  const neuropathy = neuropathyCourse(rng, onlsGain, stable ? rng.between(0, 0.3) : rng.between(0.8, 2.5), 90, rng.int(360, 540));
  const nerves = new NerveConductionSeries(neuropathy, rng);
  const fluids = fluidCourse(rng, !stable);
  const mProtein = mProteinOf(rng);
  const heartRate = rng.int(66, 82);
  enrolWithBaseline(log, plan, { vegf: vegf.beforeTreatment(), mProtein, neuropathy, nerves, fluids, heartRate });

  const start = plan.enrolmentDay + rng.int(1, 7);
  const safety = new SafetyProgramme(log, plan, start);
  const startMg = protocolThalidomideDose(P, band, 'START');
  safety.beforeFirstDose(startMg);
  const { problems: escalation, escalatedOn } = startAndEscalate(log, plan, start, band);
  problems.push(...escalation);
  safety.afterFirstDose();
  const visits = thalidomideVisits(plan, start);
  problems.push(...visits.problems);
  let reducedMg: number | undefined;
  const currentMg = (day: Day) => reducedMg ?? (day >= escalatedOn ? protocolThalidomideDose(P, band, 'ESCALATED') : startMg);
  const negativeFrom = !stable && rng.chance(0.6) ? rng.int(3, 8) * 3 : Infinity;
  const weightLoss = stable ? rng.between(0, 1.5) : rng.between(1, 4);
  const hrDecline = rng.between(4, 10);
  let weightKg = plan.weightKg;
  let bestOnls = Infinity;
  let regimenEndedAt: string | undefined;
  const slowVegf = plan.planted.has('VEGF_NON_RESPONSE');
  const check = slowVegf ? sixMonthCheck(visits.list, start) : undefined;
  let startVegf = 0;

  for (const visit of visits.list) {
    const { k, day } = visit;
    const t = day - start;
    const vegfValue = k === 0 ? vegf.beforeTreatment() : vegf.at(slowVegf ? slowVegfTime(t) : t);
    log.vegf(day, clock(9), vegfValue, accession(day, rng));
    if (k === 0) startVegf = vegfValue;
    if (visit === check) {
      const note = `VEGF ${vegfValue} pg/mL at the six-month check, ${Math.round((100 * vegfValue) / startVegf)}% of the baseline ${startVegf}: a slow responder (cleared when it falls to half; normal later)`;
      problems.push(planted('VEGF_NON_RESPONSE', day, clock(9), note));
    }
    // Weighed at every cycle visit: the dexamethasone dose is judged on a weight of the day (issue 16 item 11).
    if (k > 0 && (visit.onRegimen || k % 6 === 0)) {
      weightKg = round1(plan.weightKg - weightLoss * ramp(t, 0, 180) + rng.between(-0.5, 0.5));
      log.bodyMeasurement(day, clock(9, 15), plan.heightCm, weightKg);
    }
    if (visit.onRegimen || k % 3 === 0) {
      const trend = Math.round(heartRate - hrDecline * ramp(t, 0, 120)) + rng.int(-3, 3);
      const heartRateBpm = visit.heartRate ?? Math.max(54, trend);
      log.vitals(day, clock(9, 30), { heartRateBpm, systolicMmHg: rng.int(110, 140), diastolicMmHg: rng.int(62, 86) });
    }
    if (visit.reduceThalidomide) reducedMg = startMg;
    const tested = safety.atVisit(visit, currentMg(day));
    // A positive urine test holds thalidomide and the cycle until serum hCG comes back negative two days later.
    const dexDay = tested ? day : day + 2;
    if (!tested) {
      log.thalidomide(day, clock(9, 30), 0, 'Positive urine pregnancy test: held pending serum hCG');
      safety.afterFalsePositive(dexDay, currentMg(dexDay));
      log.thalidomide(dexDay, clock(11), currentMg(dexDay), 'Serum hCG negative: urine test was a false positive');
    }
    if (visit.dexamethasone) {
      const factor = visit.dexamethasone === 'FULL_DOSE_IN_ERROR' ? 1 : band.doseFactor;
      log.dexamethasone(dexDay, DEX_TIME, dexamethasoneMg(plan.heightCm, weightKg, factor));
    }
    if (visit.heartRate !== undefined) log.adverseEvent(day, clock(9, 30), 'Sinus bradycardia', 2);
    if (visit.severeAdverseEvent) log.adverseEvent(day, clock(12), 'Constipation', 3, day + 10);
    if (visit.onlsWorsening && visit.reduceThalidomide) log.adverseEvent(day, clock(10), 'Peripheral sensory neuropathy', 2);
    if (visit.reduceThalidomide) log.thalidomide(day, clock(11), startMg, visit.reduceThalidomide);
    if ((k > 0 && k % 3 === 0) || visit.onlsWorsening) {
      const onls = onlsAt(neuropathy, t);
      const worse = visit.onlsWorsening ? bestOnls + 2 - (onls.arm + onls.leg) : 0;
      const leg = Math.min(7, onls.leg + worse);
      log.onls(day, clock(10), onls.arm + worse - (leg - onls.leg), leg);
      log.performanceStatus(day, clock(10, 5), ecogFromLegScore(leg));
      if (!visit.onlsWorsening) bestOnls = Math.min(bestOnls, onls.arm + onls.leg);
      log.edema(day, clock(10, 15), edemaAt(fluids, t));
      log.immunofixation(day, clock(9), k >= negativeFrom ? undefined : mProtein);
    }
    if (k > 0 && k % 6 === 0) {
      const ncs = nerves.at(t);
      log.nerveConduction(day, clock(11), ncs.cmap, ncs.velocity, ncs.fWave);
    }
    if (k === 6 || (k > 0 && k % 12 === 0)) log.ctEffusion(day, clock(14), effusionsAt(fluids, t));
    if (visit.endRegimenOn !== undefined) {
      const end = visit.endRegimenOn;
      log.thalidomide(end, clock(11), 0, 'Planned two-year course completed');
      log.endRegimen(end, clock(11), 'Planned two-year course completed; VEGF normal, neuropathy improved');
      safety.atEnd(end);
      regimenEndedAt = utcTime(end, clock(11));
    }
  }
  return { log, treatmentStart: utcTime(start, DOSE_TIME), problems: [...problems, ...safety.problems], ...(regimenEndedAt && { regimenEndedAt }) };
}
