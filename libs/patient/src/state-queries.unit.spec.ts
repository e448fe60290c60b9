import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from './test-support/patients';
import { afterCommands, eventId, given, PATIENT_ID } from './test-support/scenario';
import { initialState } from './state';
import {
  currentThalidomideDose,
  dexamethasoneCycles,
  regimenDexamethasone,
  findEntry,
  labsOf,
  latestBodyMeasurementAt,
  milestoneOf,
  protocolOf,
  thalidomideDoseAt,
  treatmentStart,
} from './state-queries';

const thalidomide = (mgPerDay: number, effectiveAt: string) => ({ type: 'ChangeThalidomideDose', patientId: PATIENT_ID, mgPerDay, effectiveAt }) as const;

describe('a thalidomide-arm patient started, escalated and weighed', () => {
  const state = afterCommands(given(ENROLLED_AGE_69), [
    thalidomide(100, '2024-03-02T09:00:00Z'),
    thalidomide(200, '2024-03-16T09:00:00Z'),
    { type: 'RecordBodyMeasurement', patientId: PATIENT_ID, heightCm: 160, weightKg: 50, measuredAt: '2024-04-01T09:00:00Z' },
    { type: 'RecordLabResult', patientId: PATIENT_ID, test: 'VEGF', value: 1200, unit: 'pg/mL', collectedAt: '2024-02-20T09:00:00Z' },
  ]);

  it('knows the dose in effect at any clinical time and now', () => {
    expect(thalidomideDoseAt(state, '2024-03-01T00:00:00.000Z')).toBe(0);
    expect(thalidomideDoseAt(state, '2024-03-10T00:00:00.000Z')).toBe(100);
    expect(thalidomideDoseAt(state, '2024-03-16T09:00:00.000Z')).toBe(200);
    expect(currentThalidomideDose(state)).toBe(200);
  });

  it('dates treatment start at the first thalidomide dose', () => {
    expect(treatmentStart(state)).toBe('2024-03-02T09:00:00.000Z');
  });

  it('finds the body measurement in force, counting enrolment as one', () => {
    expect(latestBodyMeasurementAt(state, '2024-02-01T00:00:00.000Z')).toBeUndefined();
    expect(latestBodyMeasurementAt(state, '2024-03-20T00:00:00.000Z')).toMatchObject({ source: 'ENROLMENT', weightKg: 55 });
    expect(latestBodyMeasurementAt(state, '2024-04-01T09:00:00.000Z')).toMatchObject({ source: 'MEASUREMENT', weightKg: 50 });
  });

  it('finds entries by event id with their event type', () => {
    expect(findEntry(state, eventId(1))).toMatchObject({ type: 'PatientEnrolled' });
    expect(findEntry(state, eventId(101))).toMatchObject({ type: 'ThalidomideDoseChanged', entry: { mgPerDay: 200 } });
    expect(findEntry(state, eventId(102))).toMatchObject({ type: 'BodyMeasured', entry: { weightKg: 50 } });
    expect(findEntry(state, eventId(999))).toBeUndefined();
  });

  it('lists labs by test and names its protocol definition', () => {
    expect(labsOf(state, 'VEGF').map((l) => l.value)).toEqual([1200]);
    expect(labsOf(state, 'ANC')).toEqual([]);
    expect(protocolOf(state)).toMatchObject({ id: 'poems-seed', version: 1 });
  });
});

describe('an Auto-PBSCT patient', () => {
  it('dates treatment start at the stem cell infusion (day 0)', () => {
    const state = afterCommands(given(ENROLLED_AGE_53), [
      { type: 'RecordTransplantMilestone', patientId: PATIENT_ID, milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00Z' },
      { type: 'RecordTransplantMilestone', patientId: PATIENT_ID, milestone: 'CONDITIONING', occurredAt: '2024-04-20T09:00:00Z' },
    ]);
    expect(treatmentStart(state)).toBeUndefined();
    const infused = afterCommands(state, [
      { type: 'RecordTransplantMilestone', patientId: PATIENT_ID, milestone: 'STEM_CELL_INFUSION', occurredAt: '2024-04-22T09:00:00Z' },
    ]);
    expect(treatmentStart(infused)).toBe('2024-04-22T09:00:00.000Z');
    expect(milestoneOf(infused, 'APHERESIS')?.occurredAt).toBe('2024-03-20T09:00:00.000Z');
  });
});

describe('dexamethasone doses with a back-dated entry', () => {
  it('recomputes cycles from the whole current history', () => {
    const dose = (givenAt: string) => ({ type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg: 18.72, givenAt }) as const;
    const state = afterCommands(given(ENROLLED_AGE_69), [dose('2024-03-30T09:00:00Z'), dose('2024-03-02T09:00:00Z')]);
    // As decided, both were the first dose known at the time.
    expect(regimenDexamethasone(state).map((d) => d.cycleNumber)).toEqual([1, 1]);
    expect(dexamethasoneCycles(state).doses.map((c) => [c.dose.givenAt, c.cycleNumber])).toEqual([
      ['2024-03-02T09:00:00.000Z', 1],
      ['2024-03-30T09:00:00.000Z', 2],
    ]);
  });
});

describe('a stream with no enrolment', () => {
  it('answers every query without throwing', () => {
    expect(treatmentStart(initialState)).toBeUndefined();
    expect(protocolOf(initialState)).toBeUndefined();
    expect(dexamethasoneCycles(initialState)).toEqual({ doses: [], cycles: [] });
    expect(currentThalidomideDose(initialState)).toBe(0);
  });
});
