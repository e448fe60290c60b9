import { addCalendarDays, addDays, clinicDaysBetween, endOfClinicDayAfter, isAfter, isBefore, localDate, toMs, type IsoTime, type TimeZone } from '@poems/kernel';
import { clinicZoneOf, labsOf, milestoneOf, milestonesOf, protocolOf, regimenDexamethasone, type PatientState } from '@poems/patient';

/**
 * Test-only: where the transplant rules of issues 12 and 16 would fire, written again from their
 * stated semantics and erring towards firing (fevers from 38.0 °C, diarrhoea as a sign, 2 days of
 * disagreement), so a cohort that passes raises no transplant alert it did not plant on purpose.
 * Days are the patient's clinic days, as the rules count them (issue 16 item 9).
 */
type Fire = (rule: string, at: IsoTime) => void;
const HOUR = 3_600_000;

/** Clinic days after `from` whose every count passes, in runs of 3 consecutive days after a failing day. */
function runs(state: PatientState, zone: TimeZone, test: 'ANC' | 'PLATELETS', from: IsoTime, ok: (v: number) => boolean, afterNadir: boolean): Array<{ first: IsoTime; last: IsoTime }> {
  const days = new Map<string, { at: IsoTime; ok: boolean }>();
  const dayOf = (t: IsoTime) => localDate(t, zone);
  const nextDay = (d: string) => addCalendarDays(d, 1);
  for (const l of labsOf(state, test).filter((x) => !isBefore(x.collectedAt, from))) {
    const d = days.get(dayOf(l.collectedAt));
    days.set(dayOf(l.collectedAt), { at: d?.at ?? l.collectedAt, ok: (d?.ok ?? true) && ok(l.value as number) });
  }
  const list = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const found: Array<{ first: IsoTime; last: IsoTime }> = [];
  let armed = !afterNadir;
  list.forEach(([d, v], i) => {
    if (!v.ok) return void (armed = true);
    const [d2, v2] = list[i + 1] ?? [];
    const [d3, v3] = list[i + 2] ?? [];
    if (armed && v2?.ok && v3?.ok && d2 === nextDay(d) && d3 === nextDay(d2!)) found.push({ first: v.at, last: v3.at });
  });
  return found;
}

