import { childbearingText, thromboprophylaxisPeriods } from './safety';

describe('the thalidomide safety section', () => {
  it('pairs each thromboprophylaxis start with the stop that ended it; the last one still active', () => {
    const periods = thromboprophylaxisPeriods([
      { eventId: 'c', event: 'STARTED', agent: 'ASPIRIN', startedAt: '2026-03-02T00:00:00Z' },
      { eventId: 'b', event: 'STOPPED', stoppedAt: '2026-03-01T00:00:00Z', reason: 'platelets low' },
      { eventId: 'a', event: 'STARTED', agent: 'LMWH', startedAt: '2026-01-01T00:00:00Z' },
    ]);
    expect(periods).toEqual([
      { agent: 'LMWH', from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', stopReason: 'platelets low' },
      { agent: 'ASPIRIN', from: '2026-03-02T00:00:00Z', to: null, stopReason: null },
    ]);
  });

  it('says whether the pregnancy programme applies and which assumption was made', () => {
    expect(childbearingText({ childbearingPotential: true, childbearingPotentialBasis: 'ASSUMED_BELOW_AGE', assumptionAge: 55 })).toBe('Of childbearing potential: pregnancy tests required (assumed: not recorded, and under 55 at enrolment)');
    expect(childbearingText({ childbearingPotential: false, childbearingPotentialBasis: 'RECORDED' })).toBe('Not of childbearing potential: no pregnancy tests required (recorded)');
  });
});
