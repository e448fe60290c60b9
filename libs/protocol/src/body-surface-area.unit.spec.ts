import fc from 'fast-check';
import { bodySurfaceArea } from './body-surface-area';
import { BSA_FORMULAS } from './protocol-definition';

describe('body surface area of a 170 cm, 70 kg adult', () => {
  it('is 1.82 m² by Mosteller: √(170 × 70 / 3600) = √3.3056 = 1.8181', () => {
    expect(bodySurfaceArea(170, 70, 'MOSTELLER')).toBe(1.82);
  });
  it('is 1.81 m² by DuBois: 0.007184 × 41.407 × 6.0837 = 1.8097', () => {
    expect(bodySurfaceArea(170, 70, 'DUBOIS')).toBe(1.81);
  });
  it('is 1.76 m² by Fujimoto: 0.008883 × 30.115 × 6.5951 = 1.7643', () => {
    expect(bodySurfaceArea(170, 70, 'FUJIMOTO')).toBe(1.76);
  });
});

describe('body surface area of a 150 cm, 45 kg adult', () => {
  it('is 1.37 m² by Mosteller: √(150 × 45 / 3600) = √1.875 = 1.3693', () => {
    expect(bodySurfaceArea(150, 45, 'MOSTELLER')).toBe(1.37);
  });
  it('is 1.37 m² by DuBois: 0.007184 × 37.815 × 5.0421 = 1.3698', () => {
    expect(bodySurfaceArea(150, 45, 'DUBOIS')).toBe(1.37);
  });
  it('is 1.33 m² by Fujimoto: 0.008883 × 27.717 × 5.4203 = 1.3345', () => {
    expect(bodySurfaceArea(150, 45, 'FUJIMOTO')).toBe(1.33);
  });
});

describe('body surface area where the square root is exact', () => {
  it('is 2 m² by Mosteller for 144 cm and 100 kg', () => {
    expect(bodySurfaceArea(144, 100, 'MOSTELLER')).toBe(2);
  });
});

describe('body surface area of impossible inputs', () => {
  it('refuses a zero or negative height or weight', () => {
    expect(() => bodySurfaceArea(0, 70, 'MOSTELLER')).toThrow(RangeError);
    expect(() => bodySurfaceArea(170, -1, 'DUBOIS')).toThrow(RangeError);
  });
});

describe('body surface area over the accepted input ranges (50-250 cm, 2-400 kg)', () => {
  const formula = fc.constantFrom(...BSA_FORMULAS);
  const height = fc.double({ min: 50, max: 250, noNaN: true });
  const weight = fc.double({ min: 2, max: 400, noNaN: true });

  it('never decreases when height grows', () => {
    fc.assert(
      fc.property(formula, height, height, weight, (f, h1, h2, w) => {
        const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1];
        expect(bodySurfaceArea(lo, w, f)).toBeLessThanOrEqual(bodySurfaceArea(hi, w, f));
      }),
    );
  });

  it('never decreases when weight grows', () => {
    fc.assert(
      fc.property(formula, height, weight, weight, (f, h, w1, w2) => {
        const [lo, hi] = w1 <= w2 ? [w1, w2] : [w2, w1];
        expect(bodySurfaceArea(h, lo, f)).toBeLessThanOrEqual(bodySurfaceArea(h, hi, f));
      }),
    );
  });

  it('stays between 0.1 and 6 m²', () => {
    fc.assert(
      fc.property(formula, height, weight, (f, h, w) => {
        const bsa = bodySurfaceArea(h, w, f);
        expect(bsa).toBeGreaterThanOrEqual(0.1);
        expect(bsa).toBeLessThanOrEqual(6);
      }),
    );
  });

  it('agrees across formulas within 10% for adults of 140-200 cm and 40-120 kg', () => {
    fc.assert(
      fc.property(fc.double({ min: 140, max: 200, noNaN: true }), fc.double({ min: 40, max: 120, noNaN: true }), (h, w) => {
        const values = BSA_FORMULAS.map((f) => bodySurfaceArea(h, w, f));
        expect(Math.max(...values) / Math.min(...values)).toBeLessThan(1.1);
      }),
    );
  });
});
