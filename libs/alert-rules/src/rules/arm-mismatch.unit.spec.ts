import { armMismatch } from './arm-mismatch';
import { ENROL_AGE_53, ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';

const NOW = '2024-06-01T00:00:00.000Z';
const thalidomide = (mgPerDay: number, effectiveAt: string): Command => ({ type: 'ChangeThalidomideDose', mgPerDay, effectiveAt });
const dex = (givenAt: string): Command => ({ type: 'RecordDexamethasoneDose', doseMg: 21.8, givenAt });
const apheresis: Command = { type: 'RecordTransplantMilestone', milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00Z', cd34PerKg: 3 };
const correctBirthDate = (birthDate: string): Command => ({ type: 'CorrectEvent', correctsEventId: eventId(1), reason: 'birth date misread', birthDate });

describe('an Auto-PBSCT patient (53) given dexamethasone, then thalidomide', () => {
  const { findings } = armMismatch(history(ENROL_AGE_53, thalidomide(100, '2024-03-05T09:00:00Z'), dex('2024-03-03T09:00:00Z')), NOW);

  it('finds one drug-therapy mismatch, at the first off-arm entry in clinical time', () => {
    expect(findings).toEqual([
      {
        rule: 'ARM_MISMATCH',
        severity: 'warning',
        episodeKey: 'drug-therapy',
        clinicalTime: '2024-03-03T09:00:00.000Z',
        summary: 'Dexamethasone started 2024-03-03 off arm: patient assigned Auto-PBSCT (age 53)',
        evidence: [eventId(3)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('a thalidomide + dexamethasone patient (69) with an apheresis recorded', () => {
  it('finds a transplant mismatch at the apheresis', () => {
    const { findings } = armMismatch(history(ENROL_AGE_69, apheresis), NOW);
    expect(findings.map((f) => [f.episodeKey, f.clinicalTime, f.summary, f.evidence])).toEqual([
      [
        'transplant',
        '2024-03-20T09:00:00.000Z',
        'Transplant step (apheresis) on 2024-03-20 off arm: patient assigned thalidomide + dexamethasone (age 69)',
        [eventId(2)],
      ],
    ]);
  });
});

describe('treatments on the assigned arm', () => {
  it('find nothing', () => {
    expect(armMismatch(history(ENROL_AGE_69, thalidomide(100, '2024-03-02T09:00:00Z'), dex('2024-03-02T09:00:00Z')), NOW).findings).toEqual([]);
    expect(armMismatch(history(ENROL_AGE_53, apheresis), NOW).findings).toEqual([]);
  });
});

describe('a transplant-ineligible 53-year-old (thalidomide + dexamethasone arm)', () => {
  it('may take thalidomide, but an apheresis is off arm', () => {
    const ineligible = { ...ENROL_AGE_53, transplantIneligibleReason: 'cardiac amyloidosis' } as Command;
    const { findings } = armMismatch(history(ineligible, thalidomide(100, '2024-03-02T09:00:00Z'), apheresis), NOW);
    expect(findings.map((f) => f.episodeKey)).toEqual(['transplant']);
  });
});

describe('an enrolment whose corrected birth date belongs to another arm', () => {
  // Enrolled at 69 (thalidomide arm); the birth date was 1959: 64, the Auto-PBSCT band.
  const state = history(ENROL_AGE_69, correctBirthDate('1959-06-10'));

  it('finds an enrolment mismatch at the enrolment, caused by the enrolment and its correction', () => {
    expect(armMismatch(state, NOW).findings).toEqual([
      expect.objectContaining({
        episodeKey: 'enrolment',
        clinicalTime: '2024-03-01T09:00:00.000Z',
        summary: 'Corrected age 64 at enrolment assigns Auto-PBSCT; patient stays on thalidomide + dexamethasone: review the arm',
        evidence: [eventId(1), eventId(2)],
        active: true,
      }),
    ]);
  });

  it('disappears when the birth date is corrected back', () => {
    expect(armMismatch(history(ENROL_AGE_69, correctBirthDate('1959-06-10'), correctBirthDate('1954-06-10')), NOW).findings).toEqual([]);
  });
});

describe('an Auto-PBSCT patient given supportive dexamethasone (issue 16 item 4)', () => {
  it('as an antiemetic with melphalan is not off arm', () => {
    const supportive: Command = { type: 'RecordDexamethasoneDose', doseMg: 8, givenAt: '2024-04-20T09:00:00Z', indication: 'SUPPORTIVE' };
    expect(armMismatch(history(ENROL_AGE_53, supportive), NOW).findings).toEqual([]);
  });

  it('given as a regimen dose is', () => {
    expect(armMismatch(history(ENROL_AGE_53, dex('2024-04-20T09:00:00Z')), NOW).findings).toHaveLength(1);
  });
});
