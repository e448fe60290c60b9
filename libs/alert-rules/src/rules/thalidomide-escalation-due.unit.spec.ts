import { thalidomideEscalationDue } from './thalidomide-escalation-due';
import { ENROL_AGE_69, ENROL_AGE_79, ENROL_JPOST_AGE_69, eventId, history, type Command } from '../test-support/history';

const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
const adverse = (term: string, onsetAt: string, extra: object = {}): Command => ({ type: 'RecordAdverseEvent', term, grade: 1, onsetAt, ...extra }) as Command;
const heartRate = (heartRateBpm: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'VITALS', heartRateBpm, assessedAt });

// Seed protocol, clinic in Tokyo: 100 mg/day from 2 March (10:00 JST); escalation due on the clinic
// day 16 March, prompted once that day has ended.
const START = thalidomide(100, '2024-03-02T10:00:00+09:00');
const DUE = '2024-03-16T01:00:00.000Z'; // 16 March 10:00 JST: 14 days after the start
const JUST_AFTER_DUE = '2024-03-16T15:00:00.000Z'; // 17 March 00:00 JST
const LATER = '2024-04-01T00:00:00.000Z';

describe('a patient on the thalidomide start dose before the escalation day ends', () => {
  const state = history(ENROL_AGE_69, START);

  it.each(['2024-03-10T00:00:00.000Z', '2024-03-16T14:59:59.999Z'])('at %s finds nothing and asks to be woken just after the due clinic day', (now) => {
    expect(thalidomideEscalationDue(state, now)).toEqual({ findings: [], deadlines: [JUST_AFTER_DUE] });
  });
});

