import { addDays, isAfter, isBefore, toMs, type IsoTime } from '@poems/kernel';
import { protocolOf, regimenDexamethasone, thalidomideDoseAt, treatmentStart, type PatientState } from '@poems/patient';
import { assessmentEvidence } from './assessment-evidence';
import { safetyEvidence } from './safety-evidence';
import { transplantEvidence } from './transplant-evidence';
import { vegfEvidence } from './vegf-evidence';

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
  const doses = regimenDexamethasone(state).map((d) => d.givenAt);
  doses.forEach((givenAt, i) => {
    const deadline = addDays(givenAt, cycleLengthDays + graceDays);
    const next = doses[i + 1] ?? (state.ended ? state.ended.endedAt : now);
    if (isAfter(next, deadline)) fire('DEX_CYCLE_MISSED', addDays(givenAt, cycleLengthDays));
  });

  // THALIDOMIDE_ESCALATION_DUE: no dose change by the escalation day (a stop is a change: nothing is left to
  // escalate) and no adverse event since the start.
  const first = state.thalidomide.find((t) => t.mgPerDay > 0);
  if (first && protocol.thalidomide.escalationDay !== null) {
    const due = addDays(first.effectiveAt, protocol.thalidomide.escalationDay);
    const adverse = state.adverseEvents.some((a) => inWindow(a.onsetAt, first.effectiveAt, due));
    const changed = state.thalidomide.some((t) => isAfter(t.effectiveAt, first.effectiveAt) && !isAfter(t.effectiveAt, due) && t.mgPerDay !== first.mgPerDay);
    if (!isAfter(due, now) && !changed && thalidomideDoseAt(state, due) <= first.mgPerDay && !adverse) fire('THALIDOMIDE_ESCALATION_DUE', due);
  }

  // DOSE_OFF_PROTOCOL and ARM_MISMATCH, as the decider recorded them. ARM_MISMATCH: the first drug
  // given off the arm (thalidomide above 0 mg/day: a stop gives nothing) and the first transplant step
  // off it, once each.
  const drugs = [
    ...state.thalidomide.map((e) => ({ at: e.effectiveAt, within: e.withinTolerance, onArm: e.onProtocolArm, given: e.mgPerDay > 0 })),
    ...regimenDexamethasone(state).map((e) => ({ at: e.givenAt, within: e.withinTolerance, onArm: e.onProtocolArm, given: true })),
  ];
  const steps = state.milestones.map((e) => ({ at: e.occurredAt, within: e.withinTolerance, onArm: e.onProtocolArm, given: true }));
  for (const entries of [drugs, steps]) {
    for (const e of entries) if (e.within === false) fire('DOSE_OFF_PROTOCOL', e.at);
    const offArm = entries.filter((e) => e.onArm === false && e.given).sort((a, b) => toMs(a.at) - toMs(b.at))[0];
    if (offArm) fire('ARM_MISMATCH', offArm.at);
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

  // Issues 12 and 16: transplant, VEGF and scheduled assessments.
  transplantEvidence(state, now, fire);
  vegfEvidence(state, fire);
  assessmentEvidence(state, now, fire);
  safetyEvidence(state, protocol, now, fire);
  return found.sort((a, b) => toMs(a.clinicalTime) - toMs(b.clinicalTime) || a.rule.localeCompare(b.rule));
}
