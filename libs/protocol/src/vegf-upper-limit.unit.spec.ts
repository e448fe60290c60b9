import { SEED_PROTOCOL } from './seed-protocol';
import { vegfUpperLimit } from './vegf-upper-limit';

describe('the VEGF upper limit of normal', () => {
  it("uses the result's own limit when the laboratory gives one", () => {
    expect(vegfUpperLimit(SEED_PROTOCOL, { specimen: 'serum', method: 'RIA', upperLimitOfNormal: 1040 })).toEqual({
      upperLimitPgMl: 1040,
      source: 'RESULT',
    });
  });

  it("uses the protocol's limit for the study's serum RIA, whatever the case of the names", () => {
    expect(vegfUpperLimit(SEED_PROTOCOL, { specimen: 'Serum', method: 'ria' })).toEqual({ upperLimitPgMl: 600, source: 'PROTOCOL_ASSAY' });
  });

  it('falls back to the default and says so for an assay the protocol does not list', () => {
    expect(vegfUpperLimit(SEED_PROTOCOL, { specimen: 'plasma', method: 'ELISA' })).toEqual({
      upperLimitPgMl: 600,
      source: 'PROTOCOL_DEFAULT',
    });
    expect(vegfUpperLimit(SEED_PROTOCOL, {})).toEqual({ upperLimitPgMl: 600, source: 'PROTOCOL_DEFAULT' });
  });
});
