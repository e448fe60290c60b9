import { expectBy, finding, justAfter, trackEpisodes } from './rule-support';

const BY = '2024-04-02T09:00:00.000Z';
const NOW = '2024-05-01T00:00:00.000Z';
const ended = (endedAt: string) => ({ endedAt, reason: 'completed', eventId: 'end-1', recordedAt: NOW });
const met = (at: string) => ({ at, because: `given ${at}` });

describe('an expectation due by a time (inclusive)', () => {
  it.each([
    ['met exactly at the time', met(BY), undefined, NOW, { status: 'MET' }],
    ['not met, regimen ended exactly at the time', undefined, ended(BY), NOW, { status: 'MET' }],
    ['not met, checked exactly at the time', undefined, undefined, BY, { status: 'PENDING', deadline: '2024-04-02T09:00:00.001Z' }],
    ['not met, checked just after', undefined, undefined, justAfter(BY), { status: 'MISSED' }],
    ['met late', met('2024-04-05T09:00:00.000Z'), undefined, NOW, { status: 'MISSED', clearing: met('2024-04-05T09:00:00.000Z') }],
  ] as const)('%s: %j', (_case, m, e, now, outcome) => {
    expect(expectBy(BY, m, e, now, 'Asia/Tokyo')).toEqual(outcome);
  });

  it('missed, then cleared by whichever came first: the late event or the regimen’s end', () => {
    expect(expectBy(BY, met('2024-04-09T09:00:00.000Z'), ended('2024-04-05T09:00:00.000Z'), NOW, 'Asia/Tokyo')).toEqual({
      status: 'MISSED',
      clearing: { at: '2024-04-05T09:00:00.000Z', because: 'regimen ended 2024-04-05', reason: 'PATIENT_REGIMEN_ENDED' },
    });
  });
});

describe('items cut into episodes', () => {
  it('opens once, ignores repeated opens, closes and re-arms', () => {
    const verdicts = { o: 'open', c: 'close', k: 'keep' } as const;
    const items = ['k1', 'o2', 'o3', 'k4', 'c5', 'c6', 'o7'];
    expect(trackEpisodes(items, (item) => verdicts[item[0] as 'o' | 'c' | 'k'])).toEqual([{ opening: 'o2', closing: 'c5' }, { opening: 'o7' }]);
  });
});

describe('a summary too long for one line', () => {
  it('is cut to 139 characters with an ellipsis', () => {
    const f = finding({ rule: 'BRADYCARDIA', severity: 'warning', episodeKey: 'e', clinicalTime: NOW, summary: 'x'.repeat(200), evidence: [] });
    expect(f.summary).toHaveLength(139);
    expect(f.summary.endsWith('…')).toBe(true);
  });
});
