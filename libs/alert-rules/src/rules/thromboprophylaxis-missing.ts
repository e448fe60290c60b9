import { addCalendarDays, isAfter, isBefore, localDate, maxIso, type IsoTime } from '@poems/kernel';
import { activeThromboprophylaxisAt, regimenDexamethasone, thalidomideCourses, type PatientState } from '@poems/patient';
import type { AlertFinding } from '../alert-finding';
import { clinicDayAfter, day, defineRule, evaluation, finding, justAfter, regimenEndClearing, type Clearing } from '../rule-support';

/** A time from which prophylaxis must be active again by the end of the clinic day + grace. */
interface Need {
  readonly key: string;
  readonly from: IsoTime;
  readonly evidence: string;
  readonly why: string;
}

function firstStartAfter(state: PatientState, time: IsoTime) {
  return state.thromboprophylaxisStarts.find((s) => isAfter(s.startedAt, time));
}

/**
 * THROMBOPROPHYLAXIS_MISSING (warning, time-driven). While thalidomide (a course: > 0 mg/day until
 * it is set to 0) is given with regimen dexamethasone, thromboprophylaxis must be active by the end
 * of the clinic day `safety.thromboprophylaxis.graceDays` (3) after both started, and again that
 * long after any stop (IMWG, Palumbo 2008). Fires when none is active then; cleared when one
 * starts, thalidomide stops, or the regimen ends.
 */
export const thromboprophylaxisMissing = defineRule(({ state, protocol, now, zone }) => {
  const grace = protocol.safety.thromboprophylaxis.graceDays;
  const dexamethasone = regimenDexamethasone(state);
  const findings: AlertFinding[] = [];
  const deadlines: IsoTime[] = [];
  for (const course of thalidomideCourses(state, 0)) {
    const inCourse = (t: IsoTime) => !isBefore(t, course.startedAt) && (course.endedAt === undefined || isBefore(t, course.endedAt));
    // Dexamethasone given up to a cycle before thalidomide started is in effect with it.
    const lead = addCalendarDays(localDate(course.startedAt, zone), -protocol.dexamethasone.cycleLengthDays);
    const dex = dexamethasone.find((d) => inCourse(d.givenAt) || (isBefore(d.givenAt, course.startedAt) && localDate(d.givenAt, zone) > lead));
    if (!dex) continue;
    const needs: Need[] = [
      { key: `start:${course.startEventId}`, from: maxIso(course.startedAt, dex.givenAt), evidence: course.startEventId, why: 'since thalidomide with dexamethasone started' },
      ...state.thromboprophylaxisStops
        .filter((s) => inCourse(s.stoppedAt) && isAfter(s.stoppedAt, dex.givenAt))
        .map((s) => ({ key: `stop:${s.eventId}`, from: s.stoppedAt, evidence: s.eventId, why: `since stopped ${day(s.stoppedAt, zone)}` })),
    ];
    for (const need of needs) {
      const { date: byDate, at: due, end: by } = clinicDayAfter(need.from, grace, zone);
      if (course.endedAt !== undefined && !isAfter(course.endedAt, by)) continue;
      if (state.ended && !isAfter(state.ended.endedAt, by)) continue;
      if (activeThromboprophylaxisAt(state, by)) continue;
      const start = firstStartAfter(state, need.from);
      if (start && !isAfter(start.startedAt, by)) continue;
      if (!isAfter(now, by)) {
        deadlines.push(justAfter(by));
        continue;
      }
      const clearings: Clearing[] = [
        ...(start ? [{ at: start.startedAt, because: `${start.agent} started ${day(start.startedAt, zone)}` }] : []),
        ...(course.endedAt !== undefined && course.endEventId !== state.ended?.eventId
          ? [{ at: course.endedAt, because: `thalidomide stopped ${day(course.endedAt, zone)}` }]
          : []),
        ...(state.ended ? [regimenEndClearing(state.ended, zone)] : []),
      ];
      const clearing = clearings.sort((a, b) => (a.at < b.at ? -1 : 1))[0];
      const summary = `No thromboprophylaxis by ${byDate} on thalidomide with dexamethasone (${need.why}; ${grace} days grace)`;
      findings.push(
        finding({ rule: 'THROMBOPROPHYLAXIS_MISSING', severity: 'warning', episodeKey: need.key, clinicalTime: due, summary, evidence: [need.evidence, dex.eventId] }, clearing),
      );
    }
  }
  return evaluation(findings, deadlines);
});
