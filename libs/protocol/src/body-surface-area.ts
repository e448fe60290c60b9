import { assertNever } from '@poems/kernel';
import type { BsaFormula } from './protocol-definition';
import { roundTo } from './rounding';

/**
 * Body surface area in m², rounded to 2 decimals as charts and pharmacy calculators show it, so
 * that an auditor recomputing mg/m² × BSA from the recorded BSA gets the recorded protocol dose.
 */
export function bodySurfaceArea(heightCm: number, weightKg: number, formula: BsaFormula): number {
  if (!(heightCm > 0) || !(weightKg > 0)) {
    throw new RangeError(`BSA needs positive height and weight, got ${heightCm} cm, ${weightKg} kg`);
  }
  return roundTo(rawBodySurfaceArea(heightCm, weightKg, formula), 2);
}

function rawBodySurfaceArea(h: number, w: number, formula: BsaFormula): number {
  switch (formula) {
    case 'MOSTELLER':
      return Math.sqrt((h * w) / 3600);
    case 'DUBOIS':
      return 0.007184 * h ** 0.725 * w ** 0.425;
    case 'FUJIMOTO':
      return 0.008883 * h ** 0.663 * w ** 0.444;
    default:
      return assertNever(formula, 'BSA formula');
  }
}
