import { ENROLLED_AGE_69 } from './test-support/patients';
import { given, NOW, PATIENT_ID, refusal, when } from './test-support/scenario';

const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
const vegf = (collectedAt: string) => ({ type: 'RecordLabResult', patientId: PATIENT_ID, test: 'VEGF', value: 800, unit: 'pg/mL', collectedAt }) as const;

describe('a clinical time ahead of the server clock', () => {
  const enrolled = given(ENROLLED_AGE_69);

  it('is accepted up to exactly the skew allowed (default 5 minutes), refused one millisecond later', () => {
    expect(when(enrolled, vegf(at(5 * 60_000)))).toHaveLength(1);
    expect(refusal(enrolled, vegf(at(5 * 60_000 + 1)))).toMatchObject({ code: 'TIME_IN_FUTURE', field: ['collectedAt'] });
  });

  it('follows the configured skew to the millisecond', () => {
    const decide = (ms: number, maxClockSkewMs: number) => () => when(enrolled, vegf(at(ms)), NOW, maxClockSkewMs);
    expect(decide(1_000, 1_000)).not.toThrow();
    expect(decide(1_001, 1_000)).toThrow('later than now');
    expect(decide(0, 0)).not.toThrow();
    expect(decide(1, 0)).toThrow('later than now');
  });
});
