import type { ResearchMeasurementRow, ResearchRecord } from './research-rows';
import { monthSince, presentVegfSeries } from './research-vegf-series';

/** A patient whose treatment started on 2025-01-01 (shifted), with VEGF on the given days since. */
function patient(pseudoId: string, arm: ResearchRecord['patient']['arm'], samples: [day: number, value: number, assay?: 'plasma'][], started = true): ResearchRecord {
  const on = (day: number) => new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
  const measurements: ResearchMeasurementRow[] = samples.map(([day, value, assay], i) => ({
    key: `${pseudoId}-${i}`,
    pseudoId,
    kind: 'VEGF',
    measuredOn: on(day),
    value,
    unit: 'pg/mL',
    upperLimitOfNormal: assay ? null : 600,
    specimen: assay ?? 'serum',
    method: assay ? 'ELISA' : 'RIA',
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
      { month: -1, daysSinceStart: -5, vegfPgMl: 3000, upperLimitPgMl: 600, series: 'serum RIA' },
      { month: 0, daysSinceStart: 10, vegfPgMl: 1200, upperLimitPgMl: 600, series: 'serum RIA' },
      { month: 0, daysSinceStart: 25, vegfPgMl: 800, upperLimitPgMl: 600, series: 'serum RIA' },
      { month: 1, daysSinceStart: 40, vegfPgMl: 500, upperLimitPgMl: 600, series: 'serum RIA' },
    ]);
  });

  it('summarises each arm and month over patients, each with the last sample of the month', () => {
    expect(perMonth).toEqual([
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: -1, n: 1, median: 3000, q1: 3000, q3: 3000 },
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: 0, n: 2, median: 1400, q1: 1100, q3: 1700 },
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: 1, n: 2, median: 600, q1: 550, q3: 650 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', series: 'serum RIA', month: -1, n: 1, median: 1800, q1: 1800, q3: 1800 },
      { arm: 'THALIDOMIDE_DEXAMETHASONE', series: 'serum RIA', month: 1, n: 1, median: 1500, q1: 1500, q3: 1500 },
    ]);
  });
});

// Issue 16 item 3: a switch from serum RIA to plasma ELISA read as an 80% fall in the month summaries.
describe('a patient whose laboratory switched from serum RIA to plasma ELISA', () => {
  it('keeps the two series apart: no month pools them', () => {
    const { perMonth } = presentVegfSeries([patient('P-e', 'AUTO_PBSCT', [[-5, 3000], [40, 2500], [70, 120, 'plasma']]), patient('P-f', 'AUTO_PBSCT', [[70, 1000]])]);
    expect(perMonth.filter((m) => m.month === 2)).toEqual([
      { arm: 'AUTO_PBSCT', series: 'plasma ELISA', month: 2, n: 1, median: 120, q1: 120, q3: 120 },
      { arm: 'AUTO_PBSCT', series: 'serum RIA', month: 2, n: 1, median: 1000, q1: 1000, q3: 1000 },
    ]);
  });
});
