import { bodySurfaceArea } from './body-surface-area';
import type { BsaFormula } from './protocol-definition';
import { ageBandFor, protocolDexamethasoneDoseMg, withinTolerance } from './protocol-doses';
import { SEED_PROTOCOL } from './seed-protocol';

/**
 * The seed protocol's dexamethasone check for a 170 cm, 70 kg patient by every BSA formula.
 * BSA: Mosteller 1.82, DuBois 1.81, Fujimoto 1.76 m². Full dose 12 mg/m² up to 74, half from 75.
 * Limits are ±10% of the protocol dose, e.g. 21.84 mg → [19.656, 24.024].
 */
describe('the dexamethasone dose check on the seed protocol', () => {
  it.each<[number, BsaFormula, number, number, number, number, number]>([
    // age, formula, protocol mg, within low, within high, outside low, outside high
    [60, 'MOSTELLER', 21.84, 20, 24, 19.6, 24.1],
    [60, 'DUBOIS', 21.72, 19.6, 23.8, 19.5, 24],
    [60, 'FUJIMOTO', 21.12, 19.1, 23.2, 19, 23.3],
    [70, 'MOSTELLER', 21.84, 20, 24, 19.6, 24.1],
    [70, 'DUBOIS', 21.72, 19.6, 23.8, 19.5, 24],
    [70, 'FUJIMOTO', 21.12, 19.1, 23.2, 19, 23.3],
    [80, 'MOSTELLER', 10.92, 10, 12, 9.8, 12.1],
    [80, 'DUBOIS', 10.86, 9.8, 11.9, 9.7, 12],
    [80, 'FUJIMOTO', 10.56, 9.6, 11.6, 9.5, 11.7],
  ])('age %i by %s: protocol %d mg; %d and %d within, %d and %d outside', (age, formula, expected, inLow, inHigh, outLow, outHigh) => {
    const band = ageBandFor(SEED_PROTOCOL, age);
    const protocolMg = protocolDexamethasoneDoseMg(SEED_PROTOCOL, band, bodySurfaceArea(170, 70, formula));
    const within = (mg: number) => withinTolerance(mg, protocolMg, SEED_PROTOCOL.doseTolerance);
    expect(protocolMg).toBe(expected);
    expect([within(inLow), within(inHigh), within(outLow), within(outHigh)]).toEqual([true, true, false, false]);
  });

  it('judges a full dose given to an 80-year-old as off protocol by every formula', () => {
    for (const formula of ['MOSTELLER', 'DUBOIS', 'FUJIMOTO'] as const) {
      const bsa = bodySurfaceArea(170, 70, formula);
      const full = protocolDexamethasoneDoseMg(SEED_PROTOCOL, ageBandFor(SEED_PROTOCOL, 70), bsa);
      const halfProtocol = protocolDexamethasoneDoseMg(SEED_PROTOCOL, ageBandFor(SEED_PROTOCOL, 80), bsa);
      expect(withinTolerance(full, halfProtocol, SEED_PROTOCOL.doseTolerance)).toBe(false);
    }
  });
});
