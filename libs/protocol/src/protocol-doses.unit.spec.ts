import fc from 'fast-check';
import { JPOST_PROTOCOL } from './jpost-protocol';
import {
  ageBandFor,
  armFor,
  protocolDexamethasoneDoseMg,
  protocolThalidomideDose,
  protocolTransplantDoseMg,
  withinTolerance,
} from './protocol-doses';
import { SEED_PROTOCOL } from './seed-protocol';

describe('arm assignment under the seed guideline', () => {
  it.each([
    [40, 'AUTO_PBSCT'],
    [65, 'AUTO_PBSCT'],
    [66, 'THALIDOMIDE_DEXAMETHASONE'],
    [74, 'THALIDOMIDE_DEXAMETHASONE'],
    [75, 'THALIDOMIDE_DEXAMETHASONE'],
    [90, 'THALIDOMIDE_DEXAMETHASONE'],
  ])('assigns age %i to %s by age', (age, arm) => {
    expect(armFor(SEED_PROTOCOL, age)).toEqual({ arm, armReason: 'AGE' });
  });

  it('assigns a transplant-ineligible 65-year-old to thalidomide + dexamethasone', () => {
    expect(armFor(SEED_PROTOCOL, 65, 'LVEF 35%')).toEqual({ arm: 'THALIDOMIDE_DEXAMETHASONE', armReason: 'TRANSPLANT_INELIGIBLE' });
  });

  it('ignores a transplant-ineligible reason for a 70-year-old, who is on thalidomide by age', () => {
    expect(armFor(SEED_PROTOCOL, 70, 'LVEF 35%')).toEqual({ arm: 'THALIDOMIDE_DEXAMETHASONE', armReason: 'AGE' });
  });

  it('ignores a blank transplant-ineligible reason', () => {
    expect(armFor(SEED_PROTOCOL, 50, '  ')).toEqual({ arm: 'AUTO_PBSCT', armReason: 'AGE' });
  });
});

describe('age bands under the seed guideline', () => {
  it.each([
    [0, 1],
    [65, 1],
    [66, 1],
    [74, 1],
    [75, 0.5],
    [120, 0.5],
  ])('gives age %i a dose factor of %d', (age, factor) => {
    expect(ageBandFor(SEED_PROTOCOL, age).doseFactor).toBe(factor);
  });

  it('refuses a negative age with AGE_OUT_OF_RANGE', () => {
    expect(() => ageBandFor(SEED_PROTOCOL, -1)).toThrow(expect.objectContaining({ code: 'AGE_OUT_OF_RANGE', kind: 'validation' }));
  });
});

describe('thalidomide doses', () => {
  const band70 = ageBandFor(SEED_PROTOCOL, 70);
  const band80 = ageBandFor(SEED_PROTOCOL, 80);

  it('starts at 100 and escalates to 200 mg/day under 75', () => {
    expect(protocolThalidomideDose(SEED_PROTOCOL, band70, 'START')).toBe(100);
    expect(protocolThalidomideDose(SEED_PROTOCOL, band70, 'ESCALATED')).toBe(200);
  });

  it('starts at 50 and escalates to 100 mg/day from 75', () => {
    expect(protocolThalidomideDose(SEED_PROTOCOL, band80, 'START')).toBe(50);
    expect(protocolThalidomideDose(SEED_PROTOCOL, band80, 'ESCALATED')).toBe(100);
  });

  it('is 200 mg/day from the start under J-POST', () => {
    expect(protocolThalidomideDose(JPOST_PROTOCOL, band70, 'START')).toBe(200);
    expect(protocolThalidomideDose(JPOST_PROTOCOL, band70, 'ESCALATED')).toBe(200);
  });
});

describe('dexamethasone doses', () => {
  it('is 12 mg/m² × 1.82 m² = 21.84 mg under 75', () => {
    expect(protocolDexamethasoneDoseMg(SEED_PROTOCOL, { doseFactor: 1 }, 1.82)).toBe(21.84);
  });
  it('is 6 mg/m² × 1.82 m² = 10.92 mg from 75', () => {
    expect(protocolDexamethasoneDoseMg(SEED_PROTOCOL, { doseFactor: 0.5 }, 1.82)).toBe(10.92);
  });
});

describe('transplant doses', () => {
  it('mobilises with 4 g/m² × 1.82 m² = 7280 mg of cyclophosphamide', () => {
    expect(protocolTransplantDoseMg(SEED_PROTOCOL, 'CYCLOPHOSPHAMIDE', 1.82)).toBe(7280);
  });
  it('conditions with 200 mg/m² × 1.82 m² = 364 mg of melphalan', () => {
    expect(protocolTransplantDoseMg(SEED_PROTOCOL, 'MELPHALAN', 1.82)).toBe(364);
  });
});

describe('dose tolerance of 10%', () => {
  it.each([
    [100, 100, true],
    [110, 100, true],
    [90, 100, true],
    [110.01, 100, false],
    [89.99, 100, false],
    [24, 21.84, true],
    [24.1, 21.84, false],
    [0, 0, true],
    [1, 0, false],
  ])('judges %d mg against %d mg as within: %s', (given, expected, within) => {
    expect(withinTolerance(given, expected, 0.1)).toBe(within);
  });
});

describe('dose arithmetic properties', () => {
  const bsa = fc.double({ min: 0.5, max: 3, noNaN: true });
  const tolerance = fc.double({ min: 0.01, max: 0.5, noNaN: true });
  const expected = fc.double({ min: 1, max: 10_000, noNaN: true });

  it('halves every thalidomide and dexamethasone dose from 75', () => {
    fc.assert(
      fc.property(bsa, fc.integer({ min: 66, max: 74 }), fc.integer({ min: 75, max: 120 }), (m2, younger, older) => {
        // J-POST has no dose band by age (its own eligibility instead of the seed's arms).
        for (const protocol of [SEED_PROTOCOL]) {
          const full = ageBandFor(protocol, younger);
          const half = ageBandFor(protocol, older);
          for (const step of ['START', 'ESCALATED'] as const) {
            expect(protocolThalidomideDose(protocol, half, step)).toBe(protocolThalidomideDose(protocol, full, step) / 2);
          }
          const dexFull = protocolDexamethasoneDoseMg(protocol, full, m2);
          expect(Math.abs(protocolDexamethasoneDoseMg(protocol, half, m2) - dexFull / 2)).toBeLessThanOrEqual(0.0075 + 1e-9);
        }
      }),
    );
  });

  it('scales the dexamethasone dose linearly with BSA', () => {
    fc.assert(
      fc.property(bsa, bsa, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(protocolDexamethasoneDoseMg(SEED_PROTOCOL, { doseFactor: 1 }, lo)).toBeLessThanOrEqual(
          protocolDexamethasoneDoseMg(SEED_PROTOCOL, { doseFactor: 1 }, hi),
        );
      }),
    );
  });

  it('accepts any relative deviation up to the tolerance, above or below', () => {
    fc.assert(
      fc.property(expected, tolerance, fc.double({ min: -1, max: 1, noNaN: true }), (e, t, share) => {
        expect(withinTolerance(e * (1 + share * t), e, t)).toBe(true);
      }),
    );
  });

  it('refuses any relative deviation clearly beyond the tolerance, above or below', () => {
    fc.assert(
      fc.property(expected, tolerance, fc.double({ min: 1.001, max: 3, noNaN: true }), fc.boolean(), (e, t, beyond, above) => {
        const given = e * (1 + (above ? 1 : -1) * beyond * t);
        expect(withinTolerance(given, e, t)).toBe(false);
      }),
    );
  });
});
