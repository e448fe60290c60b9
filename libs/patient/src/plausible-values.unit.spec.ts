import { ENROLLED_AGE_69 } from './test-support/patients';
import { given, PATIENT_ID, refusal, when } from './test-support/scenario';

const lab = (test: string, value: number, unit: string, extra: object = {}) =>
  ({ type: 'RecordLabResult', patientId: PATIENT_ID, test, value, unit, collectedAt: '2024-05-01T08:00:00Z', ...extra }) as never;
const thalidomide = (mgPerDay: number) => ({ type: 'ChangeThalidomideDose', patientId: PATIENT_ID, mgPerDay, effectiveAt: '2024-05-01T09:00:00Z' }) as const;
const dex = (doseMg: number) => ({ type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg, givenAt: '2024-05-01T09:00:00Z' }) as const;

describe('a measured value no living patient can have', () => {
  const enrolled = given(ENROLLED_AGE_69);

  it('is refused, naming the field, the possible range and the unit to check', () => {
    const error = refusal(enrolled, lab('VEGF', 1e308, 'pg/mL'));
    expect(error).toMatchObject({ code: 'VALUE_IMPOSSIBLE', kind: 'validation', field: ['value'] });
    expect(error.message).toContain('0-500000 pg/mL');
    // 600 ng/mL is 600,000 pg/mL: a unit slip, caught after conversion.
    expect(refusal(enrolled, lab('VEGF', 600, 'ng/mL'))).toMatchObject({ code: 'VALUE_IMPOSSIBLE' });
    expect(refusal(enrolled, lab('HEMOGLOBIN', 140, 'g/dL'))).toMatchObject({ code: 'VALUE_IMPOSSIBLE' });
    expect(refusal(enrolled, lab('VEGF', 900, 'pg/mL', { upperLimitOfNormal: 1e9 }))).toMatchObject({ code: 'VALUE_IMPOSSIBLE', field: ['upperLimitOfNormal'] });
  });

  it('is refused for drug doses too: thalidomide 1e-7 mg/day, dexamethasone 0.1 mg', () => {
    expect(refusal(enrolled, thalidomide(1e-7))).toMatchObject({ code: 'INVALID_COMMAND', field: ['mgPerDay'] });
    expect(refusal(enrolled, thalidomide(5))).toMatchObject({ code: 'INVALID_COMMAND', field: ['mgPerDay'] });
    expect(when(enrolled, thalidomide(50))).toHaveLength(1);
    expect(refusal(enrolled, dex(0.1))).toMatchObject({ code: 'INVALID_COMMAND', field: ['doseMg'] });
  });

  it('is refused as a patient id when it is the nil or the max UUID', () => {
    for (const patientId of ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF']) {
      expect(refusal(enrolled, { ...thalidomide(50), patientId } as never)).toMatchObject({ code: 'INVALID_COMMAND', field: ['patientId'] });
    }
  });
});

describe('a value that is possible but unusual', () => {
  const enrolled = given(ENROLLED_AGE_69);

  it('is recorded and flagged, so the care team looks again', () => {
    const [unusual] = when(enrolled, lab('VEGF', 45_000, 'pg/mL'));
    expect(unusual).toMatchObject({ type: 'LabResultRecorded', data: { value: 45_000, unusual: true } });
    const [usual] = when(enrolled, lab('VEGF', 4_500, 'pg/mL'));
    expect(usual!.data).not.toHaveProperty('unusual');
  });

  it('keeps the edges of the ranges: the usual maximum is usual, the possible maximum is possible', () => {
    expect(when(enrolled, lab('VEGF', 30_000, 'pg/mL'))[0]!.data).not.toHaveProperty('unusual');
    expect(when(enrolled, lab('VEGF', 500_000, 'pg/mL'))[0]!.data).toMatchObject({ unusual: true });
    expect(refusal(enrolled, lab('VEGF', 500_001, 'pg/mL'))).toMatchObject({ code: 'VALUE_IMPOSSIBLE' });
  });
});
