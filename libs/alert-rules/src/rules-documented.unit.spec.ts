import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALERT_RULES } from './alert-rules';

/**
 * The rule tables of the README's Alerts section and of this library's README list every rule of
 * ALERT_RULES exactly once, in its order, with its severity and trigger; the README says how many.
 * They were stitched together from two branches and drifted (a rule in neither table, one in two).
 */
const read = (path: string) => readFileSync(resolve(__dirname, path), 'utf8');

/** The `| \`CODE\` | severity | trigger |` rows of a markdown section (from `heading` to the next heading of its level). */
function ruleRows(markdown: string, heading: string): Array<{ code: string; severity: string; trigger: string }> {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  const level = heading.split(' ')[0]!;
  const next = markdown.indexOf(`\n${level} `, start + heading.length);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| (info|warning|critical) \| (event|time) \|/gm)].map((m) => ({ code: m[1]!, severity: m[2]!, trigger: m[3]! }));
}

const expected = ALERT_RULES.map((r) => ({ code: r.code, severity: r.severity, trigger: r.trigger.toLowerCase() }));
const NUMBERS: Record<number, string> = { 24: 'Twenty-four', 25: 'Twenty-five', 26: 'Twenty-six', 27: 'Twenty-seven', 28: 'Twenty-eight' };

describe('the documented rules', () => {
  it('are in the README’s Alerts table once each, in ALERT_RULES order, with severity and trigger, and counted right', () => {
    const readme = read('../../../README.md');
    expect(ruleRows(readme, '## Alerts')).toEqual(expected);
    expect(readme).toContain(`${NUMBERS[ALERT_RULES.length]} rules (\`ALERT_RULES\``);
  });

  it('are in libs/alert-rules/README.md’s table once each, in ALERT_RULES order, with severity and trigger', () => {
    expect(ruleRows(read('../README.md'), '## Findings')).toEqual(expected);
  });
});
