import { JPOST_PROTOCOL } from './jpost-protocol';
import { protocolDefinitionSchema } from './protocol-definition';
import { DEFAULT_PROTOCOL, getProtocol, listProtocols } from './protocol-registry';
import { SEED_PROTOCOL } from './seed-protocol';

describe('the published protocol definitions', () => {
  it('defaults to the seed guideline, version 1', () => {
    expect(DEFAULT_PROTOCOL).toBe(SEED_PROTOCOL);
    expect([SEED_PROTOCOL.id, SEED_PROTOCOL.version]).toEqual(['poems-seed', 1]);
  });

  it('lists the seed and J-POST definitions, each valid and unique by id and version', () => {
    const all = listProtocols();
    expect(all.map((p) => `${p.id}@${p.version}`)).toEqual(['poems-seed@1', 'j-post@1']);
    for (const p of all) expect(() => protocolDefinitionSchema.parse(p)).not.toThrow();
  });

  it('finds a definition by id and version', () => {
    expect(getProtocol('j-post', 1)).toBe(JPOST_PROTOCOL);
  });

  it('refuses an unknown id or version with PROTOCOL_UNKNOWN', () => {
    expect(() => getProtocol('poems-seed', 2)).toThrow(expect.objectContaining({ code: 'PROTOCOL_UNKNOWN', kind: 'validation' }));
    expect(() => getProtocol('other', 1)).toThrow(expect.objectContaining({ code: 'PROTOCOL_UNKNOWN' }));
  });

  it('cannot be changed at run time, so past events keep their interpretation', () => {
    const mutable = SEED_PROTOCOL as unknown as { dexamethasone: { mgPerM2: number }; ageBands: unknown[] };
    expect(() => {
      mutable.dexamethasone.mgPerM2 = 24;
    }).toThrow(TypeError);
    expect(() => mutable.ageBands.push({})).toThrow(TypeError);
    expect(SEED_PROTOCOL.dexamethasone.mgPerM2).toBe(12);
  });
});

describe('the two definitions differ where the J-POST trial differs', () => {
  it('gives dexamethasone once per 28 days in the seed and on days 1-4 in J-POST', () => {
    expect(SEED_PROTOCOL.dexamethasone.schedule).toEqual({ kind: 'SINGLE_DAY' });
    expect(JPOST_PROTOCOL.dexamethasone.schedule).toEqual({ kind: 'DAYS', days: [1, 2, 3, 4] });
  });
  it('has no escalation step in J-POST', () => {
    expect(JPOST_PROTOCOL.thalidomide).toEqual({ startMgPerDay: 200, escalatedMgPerDay: 200, escalationDay: null, maxMgPerDay: 300 });
  });
  it('lets J-POST adjust thalidomide within 100-300 mg/day and enrol transplant-ineligible adults from 20, without the seed arms by age', () => {
    expect(JPOST_PROTOCOL.thalidomideRange).toMatchObject({ minMgPerDay: 100, maxMgPerDay: 300 });
    expect(JPOST_PROTOCOL.eligibility).toMatchObject({ minAge: 20, transplantIneligibleOnly: true });
    expect(JPOST_PROTOCOL.ageBands).toHaveLength(1);
    expect(SEED_PROTOCOL.thalidomideRange).toBeNull();
  });
});

describe('an invalid definition', () => {
  const valid = JSON.parse(JSON.stringify(SEED_PROTOCOL));

  it('is refused when the age bands leave a gap', () => {
    const gap = { ...valid, ageBands: [valid.ageBands[0], { ...valid.ageBands[2] }] };
    expect(protocolDefinitionSchema.safeParse(gap).success).toBe(false);
  });
  it('is refused when the escalated dose is below the start dose', () => {
    const bad = { ...valid, thalidomide: { ...valid.thalidomide, escalatedMgPerDay: 50 } };
    expect(protocolDefinitionSchema.safeParse(bad).success).toBe(false);
  });
  it('is refused when dexamethasone days fall outside the cycle', () => {
    const bad = { ...valid, dexamethasone: { ...valid.dexamethasone, schedule: { kind: 'DAYS', days: [1, 30] } } };
    expect(protocolDefinitionSchema.safeParse(bad).success).toBe(false);
  });
});
