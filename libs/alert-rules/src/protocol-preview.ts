import { DomainError, toMs, type IsoTime } from '@poems/kernel';
import {
  type AnyFactKind,
  clinicalTimeOfFact,
  decide,
  type EnrolmentSummary,
  type Entry,
  evolve,
  FACT_KINDS,
  initialState,
  type PatientCommandInput,
  type PatientRecordedEvent,
  type PatientState,
} from '@poems/patient';
import { ageBandFor, armFor, assertEligible, bodySurfaceArea, protocolRef, withCandidateProtocol, type ProtocolDefinition } from '@poems/protocol';
import type { AlertFinding, AlertRuleCode } from './alert-finding';
import { evaluateRules } from './alert-rules';
import type { ExistingAlert } from './plan-alert-changes';

/** What the impact preview says about one patient (issue 12). */
export interface PatientPreview {
  readonly patientId: string;
  /** The history could not be replayed under the candidate (e.g. not eligible): nothing else is said. */
  readonly refused?: { readonly code: string; readonly message: string };
  /** Findings under the candidate with no alert raised for that rule and episode. */
  readonly added: ReadonlyArray<Pick<AlertFinding, 'rule' | 'episodeKey' | 'clinicalTime' | 'summary' | 'active'>>;
  /** Alerts raised (any status) that the candidate would not raise. */
  readonly removed: ReadonlyArray<Pick<ExistingAlert, 'rule' | 'episodeKey' | 'status'>>;
  /** Alerts the candidate raises as well. */
  readonly kept: number;
}

interface Replayable {
  readonly kind: AnyFactKind;
  readonly entry: Entry<object>;
  readonly time: IsoTime;
}

/** The enrolment as the candidate would have decided it, from what was recorded (age, reason, height, weight). */
function enrolUnder(candidate: ProtocolDefinition, enrolment: EnrolmentSummary, state: PatientState): PatientRecordedEvent {
  const age = enrolment.ageAtEnrolment;
  assertEligible(candidate, age, enrolment.transplantIneligibleReason);
  const band = ageBandFor(candidate, age);
  const { arm, armReason } = armFor(candidate, age, enrolment.transplantIneligibleReason);
  const { eventId, recordedAt, correctedBy: _c, original: _o, identityErased: _i, armNoLongerMatchesAge: _a, ...recorded } = enrolment;
  const data = {
    ...recorded,
    identity: state.identity ?? { erased: true },
    protocol: protocolRef(candidate),
    ageBand: { minAge: band.minAge, maxAge: band.maxAge, doseFactor: band.doseFactor },
    arm,
    armReason,
    bsaM2: bodySurfaceArea(enrolment.heightCm, enrolment.weightKg, candidate.bsaFormula),
    bsaFormula: candidate.bsaFormula,
  };
  return { type: 'PatientEnrolled', data, eventId, recordedAt, occurredAt: enrolment.enrolledAt } as PatientRecordedEvent;
}

/** Every recorded fact with its current (corrected) values, in clinical order (ties keep their order). */
function replayable(state: PatientState): Replayable[] {
  return FACT_KINDS.flatMap((kind) =>
    (state[kind.stateKey] as ReadonlyArray<Entry<object>>)
      .filter((entry) => (kind as AnyFactKind).ownsEntry?.(entry) ?? true)
      .map((entry) => ({ kind: kind as AnyFactKind, entry, time: clinicalTimeOfFact(kind as AnyFactKind, entry) })),
  )
    .map((item, index) => ({ item, index }))
    .sort((a, b) => toMs(a.item.time) - toMs(b.item.time) || a.index - b.index)
    .map(({ item }) => item);
}

/**
 * What the corrections said, kept from the recorded history: each corrected entry's first values
 * and the corrections themselves. Rules read them to know when a value became known (a CD34+ yield
 * a correction added counts from that correction, as late), and a replay that decided the corrected
 * values as if first recorded would lose it.
 */
