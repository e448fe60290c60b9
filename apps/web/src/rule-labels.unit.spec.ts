import { ALERT_RULE_CODES, ruleLabel } from './rule-labels';

describe('the names of the alert rules', () => {
  it('gives each of the API’s rules a name in words, distinct from the others', () => {
    expect(ALERT_RULE_CODES).toHaveLength(24);
    const labels = ALERT_RULE_CODES.map(ruleLabel);
    expect(labels.filter((label) => /_|^[A-Z0-9 ]+$/.test(label))).toEqual([]);
    expect(new Set(labels).size).toBe(labels.length);
  });
});
