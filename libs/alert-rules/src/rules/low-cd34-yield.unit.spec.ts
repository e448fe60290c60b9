import { lowCd34Yield } from './low-cd34-yield';
import { ENROL_AGE_53, eventId, history, type Command } from '../test-support/history';

const NOW = '2024-06-01T00:00:00.000Z';
const apheresis = (cd34PerKg?: number): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00Z', ...(cd34PerKg !== undefined && { cd34PerKg }) }) as Command;

describe('an apheresis yielding fewer CD34+ cells than the 2.0 × 10⁶/kg minimum', () => {
  const { findings } = lowCd34Yield(history(ENROL_AGE_53, apheresis(1.4)), NOW);

  it('finds a low yield at the apheresis, active until acknowledged', () => {
    expect(findings).toEqual([
      {
        rule: 'LOW_CD34_YIELD',
        severity: 'warning',
        episodeKey: eventId(2),
        clinicalTime: '2024-03-20T09:00:00.000Z',
        summary: 'CD34+ yield 1.4 × 10⁶/kg at apheresis on 2024-03-20, below the 2 × 10⁶/kg minimum: consider further collection',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('an apheresis yielding exactly the minimum, or with no yield recorded', () => {
  it.each([[2.0], [undefined]])('cd34PerKg %s: no finding', (cd34) => {
    expect(lowCd34Yield(history(ENROL_AGE_53, apheresis(cd34)), NOW).findings).toEqual([]);
  });
});

describe('a low yield corrected to an adequate one', () => {
  it('no longer shows a finding', () => {
    const state = history(ENROL_AGE_53, apheresis(1.4), { type: 'CorrectEvent', correctsEventId: eventId(2), reason: 'units misread', cd34PerKg: 2.6 });
    expect(lowCd34Yield(state, NOW).findings).toEqual([]);
  });
});
