import { severeAeOnThalidomide } from './severe-ae-on-thalidomide';
import { ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';
import { adverseEvent, afterJstDay, thalidomide } from '../test-support/safety-history';

// On 200 mg/day; grade 3 constipation on 1 April (12:00 JST): a hold or reduction is expected by the end of 3 April.
const ON_THALIDOMIDE = [thalidomide(100, '2024-03-04'), thalidomide(200, '2024-03-18')];
const LATER = '2024-06-01T00:00:00.000Z';
const severe = (extra: object = {}): Command => adverseEvent('Constipation', 3, '2024-04-01', extra);

describe('a grade 3 adverse event on thalidomide with no hold or reduction', () => {
  it('is pending until the end of the clinic day two days after onset', () => {
    expect(severeAeOnThalidomide(history(ENROL_AGE_69, ...ON_THALIDOMIDE, severe()), '2024-04-02T00:00:00.000Z')).toEqual({
      findings: [],
      deadlines: [afterJstDay('2024-04-03')],
    });
  });

  it('is a warning from then on, dated at the onset', () => {
    expect(severeAeOnThalidomide(history(ENROL_AGE_69, ...ON_THALIDOMIDE, severe()), afterJstDay('2024-04-03')).findings).toEqual([
      {
        rule: 'SEVERE_AE_ON_THALIDOMIDE',
        severity: 'warning',
        episodeKey: eventId(4),
        clinicalTime: '2024-04-01T03:00:00.000Z',
        summary: 'Constipation grade 3 on 2024-04-01 on thalidomide 200 mg/day: no hold or reduction by 2024-04-03',
        evidence: [eventId(4)],
        active: true,
      },
    ]);
  });

  it('recorded with "dose not changed" is still flagged: continuing is a decision to acknowledge', () => {
    expect(severeAeOnThalidomide(history(ENROL_AGE_69, ...ON_THALIDOMIDE, severe({ actionTaken: 'DOSE_NOT_CHANGED' })), LATER).findings).toHaveLength(1);
  });
});

describe('managed or not applicable', () => {
  it.each([
    ['recorded with the dose held', [severe({ actionTaken: 'DOSE_HELD' })]],
    ['recorded with the drug stopped', [severe({ actionTaken: 'DRUG_STOPPED' })]],
    ['followed by a reduction on the last day', [severe(), thalidomide(100, '2024-04-03', '20:00', 'constipation grade 3')]],
    ['followed by an interruption the same day', [severe(), thalidomide(0, '2024-04-01', '18:00', 'constipation grade 3')]],
    ['resolved within the two days', [severe({ resolvedAt: '2024-04-02T10:00:00+09:00' })]],
    ['attributed as unrelated', [severe({ attribution: 'UNRELATED' })]],
    ['of grade 2', [adverseEvent('Constipation', 2, '2024-04-01')]],
  ])('%s: nothing', (_what, commands) => {
    expect(severeAeOnThalidomide(history(ENROL_AGE_69, ...ON_THALIDOMIDE, ...(commands as Command[])), LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('with onset off thalidomide: nothing', () => {
    expect(severeAeOnThalidomide(history(ENROL_AGE_69, severe()), LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('a reduction after the two days', () => {
  it('clears the episode when it was recorded', () => {
    const state = history(ENROL_AGE_69, ...ON_THALIDOMIDE, severe(), thalidomide(100, '2024-04-08', '10:00', 'constipation'));
    expect(severeAeOnThalidomide(state, LATER).findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-04-08T01:00:00.000Z', clearedBecause: 'thalidomide 100 mg/day from 2024-04-08' }),
    ]);
  });
});

describe('an adverse event whose resolution and action are recorded later by a correction (issue 16 item 13)', () => {
  it('tells a past event from an ongoing one: the correction removes the finding', () => {
    const state = history(ENROL_AGE_69, ...ON_THALIDOMIDE, severe(), { type: 'CorrectEvent', correctsEventId: eventId(4), reason: 'held at the visit', actionTaken: 'DOSE_HELD' });
    expect(severeAeOnThalidomide(state, LATER).findings).toEqual([]);
    expect(state.adverseEvents[0]).toMatchObject({ actionTaken: 'DOSE_HELD' });
  });
});
