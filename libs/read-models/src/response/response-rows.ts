import type { Arm } from '@poems/protocol';

/**
 * Each patient's response over time, per domain, following the POEMS response criteria
 * (Dispenzieri, Blood 2012): VEGF, haematologic (immunofixation) and clinical (ONLS and nerve
 * conduction). One row per subject: the clinical projection keys it by patient id with true
 * times; the research projection by pseudonym with shifted dates (as midnight UTC), so that one
 * pure evolve serves both and neither sees the other's identifiers. Every time comes with its
 * clinic date (`on`; research: shifted): days are counted on the clinic's calendar (issue 16 item 9).
 */
export const RESPONSE_DOMAINS = ['VEGF', 'HAEMATOLOGIC', 'CLINICAL'] as const;
export type ResponseDomain = (typeof RESPONSE_DOMAINS)[number];

/** VEGF: COMPLETE = normalised; PARTIAL = ≥ 50% fall; PROGRESSION = abnormal and ≥ 50% above the nadir; NONE otherwise. */
export type VegfResponse = 'COMPLETE' | 'PARTIAL' | 'NONE' | 'PROGRESSION';
/** Haematologic, by immunofixation after a positive baseline: COMPLETE = negative; NONE = still positive. */
export type HaematologicResponse = 'COMPLETE' | 'NONE';
/** Clinical: ONLS down by the protocol's points (IMPROVED) or up by them, or a CMAP amplitude down by its fraction (WORSENED). */
export type ClinicalResponse = 'IMPROVED' | 'STABLE' | 'WORSENED';

export interface DomainAssessment {
  readonly domain: ResponseDomain;
  /** The measurement's time (the research view: its shifted date at midnight UTC). */
  readonly at: string;
  /** Clinic days from the start's clinic date to the measurement's. */
  readonly daysSinceStart: number;
  readonly response: VegfResponse | HaematologicResponse | ClinicalResponse;
  /** What it was judged on, in words. */
  readonly detail: string;
  /** Keys of the measurements it was judged on (event ids, or their keyed hashes in research). */
  readonly evidence: ReadonlyArray<string>;
}

/** A clinical time and its clinic date (YYYY-MM-DD): what days are counted in. */
export interface ResponseTime {
  readonly at: string;
  readonly on: string;
}

type Measured = { readonly key: string } & ResponseTime;

export type ResponseMeasurement =
  | (Measured & { readonly kind: 'VEGF'; readonly value: number; readonly upperLimit: number | null; readonly series: string; readonly seriesLabel: string })
  | (Measured & { readonly kind: 'M_PROTEIN_IFE'; readonly result: 'positive' | 'negative' })
  | (Measured & { readonly kind: 'ONLS'; readonly score: number })
  /** `nerve`: the nerve's code (or an older free-text name in lower case) and side, e.g. "median (right)". */
  | (Measured & { readonly kind: 'CMAP'; readonly nerve: string; readonly amplitude: number });

/** Facts that place the treatment start (day 0) and the baseline anchor (Auto-PBSCT: the first transplant step). */
export type ResponseStartKind = 'THALIDOMIDE_START' | 'STEM_CELL_INFUSION' | 'MOBILISATION' | 'APHERESIS';

export interface ResponseRow {
  subject: string;
  arm: Arm;
  protocol: { id: string; version: number };
  starts: Array<{ key: string; kind: ResponseStartKind } & ResponseTime>;
  measurements: ResponseMeasurement[];
  /** Derived (recomputed on every change). */
  treatmentStartedAt: string | null;
  assessments: DomainAssessment[];
  current: Record<ResponseDomain, DomainAssessment | null>;
}

/** A patient event reduced to what the response needs, keyed for corrections; `null` withdraws the key. */
export type ResponseInput =
  | { readonly kind: 'ENROLLED'; readonly subject: string; readonly arm: Arm; readonly protocol: { id: string; version: number } }
  | { readonly kind: 'START'; readonly subject: string; readonly key: string; readonly start: ({ kind: ResponseStartKind } & ResponseTime) | null }
  | { readonly kind: 'MEASUREMENT'; readonly subject: string; readonly key: string; readonly measurement: ResponseMeasurement | null };
