import { afterCommands, given, PATIENT_ID, refusal, when } from './test-support/scenario';

const enrol = {
  type: 'EnrollPatient',
  patientId: PATIENT_ID,
  birthDate: '1959-05-20',
  sex: 'male',
  heightCm: 170,
  weightKg: 70,
  careTeam: 'haem-a',
  // 08:30 on 20 May in Tokyo: still 19 May in UTC.
  enrolledAt: '2024-05-20T08:30:00+09:00',
} as const;

describe('a patient enrolled in Tokyo before 09:00 on their 65th birthday (issue 16 item 9)', () => {
  it('is 65 on the clinic calendar, not 64 as the UTC day made them, and the event says which zone and offset', () => {
    const [event] = when(given(), enrol);
    expect(event?.data).toMatchObject({ ageAtEnrolment: 65, clinicTimeZone: 'Asia/Tokyo', clinicalTimeOffset: '+09:00', enrolledAt: '2024-05-19T23:30:00.000Z' });
  });

  it('is 64 when the clinic is in UTC (CLINIC_TIME_ZONE is data in the decide context)', () => {
    const [event] = when(given(), enrol, undefined, undefined, 'UTC');
    expect(event?.data).toMatchObject({ ageAtEnrolment: 64, clinicTimeZone: 'UTC', clinicalTimeOffset: '+00:00' });
  });

  it('takes the 75-year boundary on the clinic day too: 75 and half doses on the birthday morning', () => {
    const [event] = when(given(), { ...enrol, birthDate: '1949-05-20' });
    expect(event?.data).toMatchObject({ ageAtEnrolment: 75, ageBand: { minAge: 75, maxAge: null, doseFactor: 0.5 } });
  });

  it('refuses a birth date after the clinic date of enrolment, and accepts one on it', () => {
    expect(refusal(given(), { ...enrol, birthDate: '2024-05-21' })).toMatchObject({ code: 'BIRTH_DATE_AFTER_ENROLMENT' });
    expect(when(given(), { ...enrol, birthDate: '2024-05-20' })[0]?.data).toMatchObject({ ageAtEnrolment: 0 });
  });
});

describe('the offset is kept beside every stored time of a patient enrolled with a zone', () => {
  it('records the clinic offset on later facts too', () => {
    const state = afterCommands(given(), [enrol]);
    const [measurement] = when(state, { type: 'RecordBodyMeasurement', patientId: PATIENT_ID, heightCm: 170, weightKg: 69, measuredAt: '2024-05-21T10:00:00+09:00' });
    expect(measurement?.data).toMatchObject({ measuredAt: '2024-05-21T01:00:00.000Z', clinicalTimeOffset: '+09:00' });
  });
});

describe('childbearing potential at enrolment (issue 12)', () => {
  it('is recorded when given, and absent (unknown) otherwise', () => {
    expect(when(given(), { ...enrol, sex: 'female', childbearingPotential: true })[0]?.data).toMatchObject({ childbearingPotential: true });
    expect(when(given(), enrol)[0]?.data).not.toHaveProperty('childbearingPotential');
  });
});

describe('J-POST eligibility as its own data (issue 16 item 5)', () => {
  const jpost = { ...enrol, protocol: { id: 'j-post', version: 1 } } as const;

  it('enrols a transplant-ineligible adult of any age from 20 on thalidomide', () => {
    const [event] = when(given(), { ...jpost, birthDate: '1994-01-01', transplantIneligibleReason: 'declined transplant' });
    expect(event?.data).toMatchObject({ ageAtEnrolment: 30, arm: 'THALIDOMIDE_DEXAMETHASONE', armReason: 'TRANSPLANT_INELIGIBLE', ageBand: { doseFactor: 1 } });
  });

  it('refuses a patient under 20, naming the birth date', () => {
    const error = refusal(given(), { ...jpost, birthDate: '2005-01-01', transplantIneligibleReason: 'declined transplant' });
    expect(error).toMatchObject({ code: 'NOT_ELIGIBLE', kind: 'validation', field: ['birthDate'] });
  });

  it('refuses a patient who could have a transplant, naming transplantIneligibleReason', () => {
    expect(refusal(given(), jpost)).toMatchObject({ code: 'NOT_ELIGIBLE', field: ['transplantIneligibleReason'] });
  });
});
