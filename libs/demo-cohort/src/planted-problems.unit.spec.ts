import { generateCohort, PLANTED_RULES } from './index';
import { foldCohort } from './testing/fold-cohort';
import { ruleEvidence } from './testing/rule-evidence';

function plantedAndFound(seed: string, endDate: string) {
  const cohort = generateCohort({ seed, endDate });
  const states = foldCohort(cohort.commands, endDate);
  const key = (e: { patientId: string; rule: string; clinicalTime: string }) => `${e.rule} ${e.patientId} ${e.clinicalTime}`;
  const planted = cohort.patients.flatMap((p) => p.problems.map((x) => key({ patientId: p.id, ...x }))).sort();
  const found = [...states.values()].flatMap((s) => ruleEvidence(s, `${endDate}T00:00:00.000Z`)).map(key).sort();
  return { cohort, planted, found };
}

describe.each([
  ['poems-demo', '2026-11-01'],
  ['another seed', '2025-03-01'],
])('the cohort of seed "%s" ending %s', (seed, endDate) => {
  const { cohort, planted, found } = plantedAndFound(seed, endDate);

  it('plants each problem exactly once', () => {
    const rules = cohort.patients.flatMap((p) => p.problems.map((x) => x.rule)).sort();
    expect(rules).toEqual([...PLANTED_RULES].sort());
  });

  it('shows exactly the planted problems to the rules, at their clinical times, and nothing else', () => {
    expect(found).toEqual(planted);
  });

  it('dates each problem inside the follow-up', () => {
    for (const p of cohort.patients.flatMap((x) => x.problems)) {
      expect(p.clinicalTime.slice(0, 10)).toBe(p.clinicalDate);
      expect(p.clinicalDate < endDate).toBe(true);
    }
  });
});
