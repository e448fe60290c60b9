import type { IsoTime } from '@poems/kernel';
import { nerveSeriesKey, type AgeBandRecord, type AssessmentRecordedData, type CorrectableEventType, type LabResultRecordedData, type QuantitativeLabResultData, type PatientEnrolledData, type ThalidomideDoseChangedData, type TransplantMilestoneRecordedData } from '@poems/patient';
import type { Arm } from '@poems/protocol';
import { shiftedDate } from './research-dates';
import type { ResearchEvent, ResearchMeasurementRow, ResearchPatientRow, StartCandidate, StartKind } from './research-rows';

/** What marks the start of treatment on each arm (the origin of the study's Figures 1 and 2). */
export const TREATMENT_START_OF_ARM: Readonly<Record<Arm, StartKind>> = { AUTO_PBSCT: 'STEM_CELL_INFUSION', THALIDOMIDE_DEXAMETHASONE: 'THALIDOMIDE_START' };

/** '≤65', '66-74', '≥75' for the seed protocol; any protocol's bands read the same way. */
export function ageBandLabel(band: Pick<AgeBandRecord, 'minAge' | 'maxAge'>): string {
  if (band.maxAge === null) return `≥${band.minAge}`;
  return band.minAge === 0 ? `≤${band.maxAge}` : `${band.minAge}-${band.maxAge}`;
}

type RowKind = 'patient' | 'measurement' | null;

/**
 * The research view is selective: it keeps the events below and ignores every other kind of fact
 * (identity, doses, adverse events, performance status…) until a research question needs one.
 */
const ROW_OF_EVENT: Partial<Record<CorrectableEventType, RowKind>> = {
  PatientEnrolled: 'patient',
  RegimenEnded: 'patient',
  ThalidomideDoseChanged: 'patient',
  TransplantMilestoneRecorded: 'patient',
  LabResultRecorded: 'measurement',
  AssessmentRecorded: 'measurement',
};

function rowOfCorrected(type: CorrectableEventType): RowKind {
  return ROW_OF_EVENT[type] ?? null;
}

/** Which rows an event may change: its patient's row, and the measurement it records or corrects. */
export function researchTargets(event: ResearchEvent): { patient: boolean; measurementKey: string | null } {
  switch (event.type) {
    case 'PatientEnrolled':
    case 'RegimenEnded':
    case 'ThalidomideDoseChanged':
    case 'TransplantMilestoneRecorded':
      return { patient: true, measurementKey: null };
    // A lab or an assessment that is no research measurement (a blood count, vital signs) has no row.
    case 'LabResultRecorded':
      return { patient: false, measurementKey: fromLab(event.data) ? event.eventKey : null };
    case 'AssessmentRecorded':
      return { patient: false, measurementKey: fromAssessment(event.data) ? event.eventKey : null };
    case 'EventCorrected': {
      const kind = rowOfCorrected(event.data.correctedType);
      return { patient: kind === 'patient', measurementKey: kind === 'measurement' ? event.correctsKey : null };
    }
    default:
      return { patient: false, measurementKey: null };
  }
}

// Only these enrolment facts are research data: identity, care team, exact age, height and weight are not.
function enrolmentFields(data: PatientEnrolledData, shiftDays: number) {
  return {
    arm: data.arm,
    ageBand: ageBandLabel(data.ageBand),
    halfDose: data.ageBand.doseFactor < 1,
    sex: data.sex,
    protocolId: data.protocol.id,
    protocolVersion: data.protocol.version,
    enrolledOn: shiftedDate(data.enrolledAt, shiftDays, data.clinicalTimeOffset),
  };
}

function thalidomideStart(data: ThalidomideDoseChangedData, shiftDays: number): Omit<StartCandidate, 'key'> | null {
  return data.phase === 'START' && data.mgPerDay > 0 ? { kind: 'THALIDOMIDE_START', on: shiftedDate(data.effectiveAt, shiftDays, data.clinicalTimeOffset) } : null;
}

function infusion(data: TransplantMilestoneRecordedData, shiftDays: number): Omit<StartCandidate, 'key'> | null {
  return data.milestone === 'STEM_CELL_INFUSION' ? { kind: 'STEM_CELL_INFUSION', on: shiftedDate(data.occurredAt, shiftDays, data.clinicalTimeOffset) } : null;
}

/**
 * Replaces what the event `key` said about the start. Keeping every candidate (not just the
 * earliest) is what lets a correction move or withdraw one and the start follow it.
 */
function withCandidate(row: ResearchPatientRow, key: string, candidate: Omit<StartCandidate, 'key'> | null): ResearchPatientRow {
  const others = row.startCandidates.filter((c) => c.key !== key);
  const startCandidates = (candidate ? [...others, { key, ...candidate }] : others).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.key < b.key ? -1 : 1));
  return withStart({ ...row, startCandidates });
}

function withStart(row: ResearchPatientRow): ResearchPatientRow {
  const kind = TREATMENT_START_OF_ARM[row.arm];
  return { ...row, treatmentStartedOn: row.startCandidates.find((c) => c.kind === kind)?.on ?? null };
}

