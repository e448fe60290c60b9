import { clinicDaysBetween, isBefore, toMs, type IsoTime, type TimeZone } from '@poems/kernel';
import { labsOf, type LabEntry, type PatientState } from '@poems/patient';
import { vegfSeriesKey, vegfSeriesLabel } from '@poems/protocol';

export interface VegfResult {
  readonly eventId: string;
  readonly collectedAt: IsoTime;
  /** pg/mL. */
  readonly value: number;
  /** The result's own upper limit of normal, pg/mL; null when its assay has no known limit. */
  readonly upperLimit: number | null;
  /** Specimen + method: values are only compared within a series (issue 16 item 3). */
  readonly series: string;
  /** "serum RIA", for summaries. */
  readonly seriesLabel: string;
}

/**
 * The limit a stored result was judged against, or null. Results stored before issue 16 with
 * `upperLimitSource: 'PROTOCOL_DEFAULT'` got the protocol's default for an assay it did not list:
 * that limit belonged to another assay, so it is read as unknown.
 */
function knownLimit(lab: LabEntry): number | null {
  if (lab.test !== 'VEGF' || !('upperLimitSource' in lab)) return null;
  if (lab.upperLimitSource === 'PROTOCOL_DEFAULT' || lab.upperLimitSource === 'UNKNOWN') return null;
  return lab.upperLimitOfNormal ?? null;
}

/** VEGF results in clinical order, in pg/mL, each with its series and its own limit (or null). */
export function vegfResults(state: PatientState): VegfResult[] {
  return labsOf(state, 'VEGF').flatMap((lab: LabEntry) =>
    lab.test === 'VEGF' && typeof lab.value === 'number'
      ? [
          {
            eventId: lab.eventId,
            collectedAt: lab.collectedAt,
            value: lab.value,
            upperLimit: knownLimit(lab),
            series: vegfSeriesKey(lab),
            seriesLabel: vegfSeriesLabel(lab),
          },
        ]
      : [],
  );
}

/** Results collected at or after a time. */
export function collectedFrom(results: ReadonlyArray<VegfResult>, from: IsoTime): VegfResult[] {
  return results.filter((r) => !isBefore(r.collectedAt, from));
}

/** Results grouped by series, each in clinical order. */
export function bySeries(results: ReadonlyArray<VegfResult>): VegfResult[][] {
  const groups = new Map<string, VegfResult[]>();
  for (const r of results) groups.set(r.series, [...(groups.get(r.series) ?? []), r]);
  return [...groups.values()];
}

/** Below the result's own limit; false when the limit is unknown (normality cannot be judged). */
export function isNormal(result: VegfResult): boolean {
  return result.upperLimit !== null && result.value < result.upperLimit;
}

/** At or above the result's own limit; false when the limit is unknown. */
export function isAboveLimit(result: VegfResult): boolean {
  return result.upperLimit !== null && result.value >= result.upperLimit;
}

/**
 * The platelet count nearest a VEGF sample within `days` clinic days (serum VEGF rises with
 * platelets, so a high value beside a high count reads differently), ×10³/µL for summaries.
 */
export function plateletsNear(state: PatientState, at: IsoTime, days: number, zone: TimeZone): { readonly eventId: string; readonly collectedAt: IsoTime; readonly thousandsPerUl: number } | undefined {
  const nearest = labsOf(state, 'PLATELETS')
    .filter((l) => typeof l.value === 'number' && Math.abs(clinicDaysBetween(at, l.collectedAt, zone)) <= days)
    .sort((a, b) => Math.abs(toMs(a.collectedAt) - toMs(at)) - Math.abs(toMs(b.collectedAt) - toMs(at)))[0];
  return nearest && { eventId: nearest.eventId, collectedAt: nearest.collectedAt, thousandsPerUl: (nearest.value as number) / 1000 };
}
