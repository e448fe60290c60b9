import { assessmentOverdue } from './assessment-overdue';
import { dexCycleMissed } from './dex-cycle-missed';
import { ENROL_AGE_69, eventId, history, INFUSED_20_APRIL, milestone, vegf, type Command } from '../test-support/history';
import { jst } from '../test-support/safety-history';

// Thalidomide from 2 March 09:00 UTC (18:00 in Tokyo, the clinic): immunofixation due on day 84 (25 May), window ±42 clinic
// days, from 13 April 00:00 JST (12 April 15:00 UTC) to the end of 6 July in Tokyo; an alert is dated 6 July at the start's clock time.
const START: Command = { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' };
const ife = (collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'M_PROTEIN_IFE', value: 'negative', collectedAt });
const ifeOverdue = (state: ReturnType<typeof history>, now: string) => assessmentOverdue(state, now).findings.filter((f) => f.episodeKey.startsWith('M_PROTEIN_IFE:'));

describe('an immunofixation missing from its window', () => {
  it('is overdue at the window’s close, one per kind and due date', () => {
    expect(ifeOverdue(history(ENROL_AGE_69, START), '2024-07-10T00:00:00.000Z')).toEqual([
      {
        rule: 'ASSESSMENT_OVERDUE',
        severity: 'warning',
        episodeKey: 'M_PROTEIN_IFE:2024-05-25T09:00:00.000Z',
        clinicalTime: '2024-07-06T09:00:00.000Z',
        summary: 'No immunofixation for day 84 (2024-05-25): its window closed 2024-07-06 with no result',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
  });

  it('is not overdue before the window closes, and asks to be woken just after', () => {
    const { findings, deadlines } = assessmentOverdue(history(ENROL_AGE_69, START), '2024-07-06T14:59:59.999Z');
    expect(findings.filter((f) => f.episodeKey.startsWith('M_PROTEIN_IFE:'))).toEqual([]);
    expect(deadlines).toContain('2024-07-06T15:00:00.000Z');
  });
});

describe('the window’s edges', () => {
  it.each([
    ['on its first moment (00:00 JST)', '2024-04-12T15:00:00Z', 0],
    ['a minute before it', '2024-04-12T14:59:00Z', 1],
    ['on its last moment (23:59 JST)', '2024-07-06T14:59:00Z', 0],
    ['at 00:00 JST the day after', '2024-07-06T15:00:00Z', 1],
  ])('a result %s (%s) leaves %s overdue finding(s)', (_edge, at, count) => {
    expect(ifeOverdue(history(ENROL_AGE_69, START, ife(at)), '2024-07-10T00:00:00.000Z')).toHaveLength(count);
  });
});

describe('a late result', () => {
  it('counts, and says it was late', () => {
    expect(ifeOverdue(history(ENROL_AGE_69, START, ife('2024-07-16T09:00:00Z')), '2024-08-01T00:00:00.000Z')).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-07-16T09:00:00.000Z', clearedBecause: 'late immunofixation on 2024-07-16, 10 days after the window closed' }),
    ]);
  });
});

describe('an apheresis recorded without its CD34+ yield', () => {
  // Infused history with a second apheresis (event 6) on 21 March without a yield; due within a day.
  const state = history(...INFUSED_20_APRIL.slice(0, 3), milestone('APHERESIS', '2024-03-21T09:00:00Z'));

  it('is overdue a day later', () => {
    expect(assessmentOverdue(state, '2024-03-25T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({ episodeKey: 'CD34_YIELD:2024-03-21T09:00:00.000Z', clinicalTime: '2024-03-22T09:00:00.000Z', summary: 'No CD34+ yield for apheresis on 2024-03-21: its window closed 2024-03-22 with no result', evidence: [eventId(4)] }),
    ]);
  });

  it('is cleared, as late, when a correction adds the yield', () => {
    const corrected = history(...INFUSED_20_APRIL.slice(0, 3), milestone('APHERESIS', '2024-03-21T09:00:00Z'), { type: 'CorrectEvent', correctsEventId: eventId(4), reason: 'count arrived', cd34PerKg: 1.4 });
    expect(assessmentOverdue(corrected, '2024-03-25T00:00:00.000Z').findings).toEqual([expect.objectContaining({ active: false, clearedBecause: expect.stringContaining('late CD34+ yield') })]);
  });
});

describe('a patient followed on schedule', () => {
  it('has nothing overdue', () => {
    const monthly = Array.from({ length: 12 }, (_, k): Command => ({ type: 'RecordLabResult', test: 'VEGF', value: 300, unit: 'pg/mL', collectedAt: new Date(Date.parse('2024-03-30T09:00:00Z') + k * 28 * 86_400_000).toISOString(), specimen: 'serum', method: 'RIA' }));
    const quarterly = [84, 168, 252].map((d) => ife(new Date(Date.parse('2024-03-02T09:00:00Z') + d * 86_400_000).toISOString()));
    const assessed: Command[] = [
      { type: 'RecordAssessment', kind: 'ONLS', score: 3, assessedAt: '2024-08-17T09:00:00Z' },
      { type: 'RecordAssessment', kind: 'NERVE_CONDUCTION', nerve: 'median', cmapAmplitudeMv: 4, conductionVelocityMs: 40, assessedAt: '2024-08-17T09:00:00Z' } as Command,
      { type: 'RecordAssessment', kind: 'CT_EFFUSION', pleuralEffusion: 'none', pericardialEffusion: 'none', ascites: 'none', assessedAt: '2024-08-17T09:00:00Z' },
    ];
    expect(assessmentOverdue(history(ENROL_AGE_69, START, ...monthly, ...quarterly, ...assessed), '2024-12-31T00:00:00.000Z').findings).toEqual([]);
  });
});

// Issue 12's schedule meets issue 16 item 8's cycles: on the thalidomide arm every visit is a dexamethasone cycle, and a
// cycle started outside the grace days re-anchors the cycle grid. The schedule follows it, so a delay that DEX_CYCLE_MISSED
// flags once does not make the later visits' samples late.
describe('a thalidomide patient whose cycles 2 and 3 each started 10 days late, with VEGF at every visit', () => {
  const visits = ['2024-03-01', '2024-04-08', '2024-05-16', '2024-06-13', '2024-07-11'];
  const state = history(
    { ...ENROL_AGE_69, enrolledAt: jst('2024-02-28') } as Command,
    { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: jst('2024-03-01') },
    ...visits.flatMap((date): Command[] => [vegf(300, jst(date, '09:00')), { type: 'RecordDexamethasoneDose', doseMg: 18.7, givenAt: jst(date, '10:30') }]),
  );
  const NOW = jst('2024-07-20');

  it('has each late cycle flagged once, and no VEGF overdue', () => {
    expect(dexCycleMissed(state, NOW).findings.map((f) => f.summary.slice(0, 36))).toEqual([
      'Dexamethasone cycle 2 due 2024-03-29',
      'Dexamethasone cycle 3 due 2024-05-06',
    ]);
    expect(assessmentOverdue(state, NOW).findings.filter((f) => f.episodeKey.startsWith('VEGF:'))).toEqual([]);
  });
});
