import { addCalendarDays, endOfLocalDay, isBefore, localDate, maxIso, startOfLocalDay, toMs, type IsoTime, type TimeZone } from '@poems/kernel';
import { latestBodyMeasurementAt, milestoneOf, type PatientState } from '@poems/patient';
import { roundSignificant, type ProtocolDefinition } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, namesAny, num, shortText } from '../rule-support';
import { keepWhatWasShown, type WindowMover } from './as-recorded';
import { ancNear, neutrophilEngraftment, within } from './blood-counts';
import { ancMovers } from './febrile-neutropenia';
import { fevers } from './fevers';

interface Sign {
  readonly at: IsoTime;
  readonly eventId: string;
  readonly label: string;
}

const earliest = <T extends { at: IsoTime }>(items: T[]): T | undefined => items.sort((a, b) => toMs(a.at) - toMs(b.at))[0];

function syndromeFindings(state: PatientState, protocol: ProtocolDefinition, zone: TimeZone): AlertFinding[] {
  const infusion = milestoneOf(state, 'STEM_CELL_INFUSION');
  if (!infusion) return [];
  const engraftment = neutrophilEngraftment(state, protocol, infusion, zone).effective;
  if (!engraftment) return [];
  // Whole clinic days around the engraftment day (issue 16 item 9), never before the infusion.
  const [before, after] = protocol.engraftmentSyndrome.windowDaysAroundEngraftment;
  const engraftedOn = localDate(engraftment.at, zone);
  const from = maxIso(infusion.occurredAt, startOfLocalDay(addCalendarDays(engraftedOn, before), zone));
  const to = endOfLocalDay(addCalendarDays(engraftedOn, after), zone);
  const inWindow = (t: IsoTime) => within(t, from, to);
  const criteria = protocol.engraftment.syndrome;

  // No suspicion while neutropenic (Maiolino 2003): that fever is FEBRILE_NEUTROPENIA's. Without a
  // count near it, a fever before the engraftment date is taken as neutropenic.
  const neutropenic = (t: IsoTime) => {
    const anc = ancNear(state, t, criteria.ancWithinHours);
    return anc ? anc.value < criteria.ancAtLeastPerUl : isBefore(t, engraftment.at);
  };
  const infected = state.adverseEvents.some((e) => namesAny(e.term, criteria.infectionTerms) && inWindow(e.onsetAt));
  if (infected) return [];
  const fever = earliest(fevers(state, protocol, protocol.engraftmentSyndrome.feverC, false).filter((f) => inWindow(f.at) && !neutropenic(f.at)));
  const usual = latestBodyMeasurementAt(state, infusion.occurredAt);
  const heavy = usual && roundSignificant(usual.weightKg * (1 + criteria.weightGainFraction));
  const sign = earliest<Sign>([
    ...state.adverseEvents
      .filter((e) => namesAny(e.term, criteria.signTerms) && inWindow(e.onsetAt))
      .map((e) => ({ at: e.onsetAt, eventId: e.eventId, label: shortText(e.term, 30) })),
    ...state.bodyMeasurements
      .filter((m) => usual && heavy !== undefined && m.weightKg >= heavy && inWindow(m.measuredAt))
      .map((m) => ({ at: m.measuredAt, eventId: m.eventId, label: `weight ${num(m.weightKg)} kg (from ${num(usual?.weightKg ?? 0)})` })),
  ]);
  if (!fever || !sign) return [];
  const summary = `Fever ${fever.label} on ${day(fever.at, zone)} with ${sign.label} on ${day(sign.at, zone)}, ANC ≥ ${num(criteria.ancAtLeastPerUl)}: suspect engraftment syndrome, exclude infection`;
  return [
    finding({
      rule: 'ENGRAFTMENT_SYNDROME_SUSPECTED',
      severity: 'critical',
      episodeKey: infusion.eventId,
      clinicalTime: maxIso(fever.at, sign.at),
      summary,
      evidence: [...fever.evidence, sign.eventId],
    }),
  ];
}

/** Milestones and counts: the entries that place the engraftment window. */
function windowMovers(state: PatientState, zone: TimeZone): WindowMover[] {
  const milestones = state.milestones.map((m) => ({ recordedAt: m.recordedAt, clinicalTime: m.occurredAt, label: `${m.milestone.toLowerCase().replace(/_/g, ' ')} on ${day(m.occurredAt, zone)}` }));
  return [...milestones, ...ancMovers(state, zone)];
}

/**
 * ENGRAFTMENT_SYNDROME_SUSPECTED (critical), after Spitzer 2001 and Maiolino 2003 (issue 16 item 1):
 * around neutrophil engraftment (from the counts, else the recorded milestone; none known, no
 * suspicion), in the clinic days engraftment + windowDaysAroundEngraftment (never before the infusion), a fever
 * (≥ feverC, or a fever adverse event) while not neutropenic (the nearest ANC ≥ 500/µL), with no
 * infection recorded in the window, and a second sign: an adverse event naming rash,
 * erythroderma, pulmonary infiltrates, hypoxia, pulmonary oedema, capillary leak or weight gain
 * (diarrhoea is routine after melphalan 200 and is not one), or a weight 2.5% above the last one at
 * or before infusion. One per infusion, at the later of the fever and the sign. A suspicion that a
 * later entry takes back (a milestone or a count moving the window) resolves, naming it.
 */
export const engraftmentSyndromeSuspected = defineRule(({ state, protocol, zone }) =>
  evaluation(keepWhatWasShown((s) => syndromeFindings(s, protocol, zone), state, windowMovers(state, zone))),
);

