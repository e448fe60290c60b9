import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateCohort } from './index';
import { plantedProblemsTable, withPlantedTable } from './testing/planted-table';

/**
 * The README's planted-problems table is rendered from the example cohort's `patients[].problems`
 * (seed "poems-demo", ending 2026-11-01). After a deliberate change to the generator, regenerate it with
 *   UPDATE_DEMO_COHORT=1 npx jest libs/demo-cohort/src/planted-table.unit.spec.ts
 */
const README = resolve(__dirname, '../README.md');

describe('the README’s planted-problems table', () => {
  const { patients } = generateCohort({ seed: 'poems-demo', endDate: '2026-11-01' });
  const expected = withPlantedTable(readFileSync(README, 'utf8'), plantedProblemsTable(patients));
  if (process.env['UPDATE_DEMO_COHORT'] === '1') writeFileSync(README, expected);

  it('is exactly the example cohort’s planted problems, one row each', () => {
    expect(readFileSync(README, 'utf8')).toBe(expected);
    const problems = patients.flatMap((p) => p.problems);
    expect(plantedProblemsTable(patients).split('\n')).toHaveLength(2 + problems.length);
  });
});
