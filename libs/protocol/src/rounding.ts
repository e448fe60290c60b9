/**
 * Removes binary floating-point noise (1.2300000000000002 → 1.23) while keeping ten significant
 * digits, far beyond any clinical precision.
 */
export function roundSignificant(value: number, digits = 10): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** Rounds half away from zero to a number of decimals, after removing float noise. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = roundSignificant(Math.abs(value) * factor);
  return (Math.sign(value) * Math.round(scaled)) / factor;
}