function withCorrectionsOf(recorded: PatientState, replayed: PatientState): PatientState {
  const lists = Object.fromEntries(
    FACT_KINDS.map((kind) => {
      const was = new Map((recorded[kind.stateKey] as ReadonlyArray<Entry<object>>).map((e) => [e.eventId, e]));
      const list = (replayed[kind.stateKey] as ReadonlyArray<Entry<object>>).map((entry) => {
        const before = was.get(entry.eventId);
        return before?.original === undefined ? entry : { ...entry, original: before.original, ...(before.correctedBy !== undefined && { correctedBy: before.correctedBy }) };
      });
      return [kind.stateKey, list];
    }),
  );
  return { ...replayed, ...lists, corrections: recorded.corrections } as PatientState;
}

/**
 * The patient's history decided again as if they had been enrolled under the candidate: the
 * enrolment rebuilt from what was recorded, then every fact (current values, corrections applied)
 * and the regimen's end decided in clinical order with the same event ids and recorded times, so
 * that episode keys compare with the alerts already raised; what the corrections said is kept.
 * Pure and synchronous: the candidate is visible to lookups only while this runs.
 */
export function replayUnder(candidate: ProtocolDefinition, state: PatientState, now: IsoTime): PatientState {
  const enrolment = state.enrolment;
  if (!enrolment || !state.patientId) throw new DomainError('PATIENT_NOT_ENROLLED', 'Not enrolled', 'not_found');
  const patientId = state.patientId;
  let replayed = evolve(initialState, enrolUnder(candidate, enrolment, state));
  const context = { now };
  const steps: Array<{ command: PatientCommandInput; eventId: string; recordedAt: IsoTime; time: IsoTime }> = replayable(state).map(({ kind, entry, time }) => ({
    command: { type: kind.command, ...kind.commandBody(patientId, entry) } as PatientCommandInput,
    eventId: entry.eventId,
    recordedAt: entry.recordedAt,
    time,
  }));
  if (state.ended) {
    const { endedAt, reason, eventId, recordedAt } = state.ended;
    steps.push({ command: { type: 'EndRegimen', patientId, endedAt, reason }, eventId, recordedAt, time: endedAt });
  }
  steps.sort((a, b) => toMs(a.time) - toMs(b.time));
  for (const step of steps) {
    for (const event of decide(step.command, replayed, context)) {
      replayed = evolve(replayed, { ...event, eventId: step.eventId, recordedAt: step.recordedAt } as PatientRecordedEvent);
    }
  }
  return withCorrectionsOf(state, replayed);
}

/**
 * The impact of a candidate protocol on one patient: replays the history under it, runs every rule
 * at `now`, and compares the findings with the alerts already raised (by rule and episode).
 */
export function previewPatient(
  candidate: ProtocolDefinition,
  state: PatientState,
  existing: ReadonlyArray<Pick<ExistingAlert, 'rule' | 'episodeKey' | 'status'>>,
  now: IsoTime,
): PatientPreview {
  const patientId = state.patientId ?? '';
  // A candidate that would replace a published version is refused outright (PROTOCOL_CONFLICT), not per patient.
  const replayed = withCandidateProtocol(candidate, () => {
    try {
      return { findings: evaluateRules(replayUnder(candidate, state, now), now).findings };
    } catch (error) {
      if (error instanceof DomainError) return { refused: { code: error.code, message: error.message } };
      throw error;
    }
  });
  if ('refused' in replayed) return { patientId, refused: replayed.refused, added: [], removed: [], kept: 0 };
  const { findings } = replayed;
  const key = (rule: AlertRuleCode, episodeKey: string) => JSON.stringify([rule, episodeKey]);
  const raised = existing.filter((a) => a.status !== 'NONE');
  const raisedKeys = new Set(raised.map((a) => key(a.rule, a.episodeKey)));
  const foundKeys = new Set(findings.map((f) => key(f.rule, f.episodeKey)));
  const added = findings
    .filter((f) => !raisedKeys.has(key(f.rule, f.episodeKey)))
    .map(({ rule, episodeKey, clinicalTime, summary, active }) => ({ rule, episodeKey, clinicalTime, summary, active }));
  const removed = [...new Map(raised.filter((a) => !foundKeys.has(key(a.rule, a.episodeKey))).map((a) => [key(a.rule, a.episodeKey), a])).values()].map(
    ({ rule, episodeKey, status }) => ({ rule, episodeKey, status }),
  );
  const kept = new Set(raised.filter((a) => foundKeys.has(key(a.rule, a.episodeKey))).map((a) => key(a.rule, a.episodeKey))).size;
  return { patientId, added, removed, kept };
}
