import { clinicDaysBetween } from '@poems/kernel';
import { milestoneOf, regimenDexamethasone, type PatientState } from '@poems/patient';
import { generateCohort } from './index';
import { foldCohort } from './testing/fold-cohort';

/**
 * The facts beside the regimen that the patient page shows: performance status for everyone,
 * an antiemetic dexamethasone dose with melphalan, transfusions in aplasia for a few.
 */
const END = '2026-11-01';
const ZONE = 'Asia/Tokyo';
const cohort = generateCohort({ seed: 'poems-demo', endDate: END });
const states = foldCohort(cohort.commands, END);
const stateOf = (id: string) => states.get(id) as PatientState;
const transplant = cohort.patients.filter((p) => p.arm === 'AUTO_PBSCT');

describe('the demo cohort’s supportive facts', () => {
  it('gives every patient an ECOG status before enrolment and later ones, never worse at the end than at the start for an improving patient', () => {
    for (const p of cohort.patients) {
      const scores = stateOf(p.id).performanceStatus;
      expect([p.id, scores[0]!.assessedAt < p.enrolledAt, scores.length >= 8]).toEqual([p.id, true, true]);
      if (p.expectedOutcome === 'IMPROVED') expect([p.id, scores.at(-1)!.score <= scores[0]!.score]).toEqual([p.id, true]);
    }
  });

  it('gives every transplant patient one supportive dexamethasone dose on the day of melphalan, which is no regimen dose', () => {
    for (const p of transplant) {
      const state = stateOf(p.id);
      const supportive = state.dexamethasone.filter((d) => d.indication === 'SUPPORTIVE');
      expect(supportive).toHaveLength(1);
      expect(clinicDaysBetween(supportive[0]!.givenAt, milestoneOf(state, 'CONDITIONING')!.occurredAt, ZONE)).toBe(0);
      expect(regimenDexamethasone(state)).toEqual([]);
    }
  });

  it('transfuses a few transplant patients in aplasia, never a platelet bag in the 7 days before platelet engraftment', () => {
    const transfused = transplant.filter((p) => stateOf(p.id).transfusions.length > 0);
    expect(transfused.length).toBeGreaterThanOrEqual(3);
    expect(transfused.length).toBeLessThan(transplant.length / 2);
    const prolonged = cohort.patients.find((p) => p.problems.some((x) => x.rule === 'GRAFT_FAILURE_RISK'))!;
    expect(new Set(stateOf(prolonged.id).transfusions.map((t) => t.product))).toEqual(new Set(['PLATELETS', 'RED_CELLS']));
    for (const p of transfused) {
      const state = stateOf(p.id);
      const engrafted = milestoneOf(state, 'PLATELET_ENGRAFTMENT')!.occurredAt;
      for (const t of state.transfusions.filter((x) => x.product === 'PLATELETS')) expect(clinicDaysBetween(t.givenAt, engrafted, ZONE)).toBeGreaterThan(7);
    }
    expect(cohort.patients.filter((p) => p.arm === 'THALIDOMIDE_DEXAMETHASONE').every((p) => stateOf(p.id).transfusions.length === 0)).toBe(true);
  });
});
