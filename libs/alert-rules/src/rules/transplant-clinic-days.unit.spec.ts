import { assessmentOverdue } from './assessment-overdue';
import { engraftmentDisagreement, secondaryGraftFailure } from './engraftment-records';
import { engraftmentSyndromeSuspected } from './engraftment-syndrome-suspected';
import { delayedEngraftment, graftFailureRisk } from './engraftment-deadlines';
import { pbsctMilestoneOverdue } from './pbsct-milestone-overdue';
import { treatmentNotStarted } from './treatment-not-started';
import { vegfNonResponse } from './vegf-non-response';
import { vegfRebound } from './vegf-rebound';
import { adverseEvent, ENROL_AGE_53, ENROL_AGE_69, eventId, history, milestone, vegf, type Command } from '../test-support/history';
import { afterJstDay, jst } from '../test-support/safety-history';

/**
 * Issue 16 item 9 for the transplant, VEGF and schedule rules: every day they count is a day of the
 * clinic's calendar (Tokyo here: enrolments record Asia/Tokyo), never a UTC date or a multiple of
 * 24 hours from a clock time. Each history has a time near midnight in Tokyo, where the two differ.
 */

const LATER = '2025-01-01T00:00:00.000Z';
/** 69, thalidomide + dexamethasone, enrolled on 28 February in Tokyo. */
const ENROLLED_69: Command = { ...ENROL_AGE_69, enrolledAt: jst('2024-02-28') } as Command;
const count = (test: 'ANC' | 'PLATELETS', value: number, at: string): Command => ({ type: 'RecordLabResult', test, value, unit: '/uL', collectedAt: at });

// Events 2-5: mobilisation, apheresis, conditioning, then the infusion (day 0) at 00:30 on 20 April in Tokyo (19 April in UTC).
const INFUSED_AT_0030_JST: Command[] = [
  ENROL_AGE_53,
  milestone('MOBILISATION', jst('2024-03-05'), { cyclophosphamideMg: 7280 }),
  milestone('APHERESIS', jst('2024-03-20'), { cd34PerKg: 3 }),
  milestone('CONDITIONING', jst('2024-04-18'), { melphalanMg: 364 }),
  milestone('STEM_CELL_INFUSION', jst('2024-04-20', '00:30')),
];
const recordedEngraftment = (at: string) => milestone('NEUTROPHIL_ENGRAFTMENT', at);

