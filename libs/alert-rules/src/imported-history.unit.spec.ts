import type { AlertFinding } from './alert-finding';
import { ALERT_RULES, evaluateRules } from './alert-rules';
import { ENROL_AGE_53, ENROL_AGE_69, eventId, history, type Command } from './test-support/history';

const NOW = '2025-01-15T00:00:00.000Z';
const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
const dex = (doseMg: number, givenAt: string): Command => ({ type: 'RecordDexamethasoneDose', doseMg, givenAt });
const vegf = (value: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'VEGF', value, unit: 'pg/mL', collectedAt, specimen: 'serum', method: 'RIA' });
const onls = (score: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'ONLS', score, assessedAt });
const cmap = (cmapAmplitudeMv: number, assessedAt: string): Command =>
  ({ type: 'RecordAssessment', kind: 'NERVE_CONDUCTION', nerve: 'median', side: 'left', cmapAmplitudeMv, conductionVelocityMs: 45, assessedAt }) as Command;
const vitals = (v: { heartRateBpm?: number; temperatureC?: number }, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'VITALS', ...v, assessedAt });
const adverse = (term: string, onsetAt: string): Command => ({ type: 'RecordAdverseEvent', term, grade: 2, onsetAt });
const milestone = (m: string, occurredAt: string, extra: object = {}): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;

/** The schedule's ASSESSMENT_OVERDUE findings have their own spec; these histories are about the other rules. */
const episodes = (findings: ReadonlyArray<AlertFinding>) =>
  findings.filter((f) => f.rule !== 'ASSESSMENT_OVERDUE').map((f) => [f.rule, f.episodeKey, f.clinicalTime, f.active, f.clearedAt]);

/** A 69-year-old's first ten months on thalidomide + dexamethasone, as one import file (event n = line n). */
const THALIDOMIDE_ARM: Command[] = [
  ENROL_AGE_69, // 1
  vegf(2400, '2024-02-25T08:00:00Z'), // 2 baseline
  onls(4, '2024-02-28T09:00:00Z'), // 3 baseline, before thalidomide
  thalidomide(100, '2024-03-02T09:00:00Z'), // 4 start: escalation due 16 March
  dex(18.7, '2024-03-02T09:00:00Z'), // 5 cycle 1
  vitals({ heartRateBpm: 62 }, '2024-03-09T09:00:00Z'), // 6
  onls(3, '2024-03-20T09:00:00Z'), // 7 best on thalidomide
  thalidomide(200, '2024-03-22T09:00:00Z'), // 8 late escalation: clears the escalation episode
  dex(18.7, '2024-03-30T09:00:00Z'), // 9 cycle 2, on its due date
  cmap(10, '2024-04-01T09:00:00Z'), // 10 best median (left)
  adverse('somnolence', '2024-04-10T09:00:00Z'), // 11 after the escalation was due: changes nothing
  dex(30, '2024-04-27T09:00:00Z'), // 12 cycle 3 on time, but 30 mg against 18.72 mg
  vitals({ heartRateBpm: 47 }, '2024-05-01T09:00:00Z'), // 13 bradycardia
  vitals({ heartRateBpm: 55 }, '2024-05-08T09:00:00Z'), // 14 recovered
  dex(18.7, '2024-06-01T09:00:00Z'), // 15 cycle 4, after 25 May + 3 days grace
  vitals({ heartRateBpm: 45 }, '2024-06-05T09:00:00Z'), // 16 recorded for the wrong patient …
  { type: 'CorrectEvent', correctsEventId: eventId(16), reason: 'another patient’s vitals', heartRateBpm: 64 }, // 17 … and corrected
  vegf(500, '2024-06-10T08:00:00Z'), // 18 normal on treatment
  onls(4, '2024-06-15T09:00:00Z'), // 19 +1 from the best 3
  dex(28, '2024-06-29T09:00:00Z'), // 20 cycle 5 on time, 28 mg typed …
  { type: 'CorrectEvent', correctsEventId: eventId(20), reason: 'typed 28 for 18.7', doseMg: 18.7 }, // 21 … corrected
  cmap(6.5, '2024-07-01T09:00:00Z'), // 22 down 35%
  onls(3, '2024-08-01T09:00:00Z'), // 23 back below 4
  vegf(1300, '2024-09-05T08:00:00Z'), // 24 the six-month check (from 31 August): above 1200, and ≥ 600 after normal
  vegf(450, '2024-10-05T08:00:00Z'), // 25 normal again, and ≤ 1200
  { type: 'EndRegimen', endedAt: '2024-11-01T09:00:00Z', reason: 'completed planned course' }, // 26
  { type: 'StartThromboprophylaxis', agent: 'ASPIRIN', startedAt: '2024-03-02T09:00:00Z' }, // 27 entered late, from the start
];

