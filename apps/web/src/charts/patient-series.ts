import type { paths } from '../api/schema';
import { toSeconds } from '../time';
import { align, type Aligned } from './series';

export type Timeline = paths['/v1/patients/{patientId}/timeline']['get']['responses'][200]['content']['application/json'];

export interface Marker {
  x: number;
  label: string;
  kind: 'milestone' | 'alert' | 'correction';
  severity?: string;
}

/** The shared time axis of a patient's charts: enrolment to now (or to "as of"), in seconds. */
export function timeRange(timeline: Timeline, nowIso: string): [number, number] {
  const start = toSeconds(timeline.patient.enrolledAt);
  const end = toSeconds(timeline.asOf ?? nowIso);
  const pad = Math.max(86_400, (end - start) * 0.02);
  return [start - pad, end + pad];
}

const isCorrected = (entry: { corrected?: boolean; corrections?: unknown[] }) => entry.corrected === true || (entry.corrections?.length ?? 0) > 0;

/** VEGF (log axis): the values, the corrected ones again (marked), and each sample's assay limit. */
export function vegfData(timeline: Timeline): { data: Aligned; upperLimits: number[] } {
  const samples = timeline.labs.filter((lab) => lab.test === 'VEGF' && typeof lab.value === 'number' && lab.value > 0);
  const x = samples.map((s) => toSeconds(s.collectedAt));
  const values = samples.map((s) => s.value as number);
  const corrected = samples.map((s) => (isCorrected(s) ? (s.value as number) : null));
  const limits = samples.map((s) => s.upperLimitOfNormal);
  return { data: align([{ x, y: values }, { x, y: corrected }, { x, y: limits }]), upperLimits: [...new Set(limits.filter((v): v is number => v !== null))] };
}

/** Thalidomide mg/day as steps (each dose holds until the next change), dexamethasone doses and the protocol dose. */
export function doseData(timeline: Timeline, range: [number, number]): Aligned {
  const steps = timeline.thalidomide.flatMap((t) => [
    { x: toSeconds(t.from), y: t.mgPerDay },
    ...(t.to ? [] : [{ x: range[1], y: t.mgPerDay }]),
  ]);
  const dex = timeline.dexamethasone;
  return align([
    { x: steps.map((s) => s.x), y: steps.map((s) => s.y) },
    { x: dex.map((d) => toSeconds(d.givenAt)), y: dex.map((d) => d.doseMg) },
    { x: dex.map((d) => toSeconds(d.givenAt)), y: dex.map((d) => d.protocolDoseMg ?? null) },
  ]);
}

/** ONLS (0-12) and CMAP amplitude (mV) per nerve and side. */
export function neuropathyData(timeline: Timeline): { data: Aligned; nerves: string[] } {
  const onls = timeline.assessments.filter((a) => a.kind === 'ONLS');
  const conduction = timeline.assessments.filter((a) => a.kind === 'NERVE_CONDUCTION');
  const nerveOf = (a: Record<string, unknown>) => [a['nerve'], a['side']].filter(Boolean).join(' ');
  const nerves = [...new Set(conduction.map(nerveOf))].sort();
  return {
    data: align([
      { x: onls.map((a) => toSeconds(a.assessedAt)), y: onls.map((a) => Number(a['score'])) },
      ...nerves.map((nerve) => {
        const of = conduction.filter((a) => nerveOf(a) === nerve);
        return { x: of.map((a) => toSeconds(a.assessedAt)), y: of.map((a) => Number(a['cmapAmplitudeMv'])) };
      }),
    ]),
    nerves,
  };
}

/** Milestones, alerts at their clinical time, and corrected entries: drawn on every chart's time axis. */
export function markers(timeline: Timeline): Marker[] {
  const corrected = [
    ...timeline.labs.filter(isCorrected).map((e) => ({ at: e.collectedAt, what: e.test })),
    ...timeline.dexamethasone.filter(isCorrected).map((e) => ({ at: e.givenAt, what: 'dexamethasone' })),
    ...timeline.thalidomide.filter(isCorrected).map((e) => ({ at: e.from, what: 'thalidomide' })),
    ...timeline.assessments.filter(isCorrected).map((e) => ({ at: e.assessedAt, what: e.kind })),
    ...timeline.transplant.filter(isCorrected).map((e) => ({ at: e.occurredAt, what: e.milestone })),
  ];
  return [
    ...timeline.transplant.map((m) => ({ x: toSeconds(m.occurredAt), label: m.milestone.toLowerCase().replace(/_/g, ' '), kind: 'milestone' as const })),
    ...timeline.alerts.map((a) => ({ x: toSeconds(a.clinicalTime), label: a.rule, kind: 'alert' as const, severity: a.severity })),
    ...corrected.map((c) => ({ x: toSeconds(c.at), label: `${c.what} corrected`, kind: 'correction' as const })),
  ].sort((a, b) => a.x - b.x);
}
