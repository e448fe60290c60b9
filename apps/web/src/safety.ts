import type { Timeline } from './charts/patient-series';

type Entry = Timeline['thromboprophylaxis'][number];
type Started = Extract<Entry, { event: 'STARTED' }>;
type Stopped = Extract<Entry, { event: 'STOPPED' }>;

export interface ProphylaxisPeriod {
  agent: Started['agent'];
  from: string;
  /** Null while it is still active. */
  to: string | null;
  stopReason: string | null;
}

/** Starts and stops as periods: each start runs to the first stop at or after it (one agent at a time: the API refuses a second start). */
export function thromboprophylaxisPeriods(entries: ReadonlyArray<Entry>): ProphylaxisPeriod[] {
  const starts = entries.filter((e): e is Started => e.event === 'STARTED').sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
  const stops = entries.filter((e): e is Stopped => e.event === 'STOPPED').sort((a, b) => (a.stoppedAt < b.stoppedAt ? -1 : 1));
  return starts.map((start, i) => {
    const next = starts[i + 1];
    const stop = stops.find((s) => Date.parse(s.stoppedAt) >= Date.parse(start.startedAt) && (!next || Date.parse(s.stoppedAt) <= Date.parse(next.startedAt)));
    return { agent: start.agent, from: start.startedAt, to: stop?.stoppedAt ?? null, stopReason: stop?.reason ?? null };
  });
}

const AGENTS: Readonly<Record<Started['agent'], string>> = { ASPIRIN: 'Aspirin', LMWH: 'Low-molecular-weight heparin', WARFARIN: 'Warfarin', DOAC: 'Direct oral anticoagulant' };
export const agentName = (agent: Started['agent']) => AGENTS[agent];

/** Whether the pregnancy programme applies, and on what basis (recorded, or the protocol's assumption by age). */
export function childbearingText(safety: NonNullable<Timeline['safety']>): string {
  const applies = safety.childbearingPotential ? 'Of childbearing potential: pregnancy tests required' : 'Not of childbearing potential: no pregnancy tests required';
  switch (safety.childbearingPotentialBasis) {
    case 'RECORDED':
      return `${applies} (recorded)`;
    case 'NOT_APPLICABLE':
      return `${applies} (male)`;
    case 'ASSUMED_BELOW_AGE':
      return `${applies} (assumed: not recorded, and under ${safety.assumptionAge} at enrolment)`;
    case 'ASSUMED_NOT_FROM_AGE':
      return `${applies} (assumed: not recorded, and ${safety.assumptionAge} or older at enrolment)`;
  }
}
