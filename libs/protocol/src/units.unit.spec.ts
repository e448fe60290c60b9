import fc from 'fast-check';
import { acceptedUnits, canonicalUnit, normaliseQuantity } from './units';

describe('VEGF units', () => {
  it.each([
    [600, 'pg/mL', 600],
    [600, 'pg/ml', 600],
    [0.6, 'ng/mL', 600],
    [1.1, 'ng/mL', 1100],
    [0.123, 'ng/mL', 123],
    [600, 'ng/L', 600],
  ])('converts %d %s to %d pg/mL', (value, unit, expected) => {
    expect(normaliseQuantity('VEGF', value, unit)).toEqual({ value: expected, unit: 'pg/mL' });
  });

  it.each(['mg', 'U/L', 'pg', 'mg/dL', ''])("refuses '%s' with UNIT_NOT_CONVERTIBLE on the unit field", (unit) => {
    expect(() => normaliseQuantity('VEGF', 600, unit)).toThrow(
      expect.objectContaining({ code: 'UNIT_NOT_CONVERTIBLE', kind: 'validation', field: ['unit'] }),
    );
  });
});

describe('cell count units', () => {
  it.each([
    ['ANC', 1500, '/uL', 1500],
    ['ANC', 1500, '/mm3', 1500],
    ['ANC', 1.5, '10*3/uL', 1500],
    ['ANC', 0.5, '10*9/L', 500],
    ['PLATELETS', 20, '10*9/L', 20000],
    ['PLATELETS', 150, '10*3/uL', 150000],
    ['PLATELETS', 250000, '/uL', 250000],
  ] as const)('converts %s %d %s to %d /uL', (test, value, unit, expected) => {
    expect(normaliseQuantity(test, value, unit)).toEqual({ value: expected, unit: '/uL' });
  });

  it('refuses a percentage for an absolute count', () => {
    expect(() => normaliseQuantity('ANC', 60, '%')).toThrow(expect.objectContaining({ code: 'UNIT_NOT_CONVERTIBLE' }));
  });
});

describe('concentration units', () => {
  it.each([
    ['HEMOGLOBIN', 12.3, 'g/dL', 12.3],
    ['HEMOGLOBIN', 123, 'g/L', 12.3],
    ['M_PROTEIN', 0.4, 'g/dL', 0.4],
    ['M_PROTEIN', 4, 'g/L', 0.4],
    ['M_PROTEIN', 400, 'mg/dL', 0.4],
  ] as const)('converts %s %d %s to %d g/dL', (test, value, unit, expected) => {
    expect(normaliseQuantity(test, value, unit)).toEqual({ value: expected, unit: 'g/dL' });
  });

  it('refuses haemoglobin in mmol/L rather than assume a molar mass', () => {
    expect(() => normaliseQuantity('HEMOGLOBIN', 7.6, 'mmol/L')).toThrow(expect.objectContaining({ code: 'UNIT_NOT_CONVERTIBLE' }));
  });
});

describe('dose units', () => {
  it('converts grams to milligrams', () => {
    expect(normaliseQuantity('DOSE', 4.2, 'g')).toEqual({ value: 4200, unit: 'mg' });
    expect(normaliseQuantity('DOSE', 200, 'mg')).toEqual({ value: 200, unit: 'mg' });
  });
  it('refuses mg/m² as an amount', () => {
    expect(() => normaliseQuantity('DOSE', 12, 'mg/m2')).toThrow(expect.objectContaining({ code: 'UNIT_NOT_CONVERTIBLE' }));
  });
});

describe('the unit catalogue', () => {
  it('names a canonical unit that is itself accepted, for every kind', () => {
    for (const kind of ['VEGF', 'M_PROTEIN', 'ANC', 'PLATELETS', 'HEMOGLOBIN', 'DOSE'] as const) {
      expect(acceptedUnits(kind)).toContain(canonicalUnit(kind));
    }
  });
  it('does not treat inherited object keys as units', () => {
    expect(() => normaliseQuantity('VEGF', 1, 'toString')).toThrow(expect.objectContaining({ code: 'UNIT_NOT_CONVERTIBLE' }));
  });
});

describe('conversions between accepted units', () => {
  const amount = fc.double({ min: 0, max: 1e6, noNaN: true });

  it('give the same canonical value whichever unit the laboratory used', () => {
    fc.assert(
      fc.property(amount, (x) => {
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
        expect(close(normaliseQuantity('VEGF', x, 'ng/mL').value, normaliseQuantity('VEGF', x * 1000, 'pg/mL').value)).toBe(true);
        expect(close(normaliseQuantity('VEGF', x, 'ng/L').value, normaliseQuantity('VEGF', x, 'pg/mL').value)).toBe(true);
        expect(close(normaliseQuantity('ANC', x, '10*9/L').value, normaliseQuantity('ANC', x, '10*3/uL').value)).toBe(true);
        expect(close(normaliseQuantity('HEMOGLOBIN', x, 'g/L').value, normaliseQuantity('HEMOGLOBIN', x / 10, 'g/dL').value)).toBe(true);
      }),
    );
  });
});
