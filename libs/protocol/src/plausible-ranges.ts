import type { QuantityKind } from './units';

/**
 * What a measured quantity can be, in its canonical unit, beside that unit. A value outside
 * `possible` cannot be a real measurement of a living patient (a unit slip, a typing error, an
 * overflow such as 1e308): it is refused. A value inside `possible` but outside `usual` is recorded
 * and flagged `unusual`, so that a care team looks again before acting on it. Generous on purpose:
 * POEMS itself pushes VEGF, platelets and haemoglobin high, and counts fall to zero after melphalan.
 */
export interface PlausibleRange {
  readonly unit: string;
  readonly possible: readonly [number, number];
  readonly usual: readonly [number, number];
  readonly basis: string;
}

export const PLAUSIBLE_LAB_VALUES: Readonly<Record<Exclude<QuantityKind, 'DOSE'>, PlausibleRange>> = {
  VEGF: {
    unit: 'pg/mL',
    possible: [0, 500_000],
    usual: [0, 30_000],
    basis: 'serum VEGF in POEMS is typically 1,000-10,000 pg/mL, reported up to ~30,000 (Watanabe 1996; Dispenzieri 2021)',
  },
  ANC: { unit: '/uL', possible: [0, 500_000], usual: [0, 50_000], basis: 'neutrophils: 0 in aplasia, rarely above 50,000/µL outside leukaemia' },
  PLATELETS: { unit: '/uL', possible: [0, 10_000_000], usual: [0, 1_500_000], basis: 'thrombocytosis is part of POEMS; counts above 1.5 × 10⁶/µL are exceptional' },
  HEMOGLOBIN: { unit: 'g/dL', possible: [0, 30], usual: [4, 22], basis: 'polycythaemia occurs in POEMS; below 4 or above 22 g/dL is exceptional' },
  M_PROTEIN: { unit: 'g/dL', possible: [0, 20], usual: [0, 5], basis: 'the M-protein of POEMS is small (usually < 1 g/dL)' },
};

/** Drug amounts, in mg (per day for thalidomide, per dose for dexamethasone); 0 thalidomide means interrupted. */
export const PLAUSIBLE_DOSES = {
  THALIDOMIDE_MG_PER_DAY: { unit: 'mg/d', possible: [10, 400], usual: [25, 300], basis: 'capsules of 25-100 mg; J-POST gave 100-300 mg/day (Misawa 2016)' },
  DEXAMETHASONE_MG: { unit: 'mg', possible: [0.5, 200], usual: [1, 80], basis: 'tablets of 0.5-4 mg; 12 mg/m² is about 20 mg, 40 mg is the usual ceiling' },
} as const satisfies Record<string, PlausibleRange>;

export type Plausibility = 'usual' | 'unusual' | 'impossible';

export function plausibilityOf(range: PlausibleRange, value: number): Plausibility {
  if (!Number.isFinite(value) || value < range.possible[0] || value > range.possible[1]) return 'impossible';
  return value < range.usual[0] || value > range.usual[1] ? 'unusual' : 'usual';
}

export function describeRange(range: PlausibleRange): string {
  return `${range.possible[0]}-${range.possible[1]} ${range.unit}`;
}
