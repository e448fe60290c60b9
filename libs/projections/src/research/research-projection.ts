import type { StoredEvent } from '@poems/event-store';
import type { PatientEventType } from '@poems/patient';
import { parsedPatientEvent } from '../runner/parsed-once';
import { evolveResearchMeasurement, evolveResearchPatient, type ResearchEvent, type ResearchMeasurementRow, type ResearchPatientRow, researchTargets } from '@poems/read-models';
import type { ProjectionDefinition } from '../runner/projection-definition';
import { type ResearchPseudonyms, researchPseudonyms } from './research-pseudonyms';
import { loadRows, MEASUREMENTS, PATIENTS, RESEARCH_TABLES, upsertRows } from './research-tables';
import { patientIdOfStream } from '@poems/kernel';

/** A stored patient event, parsed, with its pseudonyms: the ids themselves go no further. */
export function toResearchEvent(stored: StoredEvent, pseudonyms: ResearchPseudonyms): ResearchEvent {
  const parsed = parsedPatientEvent(stored);
  const patientId = patientIdOfStream(stored.streamId)!;
  return {
    ...parsed,
    pseudoId: pseudonyms.patient(patientId),
    shiftDays: pseudonyms.shiftDays(patientId),
    eventKey: pseudonyms.event(stored.eventId),
    correctsKey: parsed.type === 'EventCorrected' ? pseudonyms.event(parsed.data.correctsEventId) : null,
  } as ResearchEvent;
}

const HANDLED: ReadonlySet<PatientEventType> = new Set<PatientEventType>([
  'PatientEnrolled',
  'RegimenEnded',
  'ThalidomideDoseChanged',
  'TransplantMilestoneRecorded',
  'LabResultRecorded',
  'AssessmentRecorded',
  'EventCorrected',
]);

/**
 * The de-identified research view. A factory, because the pseudonyms need the key from
 * configuration; the same key gives the same rows on every rebuild.
 */
export function researchProjection(pseudonymKeyHex: string): ProjectionDefinition {
  const pseudonyms = researchPseudonyms(pseudonymKeyHex);
  return {
    name: 'research',
    // 2: VEGF rows keep their specimen and method, and an unknown limit as null (issue 16 item 3).
    // 3: dates are clinic dates (at each event's recorded offset) before the shift; CMAP rows name the nerve's code (issue 16 items 9, 14).
    version: 3,
    tables: RESEARCH_TABLES,
    handles: (event) => patientIdOfStream(event.streamId) !== undefined && HANDLED.has(event.type as PatientEventType),
    async apply(context, stored) {
      const events = stored.map((event) => toResearchEvent(event, pseudonyms));
      const patientKeys = new Set<string>();
      // Only a correction changes a measurement row that may exist already: a new lab or assessment
      // is a new row (its key is its own event's), so it costs no load.
      const measurementKeys = new Set<string>();
      for (const event of events) {
        const targets = researchTargets(event);
        if (targets.patient) patientKeys.add(event.pseudoId);
        if (targets.measurementKey && event.type === 'EventCorrected') measurementKeys.add(targets.measurementKey);
      }
      const patients = await loadRows(context, PATIENTS, patientKeys);
      const measurements = await loadRows(context, MEASUREMENTS, measurementKeys);
      const changedPatients = new Map<string, ResearchPatientRow>();
      const changedMeasurements = new Map<string, ResearchMeasurementRow>();
      for (const event of events) {
        const targets = researchTargets(event);
        if (targets.patient) {
          const next = evolveResearchPatient(patients.get(event.pseudoId), event);
          if (next) {
            patients.set(event.pseudoId, next);
            changedPatients.set(event.pseudoId, next);
          }
        }
        if (targets.measurementKey) {
          const next = evolveResearchMeasurement(measurements.get(targets.measurementKey), event);
          if (next) {
            measurements.set(targets.measurementKey, next);
            changedMeasurements.set(targets.measurementKey, next);
          }
        }
      }
      await upsertRows(context, PATIENTS, [...changedPatients.values()]);
      await upsertRows(context, MEASUREMENTS, [...changedMeasurements.values()]);
    },
  };
}
