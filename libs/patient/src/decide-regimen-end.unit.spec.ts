import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from './test-support/patients';
import { given, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const ended: GivenEvent = {
  type: 'RegimenEnded',
  occurredAt: '2024-05-01T09:00:00.000Z',
  data: { endedAt: '2024-05-01T09:00:00.000Z', reason: 'progressive neuropathy' },
};

describe('an enrolled patient whose regimen ends', () => {
  it('records the end and its reason', () => {
    expect(
      when(given(ENROLLED_AGE_69), { type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-05-01T18:00:00+09:00', reason: 'progressive neuropathy' }),
    ).toEqual([ended]);
  });

  it('is refused without a reason', () => {
    expect(refusal(given(ENROLLED_AGE_69), { type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-05-01T09:00:00Z', reason: '' })).toMatchObject({
      code: 'INVALID_COMMAND',
      field: ['reason'],
    });
  });

  it('is refused before enrolment', () => {
    expect(refusal(given(ENROLLED_AGE_69), { type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-02-01T09:00:00Z', reason: 'x' })).toMatchObject({
      code: 'BEFORE_ENROLMENT',
    });
  });
});

describe('a patient whose regimen has ended', () => {
  const state = given(ENROLLED_AGE_69, ended);

  it('refuses ending it again', () => {
    expect(refusal(state, { type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-05-02T09:00:00Z', reason: 'again' })).toMatchObject({
      code: 'REGIMEN_ALREADY_ENDED',
      kind: 'conflict',
    });
  });

  it.each([
    { type: 'ChangeThalidomideDose', patientId: PATIENT_ID, mgPerDay: 100, effectiveAt: '2024-05-02T09:00:00Z' },
    { type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg: 18.7, givenAt: '2024-05-02T09:00:00Z' },
    { type: 'RecordTransplantMilestone', patientId: PATIENT_ID, milestone: 'MOBILISATION', occurredAt: '2024-05-02T09:00:00Z' },
  ] as const)('refuses treatment after the end: $type', (command) => {
    expect(refusal(state, command)).toMatchObject({ code: 'REGIMEN_ENDED', kind: 'conflict' });
  });

  it('accepts a late entry of a dose given before the end', () => {
    const [event] = when(state, { type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg: 18.7, givenAt: '2024-04-28T09:00:00Z' });
    expect(event?.type).toBe('DexamethasoneDoseGiven');
  });

  it.each([
    { type: 'RecordLabResult', patientId: PATIENT_ID, test: 'VEGF', value: 450, unit: 'pg/mL', collectedAt: '2024-05-20T09:00:00Z' },
    { type: 'RecordAssessment', patientId: PATIENT_ID, kind: 'ONLS', score: 3, assessedAt: '2024-05-20T09:00:00Z' },
    { type: 'RecordBodyMeasurement', patientId: PATIENT_ID, heightCm: 160, weightKg: 54, measuredAt: '2024-05-20T09:00:00Z' },
    { type: 'RecordAdverseEvent', patientId: PATIENT_ID, term: 'peripheral neuropathy', grade: 2, onsetAt: '2024-05-20T09:00:00Z' },
    { type: 'ErasePatientIdentity', patientId: PATIENT_ID, reason: 'withdrawal of consent' },
  ] as const)('still accepts follow-up: $type', (command) => {
    expect(when(state, command)).toHaveLength(1);
  });
});

describe("a patient's identity", () => {
  const erase = { type: 'ErasePatientIdentity', patientId: PATIENT_ID, reason: 'withdrawal of consent (GDPR art. 17)' } as const;

  it('is erased at the time of the command, with the reason', () => {
    expect(when(given(ENROLLED_AGE_53), erase)).toEqual([
      { type: 'PatientIdentityErased', occurredAt: '2024-06-01T00:00:00.000Z', data: { reason: 'withdrawal of consent (GDPR art. 17)' } },
    ]);
  });

  it('cannot be erased twice', () => {
    const state = given(ENROLLED_AGE_53, { type: 'PatientIdentityErased', occurredAt: '2024-05-01T00:00:00.000Z', data: { reason: 'consent withdrawn' } });
    expect(refusal(state, erase)).toMatchObject({ code: 'IDENTITY_ALREADY_ERASED', kind: 'conflict' });
  });

  it('cannot be erased for a patient who is not enrolled', () => {
    expect(refusal(given(), erase)).toMatchObject({ code: 'PATIENT_NOT_ENROLLED' });
  });
});

describe('a regimen end recorded with the wrong reason', () => {
  it("corrects the end's own reason under correctedReason, keeping `reason` for why it is corrected", () => {
    const [event] = when(given(ENROLLED_AGE_69, ended), {
      type: 'CorrectEvent',
      patientId: PATIENT_ID,
      correctsEventId: '00000000-0000-4000-8000-000000000002',
      reason: 'wrong reason selected',
      correctedReason: 'remission',
    });
    expect(event?.data).toMatchObject({
      reason: 'wrong reason selected',
      data: { endedAt: '2024-05-01T09:00:00.000Z', reason: 'remission' },
    });
  });

  it('refuses a correctedReason on an event without a reason field', () => {
    expect(
      refusal(given(ENROLLED_AGE_69), {
        type: 'CorrectEvent',
        patientId: PATIENT_ID,
        correctsEventId: '00000000-0000-4000-8000-000000000001',
        reason: 'x',
        correctedReason: 'y',
      }),
    ).toMatchObject({ code: 'FIELD_NOT_CORRECTABLE', field: ['correctedReason'] });
  });
});
