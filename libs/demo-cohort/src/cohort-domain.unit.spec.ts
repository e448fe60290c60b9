import { commandSchema, labsOf, regimenDexamethasone, type PatientState } from '@poems/patient';
import { generateCohort, toNdjson } from './index';
import { foldCohort } from './testing/fold-cohort';

const END = '2026-11-01';
const cohort = generateCohort({ seed: 'poems-demo', endDate: END });

describe('every line of the NDJSON', () => {
  it('parses with the import’s command schema', () => {
    const lines = toNdjson(cohort.commands).trimEnd().split('\n');
    expect(lines).toHaveLength(cohort.commands.length);
    for (const line of lines) expect(commandSchema.safeParse(JSON.parse(line)).success).toBe(true);
  });
});

describe('the cohort decided in import order with now = the end date', () => {
  const states = foldCohort(cohort.commands, END);
  const stateOf = (id: string) => states.get(id) as PatientState;

  it('is accepted whole: every patient enrolled on the arm their age gives', () => {
    expect(states.size).toBe(36);
    for (const p of cohort.patients) {
      const reason = p.traits.includes('CHILDBEARING_POTENTIAL') ? 'TRANSPLANT_INELIGIBLE' : 'AGE';
      expect(stateOf(p.id).enrolment).toMatchObject({ arm: p.arm, ageAtEnrolment: p.age, armReason: reason });
    }
  });

  it('records every dose within 10% of the protocol, except the one planted off-protocol dose', () => {
    const off = [...states.values()].flatMap((s) => [...regimenDexamethasone(s), ...s.thalidomide, ...s.milestones].filter((d) => d.withinTolerance === false));
    expect(off).toHaveLength(1);
    const planted = cohort.patients.flatMap((p) => p.problems).filter((p) => p.rule === 'DOSE_OFF_PROTOCOL');
    expect(off.map((d) => ('givenAt' in d ? d.givenAt : ''))).toEqual(planted.map((p) => p.clinicalTime));
  });

  it('shows one HL7 corrected VEGF result superseding the baseline it corrects', () => {
    const corrected = cohort.patients.filter((p) => p.correctedAccessionId !== undefined);
    expect(corrected).toHaveLength(1);
    const state = stateOf(corrected[0]!.id);
    const lab = labsOf(state, 'VEGF').find((l) => l.accessionId === corrected[0]!.correctedAccessionId)!;
    expect(lab.correctedBy).toBeDefined();
    expect(lab.original?.value).not.toBe(lab.value);
    expect(Object.keys(state.corrections)).toEqual([lab.eventId]);
  });

  it('ends the regimen of some thalidomide patients and keeps the others on it to the end', () => {
    const ended = cohort.patients.filter((p) => p.regimenEndedAt !== undefined);
    expect(ended.length).toBeGreaterThanOrEqual(2);
    for (const p of cohort.patients) expect(stateOf(p.id).ended?.endedAt).toBe(p.regimenEndedAt);
  });

  it('gives each patient the outcome the metadata expects', () => {
    for (const p of cohort.patients) {
      const state = stateOf(p.id);
      const vegf = labsOf(state, 'VEGF').map((l) => l.value as number);
      const onls = state.assessments.flatMap((a) => (a.kind === 'ONLS' ? [a.score] : []));
      const vegfNormal = vegf.at(-1)! < 600;
      const onlsGain = onls[0]! - onls.at(-1)!;
      expect(vegf[0]).toBeGreaterThanOrEqual(1500);
      expect(onls[0]).toBeGreaterThanOrEqual(4);
      if (p.expectedOutcome === 'IMPROVED') expect([p.id, vegfNormal, onlsGain >= (p.arm === 'AUTO_PBSCT' ? 3 : 1)]).toEqual([p.id, true, true]);
      else expect([p.id, !vegfNormal || onlsGain === 0, Math.min(...vegf) < vegf[0]!]).toEqual([p.id, true, true]);
    }
  });
});

describe('other seeds, end dates and sizes', () => {
  it.each([
    ['another', '2025-06-30', 36],
    ['small', '2026-01-15', 7],
    ['large', '2030-02-28', 80],
  ])('seed %s ending %s with %i patients is accepted too', (seed, endDate, patients) => {
    const other = generateCohort({ seed, endDate, patients });
    expect(foldCohort(other.commands, endDate).size).toBe(patients);
  });
});
