import { SEED_PROTOCOL } from './seed-protocol';
import { vegfSeriesKey, vegfSeriesLabel, vegfUpperLimit } from './vegf-upper-limit';

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

  // Issue 16 item 3: a plasma ELISA used to get the serum RIA's 600 pg/mL.
  it('says the limit is unknown for an assay the protocol does not list, never borrowing another assay\'s', () => {
    expect(vegfUpperLimit(SEED_PROTOCOL, { specimen: 'plasma', method: 'ELISA' })).toEqual({ upperLimitPgMl: null, source: 'UNKNOWN' });
    expect(vegfUpperLimit(SEED_PROTOCOL, { specimen: 'serum', method: 'ELISA' })).toEqual({ upperLimitPgMl: null, source: 'UNKNOWN' });
    expect(vegfUpperLimit(SEED_PROTOCOL, {})).toEqual({ upperLimitPgMl: null, source: 'UNKNOWN' });
  });
});

describe('the series of a VEGF result', () => {
  it('is its specimen and method, whatever the case or outer spaces', () => {
    expect(vegfSeriesKey({ specimen: ' Serum', method: 'ria' })).toBe(vegfSeriesKey({ specimen: 'serum', method: 'RIA' }));
    expect(vegfSeriesKey({ specimen: 'plasma', method: 'ELISA' })).not.toBe(vegfSeriesKey({ specimen: 'serum', method: 'RIA' }));
    expect(vegfSeriesKey({ specimen: 'serum' })).not.toBe(vegfSeriesKey({ specimen: 'serum', method: 'RIA' }));
    expect(vegfSeriesLabel({ specimen: 'serum', method: 'RIA' })).toBe('serum RIA');
    expect(vegfSeriesLabel({})).toBe('unstated assay');
  });
});
