import { DomainError } from '@poems/kernel';
import { roundSignificant } from './rounding';

export const QUANTITATIVE_LAB_TESTS = ['VEGF', 'M_PROTEIN', 'ANC', 'PLATELETS', 'HEMOGLOBIN'] as const;
export type QuantitativeLabTest = (typeof QUANTITATIVE_LAB_TESTS)[number];
/** What a number measures, which fixes its canonical unit. DOSE is an amount of drug. */
export type QuantityKind = QuantitativeLabTest | 'DOSE';

interface Conversion {
  readonly canonical: string;
  /** UCUM unit → factor to the canonical unit. UCUM accepts both `l` and `L` for the litre. */
  readonly factors: Readonly<Record<string, number>>;
}

const litres = (entries: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(entries).flatMap(([unit, f]) => [[unit, f], [unit.replace(/L/g, 'l'), f]]));

// Only units with a fixed linear factor. Molar units (e.g. haemoglobin in mmol/L) are refused
// rather than converted with an assumed molar mass.
const CONVERSIONS: Readonly<Record<QuantityKind, Conversion>> = {
  VEGF: { canonical: 'pg/mL', factors: litres({ 'pg/mL': 1, 'ng/mL': 1000, 'ng/L': 1 }) },
  ANC: { canonical: '/uL', factors: litres({ '/uL': 1, '/mm3': 1, '10*3/uL': 1000, '10*9/L': 1000 }) },
  PLATELETS: { canonical: '/uL', factors: litres({ '/uL': 1, '/mm3': 1, '10*3/uL': 1000, '10*9/L': 1000 }) },
  HEMOGLOBIN: { canonical: 'g/dL', factors: litres({ 'g/dL': 1, 'g/L': 0.1 }) },
  M_PROTEIN: { canonical: 'g/dL', factors: litres({ 'g/dL': 1, 'g/L': 0.1, 'mg/dL': 0.001 }) },
  DOSE: { canonical: 'mg', factors: { mg: 1, g: 1000 } },
};

export interface Quantity {
  readonly value: number;
  readonly unit: string;
}

export function canonicalUnit(kind: QuantityKind): string {
  return CONVERSIONS[kind].canonical;
}

export function acceptedUnits(kind: QuantityKind): ReadonlyArray<string> {
  return Object.keys(CONVERSIONS[kind].factors);
}

export function isQuantitativeLabTest(test: string): test is QuantitativeLabTest {
  return (QUANTITATIVE_LAB_TESTS as ReadonlyArray<string>).includes(test);
}

/** Converts a value to the canonical unit of what it measures, or refuses the unit. */
export function normaliseQuantity(kind: QuantityKind, value: number, unit: string): Quantity {
  const conversion = CONVERSIONS[kind];
  const factor = Object.prototype.hasOwnProperty.call(conversion.factors, unit.trim()) ? conversion.factors[unit.trim()] : undefined;
  if (factor === undefined) {
    throw new DomainError(
      'UNIT_NOT_CONVERTIBLE',
      `${kind} in '${unit}' cannot be converted to ${conversion.canonical}; accepted: ${acceptedUnits(kind).join(', ')}`,
      'validation',
      ['unit'],
    );
  }
  return { value: roundSignificant(value * factor), unit: conversion.canonical };
}
