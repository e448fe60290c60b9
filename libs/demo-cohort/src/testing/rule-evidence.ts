import { addDays, isAfter, isBefore, toMs, type IsoTime } from '@poems/kernel';
import { labsOf, milestoneOf, protocolOf, regimenDexamethasone, thalidomideDoseAt, treatmentStart, type PatientState } from '@poems/patient';
import { safetyEvidence } from './safety-evidence';

/**
 * Test-only: where the alert rules would fire on a folded patient, written from their
 * stated semantics and erring towards firing (several readings of "baseline" or "6 months" are
 * all checked), so a cohort that passes raises no alert it did not plant on purpose.
 */
export interface Evidence {
  readonly patientId: string;
  readonly rule: string;
  readonly clinicalTime: IsoTime;
}

const inWindow = (t: IsoTime, from: IsoTime, to: IsoTime) => !isBefore(t, from) && !isAfter(t, to);

export function ruleEvidence(state: PatientState, now: IsoTime): Evidence[] {
  const protocol = protocolOf(state);
  if (!state.enrolment || !protocol) return [];
  const patientId = state.enrolment.patientId;
  const found: Evidence[] = [];
  const fire = (rule: string, clinicalTime: IsoTime) => found.push({ patientId, rule, clinicalTime });
  const start = treatmentStart(state);

  // DEX_CYCLE_MISSED: next dose due a cycle after the previous; missed when none by due + grace.
  const { cycleLengthDays, graceDays } = protocol.dexamethasone;
  const doses = state.dexamethasone.map((d) => d.givenAt);
  doses.forEach((givenAt, i) => {
    const deadline = addDays(givenAt, cycleLengthDays + graceDays);
    const next = doses[i + 1] ?? (state.ended ? state.ended.endedAt : now);
    if (isAfter(next, deadline)) fire('DEX_CYCLE_MISSED', addDays(givenAt, cycleLengthDays));
  });

  // VEGF_REBOUND: at or above the limit after a normal value on treatment; re-armed when normal.
  const vegf = labsOf(state, 'VEGF').filter((l) => typeof l.value === 'number');
  let seenNormal = false;
  let inEpisode = false;
  for (const lab of vegf.filter((l) => start !== undefined && !isBefore(l.collectedAt, start))) {
    if ((lab.value as number) < (lab.upperLimitOfNormal ?? 600)) {
      seenNormal = true;
      inEpisode = false;
    } else if (seenNormal && !inEpisode) {
      inEpisode = true;
      fire('VEGF_REBOUND', lab.collectedAt);
    }
  }

  // VEGF_NON_RESPONSE: < 50% fall at 6 months against any pre-treatment value, either side of the day.
  if (start !== undefined) {
    const check = addDays(start, protocol.vegfResponse.nonResponseCheckDays);
    const before = vegf.filter((l) => isBefore(l.collectedAt, start)).map((l) => l.value as number);
    const around = [vegf.filter((l) => !isAfter(l.collectedAt, check)).at(-1), vegf.find((l) => isAfter(l.collectedAt, check))];
    const baseline = Math.min(...before);
    if (!isAfter(check, now) && around.some((l) => l && !isBefore(l.collectedAt, start) && (l.value as number) > baseline * (1 - protocol.vegfResponse.minFallFraction))) {
      fire('VEGF_NON_RESPONSE', check);
    }
  }

  // THALIDOMIDE_ESCALATION_DUE: still on the start dose at the escalation day, no adverse event since the start.
  const first = state.thalidomide.find((t) => t.mgPerDay > 0);
  if (first && protocol.thalidomide.escalationDay !== null) {
    const due = addDays(first.effectiveAt, protocol.thalidomide.escalationDay);
    const adverse = state.adverseEvents.some((a) => inWindow(a.onsetAt, first.effectiveAt, due));
    if (!isAfter(due, now) && thalidomideDoseAt(state, due) <= first.mgPerDay && !adverse) fire('THALIDOMIDE_ESCALATION_DUE', due);
  }

  // DOSE_OFF_PROTOCOL and ARM_MISMATCH, as the decider recorded them.
  const doseEntries = [
    ...state.thalidomide.map((e) => ({ at: e.effectiveAt, within: e.withinTolerance, onArm: e.onProtocolArm })),
    ...regimenDexamethasone(state).map((e) => ({ at: e.givenAt, within: e.withinTolerance, onArm: e.onProtocolArm })),
    ...state.milestones.map((e) => ({ at: e.occurredAt, within: e.withinTolerance, onArm: e.onProtocolArm })),
  ];
  for (const e of doseEntries) {
    if (e.within === false) fire('DOSE_OFF_PROTOCOL', e.at);
    if (e.onArm === false) fire('ARM_MISMATCH', e.at);
  }

  // NEUROPATHY_WORSENING: ONLS +1 or CMAP -30% against the best value on thalidomide.
  if (state.enrolment.arm === 'THALIDOMIDE_DEXAMETHASONE' && start !== undefined) {
    let bestOnls = Infinity;
    let bestCmap = 0;
    let worse = false;
    for (const a of state.assessments.filter((x) => !isBefore(x.assessedAt, start))) {
      const onlsWorse = a.kind === 'ONLS' && a.score >= bestOnls + protocol.neuropathy.onlsWorseningPoints;
      const cmapWorse = a.kind === 'NERVE_CONDUCTION' && a.cmapAmplitudeMv <= bestCmap * (1 - protocol.neuropathy.cmapDropFraction);
      if ((onlsWorse || cmapWorse) && !worse) fire('NEUROPATHY_WORSENING', a.assessedAt);
      if (a.kind === 'ONLS') {
        worse = onlsWorse;
        bestOnls = Math.min(bestOnls, a.score);
      }
      if (a.kind === 'NERVE_CONDUCTION') bestCmap = Math.max(bestCmap, a.cmapAmplitudeMv);
    }
  }

  // BRADYCARDIA, for any patient (it only matters on thalidomide, but none else should have it).
  for (const a of state.assessments) {
    if (a.kind === 'VITALS' && a.heartRateBpm !== undefined && a.heartRateBpm < protocol.bradycardiaBelowBpm) fire('BRADYCARDIA', a.assessedAt);
  }

  transplantEvidence(state, now, fire);
  safetyEvidence(state, protocol, now, fire);
  return found.sort((a, b) => toMs(a.clinicalTime) - toMs(b.clinicalTime) || a.rule.localeCompare(b.rule));
}

