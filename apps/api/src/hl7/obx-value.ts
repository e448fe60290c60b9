import type { QualitativeResult } from '@poems/patient';
import { isQuantitativeLabTest } from '@poems/protocol';
import type { CodeMapping } from './hl7-mapping-file';

/**
 * OBX-5/6/7 read through a code mapping: a number (with a comparator such as `<10`, from NM, SN or
 * ST) and its unit, or a coded result of a qualitative test. Returns the command's fields, or the
 * field at fault and why.
 */
export type ObxValue =
  | { ok: true; fields: { value: number | QualitativeResult; unit?: string; comparator?: Comparator; upperLimitOfNormal?: number; heavyChain?: string; lightChain?: 'lambda' | 'kappa' } }
  | { ok: false; field: 5 | 6 | 7; message: string };

export type Comparator = '<' | '<=' | '>' | '>=';

/** Words that mean a negative or positive result whatever the lab (case and spaces ignored). */
const BUILT_IN_RESULTS: Readonly<Record<string, QualitativeResult>> = {
  NEG: 'negative',
  NEGATIVE: 'negative',
  'NOT DETECTED': 'negative',
  ND: 'negative',
  POS: 'positive',
  POSITIVE: 'positive',
  DETECTED: 'positive',
};

const NUMBER = /^(<=|>=|<|>)?\s*(\d+(?:\.\d+)?|\.\d+)$/;

export interface ObxInput {
  valueType: string;
  /** OBX-5 components of the first repetition, decoded. */
  components: string[];
  unit: string;
  referenceRange: string;
}

export function readObxValue(mapping: CodeMapping, input: ObxInput): ObxValue {
  return isQuantitativeLabTest(mapping.test) ? quantitative(mapping, input) : qualitative(mapping, input);
}

function quantitative(mapping: CodeMapping, input: ObxInput): ObxValue {
  const number = numberOf(input);
  if (!number.ok) return number;
  const unit = unitOf(mapping, input.unit);
  if (!unit.ok) return unit;
  const limit = upperLimitOf(input.referenceRange);
  const scale = (n: number) => Number((n * unit.factor).toPrecision(12));
  return {
    ok: true,
    fields: {
      value: scale(number.value),
      unit: unit.unit,
      ...(number.comparator && { comparator: number.comparator }),
      ...(limit !== undefined && { upperLimitOfNormal: scale(limit) }),
    },
  };
}

function numberOf(input: ObxInput): { ok: true; value: number; comparator?: Comparator } | { ok: false; field: 5; message: string } {
  const [first = '', second = '', separator = '', third = ''] = input.components;
  // SN: comparator ^ number ^ separator ^ number; only a single bounded or exact number is a result here.
  const text = input.valueType === 'SN' ? (separator || third ? null : `${first}${second}`) : input.components.length > 1 ? null : first;
  if (text === null) return { ok: false, field: 5, message: 'a range or ratio is not a single result' };
  const match = NUMBER.exec(text.trim());
  if (!match) return { ok: false, field: 5, message: text.trim().startsWith('-') ? 'a negative value is impossible for this test' : 'not a number' };
  const value = Number(match[2]);
  if (!Number.isFinite(value)) return { ok: false, field: 5, message: 'not a finite number' };
  return { ok: true, value, ...(match[1] && { comparator: match[1] as Comparator }) };
}

function unitOf(mapping: CodeMapping, sent: string): { ok: true; unit: string; factor: number } | { ok: false; field: 6; message: string } {
  const unit = sent.trim();
  if (!mapping.units) {
    if (!unit) return { ok: false, field: 6, message: `${mapping.test} needs a unit` };
    return { ok: true, unit, factor: 1 };
  }
  const key = Object.keys(mapping.units).find((candidate) => candidate === unit) ?? Object.keys(mapping.units).find((candidate) => candidate.toLowerCase() === unit.toLowerCase());
  if (key === undefined) return { ok: false, field: 6, message: `unit '${unit.slice(0, 32)}' is not in the mapping of ${mapping.system} ${mapping.code}` };
  const target = mapping.units[key]!;
  return typeof target === 'string' ? { ok: true, unit: target, factor: 1 } : { ok: true, unit: target.unit, factor: target.factor };
}

/** OBX-7 '0-600', '<600', '<=600' → 600; a range with no upper bound ('>5') or text → none. */
export function upperLimitOf(range: string): number | undefined {
  const text = range.trim();
  const between = /^(?:\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)$/.exec(text);
  const below = /^<=?\s*(\d+(?:\.\d+)?)$/.exec(text);
  const upper = Number((between ?? below)?.[1]);
  return Number.isFinite(upper) && upper > 0 ? upper : undefined;
}

function qualitative(mapping: CodeMapping, input: ObxInput): ObxValue {
  const candidates = input.components.slice(0, 2).map((c) => c.trim()).filter(Boolean);
  for (const candidate of candidates) {
    const own = mapping.values && Object.entries(mapping.values).find(([key]) => key.toUpperCase() === candidate.toUpperCase())?.[1];
    if (own) return { ok: true, fields: typeof own === 'string' ? { value: own } : { ...own } };
    const builtIn = BUILT_IN_RESULTS[candidate.toUpperCase().replace(/\s+/g, ' ')];
    if (builtIn) return { ok: true, fields: { value: builtIn } };
  }
  return { ok: false, field: 5, message: `'${(candidates[0] ?? '').slice(0, 32)}' is not a result the mapping of ${mapping.test} knows (negative or positive)` };
}
