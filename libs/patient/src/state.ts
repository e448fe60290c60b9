import type { IsoTime } from '@poems/kernel';
import type { ProtocolRef } from '@poems/protocol';
import type { CorrectableEventType } from './correction-event';
import type { PatientEnrolledData, StoredIdentity } from './enrolment-events';
import type { AssessmentRecordedData } from './assessments';
import { FACT_KINDS } from './facts/fact-registry';
import type { PerformanceStatusRecordedData } from './facts/performance-status.fact';
import type { TransfusionGivenData } from './facts/transfusion.fact';
import type { ThalidomideDispensedData } from './facts/thalidomide-dispensing.fact';
import type { ThromboprophylaxisStartedData, ThromboprophylaxisStoppedData } from './facts/thromboprophylaxis.fact';
import type { AdverseEventRecordedData, LabResultRecordedData } from './observation-events';
import type {
  BodyMeasuredData,
  DexamethasoneDoseGivenData,
  RegimenDexamethasoneData,
  RegimenEndedData,
  ThalidomideDoseChangedData,
  TransplantMilestoneRecordedData,
} from './treatment-events';

export type PatientStatus = 'NOT_ENROLLED' | 'ENROLLED' | 'ENDED';

/**
 * One recorded fact with its current (corrected) values. `original` and `correctedBy` appear once
 * it has been corrected, so an auditor view can show what was first recorded.
 */
export type Entry<TData> = TData & {
  readonly eventId: string;
  readonly recordedAt: IsoTime;
  readonly correctedBy?: string;
  readonly original?: TData;
};

/** Enrolment counts as a body measurement: source ENROLMENT, with the enrolment's event id. */
export type BodyMeasurementEntry = Entry<BodyMeasuredData> & { readonly source: 'ENROLMENT' | 'MEASUREMENT' };
export type ThalidomideEntry = Entry<ThalidomideDoseChangedData>;
export type DexamethasoneEntry = Entry<DexamethasoneDoseGivenData>;
export type RegimenDexamethasoneEntry = Entry<RegimenDexamethasoneData>;
export type MilestoneEntry = Entry<TransplantMilestoneRecordedData>;
export type LabEntry = Entry<LabResultRecordedData>;
export type AssessmentEntry = Entry<AssessmentRecordedData>;
export type AdverseEventEntry = Entry<AdverseEventRecordedData>;
export type PerformanceStatusEntry = Entry<PerformanceStatusRecordedData>;
export type TransfusionEntry = Entry<TransfusionGivenData>;
export type RegimenEndEntry = Entry<RegimenEndedData>;
export type DispensingEntry = Entry<ThalidomideDispensedData>;
export type ThromboprophylaxisStartEntry = Entry<ThromboprophylaxisStartedData>;
export type ThromboprophylaxisStopEntry = Entry<ThromboprophylaxisStoppedData>;

/** The enrolment event's data without the identity, which is kept apart (see PatientState.identity). */
export type EnrolmentSummary = Entry<Omit<PatientEnrolledData, 'identity'>> & {
  readonly protocol: ProtocolRef;
  readonly identityErased: boolean;
};

export interface CorrectionRecord {
  readonly correctionEventId: string;
  readonly correctedType: CorrectableEventType;
  readonly reason: string;
  readonly recordedAt: IsoTime;
  /** The command's `now` when the correction was decided. */
  readonly correctedAt: IsoTime;
  /** The values this correction replaced. */
  readonly previous: unknown;
}

export interface IdentityErasure {
  readonly eventId: string;
  readonly recordedAt: IsoTime;
  readonly erasedAt: IsoTime;
  readonly reason: string;
}

/**
 * The patient stream folded: plain JSON (no Map, Set or Date). Each kind of fact (facts/) has its
 * list here, named by its `stateKey` and sorted by clinical time (the registry checks the names).
 */
export interface PatientState {
  readonly status: PatientStatus;
  readonly patientId?: string;
  readonly enrolment?: EnrolmentSummary;
  /**
   * The identity as it came from storage (plaintext, an encryption envelope or {erased: true}).
   * Opaque: only a correction of identity fields reads it. Strip it before sharing the state.
   */
  readonly identity?: StoredIdentity;
  readonly identityErasure?: IdentityErasure;
  readonly bodyMeasurements: ReadonlyArray<BodyMeasurementEntry>;
  readonly thalidomide: ReadonlyArray<ThalidomideEntry>;
  readonly dexamethasone: ReadonlyArray<DexamethasoneEntry>;
  readonly milestones: ReadonlyArray<MilestoneEntry>;
  readonly labs: ReadonlyArray<LabEntry>;
  readonly assessments: ReadonlyArray<AssessmentEntry>;
  readonly adverseEvents: ReadonlyArray<AdverseEventEntry>;
  readonly performanceStatus: ReadonlyArray<PerformanceStatusEntry>;
  readonly transfusions: ReadonlyArray<TransfusionEntry>;
  readonly thalidomideDispensing: ReadonlyArray<DispensingEntry>;
  readonly thromboprophylaxisStarts: ReadonlyArray<ThromboprophylaxisStartEntry>;
  readonly thromboprophylaxisStops: ReadonlyArray<ThromboprophylaxisStopEntry>;
  readonly ended?: RegimenEndEntry;
  /** Per original event id, its corrections in the order they were recorded. */
  readonly corrections: Readonly<Record<string, ReadonlyArray<CorrectionRecord>>>;
}

export const initialState: PatientState = Object.freeze({
  status: 'NOT_ENROLLED',
  ...(Object.fromEntries(FACT_KINDS.map((kind) => [kind.stateKey, Object.freeze([])])) as unknown as Pick<PatientState, FactListKey>),
  corrections: Object.freeze({}),
});

/** The state's fact lists, by name. */
export type FactListKey =
  | 'bodyMeasurements'
  | 'thalidomide'
  | 'dexamethasone'
  | 'milestones'
  | 'labs'
  | 'assessments'
  | 'adverseEvents'
  | 'performanceStatus'
  // Issue 12: the thalidomide safety programme.
  | 'thalidomideDispensing'
  | 'thromboprophylaxisStarts'
  | 'thromboprophylaxisStops'
  // Issue 16 item 2: transfusions (platelet engraftment).
  | 'transfusions';
