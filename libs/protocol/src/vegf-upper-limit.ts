import type { ProtocolDefinition } from './protocol-definition';

/**
 * RESULT: the laboratory's own limit. PROTOCOL_ASSAY: the protocol lists the assay (specimen and
 * method). UNKNOWN: neither, so the result is recorded and flagged "limit unknown", never judged
 * against another assay's limit (plasma ELISA ranges are far below serum RIA's 600 pg/mL).
 * PROTOCOL_DEFAULT only appears on results stored before issue 16 and is read as UNKNOWN.
 */
export type VegfUpperLimitSource = 'RESULT' | 'PROTOCOL_ASSAY' | 'UNKNOWN';
export type VegfUpperLimit =
  | { readonly upperLimitPgMl: number; readonly source: 'RESULT' | 'PROTOCOL_ASSAY' }
  | { readonly upperLimitPgMl: null; readonly source: 'UNKNOWN' };

const normalised = (text: string | undefined) => text?.trim().toLowerCase() ?? '';
const same = (a: string, b: string) => normalised(a) === normalised(b);

/**
 * The VEGF upper limit of normal for a result, in pg/mL: the result's own limit (already in pg/mL)
 * wins; then the protocol's limit for the specimen and method (an entry with a method beats one
 * without); otherwise unknown. `vegf.defaultUpperLimitPgMl` is no longer applied to unknown assays.
 */
export function vegfUpperLimit(
  protocol: ProtocolDefinition,
  result: { readonly specimen?: string; readonly method?: string; readonly upperLimitOfNormal?: number },
): VegfUpperLimit {
  if (result.upperLimitOfNormal !== undefined) return { upperLimitPgMl: result.upperLimitOfNormal, source: 'RESULT' };
  const { specimen, method } = result;
  if (specimen !== undefined) {
    const forSpecimen = protocol.vegf.byAssay.filter((a) => same(a.specimen, specimen));
    const exact = method === undefined ? undefined : forSpecimen.find((a) => a.method !== undefined && same(a.method, method));
    const anyMethod = forSpecimen.find((a) => a.method === undefined);
    const match = exact ?? anyMethod;
    if (match) return { upperLimitPgMl: match.upperLimitPgMl, source: 'PROTOCOL_ASSAY' };
  }
  return { upperLimitPgMl: null, source: 'UNKNOWN' };
}

/**
 * The series a VEGF result belongs to: its specimen and method, compared without case or outer
 * spaces ("Serum"/"RIA" and "serum"/"ria" are one series). Values are only compared within a series.
 */
export function vegfSeriesKey(result: { readonly specimen?: string | null; readonly method?: string | null }): string {
  return `${normalised(result.specimen ?? undefined) || '?'}|${normalised(result.method ?? undefined) || '?'}`;
}

/** "serum RIA", "plasma ELISA", "unstated assay". */
export function vegfSeriesLabel(result: { readonly specimen?: string | null; readonly method?: string | null }): string {
  const parts = [result.specimen?.trim(), result.method?.trim()].filter((p): p is string => !!p);
  return parts.length === 0 ? 'unstated assay' : parts.join(' ');
}
