import { daysBetweenDates } from '@poems/kernel';
import { assessmentSchedule, type ScheduledAssessmentKind } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, justAfter } from '../rule-support';
import { scheduleInputsOf } from './schedule-inputs';

export const ASSESSMENT_LABELS: Readonly<Record<ScheduledAssessmentKind, string>> = {
  VEGF: 'VEGF',
  M_PROTEIN_IFE: 'immunofixation',
  ONLS: 'ONLS',
  NERVE_CONDUCTION: 'nerve conduction',
  CT_EFFUSION: 'CT for effusions',
  CD34_YIELD: 'CD34+ yield',
};

/**
 * ASSESSMENT_OVERDUE (warning, time-driven), issue 12. The protocol's assessment schedule for the
 * patient's arm (assessmentSchedule: kind, phase, due days, window, all on the clinic calendar;
 * on the thalidomide arm the due days follow the regimen's cycles): a due assessment whose window
 * closed with no result of its kind is overdue, dated on the window's last clinic day at the
 * anchor's clock time; one alert per kind and due date (episode `<kind>:<due time>`). Cleared by
 * the first later result, named as late. Follow-up continues after the regimen's end (relapse is
 * what the markers are for). Deadline: each open window's close (the end of its last clinic day) + 1 ms.
 */
export const assessmentOverdue = defineRule(({ state, enrolment, protocol, now, zone }) => {
  const findings: AlertFinding[] = [];
  const deadlines: string[] = [];
  for (const due of assessmentSchedule(protocol, scheduleInputsOf(state, enrolment), now)) {
    if (due.status === 'OPEN' || due.status === 'UPCOMING') deadlines.push(justAfter(due.closesAt));
    if (due.status !== 'OVERDUE' && due.status !== 'DONE_LATE') continue;
    const what = ASSESSMENT_LABELS[due.kind];
    const anchor = due.kind === 'CD34_YIELD' ? `apheresis on ${due.dueDate}` : `day ${due.day} (${due.dueDate})`;
    const late = due.status === 'DONE_LATE' ? due.result : undefined;
    findings.push(
      finding(
        {
          rule: 'ASSESSMENT_OVERDUE',
          severity: 'warning',
          episodeKey: `${due.kind}:${due.dueAt}`,
          clinicalTime: due.closesOnAt,
          summary: `No ${what} for ${anchor}: its window closed ${due.closesOn} with no result`,
          evidence: [due.anchorId],
        },
        late && { at: late.at, because: `late ${what} on ${day(late.at, zone)}, ${daysBetweenDates(due.closesOn, day(late.at, zone))} days after the window closed` },
      ),
    );
  }
  return evaluation(findings, deadlines);
});
