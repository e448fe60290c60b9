import { addCalendarDays, localDate, type TimeZone } from '@poems/kernel';
import { dexamethasoneCycles, regimenDexamethasone, type MilestoneEntry, type RegimenDexamethasoneEntry, type ThalidomideEntry } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num, type RuleContext } from '../rule-support';
import { neuropathyEventsBy, openAt, safetyEpisodes } from './thalidomide-conditions';

const offProtocol = (episodeKey: string, eventId: string, clinicalTime: string, summary: string): AlertFinding =>
  finding({ rule: 'DOSE_OFF_PROTOCOL', severity: 'warning', episodeKey, clinicalTime, summary, evidence: [eventId] });

/** "on a weight 45 days old" / "weight changed 12%": a dose judged on a stale weight says so (issue 16 item 11). */
function basisNote(d: { basisStale?: ReadonlyArray<string>; weightAgeDays?: number; weightChangeFraction?: number }): string {
  if (!d.basisStale) return '';
  const notes = [
    ...(d.weightAgeDays !== undefined ? [`weight ${d.weightAgeDays} days old`] : []),
    ...(d.weightChangeFraction !== undefined ? [`weight changed ${Math.round(d.weightChangeFraction * 100)}%`] : []),
  ];
  return `; ${notes.join(', ')}`;
}

function thalidomideFinding(t: ThalidomideEntry, zone: TimeZone): AlertFinding {
  const why = t.aboveProtocolMaximum ? 'above the protocol maximum' : `protocol dose ${num(t.protocolMgPerDay)} mg/day`;
  const summary = `Thalidomide ${num(t.mgPerDay)} mg/day from ${day(t.effectiveAt, zone)} (${t.phase.toLowerCase()}); ${why}`;
  return offProtocol(t.eventId, t.eventId, t.effectiveAt, summary);
}

function dexamethasoneFinding(d: RegimenDexamethasoneEntry, zone: TimeZone): AlertFinding {
  const summary =
    `Dexamethasone ${num(d.doseMg)} mg given ${day(d.givenAt, zone)}; ` +
    `protocol dose ${num(d.protocolDoseMg)} mg (${num(d.mgPerM2)} mg/m² × ${num(d.bsaM2)} m²)${basisNote(d)}`;
  return offProtocol(d.eventId, d.eventId, d.givenAt, summary);
}

function transplantDrugFinding(m: MilestoneEntry, zone: TimeZone): AlertFinding | undefined {
  const given =
    m.cyclophosphamideMg !== undefined
      ? { drug: 'Cyclophosphamide', mg: m.cyclophosphamideMg }
      : m.melphalanMg !== undefined
        ? { drug: 'Melphalan', mg: m.melphalanMg }
        : undefined;
  if (!given || m.protocolDoseMg === undefined) return undefined;
  const basis = m.bsaM2 === undefined ? '' : ` for ${num(m.bsaM2)} m²`;
  const summary = `${given.drug} ${num(given.mg)} mg given ${day(m.occurredAt, zone)}; protocol total ${num(m.protocolDoseMg)} mg${basis}${basisNote(m)}`;
  return offProtocol(m.eventId, m.eventId, m.occurredAt, summary);
}

const EXTRA_WHY = {
  SAME_DAY: 'a second dose that day',
  BEYOND_SCHEDULE: 'beyond the days of its cycle',
  EARLY_CYCLE: 'a cycle started early',
} as const;

/** Regimen doses that are more than their cycle gives (issue 16 item 8): the same day twice, past the schedule, or a cycle started early. */
function extraDoseFindings({ state, zone }: RuleContext): AlertFinding[] {
  return dexamethasoneCycles(state)
    .doses.filter((d) => d.extra !== undefined && d.dose.onProtocolArm)
    .map(({ dose, extra, cycleNumber, cycleDay }) => {
      const summary = `Dexamethasone ${num(dose.doseMg)} mg on ${day(dose.givenAt, zone)} (cycle ${cycleNumber} day ${cycleDay}): extra dose, ${EXTRA_WHY[extra!]}`;
      return offProtocol(`extra:${dose.eventId}`, dose.eventId, dose.givenAt, summary);
    });
}

