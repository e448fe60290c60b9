import { contiguousPrefix } from './global-order';

const rows = (...positions: number[]) => positions.map((position) => ({ position }));

describe('delivering the global order past holes', () => {
  it('delivers a run with no holes in full', () => {
    expect(contiguousPrefix(rows(4, 5, 6), 3)).toEqual({ deliver: rows(4, 5, 6) });
  });

  it('stops before a hole that a transaction in flight may still fill', () => {
    expect(contiguousPrefix(rows(4, 6, 7), 3)).toEqual({ deliver: rows(4), blockedAt: 5 });
    expect(contiguousPrefix(rows(6), 3)).toEqual({ deliver: [], blockedAt: 4 });
  });

  it('steps over holes proven final, but only up to the proof', () => {
    expect(contiguousPrefix(rows(4, 6, 9), 3, { upTo: 7, proven: true })).toEqual({ deliver: rows(4, 6), blockedAt: 7 });
    expect(contiguousPrefix(rows(4, 6, 8), 3, { upTo: 7, proven: true })).toEqual({ deliver: rows(4, 6, 8) });
  });

  it('never steps over a hole on an unproven claim', () => {
    expect(contiguousPrefix(rows(4, 6), 3, { upTo: 9, proven: false })).toEqual({ deliver: rows(4), blockedAt: 5 });
  });
});
