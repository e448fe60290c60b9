import { commandBodySchemas, commandSchema, PATIENT_COMMAND_TYPES } from './command-schema';
import { parsePatientEvent, PATIENT_EVENT_TYPES, patientEventSchemas, patientStreamId } from './event-registry';
import { ENROLLED_AGE_69 } from './test-support/patients';
import { PATIENT_ID } from './test-support/scenario';

describe('the patient event registry', () => {
  it('lists every event type at schema version 1', () => {
    expect(PATIENT_EVENT_TYPES).toEqual([
      'PatientEnrolled',
      'BodyMeasured',
      'ThalidomideDoseChanged',
      'DexamethasoneDoseGiven',
      'TransplantMilestoneRecorded',
      'LabResultRecorded',
      'AssessmentRecorded',
      'AdverseEventRecorded',
      'PerformanceStatusRecorded',
      'TransfusionGiven',
      'ThalidomideDispensed',
      'ThromboprophylaxisStarted',
      'ThromboprophylaxisStopped',
      'RegimenEnded',
      'EventCorrected',
      'PatientIdentityErased',
    ]);
    expect(new Set(Object.values(patientEventSchemas).map((e) => e.schemaVersion))).toEqual(new Set([1]));
  });

  it('names the stream of a patient', () => {
    expect(patientStreamId(PATIENT_ID)).toBe(`patient-${PATIENT_ID}`);
  });
});

describe('reading a stored event', () => {
  it('parses valid data', () => {
    expect(parsePatientEvent('PatientEnrolled', 1, ENROLLED_AGE_69.data)).toEqual({ type: 'PatientEnrolled', data: ENROLLED_AGE_69.data });
  });

  it('accepts an encrypted or erased identity as opaque', () => {
    const encrypted = { ...(ENROLLED_AGE_69.data as object), identity: { v: 1, keyId: 'k', iv: 'x', ciphertext: 'y' } };
    expect(parsePatientEvent('PatientEnrolled', 1, encrypted).data).toEqual(encrypted);
    const erased = { ...(ENROLLED_AGE_69.data as object), identity: { erased: true } };
    expect(parsePatientEvent('PatientEnrolled', 1, erased).data).toEqual(erased);
  });

  it('fails loudly on an unknown type, an unsupported version or data that does not match', () => {
    expect(() => parsePatientEvent('PatientTeleported', 1, {})).toThrow('Unknown patient event type');
    expect(() => parsePatientEvent('RegimenEnded', 2, { endedAt: '2024-05-01T00:00:00.000Z', reason: 'x' })).toThrow('not supported');
    expect(() => parsePatientEvent('RegimenEnded', 1, { endedAt: 'yesterday', reason: 'x' })).toThrow('does not match its schema');
    expect(() => parsePatientEvent('RegimenEnded', 1, { endedAt: '2024-05-01T00:00:00.000Z', reason: 'x', extra: 1 })).toThrow();
  });

  it('validates the data of a correction with the schema of the corrected type', () => {
    const correction = (data: object) => ({
      correctsEventId: 'e-1',
      correctedType: 'AdverseEventRecorded',
      correctedSchemaVersion: 1,
      reason: 'typo',
      data,
    });
    expect(parsePatientEvent('EventCorrected', 1, correction({ term: 'rash', grade: 2, onsetAt: '2024-03-01T00:00:00.000Z' })).type).toBe(
      'EventCorrected',
    );
    expect(() => parsePatientEvent('EventCorrected', 1, correction({ term: 'rash', grade: 9, onsetAt: '2024-03-01T00:00:00.000Z' }))).toThrow();
    expect(() => parsePatientEvent('EventCorrected', 1, { ...correction({}), correctedType: 'PatientIdentityErased' })).toThrow();
  });
});

describe('the command vocabulary', () => {
  it('has a body schema without `type` for every command', () => {
    expect(PATIENT_COMMAND_TYPES).toHaveLength(16);
    expect(commandBodySchemas.RecordDexamethasoneDose.parse({ patientId: PATIENT_ID, doseMg: 12, givenAt: '2024-03-01T18:00:00+09:00' })).toEqual({
      patientId: PATIENT_ID,
      doseMg: 12,
      givenAt: '2024-03-01T09:00:00.000Z',
    });
  });

  it('parses an import line by its type and refuses an unknown type', () => {
    expect(commandSchema.safeParse({ type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-05-01T00:00:00Z', reason: 'remission' }).success).toBe(true);
    expect(commandSchema.safeParse({ type: 'DischargePatient', patientId: PATIENT_ID }).success).toBe(false);
  });

  it('refuses unknown fields in a body', () => {
    expect(commandBodySchemas.RecordAdverseEvent.safeParse({ patientId: PATIENT_ID, term: 'rash', grade: 1, onsetAt: '2024-03-01T00:00:00Z', x: 1 }).success).toBe(false);
  });

  it('keeps the corrected fields of a correction for the decider to check', () => {
    const parsed = commandSchema.parse({ type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: PATIENT_ID, reason: 'typo', value: 600 });
    expect(parsed).toMatchObject({ value: 600 });
  });
});