describe('a patient still on the start dose after 14 days without an adverse event', () => {
  const { findings, deadlines } = thalidomideEscalationDue(history(ENROL_AGE_69, START), JUST_AFTER_DUE);

  it('is due for escalation: an active info finding on the due clinic day', () => {
    expect(findings).toEqual([
      {
        rule: 'THALIDOMIDE_ESCALATION_DUE',
        severity: 'info',
        episodeKey: eventId(2),
        clinicalTime: DUE,
        summary: 'Thalidomide escalation due 2024-03-16: 100 mg/day since 2024-03-02, no adverse event; step 200 mg/day',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
    expect(deadlines).toEqual([]);
  });
});

describe('an escalation recorded late on the due clinic day', () => {
  it('finds nothing', () => {
    const state = history(ENROL_AGE_69, START, thalidomide(200, '2024-03-16T22:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a late escalation on day 20', () => {
  it('shows the escalation that was due, cleared on day 20', () => {
    const state = history(ENROL_AGE_69, START, thalidomide(200, '2024-03-22T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: DUE,
        active: false,
        clearedAt: '2024-03-22T01:00:00.000Z',
        clearedBecause: 'thalidomide changed to 200 mg/day on 2024-03-22',
        clearedReason: 'CONDITION_CLEARED',
      }),
    ]);
  });
});

describe('a dose reduction before the escalation day', () => {
  it('finds nothing: the patient is no longer on the start dose', () => {
    const state = history(ENROL_AGE_69, START, thalidomide(50, '2024-03-09T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([]);
  });
});

describe('an adverse event between the start and the end of the due day', () => {
  it.each([
    ['at the start', '2024-03-02T10:00:00+09:00'],
    ['on day 5', '2024-03-07T10:00:00+09:00'],
    ['late on the due day', '2024-03-16T22:00:00+09:00'],
  ])('%s: no escalation alert, and no deadline', (_when, onsetAt) => {
    const state = history(ENROL_AGE_69, START, adverse('constipation', onsetAt));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('attributed as unrelated (a fall): the escalation is still due', () => {
    const state = history(ENROL_AGE_69, START, adverse('fall', '2024-03-07T10:00:00+09:00', { attribution: 'UNRELATED' }));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([expect.objectContaining({ active: true, clinicalTime: DUE })]);
  });
});

describe('an adverse event outside the start and the due day', () => {
  it.each([
    ['before the start (baseline)', '2024-02-20T10:00:00+09:00'],
    ['the day after the due day', '2024-03-17T10:00:00+09:00'],
  ])('%s: the escalation is still due', (_when, onsetAt) => {
    const state = history(ENROL_AGE_69, START, adverse('somnolence', onsetAt));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([expect.objectContaining({ active: true, clinicalTime: DUE })]);
  });
});

describe('an adverse event whose onset is corrected from day 5 to after the due day', () => {
  it('brings the escalation finding back', () => {
    const state = history(ENROL_AGE_69, START, adverse('rash', '2024-03-07T10:00:00+09:00'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(3),
      reason: 'onset misdated',
      onsetAt: '2024-03-25T10:00:00+09:00',
    });
    expect(thalidomideEscalationDue(state, LATER).findings).toHaveLength(1);
  });
});

describe('toxicity recorded only as a safety alert (issue 16 item 10)', () => {
  it('holds the prompt while BRADYCARDIA is open on the due day, and prompts on the day it clears', () => {
    const state = history(ENROL_AGE_69, START, heartRate(46, '2024-03-12T10:00:00+09:00'), heartRate(62, '2024-03-20T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, '2024-03-20T12:00:00.000Z')).toEqual({ findings: [], deadlines: ['2024-03-20T15:00:00.000Z'] });
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: '2024-03-20T01:00:00.000Z',
        summary: 'Thalidomide escalation due 2024-03-20: 100 mg/day since 2024-03-02, no adverse event; held while BRADYCARDIA open; step 200 mg/day',
        active: true,
      }),
    ]);
  });

  it('holds it for as long as the bradycardia stays open', () => {
    const state = history(ENROL_AGE_69, START, heartRate(46, '2024-03-12T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('holds it while neuropathy is worsening (ONLS up from its best on thalidomide)', () => {
    const onls = (score: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'ONLS', score, assessedAt });
    const state = history(ENROL_AGE_69, START, onls(4, '2024-03-03T10:00:00+09:00'), onls(5, '2024-03-14T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });

  // The transplant half's FEBRILE_NEUTROPENIA runs on either arm: a neutropenic fever (vitals and a count, no adverse event
  // recorded) is a safety alert like BRADYCARDIA, and thalidomide is not escalated through it.
  it('holds it while a febrile neutropenia is open, and prompts on the day the ANC recovers', () => {
    const anc = (value: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'ANC', value, unit: '/uL', collectedAt });
    const fever: Command = { type: 'RecordAssessment', kind: 'VITALS', temperatureC: 38.6, assessedAt: '2024-03-14T10:00:00+09:00' };
    const state = history(ENROL_AGE_69, START, anc(300, '2024-03-14T09:00:00+09:00'), fever, anc(1800, '2024-03-19T09:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: '2024-03-19T01:00:00.000Z',
        summary: 'Thalidomide escalation due 2024-03-19: 100 mg/day since 2024-03-02, no adverse event; held while FEBRILE_NEUTROPENIA open; step 200 mg/day',
      }),
    ]);
  });

  it('does not hold it for a bradycardia that cleared before the due day', () => {
    const state = history(ENROL_AGE_69, START, heartRate(46, '2024-03-05T10:00:00+09:00'), heartRate(60, '2024-03-08T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([expect.objectContaining({ clinicalTime: DUE, active: true })]);
  });
});

describe('a 79-year-old (half doses)', () => {
  it('started on 50 mg/day is due to escalate to 100 mg/day', () => {
    const state = history(ENROL_AGE_79, thalidomide(50, '2024-03-02T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER).findings[0]?.summary).toBe(
      'Thalidomide escalation due 2024-03-16: 50 mg/day since 2024-03-02, no adverse event; step 100 mg/day',
    );
  });

  it('started on the full 100 mg/day is not on the start step: no escalation alert', () => {
    const state = history(ENROL_AGE_79, thalidomide(100, '2024-03-02T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a J-POST patient (200 mg/day from the start, no escalation step)', () => {
  it('never has an escalation due', () => {
    const state = history(ENROL_JPOST_AGE_69, thalidomide(200, '2024-03-02T10:00:00+09:00'));
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a regimen ended', () => {
  it('before the due day ends: nothing', () => {
    const state = history(ENROL_AGE_69, START, { type: 'EndRegimen', endedAt: '2024-03-10T10:00:00+09:00', reason: 'withdrawn' });
    expect(thalidomideEscalationDue(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('after the due day: the finding is cleared by the end', () => {
    const state = history(ENROL_AGE_69, START, { type: 'EndRegimen', endedAt: '2024-03-20T10:00:00+09:00', reason: 'withdrawn' });
    expect(thalidomideEscalationDue(state, LATER).findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-03-20T01:00:00.000Z', clearedReason: 'PATIENT_REGIMEN_ENDED' }),
    ]);
  });
});
