import { ENROLLED_AGE_53, ENROLLED_AGE_69, ENROLLED_AGE_79 } from './test-support/patients';
import { given, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

/** What a new enrolment records besides the fixture's fields: the clinic's zone and its offset then. */
const inTokyo = (event: GivenEvent): GivenEvent => ({ ...event, data: { ...(event.data as object), clinicTimeZone: 'Asia/Tokyo', clinicalTimeOffset: '+09:00' } }) as GivenEvent;

const enrol = {
  type: 'EnrollPatient',
  patientId: PATIENT_ID,
  birthDate: '1954-03-10',
  sex: 'female',
  heightCm: 160,
  weightKg: 55,
  careTeam: 'haem-a',
  enrolledAt: '2024-03-01T18:00:00+09:00',
  name: 'Hanako Sato',
  mrn: 'MRN-0042',
} as const;

describe('a new patient aged 69 at enrolment', () => {
  it('is enrolled on thalidomide + dexamethasone by age, under the seed protocol, in UTC with the clinic zone and offset beside it', () => {
    expect(when(given(), enrol)).toEqual([inTokyo(ENROLLED_AGE_69)]);
  });

  it('is enrolled under J-POST when the command names it and the patient cannot have a transplant', () => {
    const [event] = when(given(), { ...enrol, protocol: { id: 'j-post', version: 1 }, transplantIneligibleReason: 'LVEF 35%' });
    expect(event?.data).toMatchObject({ protocol: { id: 'j-post', version: 1 }, arm: 'THALIDOMIDE_DEXAMETHASONE', armReason: 'TRANSPLANT_INELIGIBLE' });
  });

  it('keeps a transplant-ineligible reason but stays on the thalidomide arm by age', () => {
    const [event] = when(given(), { ...enrol, transplantIneligibleReason: 'LVEF 35%' });
    expect(event?.data).toMatchObject({ arm: 'THALIDOMIDE_DEXAMETHASONE', armReason: 'AGE', transplantIneligibleReason: 'LVEF 35%' });
  });
});

describe('a new patient aged 53 at enrolment', () => {
  const young = { ...enrol, birthDate: '1970-05-20', sex: 'male', heightCm: 170, weightKg: 70, name: undefined, mrn: undefined } as const;

  it('is enrolled for Auto-PBSCT by age', () => {
    const { name: _n, mrn: _m, ...command } = young;
    expect(when(given(), command)).toEqual([inTokyo(ENROLLED_AGE_53)]);
  });

  it('is enrolled on thalidomide + dexamethasone when ineligible for transplant', () => {
    const { name: _n, mrn: _m, ...command } = young;
    expect(when(given(), { ...command, transplantIneligibleReason: 'severe pulmonary hypertension' })).toEqual([
      {
        ...ENROLLED_AGE_53,
        data: {
          ...(inTokyo(ENROLLED_AGE_53).data as object),
          arm: 'THALIDOMIDE_DEXAMETHASONE',
          armReason: 'TRANSPLANT_INELIGIBLE',
          transplantIneligibleReason: 'severe pulmonary hypertension',
        },
      },
    ]);
  });
});

describe('a new patient aged 79 at enrolment', () => {
  it('is enrolled on thalidomide + dexamethasone with a dose factor of 0.5', () => {
    const command = { ...enrol, birthDate: '1945-01-15', sex: 'male', heightCm: 150, weightKg: 45, careTeam: 'haem-b' } as const;
    const { name: _n, mrn: _m, ...withoutIdentity } = command;
    expect(when(given(), withoutIdentity)).toEqual([inTokyo(ENROLLED_AGE_79)]);
  });
});

describe('arm assignment at the band edges', () => {
  it.each([
    ['1958-03-01', 66, 'THALIDOMIDE_DEXAMETHASONE'],
    ['1958-03-02', 65, 'AUTO_PBSCT'],
    ['1949-03-01', 75, 'THALIDOMIDE_DEXAMETHASONE'],
    ['1949-03-02', 74, 'THALIDOMIDE_DEXAMETHASONE'],
  ])('born %s, aged %i on 2024-03-01, goes to %s', (birthDate, age, arm) => {
    const [event] = when(given(), { ...enrol, birthDate });
    expect(event?.data).toMatchObject({ ageAtEnrolment: age, arm });
  });
});

describe('an enrolment that cannot be right', () => {
  it('is refused when the patient is already enrolled', () => {
    expect(refusal(given(ENROLLED_AGE_69), enrol)).toMatchObject({ code: 'ALREADY_ENROLLED', kind: 'conflict' });
  });

  it('is refused when enrolment is in the future beyond the clock skew', () => {
    expect(refusal(given(), { ...enrol, enrolledAt: '2024-06-01T00:06:00Z' })).toMatchObject({
      code: 'TIME_IN_FUTURE',
      kind: 'validation',
      field: ['enrolledAt'],
    });
  });

  it('is accepted within the clock skew', () => {
    expect(when(given(), { ...enrol, enrolledAt: '2024-06-01T00:04:00Z' })).toHaveLength(1);
  });

  it('is refused when the birth date is after enrolment', () => {
    expect(refusal(given(), { ...enrol, birthDate: '2024-03-02' })).toMatchObject({
      code: 'BIRTH_DATE_AFTER_ENROLMENT',
      field: ['birthDate'],
    });
  });

  it('is refused when the patient would be over 120', () => {
    expect(refusal(given(), { ...enrol, birthDate: '1900-01-01' })).toMatchObject({ code: 'AGE_OUT_OF_RANGE', kind: 'validation' });
  });

  it('is refused for an unknown protocol', () => {
    expect(refusal(given(), { ...enrol, protocol: { id: 'poems-seed', version: 9 } })).toMatchObject({
      code: 'PROTOCOL_UNKNOWN',
      kind: 'validation',
    });
  });

  it.each([
    ['heightCm', 49],
    ['heightCm', 251],
    ['weightKg', 1.9],
    ['weightKg', 401],
    ['careTeam', 'haem a'],
    ['careTeam', ''],
    ['sex', 'f'],
    ['birthDate', '1954-02-30'],
    ['enrolledAt', '2024-03-01T09:00:00'],
    ['patientId', 'not-a-uuid'],
  ])('refuses %s = %j as an invalid command naming the field', (field, value) => {
    expect(refusal(given(), { ...enrol, [field]: value } as never)).toMatchObject({ code: 'INVALID_COMMAND', kind: 'validation', field: [field] });
  });

  it('refuses an unknown field', () => {
    expect(refusal(given(), { ...enrol, arm: 'AUTO_PBSCT' } as never)).toMatchObject({ code: 'INVALID_COMMAND', kind: 'validation', field: ['arm'] });
  });
});
