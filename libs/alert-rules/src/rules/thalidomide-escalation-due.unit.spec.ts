import { thalidomideEscalationDue } from './thalidomide-escalation-due';
import { ENROL_AGE_69, ENROL_AGE_79, ENROL_JPOST_AGE_69, eventId, history, type Command } from '../test-support/history';

const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
const adverse = (term: string, onsetAt: string): Command => ({ type: 'RecordAdverseEvent', term, grade: 1, onsetAt });

// Seed protocol: 100 mg/day from 2 March 09:00, escalation due on day 14: 16 March 09:00.
const START = thalidomide(100, '2024-03-02T09:00:00Z');
const DUE = '2024-03-16T09:00:00.000Z';
const JUST_AFTER_DUE = '2024-03-16T09:00:00.001Z';
const LATER = '2024-04-01T00:00:00.000Z';

describe('a patient on the thalidomide start dose before the escalation day', () => {
  const state = history(ENROL_AGE_69, START);

  it.each(['2024-03-10T00:00:00.000Z', DUE])('at %s finds nothing and asks to be woken just after the due time', (now) => {
    expect(thalidomideEscalationDue(state, now)).toEqual({ findings: [], deadlines: [JUST_AFTER_DUE] });
  });
});

describe('a patient still on the start dose after 14 days without an adverse event', () => {
  const { findings, deadlines } = thalidomideEscalationDue(history(ENROL_AGE_69, START), JUST_AFTER_DUE);

  it('is due for escalation: an active info finding at start + 14 days', () => {
    expect(findings).toEqual([
      {
        rule: 'THALIDOMIDE_ESCALATION_DUE',
        severity: 'info',
        episodeKey: eventId(2),
        clinicalTime: DUE,
        summary: 'Thalidomide escalation due 2024-03-16: 100 mg/day since 2024-03-02, no adverse event; protocol step 200 mg/day',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
    expect(deadlines).toEqual([]);
  });
});

describe('an escalation recorded exactly on the due time', () => {
  it('finds nothing', () => {
    const state = history(ENROL_AGE_69, START, thalidomide(200, '2024-03-16T09:00:00Z'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a late escalation on day 20', () => {
  it('shows the escalation that was due, cleared on day 20', () => {
    const state = history(ENROL_AGE_69, START, thalidomide(200, '2024-03-22T09:00:00Z'));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-03-22T09:00:00.000Z',
        clearedBecause: 'thalidomide changed to 200 mg/day on 2024-03-22',
        clearedReason: 'CONDITION_CLEARED',
      }),
    ]);
  });
});

describe('a dose reduction before the escalation day', () => {
  it('finds nothing: the patient is no longer on the start dose', () => {
    const state = history(ENROL_AGE_69, START, thalidomide(50, '2024-03-09T09:00:00Z'));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([]);
  });
});

describe('an adverse event between the start and the due time', () => {
  it.each([
    ['at the start', '2024-03-02T09:00:00Z'],
    ['on day 5', '2024-03-07T09:00:00Z'],
    ['exactly at the due time', '2024-03-16T09:00:00Z'],
  ])('%s: no escalation alert, and no deadline', (_when, onsetAt) => {
    const state = history(ENROL_AGE_69, START, adverse('constipation', onsetAt));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('an adverse event outside [start, due]', () => {
  it.each([
    ['before the start (baseline)', '2024-02-20T09:00:00Z'],
    ['after the due time', '2024-03-20T09:00:00Z'],
  ])('%s: the escalation is still due', (_when, onsetAt) => {
    const state = history(ENROL_AGE_69, START, adverse('somnolence', onsetAt));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([expect.objectContaining({ active: true, clinicalTime: DUE })]);
  });
});

describe('an adverse event whose onset is corrected from day 5 to after the due time', () => {
  it('brings the escalation finding back', () => {
    const state = history(ENROL_AGE_69, START, adverse('rash', '2024-03-07T09:00:00Z'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(3),
      reason: 'onset misdated',
      onsetAt: '2024-03-25T09:00:00Z',
    });
    expect(thalidomideEscalationDue(state, LATER).findings).toHaveLength(1);
  });
});

describe('a 79-year-old (half doses)', () => {
  it('started on 50 mg/day is due to escalate to 100 mg/day', () => {
    const state = history(ENROL_AGE_79, thalidomide(50, '2024-03-02T09:00:00Z'));
    expect(thalidomideEscalationDue(state, LATER).findings[0]?.summary).toBe(
      'Thalidomide escalation due 2024-03-16: 50 mg/day since 2024-03-02, no adverse event; protocol step 100 mg/day',
    );
  });

  it('started on the full 100 mg/day is not on the start step: no escalation alert', () => {
    const state = history(ENROL_AGE_79, thalidomide(100, '2024-03-02T09:00:00Z'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a J-POST patient (200 mg/day from the start, no escalation step)', () => {
  it('never has an escalation due', () => {
    const state = history(ENROL_JPOST_AGE_69, thalidomide(200, '2024-03-02T09:00:00Z'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a regimen ended', () => {
  it('before the due time: nothing', () => {
    const state = history(ENROL_AGE_69, START, { type: 'EndRegimen', endedAt: '2024-03-10T09:00:00Z', reason: 'withdrawn' });
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('after the due time: the finding is cleared by the end', () => {
    const state = history(ENROL_AGE_69, START, { type: 'EndRegimen', endedAt: '2024-03-20T09:00:00Z', reason: 'withdrawn' });
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-03-20T09:00:00.000Z', clearedReason: 'PATIENT_REGIMEN_ENDED' }),
    ]);
  });
});