export function transplantEvidence(state: PatientState, now: IsoTime, fire: Fire): void {
  const protocol = protocolOf(state)!;
  const enrolment = state.enrolment!;
  const zone = clinicZoneOf(enrolment);
  // Due by the end of the clinic day `days` after `from`; an alert is dated at `from`'s clock time that day.
  const late = (from: IsoTime, days: number, at: IsoTime | undefined) => isAfter(at ?? now, endOfClinicDayAfter(from, days, zone));
  // Supportive dexamethasone (an antiemetic) is no treatment start, nor is a drug or step off the arm (ARM_MISMATCH's).
  const treatments = [
    ...state.thalidomide.filter((t) => t.mgPerDay > 0 && t.onProtocolArm).map((t) => t.effectiveAt),
    ...regimenDexamethasone(state).filter((d) => d.onProtocolArm).map((d) => d.givenAt),
    ...state.milestones.filter((m) => m.onProtocolArm).map((m) => m.occurredAt),
  ].sort();
  const firstDays = protocol.transplantSteps.firstTreatmentDueDaysAfterEnrolment[enrolment.arm];
  if (late(enrolment.enrolledAt, firstDays, treatments[0])) fire('TREATMENT_NOT_STARTED', addDays(enrolment.enrolledAt, firstDays));

  const overdue = (after: IsoTime | undefined, days: number, next: IsoTime | undefined) => {
    if (after && late(after, days, next)) fire('PBSCT_MILESTONE_OVERDUE', addDays(after, days));
  };
  const aphereses = milestonesOf(state, 'APHERESIS');
  overdue(milestoneOf(state, 'MOBILISATION')?.occurredAt, protocol.transplantSteps.apheresisDueDaysAfterMobilisation, aphereses[0]?.occurredAt);
  overdue(aphereses.at(-1)?.occurredAt, protocol.transplant.conditioningDueDaysAfterApheresis, milestoneOf(state, 'CONDITIONING')?.occurredAt);
  overdue(milestoneOf(state, 'CONDITIONING')?.occurredAt, protocol.transplantSteps.infusionDueDaysAfterConditioning, milestoneOf(state, 'STEM_CELL_INFUSION')?.occurredAt);
  const yields = aphereses.filter((a) => a.cd34PerKg !== undefined);
  if (yields.length > 0 && yields.reduce((s, a) => s + a.cd34PerKg!, 0) < protocol.transplant.cd34MinPerKg) fire('LOW_CD34_YIELD', yields[0]!.occurredAt);

  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  if (!infusion) return;
  const counted = runs(state, zone, 'ANC', infusion.occurredAt, (v) => v >= 500, true)[0];
  const recorded = milestoneOf(state, 'NEUTROPHIL_ENGRAFTMENT');
  const engraftedAt = counted?.first ?? recorded?.occurredAt;
  const knownAt = counted?.last ?? recorded?.occurredAt ?? now;
  for (const [rule, byDay] of [['GRAFT_FAILURE_RISK', protocol.transplant.neutrophilEngraftmentExpectedByDay], ['DELAYED_ENGRAFTMENT', protocol.engraftment.delayedNeutrophilAfterDay]] as const) {
    if (late(infusion.occurredAt, byDay, knownAt)) fire(rule, addDays(infusion.occurredAt, byDay));
  }
  // Platelets (ASTCT, as the protocol states it): no platelet transfusion from the clinic day transfusionFreeDays before the run's first day to its last.
  const { atLeastPerUl, transfusionFreeDays } = protocol.engraftment.platelet;
  const transfused = state.transfusions.filter((t) => t.product === 'PLATELETS').map((t) => localDate(t.givenAt, zone));
  const untransfused = (run: { first: IsoTime; last: IsoTime }) => {
    const from = addCalendarDays(localDate(run.first, zone), -transfusionFreeDays);
    return !transfused.some((d) => d >= from && d <= localDate(run.last, zone));
  };
  const platelets = runs(state, zone, 'PLATELETS', infusion.occurredAt, (v) => v >= atLeastPerUl, true).filter(untransfused)[0];
  const plateletRecord = milestoneOf(state, 'PLATELET_ENGRAFTMENT');
  for (const [count, record] of [[counted, recorded], [platelets, plateletRecord]] as const) {
    if (count && record && Math.abs(clinicDaysBetween(count.first, record.occurredAt, zone)) >= 2) fire('ENGRAFTMENT_DISAGREEMENT', toMs(record.occurredAt) > toMs(count.last) ? record.occurredAt : count.last);
  }
  if (counted) for (const fall of runs(state, zone, 'ANC', addDays(counted.last, 0.001), (v) => v < 500, false).slice(0, 1)) fire('SECONDARY_GRAFT_FAILURE', fall.last);

  // Fevers from 38.0 °C (leaning towards firing) and fever adverse events; the nearest ANC within 48 h.
  const fevers = [
    ...state.assessments.filter((a) => a.kind === 'VITALS' && (a.temperatureC ?? 0) >= 38).map((a) => a.assessedAt),
    ...state.adverseEvents.filter((e) => /fever|pyrexia|febrile/i.test(e.term)).map((e) => e.onsetAt),
  ].sort();
  const ancNear = (t: IsoTime) =>
    labsOf(state, 'ANC')
      .filter((l) => Math.abs(toMs(l.collectedAt) - toMs(t)) <= 48 * HOUR)
      .sort((a, b) => Math.abs(toMs(a.collectedAt) - toMs(t)) - Math.abs(toMs(b.collectedAt) - toMs(t)))[0]?.value as number | undefined;
  let neutropenicEpisodeOpen = false;
  for (const t of fevers) {
    const anc = ancNear(t);
    const recoveredSince = labsOf(state, 'ANC').some((l) => (l.value as number) >= 500 && isBefore(l.collectedAt, t));
    if (anc !== undefined && anc < 500 && (!neutropenicEpisodeOpen || recoveredSince)) fire('FEBRILE_NEUTROPENIA', t);
    neutropenicEpisodeOpen = anc !== undefined && anc < 500;
  }
  if (engraftedAt) {
    const from = addDays(engraftedAt, -6);
    const to = addDays(engraftedAt, 6);
    const inWindow = (t: IsoTime) => !isBefore(t, from) && !isAfter(t, to);
    const fever = fevers.find((t) => inWindow(t) && (ancNear(t) ?? 0) >= 500);
    const sign = state.adverseEvents.find((e) => inWindow(e.onsetAt) && /rash|eryth|infiltrat|hypox|oedema|edema|diarrh|weight/i.test(e.term));
    if (fever && sign) fire('ENGRAFTMENT_SYNDROME_SUSPECTED', toMs(fever) > toMs(sign.onsetAt) ? fever : sign.onsetAt);
  }
}
