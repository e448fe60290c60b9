import { defineProtocol, protocolDefinitionSchema } from './protocol-definition';
import { findProtocol, getProtocol, listProtocols, registerProtocols, withCandidateProtocol } from './protocol-registry';
import { SEED_PROTOCOL } from './seed-protocol';
import { checkThalidomideDose } from './thalidomide-dose-check';
import { JPOST_PROTOCOL } from './jpost-protocol';

const variant = (id: string, version = 1, change: object = {}) => defineProtocol({ ...structuredClone(SEED_PROTOCOL), id, version, ...change } as never);

describe('a hospital’s own definition, registered at start-up (issue 12)', () => {
  it('is found by id and version after registration, and listed after the built-in ones', () => {
    const local = variant('hospital-a', 1, { title: 'Hospital A: seed with a 21-day grace' });
    registerProtocols([local]);
    expect(getProtocol('hospital-a', 1)).toBe(local);
    expect(listProtocols().map((p) => p.id)).toEqual(expect.arrayContaining(['poems-seed', 'j-post', 'hospital-a']));
  });

  it('registering the same content again changes nothing (a restart)', () => {
    registerProtocols([variant('hospital-b')]);
    expect(() => registerProtocols([variant('hospital-b')])).not.toThrow();
  });

  it('refuses other content under a registered or built-in id and version', () => {
    registerProtocols([variant('hospital-c')]);
    expect(() => registerProtocols([variant('hospital-c', 1, { doseTolerance: 0.2 })])).toThrow(expect.objectContaining({ code: 'PROTOCOL_CONFLICT' }));
    expect(() => registerProtocols([variant('poems-seed', 1, { doseTolerance: 0.2 })])).toThrow(expect.objectContaining({ code: 'PROTOCOL_CONFLICT' }));
  });
});

describe('a candidate definition under preview', () => {
  it('is visible only inside the preview, and never after it', () => {
    const candidate = variant('poems-seed', 2, { doseTolerance: 0.2 });
    expect(withCandidateProtocol(candidate, () => getProtocol('poems-seed', 2))).toBe(candidate);
    expect(findProtocol('poems-seed', 2)).toBeUndefined();
  });

  it('cannot replace a published version', () => {
    expect(() => withCandidateProtocol(variant('poems-seed', 1, { doseTolerance: 0.2 }), () => 1)).toThrow(expect.objectContaining({ code: 'PROTOCOL_CONFLICT' }));
  });
});

describe('the thalidomide-arm data is validated like the rest', () => {
  const valid = JSON.parse(JSON.stringify(JPOST_PROTOCOL));
  it.each([
    ['a range that does not hold the start dose', { thalidomideRange: { minMgPerDay: 250, maxMgPerDay: 300, source: 'x' } }, 'thalidomideRange'],
    ['a pre-start window the wrong way round', { safety: { ...valid.safety, pregnancy: { ...valid.safety.pregnancy, beforeFirstDose: [{ fromDaysBefore: 1, toDaysBefore: 3 }] } } }, 'safety.pregnancy.beforeFirstDose.0'],
    ['a last test interval that ends', { safety: { ...valid.safety, pregnancy: { ...valid.safety.pregnancy, duringTreatment: [{ untilTreatmentDay: 28, intervalDays: 7 }] } } }, 'safety.pregnancy.duringTreatment'],
    ['a supply of 0 days', { safety: { ...valid.safety, dispensing: { ...valid.safety.dispensing, maxDaysSupply: 0 } } }, 'safety.dispensing.maxDaysSupply'],
    ['no age boundary', { ageBoundary: undefined }, 'ageBoundary'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const result = protocolDefinitionSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});

describe('checkThalidomideDose (issue 16 item 5)', () => {
  it.each([
    // protocol, phase, mg/day, reason, → protocol dose, within, documented reduction, above maximum
    [SEED_PROTOCOL, 'START', 100, undefined, 100, true, false, false],
    [SEED_PROTOCOL, 'REDUCTION', 50, 'neuropathy', 100, false, true, false],
    [SEED_PROTOCOL, 'REDUCTION', 50, undefined, 100, false, false, false],
    [SEED_PROTOCOL, 'REDUCTION', 50, '   ', 100, false, false, false],
    [SEED_PROTOCOL, 'ESCALATION', 400, 'resistant', 200, false, false, false],
    [SEED_PROTOCOL, 'ESCALATION', 401, 'resistant', 200, false, false, true],
    [JPOST_PROTOCOL, 'REDUCTION', 100, undefined, 200, true, false, false],
    [JPOST_PROTOCOL, 'ESCALATION', 300, undefined, 200, true, false, false],
    [JPOST_PROTOCOL, 'ESCALATION', 301, 'resistant', 200, false, false, true],
    [JPOST_PROTOCOL, 'REDUCTION', 50, 'somnolence', 200, false, true, false],
    [JPOST_PROTOCOL, 'INTERRUPTION', 0, undefined, 0, true, false, false],
  ] as const)('%#: %s %s %d mg/day (reason %s)', (protocol, phase, mg, reason, protocolMg, within, documented, above) => {
    expect(checkThalidomideDose(protocol, { doseFactor: 1 }, phase, mg, reason)).toEqual({
      protocolMgPerDay: protocolMg,
      withinTolerance: within,
      documentedReduction: documented,
      aboveProtocolMaximum: above,
    });
  });

  it('scales the maximum by the dose band: 201 mg/day is above it for a patient of 75+', () => {
    expect(checkThalidomideDose(SEED_PROTOCOL, { doseFactor: 0.5 }, 'ESCALATION', 201, 'x').aboveProtocolMaximum).toBe(true);
  });
});
