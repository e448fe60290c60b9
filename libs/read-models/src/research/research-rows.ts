import type { PatientEvent } from '@poems/patient';
import type { Arm } from '@poems/protocol';

/**
 * The de-identified research read model as rows: one per patient, one per measurement. Rows hold
 * no name, MRN, birth date, care team, patient id or event id: patients are known by a keyed-hash
 * pseudonym, measurements by a keyed hash of their event id, and every date is shifted by the
 * patient's own offset and kept to the day. The keyed hashes are computed outside the domain (they
 * need the key and a MAC) and arrive with each event.
 */
export interface ResearchPatientRow {
  pseudoId: string;
  arm: Arm;
  /** The protocol's age band as text ('≤65', '66-74', '≥75'): exact ages are not kept. */
  ageBand: string;
  /** The age band's dose factor is below 1 (75 and over in the seed protocol). */
  halfDose: boolean;
  sex: string;
  protocolId: string;
  protocolVersion: number;
  /** Shifted calendar dates, YYYY-MM-DD. */
  enrolledOn: string;
  treatmentStartedOn: string | null;
  regimenEndedOn: string | null;
  /** Every fact that may mark the treatment start; the earliest one fitting the arm wins. */
  startCandidates: StartCandidate[];
}

export type StartKind = 'THALIDOMIDE_START' | 'STEM_CELL_INFUSION';

export interface StartCandidate {
  /** Keyed hash of the event that recorded it, so its correction can find it. */
  key: string;
  kind: StartKind;
  on: string;
}

export const MEASUREMENT_KINDS = ['VEGF', 'ONLS', 'CMAP', 'M_PROTEIN_IFE'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/** One measurement; the columns that do not apply to its kind are null. */
export interface ResearchMeasurementRow {
  /** Keyed hash of the recording event's id. */
  key: string;
  pseudoId: string;
  kind: MeasurementKind;
  measuredOn: string;
  /** VEGF pg/mL, ONLS score (0-12) or CMAP amplitude (mV). */
  value: number | null;
  unit: string | null;
  /** VEGF only: the assay's limit in pg/mL (normal is strictly below it); null when the assay's limit is unknown. */
  upperLimitOfNormal: number | null;
  /** VEGF only: the specimen and method, so that series of different assays are kept apart (issue 16 item 3). */
  specimen: string | null;
  method: string | null;
  nerve: string | null;
  side: string | null;
  /** M-protein immunofixation. */
  result: 'positive' | 'negative' | null;
}

/** A patient's rows together, as the presentations take them. */
export interface ResearchRecord {
  patient: ResearchPatientRow;
  measurements: ResearchMeasurementRow[];
}

/** A stored patient event, parsed, with the pseudonyms the projection computed for it. */
export type ResearchEvent = PatientEvent & {
  pseudoId: string;
  /** Whole days added to every date of this patient: stable, never 0. */
  shiftDays: number;
  /** Keyed hash of this event's id. */
  eventKey: string;
  /** For a correction: keyed hash of the corrected event's id; else null. */
  correctsKey: string | null;
};
