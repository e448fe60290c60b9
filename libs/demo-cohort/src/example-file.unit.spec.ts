import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateCohort, toNdjson } from './index';

/**
 * demo/cohort.ndjson is the committed example of the /v1/import format and the cohort the demo
 * loads. It is generated, never edited: regenerate it with
 *   UPDATE_DEMO_COHORT=1 npx jest libs/demo-cohort/src/example-file.unit.spec.ts
 */
const FILE = resolve(__dirname, '../../../demo/cohort.ndjson');
const EXAMPLE = { seed: 'poems-demo', endDate: '2026-11-01' } as const;

describe('demo/cohort.ndjson', () => {
  const expected = toNdjson(generateCohort(EXAMPLE).commands);
  if (process.env['UPDATE_DEMO_COHORT'] === '1') writeFileSync(FILE, expected);

  it('is exactly the generator’s output for seed "poems-demo" ending 2026-11-01', () => {
    expect(existsSync(FILE)).toBe(true);
    expect(firstDifference(readFileSync(FILE, 'utf8'), expected)).toBeUndefined();
  });
});

/** The first line that differs: a readable failure instead of a 1 MB string diff. */
function firstDifference(actual: string, expected: string) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const index = Array.from({ length: Math.max(a.length, e.length) }, (_, i) => i).find((i) => a[i] !== e[i]);
  return index === undefined ? undefined : { line: index + 1, actual: a[index], expected: e[index] };
}