describe('a thalidomide + dexamethasone history imported at once', () => {
  const { findings, deadlines } = evaluateRules(history(...THALIDOMIDE_ARM), NOW);

  it('yields exactly the episodes the history shows, each at its clinical time, and none that later events disprove', () => {
    expect(episodes(findings)).toEqual([
      ['DEX_CYCLE_MISSED', 'due:2024-05-25T09:00:00.000Z', '2024-05-25T09:00:00.000Z', false, '2024-06-01T09:00:00.000Z'],
      ['DEX_CYCLE_MISSED', 'due:2024-07-27T09:00:00.000Z', '2024-07-27T09:00:00.000Z', false, '2024-11-01T09:00:00.000Z'],
      ['THALIDOMIDE_ESCALATION_DUE', eventId(4), '2024-03-16T09:00:00.000Z', false, '2024-03-22T09:00:00.000Z'],
      ['DOSE_OFF_PROTOCOL', eventId(12), '2024-04-27T09:00:00.000Z', true, undefined],
      ['NEUROPATHY_WORSENING', eventId(19), '2024-06-15T09:00:00.000Z', false, '2024-08-01T09:00:00.000Z'],
      ['NEUROPATHY_WORSENING', eventId(22), '2024-07-01T09:00:00.000Z', true, undefined],
      ['VEGF_NON_RESPONSE', 'six-month-check', '2024-09-05T08:00:00.000Z', false, '2024-10-05T08:00:00.000Z'],
      ['BRADYCARDIA', eventId(13), '2024-05-01T09:00:00.000Z', false, '2024-05-08T09:00:00.000Z'],
      ['VEGF_REBOUND_SUSPECTED', eventId(24), '2024-09-05T08:00:00.000Z', false, '2024-10-05T08:00:00.000Z'],
    ]);
    expect(deadlines.length).toBeGreaterThan(0);
  });

  it('gives every finding its rule’s severity and a one-line summary under 140 characters', () => {
    for (const f of findings) {
      expect(f.severity).toBe(ALERT_RULES.find((r) => r.code === f.rule)?.severity);
      expect(f.summary.length).toBeLessThan(140);
    }
  });

  it('yields the same episodes whatever order observations and dexamethasone doses arrive in', () => {
    // Thalidomide changes stay in clinical order: their phase is derived from the dose before them when decided.
    const [enrol, ...rest] = THALIDOMIDE_ARM.slice(0, 16);
    const reversed = history(enrol!, ...rest.filter((c) => c.type === 'ChangeThalidomideDose'), ...rest.filter((c) => c.type !== 'ChangeThalidomideDose').reverse());
    const inOrder = history(...THALIDOMIDE_ARM.slice(0, 16));
    const timesOf = (fs: ReadonlyArray<AlertFinding>) => fs.map((f) => [f.rule, f.clinicalTime, f.active, f.clearedAt]);
    expect(timesOf(evaluateRules(reversed, NOW).findings)).toEqual(timesOf(evaluateRules(inOrder, NOW).findings));
    expect(evaluateRules(inOrder, NOW).findings.length).toBeGreaterThan(3);
  });
});

const anc = (value: number, collectedAt: string): Command => ({ type: 'RecordLabResult', test: 'ANC', value, unit: '/uL', collectedAt });

/** A 53-year-old's Auto-PBSCT, as one import file. */
const TRANSPLANT_ARM: Command[] = [
  ENROL_AGE_53, // 1
  vegf(3000, '2024-03-04T08:00:00Z'), // 2 diagnostic baseline, before mobilisation
  milestone('MOBILISATION', '2024-03-05T09:00:00Z', { cyclophosphamideMg: 7280 }), // 3
  milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 1.2 }), // 4 low yield after one day …
  milestone('APHERESIS', '2024-03-21T09:00:00Z', { cd34PerKg: 1.1 }), // 5 … enough after two; conditioning due 25 April
  milestone('CONDITIONING', '2024-04-28T09:00:00Z', { melphalanMg: 364 }), // 6 three days late
  milestone('STEM_CELL_INFUSION', '2024-04-30T09:00:00Z'), // 7 day 0
  anc(100, '2024-05-05T08:00:00Z'), // 8 aplasia
  vitals({ temperatureC: 38.7 }, '2024-05-05T15:00:00Z'), // 9 febrile neutropenia (not engraftment syndrome)
  anc(300, '2024-05-08T08:00:00Z'), // 10
  anc(600, '2024-05-09T08:00:00Z'), // 11 counts show engraftment on 9 May (day +9) …
  anc(900, '2024-05-10T08:00:00Z'), // 12
  anc(1400, '2024-05-11T08:00:00Z'), // 13 … known on 11 May
  vitals({ temperatureC: 38.6 }, '2024-05-11T09:00:00Z'), // 14 fever after engraftment
  adverse('skin rash', '2024-05-11T12:00:00Z'), // 15 with a rash
  milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-13T09:00:00Z'), // 16 recorded 4 days after the counts
  vegf(900, '2024-11-05T08:00:00Z'), // 17 day +189 (window day 182 ± 28): fell 70% from the diagnostic sample
];

describe('an Auto-PBSCT history imported at once', () => {
  it('yields the low first-day yield, the late conditioning, febrile neutropenia, engraftment syndrome and the disagreeing record', () => {
    const { findings } = evaluateRules(history(...TRANSPLANT_ARM), NOW);
    expect(episodes(findings)).toEqual([
      ['PBSCT_MILESTONE_OVERDUE', eventId(4), '2024-04-25T09:00:00.000Z', false, '2024-04-28T09:00:00.000Z'],
      ['LOW_CD34_YIELD', eventId(4), '2024-03-20T09:00:00.000Z', false, '2024-03-21T09:00:00.000Z'],
      ['ENGRAFTMENT_SYNDROME_SUSPECTED', eventId(7), '2024-05-11T12:00:00.000Z', true, undefined],
      ['FEBRILE_NEUTROPENIA', eventId(9), '2024-05-05T15:00:00.000Z', false, '2024-05-09T08:00:00.000Z'],
      ['ENGRAFTMENT_DISAGREEMENT', `neutrophil:${eventId(16)}`, '2024-05-13T09:00:00.000Z', true, undefined],
    ]);
  });
});