/**
 * Escalations given against the protocol's conditions (issue 16 item 10): before the escalation
 * day, while a safety alert (BRADYCARDIA, NEUROPATHY_WORSENING, FEBRILE_NEUTROPENIA) was open, or after a neuropathy
 * adverse event of thalidomideEscalation.forbiddenFromNeuropathyGrade or worse.
 */
function escalationFindings({ state, protocol, now, zone }: RuleContext): AlertFinding[] {
  const first = state.thalidomide.find((t) => t.mgPerDay > 0);
  if (!first) return [];
  const { escalationDay } = protocol.thalidomide;
  const episodes = safetyEpisodes(state, now);
  const grade = protocol.thalidomideEscalation.forbiddenFromNeuropathyGrade;
  return state.thalidomide
    .filter((t) => t.phase === 'ESCALATION' && t.onProtocolArm)
    .flatMap((t) => {
      const earliest = escalationDay === null ? undefined : addCalendarDays(localDate(first.effectiveAt, zone), escalationDay);
      const early = earliest !== undefined && localDate(t.effectiveAt, zone) < earliest && t.previousMgPerDay === first.mgPerDay;
      const open = openAt(episodes, t.effectiveAt);
      const neuropathy = neuropathyEventsBy(state, grade, t.effectiveAt);
      const why = [
        ...(early ? [`before day ${escalationDay}`] : []),
        ...(open.length > 0 ? [`while ${[...new Set(open.map((e) => e.rule))].join(', ')} open`] : []),
        ...(neuropathy.length > 0 ? [`after grade ${neuropathy.at(-1)!.grade} neuropathy ${day(neuropathy.at(-1)!.onsetAt, zone)}`] : []),
      ];
      if (why.length === 0) return [];
      const summary = `Thalidomide escalated to ${num(t.mgPerDay)} mg/day on ${day(t.effectiveAt, zone)} ${why.join(', ')}`;
      return [
        finding({
          rule: 'DOSE_OFF_PROTOCOL',
          severity: 'warning',
          episodeKey: `escalation:${t.eventId}`,
          clinicalTime: t.effectiveAt,
          summary,
          evidence: [t.eventId, ...open.flatMap((e) => e.evidence), ...neuropathy.map((ae) => ae.eventId)],
        }),
      ];
    });
}

/**
 * DOSE_OFF_PROTOCOL (warning). A dose the protocol does not give, while on the patient's arm:
 * a thalidomide change (> 0 mg/day) out of tolerance (unless a documented reduction: below the
 * protocol dose with a reason) or above the protocol maximum; a regimen dexamethasone dose out of
 * tolerance, or extra within its cycle; a transplant drug total out of tolerance; an escalation
 * against the protocol's conditions. Supportive dexamethasone is never judged. Off-arm doses are
 * ARM_MISMATCH's. One episode per dose (and reason); a correction that removes it removes the finding.
 */
export const doseOffProtocol = defineRule((context) => {
  const { state, zone } = context;
  const thalidomide = state.thalidomide
    .filter((t) => t.mgPerDay > 0 && t.onProtocolArm && (t.aboveProtocolMaximum || (!t.withinTolerance && !t.documentedReduction)))
    .map((t) => thalidomideFinding(t, zone));
  const dexamethasone = regimenDexamethasone(state)
    .filter((d) => !d.withinTolerance && d.onProtocolArm)
    .map((d) => dexamethasoneFinding(d, zone));
  const transplant = state.milestones
    .filter((m) => m.withinTolerance === false && m.onProtocolArm)
    .flatMap((m) => transplantDrugFinding(m, zone) ?? []);
  return evaluation([...thalidomide, ...dexamethasone, ...extraDoseFindings(context), ...transplant, ...escalationFindings(context)]);
});
