import { doseOffProtocol } from './dose-off-protocol';
import { ENROL_AGE_53, ENROL_AGE_69, ENROL_AGE_79, eventId, history, type Command } from '../test-support/history';

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
      [eventId(4), '2024-04-15T09:00:00.000Z', 'Melphalan 300 mg given 2024-04-15; protocol total 364 mg for 1.82 m²'],
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
