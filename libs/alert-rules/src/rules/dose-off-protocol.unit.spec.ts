import { doseOffProtocol } from './dose-off-protocol';
import { ENROL_AGE_53, ENROL_AGE_69, ENROL_AGE_79, ENROL_JPOST_AGE_69, eventId, history, type Command } from '../test-support/history';

const NOW = '2024-06-01T00:00:00.000Z';
const thalidomide = (mgPerDay: number, effectiveAt = '2024-03-02T09:00:00Z'): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
const dex = (doseMg: number, givenAt = '2024-03-02T09:00:00Z'): Command => ({ type: 'RecordDexamethasoneDose', doseMg, givenAt });
const milestone = (m: string, occurredAt: string, extra: object = {}): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;

describe('a 79-year-old given a full dexamethasone dose (protocol 6 mg/m² × 1.56 m² = 9.36 mg)', () => {
  const { findings } = doseOffProtocol(history(ENROL_AGE_79, dex(20)), NOW);

  it('finds the dose off protocol, naming the given and the protocol dose', () => {
    expect(findings).toEqual([
      {
        rule: 'DOSE_OFF_PROTOCOL',
        severity: 'warning',
        episodeKey: eventId(2),
        clinicalTime: '2024-03-02T09:00:00.000Z',
        summary: 'Dexamethasone 20 mg given 2024-03-02; protocol dose 9.36 mg (6 mg/m² × 1.56 m²)',
        evidence: [eventId(2)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('thalidomide at the edge of the 10% tolerance (protocol start 100 mg/day)', () => {
  it('110 mg/day is within tolerance: no finding', () => {
    expect(doseOffProtocol(history(ENROL_AGE_69, thalidomide(110)), NOW).findings).toEqual([]);
  });

  it('111 mg/day is off protocol', () => {
    expect(doseOffProtocol(history(ENROL_AGE_69, thalidomide(111)), NOW).findings.map((f) => f.summary)).toEqual([
      'Thalidomide 111 mg/day from 2024-03-02 (start); protocol dose 100 mg/day',
    ]);
  });
});

describe('a 79-year-old started on the full thalidomide dose', () => {
  it('is off protocol (half dose: 50 mg/day)', () => {
    expect(doseOffProtocol(history(ENROL_AGE_79, thalidomide(100)), NOW).findings.map((f) => f.summary)).toEqual([
      'Thalidomide 100 mg/day from 2024-03-02 (start); protocol dose 50 mg/day',
    ]);
  });
});

describe('a thalidomide interruption (0 mg/day)', () => {
  it('is never a dose off protocol', () => {
    const state = history(ENROL_AGE_69, thalidomide(100), thalidomide(0, '2024-03-10T09:00:00Z'));
    expect(doseOffProtocol(state, NOW).findings).toEqual([]);
  });
});

describe('an Auto-PBSCT patient given dexamethasone (off arm) at an off-protocol dose', () => {
  it('is left to ARM_MISMATCH: no dose finding', () => {
    expect(doseOffProtocol(history(ENROL_AGE_53, dex(40)), NOW).findings).toEqual([]);
  });
});

describe('transplant drug totals for a 53-year-old of 1.82 m² (cyclophosphamide 7280 mg, melphalan 364 mg)', () => {
  const state = history(
    ENROL_AGE_53,
    milestone('MOBILISATION', '2024-03-05T09:00:00Z', { cyclophosphamideMg: 9000 }),
    milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 3 }),
    milestone('CONDITIONING', '2024-04-15T09:00:00Z', { melphalanMg: 300 }),
  );

  it('finds each total outside tolerance, at its milestone', () => {
    expect(doseOffProtocol(state, NOW).findings.map((f) => [f.episodeKey, f.clinicalTime, f.summary])).toEqual([
      [eventId(2), '2024-03-05T09:00:00.000Z', 'Cyclophosphamide 9000 mg given 2024-03-05; protocol total 7280 mg for 1.82 m²'],
      // Judged on the enrolment weight of 1 March: a stale basis says so (issue 16 item 11).
      [eventId(4), '2024-04-15T09:00:00.000Z', 'Melphalan 300 mg given 2024-04-15; protocol total 364 mg for 1.82 m²; weight 45 days old'],
    ]);
  });

  it('finds nothing for totals on protocol', () => {
    const onProtocol = history(ENROL_AGE_53, milestone('MOBILISATION', '2024-03-05T09:00:00Z', { cyclophosphamideMg: 7280 }));
    expect(doseOffProtocol(onProtocol, NOW).findings).toEqual([]);
  });
});

describe('an off-protocol dose corrected to the protocol dose', () => {
  it('no longer shows a finding', () => {
    const state = history(ENROL_AGE_79, dex(20), { type: 'CorrectEvent', correctsEventId: eventId(2), reason: 'typed 20 for 9.4', doseMg: 9.4 });
    expect(doseOffProtocol(state, NOW).findings).toEqual([]);
  });
});

describe('a reduction below the protocol dose (issue 16 item 5)', () => {
  const reduce = (mgPerDay: number, reason?: string): Command =>
    ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt: '2024-04-01T09:00:00Z', ...(reason && { reason }) }) as Command;
  const onEscalated = [thalidomide(100), thalidomide(200, '2024-03-16T09:00:00Z')];

  it('recorded with a reason is a documented reduction: no finding, and the entry says so', () => {
    const state = history(ENROL_AGE_69, ...onEscalated, reduce(50, 'neuropathy grade 2'));
    expect(doseOffProtocol(state, NOW).findings).toEqual([]);
    expect(state.thalidomide.at(-1)).toMatchObject({ mgPerDay: 50, phase: 'REDUCTION', withinTolerance: false, documentedReduction: true });
  });

  it('without a reason is still off protocol', () => {
    expect(doseOffProtocol(history(ENROL_AGE_69, ...onEscalated, reduce(50)), NOW).findings.map((f) => f.episodeKey)).toEqual([eventId(4)]);
  });

  it('above the protocol maximum is off protocol whatever the reason', () => {
    // 79: half doses, so the seed's maximum of 400 mg/day is 200 for this patient.
    const above = history(ENROL_AGE_79, thalidomide(50), { type: 'ChangeThalidomideDose', mgPerDay: 250, effectiveAt: '2024-04-01T09:00:00Z', reason: 'resistant disease' });
    expect(above.thalidomide.at(-1)).toMatchObject({ aboveProtocolMaximum: true });
    expect(doseOffProtocol(above, NOW).findings.map((f) => f.summary)).toEqual(['Thalidomide 250 mg/day from 2024-04-01 (escalation); above the protocol maximum']);
  });
});

describe('J-POST’s adjustable range of 100-300 mg/day (issue 16 item 5)', () => {
  const jpost = (mgPerDay: number, reason?: string): Command[] => [
    { type: 'ChangeThalidomideDose', mgPerDay: 200, effectiveAt: '2024-03-02T09:00:00Z' },
    { type: 'ChangeThalidomideDose', mgPerDay, effectiveAt: '2024-04-01T09:00:00Z', ...(reason && { reason }) } as Command,
  ];

  it.each([100, 150, 300])('%i mg/day is within the protocol', (mg) => {
    expect(doseOffProtocol(history(ENROL_JPOST_AGE_69, ...jpost(mg)), NOW).findings.filter((f) => !f.episodeKey.startsWith('escalation:'))).toEqual([]);
  });

  it('50 mg/day with a reason is a documented reduction; without one, off protocol', () => {
    expect(doseOffProtocol(history(ENROL_JPOST_AGE_69, ...jpost(50, 'somnolence')), NOW).findings).toEqual([]);
    expect(doseOffProtocol(history(ENROL_JPOST_AGE_69, ...jpost(50)), NOW).findings).toHaveLength(1);
  });

  it('301 mg/day is above the maximum', () => {
    expect(doseOffProtocol(history(ENROL_JPOST_AGE_69, ...jpost(301, 'resistant')), NOW).findings.map((f) => f.summary)[0]).toBe(
      'Thalidomide 301 mg/day from 2024-04-01 (escalation); above the protocol maximum',
    );
  });
});

describe('extra dexamethasone doses within a cycle (issue 16 item 8)', () => {
  it('days 1, 2, 3 and 4 under the seed’s single-day schedule: one cycle and three extra doses, not four cycles', () => {
    const state = history(ENROL_AGE_69, ...['02', '03', '04', '05'].map((d) => dex(18.7, `2024-03-${d}T01:00:00Z`)));
    expect(doseOffProtocol(state, NOW).findings.map((f) => [f.episodeKey, f.summary])).toEqual([
      [`extra:${eventId(3)}`, 'Dexamethasone 18.7 mg on 2024-03-03 (cycle 1 day 2): extra dose, beyond the days of its cycle'],
      [`extra:${eventId(4)}`, 'Dexamethasone 18.7 mg on 2024-03-04 (cycle 1 day 3): extra dose, beyond the days of its cycle'],
      [`extra:${eventId(5)}`, 'Dexamethasone 18.7 mg on 2024-03-05 (cycle 1 day 4): extra dose, beyond the days of its cycle'],
    ]);
  });

  it('a second dose on the same clinic day, and a cycle started two weeks early', () => {
    const state = history(ENROL_AGE_69, dex(18.7, '2024-03-02T01:00:00Z'), dex(18.7, '2024-03-02T08:00:00Z'), dex(18.7, '2024-03-16T01:00:00Z'));
    expect(doseOffProtocol(state, NOW).findings.map((f) => f.summary)).toEqual([
      'Dexamethasone 18.7 mg on 2024-03-02 (cycle 1 day 1): extra dose, a second dose that day',
      'Dexamethasone 18.7 mg on 2024-03-16 (cycle 2 day 1): extra dose, a cycle started early',
    ]);
  });

  it('J-POST’s days 1-4 are the schedule, a fifth dose is extra', () => {
    const days = ['02', '03', '04', '05', '06'].map((d) => dex(18.72, `2024-03-${d}T01:00:00Z`));
    expect(doseOffProtocol(history(ENROL_JPOST_AGE_69, ...days), NOW).findings.map((f) => f.episodeKey)).toEqual([`extra:${eventId(6)}`]);
  });

  it('supportive doses are never extra, never judged (issue 16 item 4)', () => {
    const supportive: Command = { type: 'RecordDexamethasoneDose', doseMg: 40, givenAt: '2024-03-03T01:00:00Z', indication: 'SUPPORTIVE' };
    expect(doseOffProtocol(history(ENROL_AGE_69, dex(18.7, '2024-03-02T01:00:00Z'), supportive), NOW).findings).toEqual([]);
  });
});

describe('an escalation against the protocol’s conditions (issue 16 item 10)', () => {
  const start = thalidomide(100, '2024-03-02T01:00:00Z');
  const escalate = (at: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay: 200, effectiveAt: at });

  it('given early (day 10, before day 14) is flagged', () => {
    expect(doseOffProtocol(history(ENROL_AGE_69, start, escalate('2024-03-12T01:00:00Z')), NOW).findings).toEqual([
      {
        rule: 'DOSE_OFF_PROTOCOL',
        severity: 'warning',
        episodeKey: `escalation:${eventId(3)}`,
        clinicalTime: '2024-03-12T01:00:00.000Z',
        summary: 'Thalidomide escalated to 200 mg/day on 2024-03-12 before day 14',
        evidence: [eventId(3)],
        active: true,
      },
    ]);
  });

  it('on day 14 is not', () => {
    expect(doseOffProtocol(history(ENROL_AGE_69, start, escalate('2024-03-16T01:00:00Z')), NOW).findings).toEqual([]);
  });

  it('after a grade 2 neuropathy, or while bradycardia is open, is flagged with its evidence', () => {
    const neuropathy: Command = { type: 'RecordAdverseEvent', term: 'Peripheral sensory neuropathy', grade: 2, onsetAt: '2024-03-10T01:00:00Z', resolvedAt: '2024-03-14T01:00:00Z' };
    expect(doseOffProtocol(history(ENROL_AGE_69, start, neuropathy, escalate('2024-03-20T01:00:00Z')), NOW).findings.map((f) => f.summary)).toEqual([
      'Thalidomide escalated to 200 mg/day on 2024-03-20 after grade 2 neuropathy 2024-03-10',
    ]);
    const slow: Command = { type: 'RecordAssessment', kind: 'VITALS', heartRateBpm: 46, assessedAt: '2024-03-15T01:00:00Z' };
    expect(doseOffProtocol(history(ENROL_AGE_69, start, slow, escalate('2024-03-20T01:00:00Z')), NOW).findings).toEqual([
      expect.objectContaining({ summary: 'Thalidomide escalated to 200 mg/day on 2024-03-20 while BRADYCARDIA open', evidence: [eventId(4), eventId(3), eventId(2)] }),
    ]);
  });

  it('while a febrile neutropenia is open (either arm’s safety alert) is flagged', () => {
    const anc: Command = { type: 'RecordLabResult', test: 'ANC', value: 300, unit: '/uL', collectedAt: '2024-03-18T00:00:00Z' };
    const fever: Command = { type: 'RecordAssessment', kind: 'VITALS', temperatureC: 38.6, assessedAt: '2024-03-18T01:00:00Z' };
    expect(doseOffProtocol(history(ENROL_AGE_69, start, anc, fever, escalate('2024-03-20T01:00:00Z')), NOW).findings.map((f) => f.summary)).toEqual([
      'Thalidomide escalated to 200 mg/day on 2024-03-20 while FEBRILE_NEUTROPENIA open',
    ]);
  });
});

describe('a dexamethasone dose judged on a stale weight (issue 16 item 11)', () => {
  const weigh = (weightKg: number, measuredAt: string): Command => ({ type: 'RecordBodyMeasurement', heightCm: 160, weightKg, measuredAt });

  it('older than 30 days says so in the dose and in its finding', () => {
    const state = history(ENROL_AGE_69, dex(30, '2024-04-15T01:00:00Z'));
    expect(state.dexamethasone[0]).toMatchObject({ basisStale: ['WEIGHT_TOO_OLD'], weightAgeDays: 45 });
    expect(doseOffProtocol(state, NOW).findings[0]?.summary).toBe('Dexamethasone 30 mg given 2024-04-15; protocol dose 18.72 mg (12 mg/m² × 1.56 m²); weight 45 days old');
  });

  it('changed by 10% or more from the weight before it asks for a confirming weight', () => {
    const state = history(ENROL_AGE_69, weigh(49.5, '2024-04-10T01:00:00Z'), dex(17.8, '2024-04-15T01:00:00Z'));
    expect(state.dexamethasone[0]).toMatchObject({ weightKg: 49.5, basisStale: ['WEIGHT_CHANGED'], weightChangeFraction: -0.1 });
    const steady = history(ENROL_AGE_69, weigh(50, '2024-04-10T01:00:00Z'), dex(17.8, '2024-04-15T01:00:00Z'));
    expect(steady.dexamethasone[0]).not.toHaveProperty('basisStale');
  });

  it('30 clinic days old is still fresh', () => {
    expect(history(ENROL_AGE_69, dex(18.7, '2024-03-31T01:00:00Z')).dexamethasone[0]).not.toHaveProperty('basisStale');
  });
});
