import { align, cohortFigureData, quantile } from './series';

describe('chart data', () => {
  it('aligns series sampled at different times onto one x axis', () => {
    expect(align([{ x: [1, 3], y: [10, 30] }, { x: [2, 3], y: [200, 300] }])).toEqual([[1, 2, 3], [10, null, 30], [null, 200, 300]]);
  });

  it('interpolates quartiles like the research view', () => {
    expect([quantile([1, 2, 3, 4], 0.25), quantile([1, 2, 3, 4], 0.5), quantile([1, 2, 3, 4], 0.75)]).toEqual([1.75, 2.5, 3.25]);
  });

  it('draws a line per pseudonymous patient, the quartile band and median per month, and the upper limit', () => {
    const patients = [
      { pseudoId: 'P-a', points: [{ daysSinceStart: 0, vegfPgMl: 2000, upperLimitPgMl: 600 }, { daysSinceStart: 60.875, vegfPgMl: 500, upperLimitPgMl: 600 }] },
      { pseudoId: 'P-b', points: [{ daysSinceStart: 30.4375, vegfPgMl: 900, upperLimitPgMl: 600 }] },
    ];
    const months = [{ month: 0, n: 2, median: 1450, q1: 1175, q3: 1725 }];
    const { data, upperLimit, patientIds } = cohortFigureData(patients, months);
    expect(patientIds).toEqual(['P-a', 'P-b']);
    expect(upperLimit).toBe(600);
    expect(data[0]).toEqual([0, 0.5, 1, 2]);
    expect(data[1]).toEqual([2000, null, null, 500]);
    expect(data[2]).toEqual([null, null, 900, null]);
    expect(data.slice(3, 6)).toEqual([[null, 1175, null, null], [null, 1450, null, null], [null, 1725, null, null]]);
    expect(data[6]).toEqual([600, 600, 600, 600]);
  });
});
