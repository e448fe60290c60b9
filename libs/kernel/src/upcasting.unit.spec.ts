import { upcast } from './upcasting';

describe('reading data stored at an older schema version', () => {
  const steps = { 1: (d: unknown) => ({ ...(d as object), unit: 'pg/mL' }), 2: (d: unknown) => ({ ...(d as object), v3: true }) };

  it('applies every step from the stored version up to the current one, in order', () => {
    expect(upcast('X', 1, 3, { value: 1 }, steps)).toEqual({ value: 1, unit: 'pg/mL', v3: true });
    expect(upcast('X', 3, 3, { value: 1 }, steps)).toEqual({ value: 1 });
  });

  it('refuses versions it cannot read', () => {
    expect(() => upcast('X', 4, 3, {}, steps)).toThrow('X schema version 4 is not supported (current 3)');
    expect(() => upcast('X', 0, 3, {}, steps)).toThrow('not supported');
    expect(() => upcast('X', 1, 3, {}, { 2: steps[2] })).toThrow('No upcaster for X from schema version 1');
  });
});