function transplantEvidence(state: PatientState, now: IsoTime, fire: (rule: string, at: IsoTime) => void): void {
  const protocol = protocolOf(state)!;
  const t = protocol.transplant;
  const apheresis = milestoneOf(state, 'APHERESIS');
  if (apheresis?.cd34BelowMinimum) fire('LOW_CD34_YIELD', apheresis.occurredAt);
  const conditioning = milestoneOf(state, 'CONDITIONING');
  if (apheresis && isAfter(conditioning?.occurredAt ?? now, addDays(apheresis.occurredAt, t.conditioningDueDaysAfterApheresis))) {
    fire('PBSCT_MILESTONE_OVERDUE', addDays(apheresis.occurredAt, t.conditioningDueDaysAfterApheresis));
  }
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  const neutrophils = milestoneOf(state, 'NEUTROPHIL_ENGRAFTMENT');
  if (infusion && isAfter(neutrophils?.occurredAt ?? now, addDays(infusion.occurredAt, t.neutrophilEngraftmentExpectedByDay))) {
    fire('GRAFT_FAILURE_RISK', addDays(infusion.occurredAt, t.neutrophilEngraftmentExpectedByDay));
  }
  // ENGRAFTMENT_SYNDROME_SUSPECTED: any fever in the window counts, with or without a second sign.
  if (neutrophils) {
    const [before, after] = protocol.engraftmentSyndrome.windowDaysAroundEngraftment;
    const from = addDays(neutrophils.occurredAt, before - 1);
    const to = addDays(neutrophils.occurredAt, after + 1);
    for (const a of state.assessments) {
      if (a.kind === 'VITALS' && (a.temperatureC ?? 0) >= protocol.engraftmentSyndrome.feverC && inWindow(a.assessedAt, from, to)) {
        fire('ENGRAFTMENT_SYNDROME_SUSPECTED', a.assessedAt);
      }
    }
  }
}
