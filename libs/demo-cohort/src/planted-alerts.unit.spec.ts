import { evaluateRules } from '@poems/alert-rules';
import { generateCohort } from './index';
import { foldCohort } from './testing/fold-cohort';

/**
 * The alert rules themselves (not the test's own reading of them, rule-evidence.ts) find exactly the
 * planted problems, each episode at its clinical time: what the end-to-end import test then proves
 * through the running engine, found here in a second.
 */
describe.each([
  ['poems-demo', '2026-11-01'],
  ['another seed', '2025-03-01'],
])('the alert rules over the cohort of seed "%s" ending %s', (seed, endDate) => {
  it('find exactly the planted problems', () => {
    const cohort = generateCohort({ seed, endDate });
    const states = foldCohort(cohort.commands, endDate);
    const planted = cohort.patients.flatMap((p) => p.problems.map((x) => `${x.rule} ${p.id} ${x.clinicalTime}`)).sort();
    const found = [...states.entries()]
      .flatMap(([id, state]) => evaluateRules(state, `${endDate}T00:00:00.000Z`).findings.map((f) => `${f.rule} ${id} ${f.clinicalTime}`))
      .sort();
    expect(found).toEqual(planted);
  });
});