export function evolveResearchPatient(row: ResearchPatientRow | undefined, event: ResearchEvent): ResearchPatientRow | undefined {
  switch (event.type) {
    case 'PatientEnrolled':
      return withStart({
        pseudoId: event.pseudoId,
        ...enrolmentFields(event.data, event.shiftDays),
        treatmentStartedOn: null,
        regimenEndedOn: row?.regimenEndedOn ?? null,
        startCandidates: row?.startCandidates ?? [],
      });
    case 'RegimenEnded':
      return row && { ...row, regimenEndedOn: shiftedDate(event.data.endedAt, event.shiftDays, event.data.clinicalTimeOffset) };
    case 'ThalidomideDoseChanged':
      return row && withCandidate(row, event.eventKey, thalidomideStart(event.data, event.shiftDays));
    case 'TransplantMilestoneRecorded':
      return row && withCandidate(row, event.eventKey, infusion(event.data, event.shiftDays));
    case 'EventCorrected': {
      if (!row || event.correctsKey === null) return row;
      const correction = event.data;
      switch (correction.correctedType) {
        case 'PatientEnrolled':
          // The arm is never reassigned by a correction; the age band and sex may change.
          return withStart({ ...row, ...enrolmentFields(correction.data, event.shiftDays), arm: row.arm });
        case 'RegimenEnded':
          return { ...row, regimenEndedOn: shiftedDate(correction.data.endedAt, event.shiftDays, correction.data.clinicalTimeOffset) };
        case 'ThalidomideDoseChanged':
          return withCandidate(row, event.correctsKey, thalidomideStart(correction.data, event.shiftDays));
        case 'TransplantMilestoneRecorded':
          return withCandidate(row, event.correctsKey, infusion(correction.data, event.shiftDays));
        default:
          return row;
      }
    }
    default:
      return row;
  }
}

type MeasurementFields = Omit<ResearchMeasurementRow, 'key' | 'pseudoId' | 'measuredOn'> & { at: IsoTime; offset: string | undefined };
const NONE = { value: null, unit: null, upperLimitOfNormal: null, specimen: null, method: null, nerve: null, side: null, result: null };

/** A limit the protocol assumed for an assay it did not list (stored before issue 16) is unknown: null. */
function knownLimit(data: QuantitativeLabResultData): number | null {
  return data.upperLimitSource === 'PROTOCOL_DEFAULT' || data.upperLimitSource === 'UNKNOWN' ? null : (data.upperLimitOfNormal ?? null);
}

function fromLab(data: LabResultRecordedData): MeasurementFields | null {
  if (data.test === 'VEGF') {
    const assay = { specimen: data.specimen?.trim() || null, method: data.method?.trim() || null };
    return { ...NONE, kind: 'VEGF', value: data.value, unit: data.unit, upperLimitOfNormal: knownLimit(data), ...assay, at: data.collectedAt, offset: data.clinicalTimeOffset };
  }
  if (data.test === 'M_PROTEIN_IFE') return { ...NONE, kind: 'M_PROTEIN_IFE', result: data.value, at: data.collectedAt, offset: data.clinicalTimeOffset };
  return null;
}

function fromAssessment(data: AssessmentRecordedData): MeasurementFields | null {
  const offset = data.clinicalTimeOffset;
  if (data.kind === 'ONLS') return { ...NONE, kind: 'ONLS', value: data.score, unit: 'points', at: data.assessedAt, offset };
  if (data.kind === 'NERVE_CONDUCTION') {
    // One nerve is one series (issue 16 item 14): its code, or an older free-text name in lower case.
    return { ...NONE, kind: 'CMAP', value: data.cmapAmplitudeMv, unit: 'mV', nerve: nerveSeriesKey(data.nerve), side: data.side ?? null, at: data.assessedAt, offset };
  }
  return null;
}

function measurement(key: string, pseudoId: string, shiftDays: number, fields: MeasurementFields | null): ResearchMeasurementRow | undefined {
  if (!fields) return undefined;
  const { at, offset, ...rest } = fields;
  return { key, pseudoId, measuredOn: shiftedDate(at, shiftDays, offset), ...rest };
}

export function evolveResearchMeasurement(row: ResearchMeasurementRow | undefined, event: ResearchEvent): ResearchMeasurementRow | undefined {
  switch (event.type) {
    case 'LabResultRecorded':
      return measurement(event.eventKey, event.pseudoId, event.shiftDays, fromLab(event.data)) ?? row;
    case 'AssessmentRecorded':
      return measurement(event.eventKey, event.pseudoId, event.shiftDays, fromAssessment(event.data)) ?? row;
    case 'EventCorrected': {
      if (!row) return row;
      const correction = event.data;
      // The decider keeps a lab's test and an assessment's kind, so the corrected fact still maps to a row.
      if (correction.correctedType === 'LabResultRecorded') return measurement(row.key, row.pseudoId, event.shiftDays, fromLab(correction.data)) ?? row;
      if (correction.correctedType === 'AssessmentRecorded') return measurement(row.key, row.pseudoId, event.shiftDays, fromAssessment(correction.data)) ?? row;
      return row;
    }
    default:
      return row;
  }
}

/** Tests and checks: the rows the projection holds for one patient, folded in memory. */
export function foldResearch(events: ResearchEvent[]): { patient: ResearchPatientRow | undefined; measurements: ResearchMeasurementRow[] } {
  let patient: ResearchPatientRow | undefined;
  const measurements = new Map<string, ResearchMeasurementRow>();
  for (const event of events) {
    const targets = researchTargets(event);
    if (targets.patient) patient = evolveResearchPatient(patient, event);
    if (targets.measurementKey) {
      const next = evolveResearchMeasurement(measurements.get(targets.measurementKey), event);
      if (next) measurements.set(targets.measurementKey, next);
    }
  }
  return { patient, measurements: [...measurements.values()] };
}
