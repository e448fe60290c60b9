import { regimenDexamethasone } from './state-queries';
import { ENROLLED_AGE_53, ENROLLED_AGE_69, ENROLLED_JPOST_AGE_69 } from './test-support/patients';
import { afterCommands, eventId, given, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const dose = (doseMg: number, givenAt: string) => ({ type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg, givenAt }) as const;

const firstDose: GivenEvent = {
  type: 'DexamethasoneDoseGiven',
  occurredAt: '2024-03-02T09:00:00.000Z',
  data: {
    doseMg: 18.7,
    givenAt: '2024-03-02T09:00:00.000Z',
    bodyMeasurementEventId: eventId(1),
    heightCm: 160,
    weightKg: 55,
    measuredAt: '2024-03-01T09:00:00.000Z',
    bsaM2: 1.56,
    bsaFormula: 'MOSTELLER',
    mgPerM2: 12,
    doseFactor: 1,
    protocolDoseMg: 18.72,
    withinTolerance: true,
    cycleNumber: 1,
    cycleDay: 1,
    cycleStartedAt: '2024-03-02T09:00:00.000Z',
    onProtocolArm: true,
  },
};

describe('a 69-year-old on the seed protocol given a first dexamethasone dose', () => {
  it('records 12 mg/m² × 1.56 m² = 18.72 mg from the enrolment measurement, cycle 1 day 1', () => {
    expect(when(given(ENROLLED_AGE_69), dose(18.7, '2024-03-02T09:00:00Z'))).toEqual([firstDose]);
  });
});

describe('a 69-year-old on the seed protocol 28 days after the first dose', () => {
  it('starts cycle 2', () => {
    const [event] = when(given(ENROLLED_AGE_69, firstDose), dose(18.7, '2024-03-30T09:00:00Z'));
    expect(event?.data).toMatchObject({ cycleNumber: 2, cycleDay: 1, cycleStartedAt: '2024-03-30T09:00:00.000Z' });
  });
});

describe('a patient weighed again after enrolment, with measurements arriving out of order', () => {
  const state = given(
    ENROLLED_AGE_69,
    {
      type: 'BodyMeasured',
      occurredAt: '2024-04-01T09:00:00.000Z',
      data: { heightCm: 160, weightKg: 50, measuredAt: '2024-04-01T09:00:00.000Z', bsaM2: 1.49, bsaFormula: 'MOSTELLER' },
    },
    {
      type: 'BodyMeasured',
      occurredAt: '2024-03-15T09:00:00.000Z',
      data: { heightCm: 160, weightKg: 60, measuredAt: '2024-03-15T09:00:00.000Z', bsaM2: 1.63, bsaFormula: 'MOSTELLER' },
    },
  );

  it('uses the latest measurement at or before the dose in clinical time', () => {
    const [march] = when(state, dose(19.5, '2024-03-20T09:00:00Z'));
    expect(march?.data).toMatchObject({ bodyMeasurementEventId: eventId(3), weightKg: 60, bsaM2: 1.63, protocolDoseMg: 19.56 });
    const [april] = when(state, dose(17.9, '2024-04-05T09:00:00Z'));
    expect(april?.data).toMatchObject({ bodyMeasurementEventId: eventId(2), weightKg: 50, bsaM2: 1.49, protocolDoseMg: 17.88 });
  });
});

describe('the dose check on the seed protocol for a 170 cm, 70 kg patient (BSA 1.82 m²)', () => {
  const enrolledBorn = (birthDate: string) =>
    afterCommands(given(), [
      {
        type: 'EnrollPatient',
        patientId: PATIENT_ID,
        birthDate,
        sex: 'male',
        heightCm: 170,
        weightKg: 70,
        careTeam: 'haem-a',
        enrolledAt: '2024-03-01T09:00:00Z',
      },
    ]);

  it.each([
    // age, birth date, given mg, protocol mg, within 10%, on the arm that gives dexamethasone
    [60, '1963-06-01', 21.84, 21.84, true, false],
    [60, '1963-06-01', 24.1, 21.84, false, false],
    [70, '1953-06-01', 20, 21.84, true, true],
    [70, '1953-06-01', 24, 21.84, true, true],
    [70, '1953-06-01', 19.6, 21.84, false, true],
    [70, '1953-06-01', 24.1, 21.84, false, true],
    [80, '1943-06-01', 10, 10.92, true, true],
    [80, '1943-06-01', 12, 10.92, true, true],
    [80, '1943-06-01', 9.8, 10.92, false, true],
    [80, '1943-06-01', 21.84, 10.92, false, true],
  ])('age %i (born %s): %d mg against %d mg is within tolerance: %s, on arm: %s', (_age, birthDate, given_, expected, within, onArm) => {
    const [event] = when(enrolledBorn(birthDate), dose(given_, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ bsaM2: 1.82, protocolDoseMg: expected, withinTolerance: within, onProtocolArm: onArm });
  });
});

describe('an Auto-PBSCT patient given dexamethasone', () => {
  it('records the dose with onProtocolArm false', () => {
    const [event] = when(given(ENROLLED_AGE_53), dose(21.84, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ protocolDoseMg: 21.84, withinTolerance: true, onProtocolArm: false });
  });
});

describe('a J-POST patient given dexamethasone on days 1-4 of each 28-day cycle', () => {
  const days = ['2024-03-02T09:00:00Z', '2024-03-03T08:00:00Z', '2024-03-04T11:00:00Z', '2024-03-05T09:30:00Z'];
  const cycleOne = afterCommands(given(ENROLLED_JPOST_AGE_69), days.map((d) => dose(18.72, d)));

  it('keeps days 1-4 in cycle 1', () => {
    expect(regimenDexamethasone(cycleOne).map((d) => [d.cycleNumber, d.cycleDay])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
    ]);
  });

  it('starts cycle 2 on day 29', () => {
    const [event] = when(cycleOne, dose(18.72, '2024-03-30T09:00:00Z'));
    expect(event?.data).toMatchObject({ cycleNumber: 2, cycleDay: 1, cycleStartedAt: '2024-03-30T09:00:00.000Z', withinTolerance: true });
  });
});

describe('a dexamethasone dose that cannot be recorded', () => {
  it('is refused before enrolment', () => {
    expect(refusal(given(ENROLLED_AGE_69), dose(18.7, '2024-02-29T09:00:00Z'))).toMatchObject({ code: 'BEFORE_ENROLMENT', field: ['givenAt'] });
  });
  it('is refused in the future', () => {
    expect(refusal(given(ENROLLED_AGE_69), dose(18.7, '2024-06-02T09:00:00Z'))).toMatchObject({ code: 'TIME_IN_FUTURE', field: ['givenAt'] });
  });
  it('is refused for a patient who is not enrolled', () => {
    expect(refusal(given(), dose(18.7, '2024-03-02T09:00:00Z'))).toMatchObject({ code: 'PATIENT_NOT_ENROLLED' });
  });
  it.each([0, -4, 201])('is refused at %d mg as physically impossible', (mg) => {
    expect(refusal(given(ENROLLED_AGE_69), dose(mg, '2024-03-02T09:00:00Z'))).toMatchObject({ code: 'INVALID_COMMAND', field: ['doseMg'] });
  });
});
