import { treatmentNotStarted } from './treatment-not-started';
import { ENROL_AGE_53, ENROL_AGE_69, eventId, history, milestone, type Command } from '../test-support/history';

// Both enrolled 1 March 2024 09:00: thalidomide due within 28 days (29 March), mobilisation within 42 (12 April).
const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });

describe('a thalidomide-arm patient with no dose 28 days after enrolment', () => {
  it('asks to be woken just after the due time, then warns', () => {
    expect(treatmentNotStarted(history(ENROL_AGE_69), '2024-03-29T09:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-03-29T15:00:00.000Z'] });
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

// Issue 16 item 4 meets item 2: supportive dexamethasone (an antiemetic, a steroid for a rash) is no regimen, so no treatment start.
describe('a thalidomide-arm patient given only supportive dexamethasone in the first 28 days', () => {
  it('still has no treatment started', () => {
    const supportive: Command = { type: 'RecordDexamethasoneDose', doseMg: 4, givenAt: '2024-03-10T09:00:00Z', indication: 'SUPPORTIVE' } as Command;
    expect(treatmentNotStarted(history(ENROL_AGE_69, supportive), '2024-05-01T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({ rule: 'TREATMENT_NOT_STARTED', clinicalTime: '2024-03-29T09:00:00.000Z', active: true }),
    ]);
  });

  it('has it started by a regimen dose', () => {
    const regimen: Command = { type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt: '2024-03-10T09:00:00Z' };
    expect(treatmentNotStarted(history(ENROL_AGE_69, regimen), '2024-05-01T00:00:00.000Z').findings).toEqual([]);
  });
});
