import type { IsoTime } from '@poems/kernel';
import type { FactEventType, PatientEvent } from '@poems/patient';

/**
 * The timeline read model as rows: one per patient, one per clinical entry. The projection stores
 * them in PostgreSQL; time travel builds the same rows in memory from the stream. Both use the
 * evolve functions of timeline-evolve.ts, so they cannot disagree.
 */
export interface TimelinePatientRow {
  patientId: string;
  careTeam: string;
  arm: string;
  armReason: string;
  protocol: { id: string; version: number };
  ageAtEnrolment: number;
  sex: string;
  enrolledAt: IsoTime;
  /** As stored: an encryption envelope, or {erased: true}. Never plaintext. */
  identity: unknown;
  identityErased: boolean;
  endedAt: IsoTime | null;
  endReason: string | null;
  enrolmentEventId: string;
  enrolment: Record<string, unknown>;
  corrections: CorrectionNote[];
  lastRecordedAt: IsoTime;
}

export interface CorrectionNote {
  correctionEventId: string;
  reason: string;
  recordedAt: IsoTime;
  correctedBy: string | null;
  /** The values this correction replaced (shown to auditors only). */
  previous: unknown;
}

/** Every kind of fact (see @poems/patient's facts/) and the regimen's end are timeline entries. */
export type TimelineEntryType = FactEventType | 'RegimenEnded';

export interface TimelineEntryRow {
  eventId: string;
  patientId: string;
  type: TimelineEntryType;
  clinicalTime: IsoTime;
  recordedAt: IsoTime;
  recordedBy: string | null;
  /** Current (corrected) values. */
  data: Record<string, unknown>;
  /** The values first recorded, once corrected. */
  original: Record<string, unknown> | null;
  corrections: CorrectionNote[];
}

/** A stored patient event as the timeline needs it: parsed data plus who recorded it. */
export type TimelineEvent = PatientEvent & {
  eventId: string;
  patientId: string;
  occurredAt: IsoTime;
  recordedAt: IsoTime;
  actor: string | null;
};
