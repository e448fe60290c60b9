import { treatmentNotStarted } from './treatment-not-started';
import { ENROL_AGE_53, ENROL_AGE_69, eventId, history, milestone, type Command } from '../test-support/history';

// Both enrolled 1 March 2024 09:00: thalidomide due within 28 days (29 March), mobilisation within 42 (12 April).
const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });

describe('a thalidomide-arm patient with no dose 28 days after enrolment', () => {
  it('asks to be woken just after the due time, then warns', () => {
    expect(treatmentNotStarted(history(ENROL_AGE_69), '2024-03-29T09:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-03-29T09:00:00.001Z'] });
    expect(treatmentNotStarted(history(ENROL_AGE_69), '2024-04-01T00:00:00.000Z').findings).toEqual([
      {
        rule: 'TREATMENT_NOT_STARTED',
        severity: 'warning',
        episodeKey: 'first-treatment',
        clinicalTime: '2024-03-29T09:00:00.000Z',
        summary: 'No thalidomide + dexamethasone treatment recorded by 2024-03-29, 28 days after enrolment on 2024-03-01',
        evidence: [eventId(1)],
        active: true,
      },
    ]);
  });

  it('is cleared by a late start, and silent for a start on the due day', () => {
    expect(treatmentNotStarted(history(ENROL_AGE_69, thalidomide(100, '2024-04-02T09:00:00Z')), '2024-05-01T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({ active: false, clearedBecause: 'thalidomide started 2024-04-02' }),
    ]);
    expect(treatmentNotStarted(history(ENROL_AGE_69, thalidomide(100, '2024-03-29T09:00:00Z')), '2024-05-01T00:00:00.000Z').findings).toEqual([]);
  });
});

describe('an Auto-PBSCT patient not mobilised 42 days after enrolment', () => {
  it('warns at day 42; mobilisation on day 41 is on time', () => {
    expect(treatmentNotStarted(history(ENROL_AGE_53), '2024-05-01T00:00:00.000Z').findings.map((f) => f.clinicalTime)).toEqual(['2024-04-12T09:00:00.000Z']);
    expect(treatmentNotStarted(history(ENROL_AGE_53, milestone('MOBILISATION', '2024-04-11T09:00:00Z')), '2024-05-01T00:00:00.000Z').findings).toEqual([]);
  });

  it('is ended by the regimen’s end before the due day', () => {
    const ended = history(ENROL_AGE_53, { type: 'EndRegimen', endedAt: '2024-03-20T09:00:00Z', reason: 'declined treatment' });
    expect(treatmentNotStarted(ended, '2024-05-01T00:00:00.000Z')).toEqual({ findings: [], deadlines: [] });
  });
});
