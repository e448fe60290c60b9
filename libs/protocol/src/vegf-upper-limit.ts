import type { ProtocolDefinition } from './protocol-definition';

export type VegfUpperLimitSource = 'RESULT' | 'PROTOCOL_ASSAY' | 'PROTOCOL_DEFAULT';
export interface VegfUpperLimit {
  readonly upperLimitPgMl: number;
  /** PROTOCOL_DEFAULT means the assay was not recognised: the limit is an assumption. */
  readonly source: VegfUpperLimitSource;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The VEGF upper limit of normal for a result, in pg/mL: the result's own limit (already in pg/mL)
 * wins; then the protocol's limit for the specimen and method (an entry with a method beats one
 * without); then the protocol default.
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
  return { upperLimitPgMl: protocol.vegf.defaultUpperLimitPgMl, source: 'PROTOCOL_DEFAULT' };
}
