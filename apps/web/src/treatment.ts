import type { PatientListItem } from './patients-lookup';

/** "Cycle 3, day 12 of 28", "Day +9 after infusion", … */
export function treatmentText(treatment: PatientListItem['treatment']): string {
  switch (treatment.kind) {
    case 'DEXAMETHASONE_CYCLE':
      return `Cycle ${treatment.cycleNumber}, day ${treatment.cycleDay} of ${treatment.cycleLengthDays}`;
    case 'TRANSPLANT':
      return `Day +${treatment.dayAfterInfusion} after infusion`;
    case 'PRE_TRANSPLANT':
      return `Before transplant (last: ${milestoneName(treatment.lastMilestone)})`;
    case 'NOT_STARTED':
      return 'Not started';
    case 'ENDED':
      return 'Regimen ended';
  }
}

export function armName(arm: string): string {
  return arm === 'AUTO_PBSCT' ? 'Auto-PBSCT' : arm === 'THALIDOMIDE_DEXAMETHASONE' ? 'Thalidomide + dexamethasone' : arm;
}

export function milestoneName(milestone: string): string {
  return milestone.toLowerCase().replace(/_/g, ' ');
}

/** "due in 3 days", "due today", "due 7 days ago" (a window may stay open past its due day: overdue is the window's close). */
export function dueText(days: number): string {
  if (days === 0) return 'due today';
  if (days > 0) return `due in ${days} day${days === 1 ? '' : 's'}`;
  return `due ${-days} day${days === -1 ? '' : 's'} ago`;
}

/** "window closed today", "window closed 5 days ago". */
export function overdueText(days: number): string {
  if (days <= 0) return 'window closed today';
  return `window closed ${days} day${days === 1 ? '' : 's'} ago`;
}
