import type { ResearchMeasurementRow, ResearchRecord } from './research-rows';
import { monthSince, presentVegfSeries } from './research-vegf-series';

/** A patient whose treatment started on 2025-01-01 (shifted), with VEGF on the given days since. */
function patient(pseudoId: string, arm: ResearchRecord['patient']['arm'], samples: [day: number, value: number][], started = true): ResearchRecord {
  const on = (day: number) => new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
  const measurements: ResearchMeasurementRow[] = samples.map(([day, value], i) => ({
    key: `${pseudoId}-${i}`,
    pseudoId,
    kind: 'VEGF',
    measuredOn: on(day),
    value,
    unit: 'pg/mL',
    upperLimitOfNormal: 600,
    nerve: null,
    side: null,
    result: null,
  }));
  measurements.push({ ...measurements[0]!, key: `${pseudoId}-onls`, kind: 'ONLS', value: 4, unit: 'points', upperLimitOfNormal: null });
  const row = { pseudoId, arm, ageBand: '≤65', halfDose: false, sex: 'male', protocolId: 'poems-seed', protocolVersion: 1, enrolledOn: on(-10), regimenEndedOn: null, startCandidates: [] };
  return { patient: { ...row, treatmentStartedOn: started ? on(0) : null }, measurements };
}

describe('months since treatment start', () => {
  it('are floor(days / 30.4375): a year is month 12, the day before the start month -1', () => {
    expect([-1, 0, 30, 31, 60, 61, 365, 366].map(monthSince)).toEqual([-1, 0, 0, 1, 1, 2, 11, 12]);
  });
});

describe('the VEGF series of a small cohort', () => {
  const cohort = [
    patient('P-b', 'AUTO_PBSCT', [[-5, 3000], [10, 1200], [25, 800], [40, 500]]),
    patient('P-a', 'AUTO_PBSCT', [[0, 2000], [35, 700]]),
    patient('P-c', 'THALIDOMIDE_DEXAMETHASONE', [[-2, 1800], [33, 1500]]),
    patient('P-d', 'THALIDOMIDE_DEXAMETHASONE', [[-2, 900]], false),
  ];
  const { perPatient, perMonth } = presentVegfSeries(cohort);

  it('lists each treated patient by arm, with days and months since the start, in order', () => {
    expect(perPatient.map((p) => p.pseudoId)).toEqual(['P-a', 'P-b', 'P-c']);
    expect(perPatient[1]!.points).toEqual([
      { month: -1, daysSinceStart: -5, vegfPgMl: 3000, upperLimitPgMl: 600 },
      { month: 0, daysSinceStart: 10, vegfPgMl: 1200, upperLimitPgMl: 600 },
      { month: 0, daysSinceStart: 25, vegfPgMl: 800, upperLimitPgMl: 600 },
      { month: 1, daysSinceStart: 40, vegfPgMl: 500, upperLimitPgMl: 600 },
    ]);
  });

  it('summarises each arm and month over patients, each with the last sample of the month', () => {
    expect(perMonth).toEqual([
      { arm: 'AUTO_PBSCT', month: -1, n: 1, median: 3000, q1: 3000, q3: 3000 },
      { arm: 'AUTO_PBSCT', month: 0, n: 2, median: 1400, q1: 1100, q3: 1700 },
      { arm: 'AUTO_PBSCT', month: 1, n: 2, median: 600, q1: 550, q3: 650 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', month: -1, n: 1, median: 1800, q1: 1800, q3: 1800 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', month: 1, n: 1, median: 1500, q1: 1500, q3: 1500 },
    ]);
  });
});