describe('day +30 after an infusion at 00:30 in Tokyo (19 April in UTC)', () => {
  it('is 20 May on the clinic calendar: an engraftment recorded that evening is on time', () => {
    expect(graftFailureRisk(history(...INFUSED_AT_0030_JST, recordedEngraftment(jst('2024-05-20', '20:00'))), LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('closes at the end of 20 May in Tokyo: the engine is woken just after, and one on 21 May at 00:30 is late', () => {
    expect(graftFailureRisk(history(...INFUSED_AT_0030_JST), jst('2024-05-01')).deadlines).toEqual([afterJstDay('2024-05-20')]);
    expect(graftFailureRisk(history(...INFUSED_AT_0030_JST, recordedEngraftment(jst('2024-05-21', '00:30'))), LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: new Date(Date.parse(jst('2024-04-20', '00:30')) + 30 * 86_400_000).toISOString(),
        summary: 'No neutrophil engraftment by day +30 (2024-05-20) after infusion on 2024-04-20, no ANC recorded: primary graft failure risk',
        active: false,
        clearedBecause: 'neutrophil engraftment recorded 2024-05-21',
      }),
    ]);
  });

  it('counts day +21 the same way for delayed engraftment', () => {
    expect(delayedEngraftment(history(...INFUSED_AT_0030_JST, recordedEngraftment(jst('2024-05-11', '23:00'))), LATER).findings).toEqual([]);
  });
});

describe('counts drawn on consecutive clinic days that are not consecutive UTC days', () => {
  // Nadir 300 on 27 April; then ≥ 500 at 08:00 JST on 28 April (27 April in UTC) and at 10:00 on 29 and 30 April.
  const counts = [count('ANC', 300, jst('2024-04-27', '10:00')), count('ANC', 600, jst('2024-04-28', '08:00')), count('ANC', 800, jst('2024-04-29')), count('ANC', 900, jst('2024-04-30'))];

  it('show neutrophil engraftment on 28 April: no graft failure risk', () => {
    expect(graftFailureRisk(history(...INFUSED_AT_0030_JST, ...counts), LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('name the engraftment day and its day + on the clinic calendar', () => {
    const state = history(...INFUSED_AT_0030_JST, ...counts, recordedEngraftment(jst('2024-05-02')));
    expect(engraftmentDisagreement(state, LATER).findings.map((f) => f.summary)).toEqual([
      'Neutrophil engraftment recorded 2024-05-02 (day +12); counts show 2024-04-28 (day +8): check the record',
    ]);
  });

  it('agree with a record one clinic day later (two UTC dates later)', () => {
    expect(engraftmentDisagreement(history(...INFUSED_AT_0030_JST, ...counts, recordedEngraftment(jst('2024-04-29', '20:00'))), LATER).findings).toEqual([]);
  });

  it('make a secondary graft failure of three clinic days below 500', () => {
    const fall = [count('ANC', 400, jst('2024-05-10', '08:00')), count('ANC', 300, jst('2024-05-11')), count('ANC', 200, jst('2024-05-12'))];
    expect(secondaryGraftFailure(history(...INFUSED_AT_0030_JST, ...counts, ...fall), LATER).findings).toEqual([
      expect.objectContaining({ rule: 'SECONDARY_GRAFT_FAILURE', summary: expect.stringContaining('to 2024-05-12 (day +22)') }),
    ]);
  });
});

describe('the engraftment syndrome window, −5..+5 clinic days around engraftment', () => {
  // Engraftment recorded 30 April 10:00 JST; a fever and a rash at 08:00 on 5 May, day +5 of the window (4 May in UTC is earlier still).
  it('holds a fever and a rash at 23:30 on its last clinic day', () => {
    const state = history(
      ...INFUSED_AT_0030_JST,
      recordedEngraftment(jst('2024-04-30')),
      count('ANC', 2000, jst('2024-05-05', '20:00')),
      { type: 'RecordAssessment', kind: 'VITALS', temperatureC: 38.6, assessedAt: jst('2024-05-05', '23:30') },
      adverseEvent('Rash maculo-papular', jst('2024-05-05', '23:30')),
    );
    expect(engraftmentSyndromeSuspected(state, LATER).findings).toEqual([expect.objectContaining({ rule: 'ENGRAFTMENT_SYNDROME_SUSPECTED', active: true })]);
  });
});

describe('a transplant step due 21 clinic days after mobilisation at 00:30 in Tokyo', () => {
  it('is on time on the evening of day 21, late on day 22 at 00:30', () => {
    const steps = (apheresisAt: string) => history(ENROL_AGE_53, milestone('MOBILISATION', jst('2024-03-05', '00:30'), { cyclophosphamideMg: 7280 }), milestone('APHERESIS', apheresisAt, { cd34PerKg: 3 }));
    const apheresisOverdue = (apheresisAt: string) => pbsctMilestoneOverdue(steps(apheresisAt), LATER).findings.filter((f) => f.episodeKey.startsWith('apheresis:'));
    expect(apheresisOverdue(jst('2024-03-26', '20:00'))).toEqual([]);
    expect(apheresisOverdue(jst('2024-03-27', '00:30'))).toEqual([
      expect.objectContaining({ summary: 'Apheresis not recorded by 2024-03-26, 21 days after mobilisation on 2024-03-05', clearedBecause: 'apheresis recorded 2024-03-27' }),
    ]);
  });
});

describe('the first treatment, due 28 clinic days after an enrolment at 00:30 in Tokyo', () => {
  const enrolled = { ...ENROL_AGE_69, enrolledAt: jst('2024-03-01', '00:30') } as Command;
  it('is on time on the evening of day 28', () => {
    expect(treatmentNotStarted(history(enrolled, { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: jst('2024-03-29', '20:00') }), LATER).findings).toEqual([]);
  });
});

// Thalidomide from 1 March 10:00 JST: VEGF due on day 28 (29 March), window ±14 clinic days, 15 March to 12 April.
describe('a scheduled assessment’s window on the clinic calendar', () => {
  const START: Command = { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: jst('2024-03-01') };
  const overdueFor = (state: ReturnType<typeof history>, now: string) => assessmentOverdue(state, now).findings.filter((f) => f.episodeKey.startsWith('VEGF:'));

  it.each([
    ['at 08:00 on its first day', jst('2024-03-15', '08:00'), 0],
    ['at 23:59 on the day before it opens', jst('2024-03-14', '23:59'), 1],
    ['at 20:00 on its last day', jst('2024-04-12', '20:00'), 0],
    ['at 00:30 on the day after it closes', jst('2024-04-13', '00:30'), 1],
  ])('a VEGF %s (%s) leaves %s finding(s) for day 28', (_edge, at, findings) => {
    expect(overdueFor(history(ENROLLED_69, START, vegf(300, at)), '2024-04-20T00:00:00.000Z')).toHaveLength(findings);
  });

  it('is woken just after the end of the window’s last clinic day, and dates the alert on it', () => {
    expect(assessmentOverdue(history(ENROLLED_69, START), jst('2024-04-01')).deadlines).toContain(afterJstDay('2024-04-12'));
    expect(overdueFor(history(ENROLLED_69, START), '2024-04-20T00:00:00.000Z')).toEqual([
      expect.objectContaining({ clinicalTime: '2024-04-12T01:00:00.000Z', summary: 'No VEGF for day 28 (2024-03-29): its window closed 2024-04-12 with no result' }),
    ]);
  });
});

describe('the six-month VEGF check, day 182 ± 28 clinic days', () => {
  // Thalidomide from 1 March 20:00 JST: day 182 is 30 August; the window opens at 00:00 JST on 2 August, not at 20:00.
  it('takes a result at 08:00 on the window’s first clinic day', () => {
    const state = history(
      ENROLLED_69,
      vegf(2000, jst('2024-02-20')),
      { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: jst('2024-03-01', '20:00') },
      vegf(1800, jst('2024-08-02', '08:00')),
    );
    expect(vegfNonResponse(state, LATER).findings).toEqual([expect.objectContaining({ rule: 'VEGF_NON_RESPONSE', evidence: [eventId(2), eventId(4)] })]);
  });
});

describe('a rebound repeat 42 clinic days later, more than 42 × 24 hours after', () => {
  it('confirms it', () => {
    const state = history(
      ENROLLED_69,
      { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: jst('2024-03-01') },
      vegf(420, jst('2024-05-01')),
      vegf(900, jst('2024-06-01', '08:00')),
      vegf(750, jst('2024-07-13', '20:00')),
    );
    expect(vegfRebound(state, LATER).findings).toEqual([expect.objectContaining({ rule: 'VEGF_REBOUND', episodeKey: eventId(4), clinicalTime: new Date(jst('2024-07-13', '20:00')).toISOString() })]);
  });
});
