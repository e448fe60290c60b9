import { assertNever } from '@poems/kernel';
import { factOfEvent, isFactEventType } from '@poems/patient';
import type { CorrectionNote, TimelineEntryRow, TimelineEntryType, TimelineEvent, TimelinePatientRow } from './timeline-rows';

/** Which rows an event changes: always its patient's row key, and the entry it creates or corrects. */
export function timelineTargets(event: TimelineEvent): { patient: boolean; entryId: string | null } {
  switch (event.type) {
    case 'PatientEnrolled':
    case 'PatientIdentityErased':
      return { patient: true, entryId: null };
    case 'RegimenEnded':
      return { patient: true, entryId: event.eventId };
    case 'EventCorrected':
      return event.data.correctedType === 'PatientEnrolled'
        ? { patient: true, entryId: null }
        : { patient: event.data.correctedType === 'RegimenEnded', entryId: event.data.correctsEventId };
    default:
      if (isFactEventType(event.type)) return { patient: false, entryId: event.eventId };
      return assertNever(event as never, 'patient event');
  }
}

export function evolveTimelinePatient(row: TimelinePatientRow | undefined, event: TimelineEvent): TimelinePatientRow | undefined {
  switch (event.type) {
    case 'PatientEnrolled': {
      const { identity, ...enrolment } = event.data;
      return {
        patientId: event.patientId,
        careTeam: enrolment.careTeam,
        arm: enrolment.arm,
        armReason: enrolment.armReason,
        protocol: { id: enrolment.protocol.id, version: enrolment.protocol.version },
        ageAtEnrolment: enrolment.ageAtEnrolment,
        sex: enrolment.sex,
        enrolledAt: enrolment.enrolledAt,
        identity,
        identityErased: false,
        endedAt: null,
        endReason: null,
        enrolmentEventId: event.eventId,
        enrolment: enrolment as Record<string, unknown>,
        corrections: [],
        lastRecordedAt: event.recordedAt,
      };
    }
    case 'PatientIdentityErased':
      return row && { ...row, identity: { erased: true }, identityErased: true, lastRecordedAt: event.recordedAt };
    case 'RegimenEnded':
      return row && { ...row, endedAt: event.data.endedAt, endReason: event.data.reason, lastRecordedAt: event.recordedAt };
    case 'EventCorrected': {
      if (!row) return row;
      const correction = event.data;
      if (correction.correctedType === 'RegimenEnded') {
        return { ...row, endedAt: correction.data.endedAt, endReason: correction.data.reason, lastRecordedAt: event.recordedAt };
      }
      if (correction.correctedType !== 'PatientEnrolled') return row;
      const { identity, ...enrolment } = correction.data;
      const note: CorrectionNote = { correctionEventId: event.eventId, reason: correction.reason, recordedAt: event.recordedAt, correctedBy: event.actor, previous: row.enrolment };
      return {
        ...row,
        careTeam: enrolment.careTeam,
        ageAtEnrolment: enrolment.ageAtEnrolment,
        sex: enrolment.sex,
        enrolledAt: enrolment.enrolledAt,
        identity: row.identityErased ? row.identity : identity,
        enrolment: enrolment as Record<string, unknown>,
        corrections: [...row.corrections, note],
        lastRecordedAt: event.recordedAt,
      };
    }
    default:
      return row;
  }
}

export function evolveTimelineEntry(row: TimelineEntryRow | undefined, event: TimelineEvent): TimelineEntryRow | undefined {
  if (isFactEventType(event.type) || event.type === 'RegimenEnded') return newEntry(event as TimelineEvent & { type: TimelineEntryType });
  switch (event.type) {
    case 'EventCorrected': {
      if (!row) return row;
      const correction = event.data;
      const data = correction.data as Record<string, unknown>;
      return {
        ...row,
        clinicalTime: clinicalTimeOf(row.type, data) ?? row.clinicalTime,
        data,
        original: row.original ?? row.data,
        corrections: [...row.corrections, { correctionEventId: event.eventId, reason: correction.reason, recordedAt: event.recordedAt, correctedBy: event.actor, previous: row.data }],
      };
    }
    default:
      return row;
  }
}

function newEntry(event: TimelineEvent & { type: TimelineEntryType }): TimelineEntryRow {
  return {
    eventId: event.eventId,
    patientId: event.patientId,
    type: event.type,
    clinicalTime: event.occurredAt,
    recordedAt: event.recordedAt,
    recordedBy: event.actor,
    data: event.data as Record<string, unknown>,
    original: null,
    corrections: [],
  };
}

/** Where a corrected entry now sits in clinical time: the field its kind names (facts/), or the end date. */
function clinicalTimeOf(type: TimelineEntryType, data: Record<string, unknown>): string | undefined {
  const field = type === 'RegimenEnded' ? 'endedAt' : factOfEvent(type)?.timeField;
  const value = field === undefined ? undefined : data[field];
  return typeof value === 'string' ? value : undefined;
}

/** Time travel and tests: the same rows the projection holds, folded in memory. */
export function foldTimeline(events: TimelineEvent[]): { patient: TimelinePatientRow | undefined; entries: TimelineEntryRow[] } {
  return foldTimelineFrom(undefined, events);
}

/**
 * The fold continued from an earlier result of it (a snapshot): foldTimelineFrom(foldTimeline(a), b)
 * equals foldTimeline(a ++ b), entry order included.
 */
export function foldTimelineFrom(
  from: { patient: TimelinePatientRow | undefined; entries: TimelineEntryRow[] } | undefined,
  events: TimelineEvent[],
): { patient: TimelinePatientRow | undefined; entries: TimelineEntryRow[] } {
  let patient = from?.patient;
  const entries = new Map<string, TimelineEntryRow>((from?.entries ?? []).map((entry) => [entry.eventId, entry]));
  for (const event of events) {
    const targets = timelineTargets(event);
    if (targets.patient) patient = evolveTimelinePatient(patient, event);
    if (targets.entryId) {
      const next = evolveTimelineEntry(entries.get(targets.entryId), event);
      if (next) entries.set(targets.entryId, next);
    }
  }
  return { patient, entries: [...entries.values()] };
}
