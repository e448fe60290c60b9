import { ENROLLED_AGE_69 } from './test-support/patients';
import { eventId, given, NOW, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const correct = (fields: object) =>
  ({ type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(1), reason: 'entry error', ...fields }) as never;

const enrolledData = ENROLLED_AGE_69.data as Record<string, unknown>;

describe('an enrolment with a mistyped weight', () => {
  it('is corrected with the BSA recomputed and everything else kept', () => {
    expect(when(given(ENROLLED_AGE_69), correct({ weightKg: 60 }))).toEqual([
      {
        type: 'EventCorrected',
        occurredAt: NOW,
        data: {
          correctsEventId: eventId(1),
          correctedType: 'PatientEnrolled',
          correctedSchemaVersion: 1,
          reason: 'entry error',
          data: { ...enrolledData, weightKg: 60, bsaM2: 1.63 },
        },
      },
    ]);
  });

  it('then doses are checked against the corrected enrolment measurement', () => {
    const [correction] = when(given(ENROLLED_AGE_69), correct({ weightKg: 60 }));
    const state = given(ENROLLED_AGE_69, correction as GivenEvent);
    expect(state.bodyMeasurements).toEqual([
      expect.objectContaining({ eventId: eventId(1), source: 'ENROLMENT', weightKg: 60, bsaM2: 1.63 }),
    ]);
    const [dose] = when(state, { type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg: 19.5, givenAt: '2024-03-02T09:00:00Z' });
    expect(dose?.data).toMatchObject({ bsaM2: 1.63, protocolDoseMg: 19.56, withinTolerance: true });
  });
});

describe('an enrolment with a wrong birth date', () => {
  it('records the recomputed age and band but keeps the arm, flagged when it no longer matches', () => {
    const [event] = when(given(ENROLLED_AGE_69), correct({ birthDate: '1964-03-10' }));
    expect(event?.data).toMatchObject({
      data: {
        identity: { birthDate: '1964-03-10', name: 'Hanako Sato', mrn: 'MRN-0042' },
        ageAtEnrolment: 59,
        ageBand: { minAge: 0, maxAge: 65, doseFactor: 1 },
        arm: 'THALIDOMIDE_DEXAMETHASONE',
        armReason: 'AGE',
        armNoLongerMatchesAge: true,
      },
    });
  });

  it('moves a patient past 75 into the half-dose band without a flag (same arm)', () => {
    const [event] = when(given(ENROLLED_AGE_69), correct({ birthDate: '1947-03-10' }));
    expect(event?.data).toMatchObject({ data: { ageAtEnrolment: 76, ageBand: { minAge: 75, maxAge: null, doseFactor: 0.5 } } });
    expect((event?.data as { data: object }).data).not.toHaveProperty('armNoLongerMatchesAge');
  });

  it('is refused when the corrected patient would be born after enrolment', () => {
    expect(refusal(given(ENROLLED_AGE_69), correct({ birthDate: '2025-01-01' }))).toMatchObject({ code: 'BIRTH_DATE_AFTER_ENROLMENT' });
  });
});

describe('an enrolment correction that is not allowed', () => {
  it.each(['careTeam', 'enrolledAt', 'arm', 'protocol', 'transplantIneligibleReason'])('refuses to change %s', (field) => {
    expect(refusal(given(ENROLLED_AGE_69), correct({ [field]: 'x' }))).toMatchObject({
      code: 'FIELD_NOT_CORRECTABLE',
      kind: 'validation',
      field: [field],
    });
  });

  it('refuses an impossible height', () => {
    expect(refusal(given(ENROLLED_AGE_69), correct({ heightCm: 300 }))).toMatchObject({ code: 'INVALID_CORRECTION', field: ['heightCm'] });
  });

  it('refuses a correction that changes nothing', () => {
    expect(refusal(given(ENROLLED_AGE_69), correct({ sex: 'female', name: 'Hanako Sato' }))).toMatchObject({ code: 'CORRECTION_CHANGES_NOTHING' });
  });
});

describe('an enrolment whose identity is not readable', () => {
  const envelope = { alg: 'A256GCM', keyId: 'k-1', ciphertext: 'b64...' };
  const encrypted: GivenEvent = { ...ENROLLED_AGE_69, data: { ...enrolledData, identity: envelope } } as unknown as GivenEvent;
  const erased = { type: 'PatientIdentityErased', occurredAt: NOW, data: { reason: 'consent withdrawn' } } as const;

  it('refuses an identity correction while encrypted', () => {
    expect(refusal(given(encrypted), correct({ name: 'Hanako Satō' }))).toMatchObject({ code: 'IDENTITY_NOT_READABLE', kind: 'conflict' });
  });

  it('refuses an identity correction after erasure', () => {
    expect(refusal(given(ENROLLED_AGE_69, erased), correct({ mrn: 'MRN-0043' }))).toMatchObject({ code: 'IDENTITY_ERASED', kind: 'conflict' });
  });

  it('corrects other fields and carries the identity as stored', () => {
    const [event] = when(given(encrypted), correct({ heightCm: 158 }));
    expect(event?.data).toMatchObject({ data: { identity: envelope, heightCm: 158 } });
    const [afterErasure] = when(given(ENROLLED_AGE_69, erased), correct({ heightCm: 158 }));
    expect(afterErasure?.data).toMatchObject({ data: { identity: { erased: true } } });
  });
});
