import type { paths } from '../api/schema';
import { toSeconds } from '../time';
import { ruleLabel } from '../rule-labels';
import { align, type Aligned, type Table } from './series';

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

export interface VegfSeries {
  /** "serum RIA", "plasma ELISA", "unstated assay". */
  assay: string;
  label: string;
  /** The limit line's legend label; null when no result of the series has a known limit (no line is drawn). */
  limitLabel: string | null;
  /** The single limit of the series, when all its results share one (labelled on the canvas). */
  limit: number | null;
}

/**
 * The assay series of a VEGF result: specimen and method (as the research view and the rules key
 * them: limits belong to the assay, so values of different assays are never one line).
 */
function assayOf(lab: { specimen?: string | null; method?: string | null }): string {
  const parts = [lab.specimen?.trim(), lab.method?.trim()].filter((p): p is string => !!p);
  return parts.length === 0 ? 'unstated assay' : parts.join(' ');
}

/**
 * VEGF (log axis), one line per assay series, then the corrected values (marked), then a limit line
 * per series whose limit is known. A series whose assay has no known limit gets no line and says so.
 * Columns: [x, series 1…n, corrected, limits of the series that have one].
 */
export function vegfData(timeline: Timeline): { data: Aligned; series: VegfSeries[] } {
  const samples = timeline.labs.filter((lab) => lab.test === 'VEGF' && typeof lab.value === 'number' && lab.value > 0);
  const assays = [...new Set(samples.map(assayOf))];
  const x = (of: typeof samples) => of.map((s) => toSeconds(s.collectedAt));
  const series: VegfSeries[] = [];
  const values: Table[] = [];
  const limits: Table[] = [];
  for (const assay of assays) {
    const of = samples.filter((s) => assayOf(s) === assay);
    const known = of.filter((s) => !s.limitUnknown && s.upperLimitOfNormal !== null);
    const distinct = [...new Set(known.map((s) => s.upperLimitOfNormal!))];
    const limit = distinct.length === 1 ? distinct[0]! : null;
    series.push({
      assay,
      label: `VEGF, ${assay} (pg/mL)${known.length === 0 ? ', limit unknown' : ''}`,
      limitLabel: known.length === 0 ? null : `Upper limit of normal, ${assay} (${limit !== null ? `${limit} pg/mL` : 'each result’s'})`,
      limit,
    });
    values.push({ x: x(of), y: of.map((s) => s.value as number) });
    if (known.length > 0) limits.push({ x: x(known), y: known.map((s) => s.upperLimitOfNormal) });
  }
  const corrected = { x: x(samples), y: samples.map((s) => (isCorrected(s) ? (s.value as number) : null)) };
  return { data: align([...values, corrected, ...limits]), series };
}

/**
 * Thalidomide mg/day as steps (each dose holds until the next change), regimen dexamethasone doses,
 * their protocol dose, and supportive dexamethasone doses (a column of their own: they are no cycle).
 */
export function doseData(timeline: Timeline, range: [number, number]): Aligned {
  const steps = timeline.thalidomide.flatMap((t) => [
    { x: toSeconds(t.from), y: t.mgPerDay },
    ...(t.to ? [] : [{ x: range[1], y: t.mgPerDay }]),
  ]);
  const regimen = timeline.dexamethasone.filter((d) => d.indication !== 'SUPPORTIVE');
  const supportive = timeline.dexamethasone.filter((d) => d.indication === 'SUPPORTIVE');
  return align([
    { x: steps.map((s) => s.x), y: steps.map((s) => s.y) },
    { x: regimen.map((d) => toSeconds(d.givenAt)), y: regimen.map((d) => d.doseMg) },
    { x: regimen.map((d) => toSeconds(d.givenAt)), y: regimen.map((d) => d.protocolDoseMg ?? null) },
    { x: supportive.map((d) => toSeconds(d.givenAt)), y: supportive.map((d) => d.doseMg) },
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
    ...timeline.transfusions.filter(isCorrected).map((e) => ({ at: e.givenAt, what: 'transfusion' })),
    ...timeline.assessments.filter(isCorrected).map((e) => ({ at: e.assessedAt, what: e.kind })),
    ...timeline.transplant.filter(isCorrected).map((e) => ({ at: e.occurredAt, what: e.milestone })),
  ];
  return [
    ...timeline.transplant.map((m) => ({ x: toSeconds(m.occurredAt), label: m.milestone.toLowerCase().replace(/_/g, ' '), kind: 'milestone' as const })),
    ...timeline.alerts.map((a) => ({ x: toSeconds(a.clinicalTime), label: ruleLabel(a.rule), kind: 'alert' as const, severity: a.severity })),
    ...corrected.map((c) => ({ x: toSeconds(c.at), label: `${c.what} corrected`, kind: 'correction' as const })),
  ].sort((a, b) => a.x - b.x);
}
