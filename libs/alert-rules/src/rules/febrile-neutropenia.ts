import { isAfter, isBefore, type IsoTime, type TimeZone } from '@poems/kernel';
import { labsOf, type PatientState } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num } from '../rule-support';
import { keepWhatWasShown, type WindowMover } from './as-recorded';
import { ancNear } from './blood-counts';
import { fevers } from './fevers';

/** ANC results, as the entries that decide whether a fever was neutropenic. */
export function ancMovers(state: PatientState, zone: TimeZone): WindowMover[] {
  return labsOf(state, 'ANC').map((l) => ({ recordedAt: l.recordedAt, clinicalTime: l.collectedAt, label: `ANC ${num(l.value as number)}/µL on ${day(l.collectedAt, zone)}` }));
}

function febrileNeutropeniaFindings(state: PatientState, protocol: ProtocolDefinition, zone: TimeZone): AlertFinding[] {
  const { ancBelowPerUl, ancWithinHours } = protocol.febrileNeutropenia;
  const recoveryAfter = (at: IsoTime) => labsOf(state, 'ANC').find((l) => isAfter(l.collectedAt, at) && typeof l.value === 'number' && l.value >= ancBelowPerUl);
  const findings: AlertFinding[] = [];
  let recovered: IsoTime | null = null;
  let open = false;
  for (const fever of fevers(state, protocol)) {
    const anc = ancNear(state, fever.at, ancWithinHours);
    if (!anc || anc.value >= ancBelowPerUl) continue;
    if (open && (recovered === null || isBefore(fever.at, recovered))) continue;
    const recovery = recoveryAfter(fever.at);
    recovered = recovery?.collectedAt ?? null;
    open = true;
    const summary = `Fever ${fever.label} on ${day(fever.at, zone)} with ANC ${num(anc.value)}/µL (${day(anc.collectedAt, zone)}): febrile neutropenia, cultures and antibiotics now`;
    findings.push(
      finding(
        { rule: 'FEBRILE_NEUTROPENIA', severity: 'critical', episodeKey: fever.evidence[0]!, clinicalTime: fever.at, summary, evidence: [...fever.evidence, anc.eventId] },
        recovery && { at: recovery.collectedAt, because: `ANC ${num(recovery.value as number)}/µL on ${day(recovery.collectedAt, zone)}` },
      ),
    );
  }
  return findings;
}

/**
 * FEBRILE_NEUTROPENIA (critical), on either arm (IDSA, Freifeld 2011): a fever (one temperature
 * ≥ 38.3 °C, ≥ 38.0 °C sustained over an hour, or a fever adverse event) while the ANC nearest it
 * (within ancWithinHours) is below 500/µL. One episode per neutropenic period, at its first fever;
 * cleared by the first ANC at or above the threshold after it. A fever with no ANC near it is not
 * judged (limit). An episode a later-entered ANC takes back resolves, naming that count.
 */
export const febrileNeutropenia = defineRule(({ state, protocol, zone }) =>
  evaluation(keepWhatWasShown((s) => febrileNeutropeniaFindings(s, protocol, zone), state, ancMovers(state, zone))),
);
