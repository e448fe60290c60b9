import { ruleLabel } from './rule-labels';
import { dueText, overdueText, treatmentText } from './treatment';

describe('how a patient’s place in treatment reads', () => {
  it('names the cycle day, the day after infusion, or where the patient is before it', () => {
    expect(treatmentText({ kind: 'DEXAMETHASONE_CYCLE', cycleNumber: 3, cycleDay: 12, cycleLengthDays: 28, cycleStartedAt: '' })).toBe('Cycle 3, day 12 of 28');
    expect(treatmentText({ kind: 'TRANSPLANT', dayAfterInfusion: 9, infusionAt: '' })).toBe('Day +9 after infusion');
    expect(treatmentText({ kind: 'PRE_TRANSPLANT', lastMilestone: 'STEM_CELL_INFUSION', lastMilestoneAt: '' })).toBe('Before transplant (last: stem cell infusion)');
  });

  it('says how far off a due date is', () => {
    expect([dueText(0), dueText(1), dueText(3), dueText(-1), dueText(-7)]).toEqual(['due today', 'due in 1 day', 'due in 3 days', 'due 1 day ago', 'due 7 days ago']);
    expect([overdueText(0), overdueText(1), overdueText(21)]).toEqual(['window closed today', 'window closed 1 day ago', 'window closed 21 days ago']);
  });

  it('names every rule in words, and a rule it does not know yet in words too', () => {
    expect(ruleLabel('THROMBOPROPHYLAXIS_MISSING')).toBe('Thromboprophylaxis missing');
    expect(ruleLabel('SOME_NEW_RULE')).toBe('Some new rule');
  });
});
