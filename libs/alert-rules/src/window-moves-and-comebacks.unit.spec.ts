import { evaluateRules } from './alert-rules';
import { planAlertChanges, type CorrectionNote, type ExistingAlert } from './plan-alert-changes';
import { anc, enteredAt, eventId, history, INFUSED_20_APRIL, temperature, type Command } from './test-support/history';

/**
 * Where the two halves of issues 12 and 16 meet in the planner: the transplant rules keep an alert
 * that was right when raised and resolve it when a later-entered count moves its window
 * (CONDITION_CLEARED, naming the count); the thalidomide half raises a new generation when a
 * correction brings a resolved finding back. A literal history goes through both, in order.
 */
const NOW = '2024-07-01T00:00:00.000Z';
const RAISED_AT = '2024-04-25T15:01:00.000Z';
const febrile = (state: ReturnType<typeof history>) => evaluateRules(state, NOW).findings.filter((f) => f.rule === 'FEBRILE_NEUTROPENIA');
const correctionsOf = (state: ReturnType<typeof history>): CorrectionNote[] =>
  Object.entries(state.corrections).flatMap(([correctsEventId, list]) => list.map((c) => ({ correctionEventId: c.correctionEventId, correctsEventId, reason: c.reason, recordedAt: c.recordedAt })));

// Events 6-8: ANC 200 on 24 April, a fever of 38.7 °C on 25 April (raised then), and an ANC of 900 that
// morning entered two days later; event 9 corrects that count to 90 (a decimal typo).
const ENTERED: Array<Command | ReturnType<typeof enteredAt>> = [
  ...INFUSED_20_APRIL,
  enteredAt('2024-04-25T08:30:00Z', anc(200, '2024-04-24T08:00:00Z')),
  enteredAt('2024-04-25T15:00:00Z', temperature(38.7, '2024-04-25T14:00:00Z')),
  enteredAt('2024-04-27T09:00:00Z', anc(900, '2024-04-25T13:00:00Z')),
];
const CORRECTED = enteredAt('2024-04-28T09:00:00Z', { type: 'CorrectEvent', correctsEventId: eventId(8), reason: 'ANC was 90/µL: decimal typo', value: 90 } as Command);

describe('a febrile neutropenia raised, taken back by a count entered later, then brought back by its correction', () => {
  const raised: ExistingAlert = { rule: 'FEBRILE_NEUTROPENIA', episodeKey: eventId(7), status: 'OPEN', raisedAt: RAISED_AT, evidence: [eventId(7), eventId(6)] };

  it('is first resolved as cleared, naming the later count (not withdrawn as unsupported)', () => {
    const state = history(...ENTERED);
    expect(planAlertChanges(febrile(state), [raised], correctionsOf(state))).toEqual({
      raise: [],
      resolve: [
        {
          rule: 'FEBRILE_NEUTROPENIA',
          episodeKey: eventId(7),
          reason: 'CONDITION_CLEARED',
          detail: 'ANC 900/µL on 2024-04-25, entered later, takes the finding back',
          clinicalTime: '2024-04-25T13:00:00.000Z',
        },
      ],
    });
  });

  it('then comes back as generation 1 of the same episode when the correction makes the fever neutropenic again', () => {
    const state = history(...ENTERED, CORRECTED);
    const resolved: ExistingAlert = { ...raised, status: 'RESOLVED' };
    const plan = planAlertChanges(febrile(state), [resolved], correctionsOf(state));
    expect(plan.raise).toEqual([expect.objectContaining({ rule: 'FEBRILE_NEUTROPENIA', episodeKey: eventId(7), generation: 1, active: true, summary: expect.stringContaining('ANC 90/µL') })]);
    expect(plan.resolve).toEqual([]);
  });
});
