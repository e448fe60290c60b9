import { neuropathyWorsening } from './neuropathy-worsening';
import { ENROL_AGE_53, ENROL_AGE_69, eventId, history, type Command } from '../test-support/history';

const NOW = '2025-01-01T00:00:00.000Z';
const START: Command = { type: 'ChangeThalidomideDose', mgPerDay: 100, effectiveAt: '2024-03-02T09:00:00Z' };
const onls = (score: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'ONLS', score, assessedAt });
const cmap = (cmapAmplitudeMv: number, assessedAt: string, nerve = 'median', side?: 'left' | 'right'): Command =>
  ({ type: 'RecordAssessment', kind: 'NERVE_CONDUCTION', nerve, cmapAmplitudeMv, conductionVelocityMs: 45, assessedAt, ...(side && { side }) }) as Command;

describe('ONLS up by exactly 1 from the best score on thalidomide', () => {
  // 1 enrol, 2 baseline ONLS 1 (before thalidomide: not a reference), 3 start, 4 ONLS 3, 5 ONLS 2 (best), 6 ONLS 3
  const state = history(ENROL_AGE_69, onls(1, '2024-02-20T09:00:00Z'), START, onls(3, '2024-04-01T09:00:00Z'), onls(2, '2024-05-01T09:00:00Z'), onls(3, '2024-06-01T09:00:00Z'));
  const { findings } = neuropathyWorsening(state, NOW);

  it('opens an episode at that assessment, against the best score on thalidomide', () => {
    expect(findings).toEqual([
      {
        rule: 'NEUROPATHY_WORSENING',
        severity: 'warning',
        episodeKey: eventId(6),
        clinicalTime: '2024-06-01T09:00:00.000Z',
        summary: 'ONLS 3 on 2024-06-01, up 1 from best 2 on thalidomide (2024-05-01; alert at +1)',
        evidence: [eventId(5), eventId(6)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('ONLS stable or improving on thalidomide', () => {
  it('finds nothing', () => {
    const state = history(ENROL_AGE_69, START, onls(3, '2024-04-01T09:00:00Z'), onls(3, '2024-05-01T09:00:00Z'), onls(2, '2024-06-01T09:00:00Z'));
    expect(neuropathyWorsening(state, NOW).findings).toEqual([]);
  });
});

describe('a patient never given thalidomide', () => {
  it('finds nothing, however the ONLS moves', () => {
    const state = history(ENROL_AGE_69, onls(1, '2024-03-05T09:00:00Z'), onls(6, '2024-04-05T09:00:00Z'));
    expect(neuropathyWorsening(state, NOW)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('ONLS worsening, recovering below the threshold, then worsening again', () => {
  // 3 ONLS 2 (best), 4 ONLS 3 (episode 1), 5 ONLS 4 (same), 6 ONLS 2 (back below 3: clears), 7 ONLS 3 (episode 2)
  const state = history(
    ENROL_AGE_69,
    START,
    onls(2, '2024-04-01T09:00:00Z'),
    onls(3, '2024-05-01T09:00:00Z'),
    onls(4, '2024-06-01T09:00:00Z'),
    onls(2, '2024-07-01T09:00:00Z'),
    onls(3, '2024-08-01T09:00:00Z'),
  );

  it('gives one finding per episode, the first cleared by the recovery', () => {
    expect(neuropathyWorsening(state, NOW).findings.map((f) => [f.episodeKey, f.active, f.clearedAt, f.clearedBecause])).toEqual([
      [eventId(4), false, '2024-07-01T09:00:00.000Z', 'ONLS 2 on 2024-07-01'],
      [eventId(7), true, undefined, undefined],
    ]);
  });
});

describe('a worsening ONLS corrected to the best score', () => {
  it('no longer shows the episode', () => {
    const state = history(ENROL_AGE_69, START, onls(2, '2024-04-01T09:00:00Z'), onls(4, '2024-05-01T09:00:00Z'), {
      type: 'CorrectEvent',
      correctsEventId: eventId(4),
      reason: 'score added up wrongly',
      score: 2,
    });
    expect(neuropathyWorsening(state, NOW).findings).toEqual([]);
  });
});

describe('a CMAP amplitude down exactly 30% from the best of the same nerve and side', () => {
  const state = history(ENROL_AGE_69, START, cmap(10, '2024-04-01T09:00:00Z', 'Median', 'left'), cmap(7, '2024-06-01T09:00:00Z', 'median', 'left'));

  it('opens an episode (nerve names compared in any case)', () => {
    expect(neuropathyWorsening(state, NOW).findings).toEqual([
      expect.objectContaining({
        episodeKey: eventId(4),
        clinicalTime: '2024-06-01T09:00:00.000Z',
        summary: 'median (left) CMAP 7 mV on 2024-06-01, down 30% from best 10 mV on thalidomide (alert at −30%)',
        evidence: [eventId(3), eventId(4)],
        active: true,
      }),
    ]);
  });
});

describe('a CMAP amplitude down a little less than 30%', () => {
  it('finds nothing', () => {
    const state = history(ENROL_AGE_69, START, cmap(10, '2024-04-01T09:00:00Z'), cmap(7.01, '2024-06-01T09:00:00Z'));
    expect(neuropathyWorsening(state, NOW).findings).toEqual([]);
  });
});

describe('low amplitudes of another nerve or side', () => {
  it('are not compared with this nerve’s best', () => {
    const state = history(
      ENROL_AGE_69,
      START,
      cmap(10, '2024-04-01T09:00:00Z', 'median', 'left'),
      cmap(5, '2024-05-01T09:00:00Z', 'median', 'right'),
      cmap(4, '2024-05-01T09:00:00Z', 'ulnar', 'left'),
    );
    expect(neuropathyWorsening(state, NOW).findings).toEqual([]);
  });
});

describe('a CMAP drop that recovers above the threshold and drops again', () => {
  it('gives two episodes, the first cleared', () => {
    const state = history(
      ENROL_AGE_69,
      START,
      cmap(10, '2024-04-01T09:00:00Z'),
      cmap(6, '2024-05-01T09:00:00Z'),
      cmap(8, '2024-06-01T09:00:00Z'),
      cmap(6.9, '2024-07-01T09:00:00Z'),
    );
    expect(neuropathyWorsening(state, NOW).findings.map((f) => [f.episodeKey, f.active, f.clearedBecause])).toEqual([
      [eventId(4), false, 'CMAP 8 mV on 2024-06-01'],
      [eventId(6), true, undefined],
    ]);
  });
});

describe('one nerve entered under several spellings (issue 16 item 14)', () => {
  it('is one series: "Median" then "median nerve" then "N. medianus" are compared with each other', () => {
    const state = history(
      ENROL_AGE_69,
      START,
      cmap(10, '2024-04-01T09:00:00Z', 'Median', 'right'),
      cmap(8, '2024-05-01T09:00:00Z', 'median nerve', 'right'),
      cmap(5, '2024-06-01T09:00:00Z', 'N. medianus', 'right'),
    );
    const [finding] = neuropathyWorsening(state, NOW).findings;
    expect(finding?.summary).toBe('median (right) CMAP 5 mV on 2024-06-01, down 50% from best 10 mV on thalidomide (alert at −30%)');
    expect(finding?.evidence).toEqual([eventId(3), eventId(5)]);
  });

  it('stores the code, and refuses a nerve that is not on the coded list, naming the accepted ones', () => {
    const state = history(ENROL_AGE_69, START, cmap(10, '2024-04-01T09:00:00Z', 'Common fibular nerve', 'left'));
    expect(state.assessments[0]).toMatchObject({ nerve: 'peroneal' });
    expect(() => history(ENROL_AGE_69, START, cmap(10, '2024-04-01T09:00:00Z', 'radial'))).toThrow(/unknown nerve "radial": use one of median, ulnar, peroneal, tibial, sural/);
  });
});

describe('after a transplant (issue 16 item 14)', () => {
  const transplant = (m: string, occurredAt: string, extra: object = {}): Command => ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;
  const steps = [
    transplant('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 4 }),
    transplant('CONDITIONING', '2024-04-20T09:00:00Z'),
    transplant('STEM_CELL_INFUSION', '2024-04-22T09:00:00Z'),
  ];

  it('watches ONLS from the infusion: a rise from the best since transplant signals relapse', () => {
    const state = history(ENROL_AGE_53, onls(7, '2024-03-01T09:00:00Z'), ...steps, onls(4, '2024-08-01T09:00:00Z'), onls(3, '2024-11-01T09:00:00Z'), onls(4, '2025-02-01T09:00:00Z'));
    expect(neuropathyWorsening(state, '2025-03-01T00:00:00.000Z').findings).toEqual([
      expect.objectContaining({ episodeKey: eventId(8), summary: 'ONLS 4 on 2025-02-01, up 1 from best 3 since transplant (2024-11-01; alert at +1)', active: true }),
    ]);
  });

  it('finds nothing before the infusion', () => {
    const state = history(ENROL_AGE_53, onls(3, '2024-03-01T09:00:00Z'), onls(5, '2024-03-10T09:00:00Z'));
    expect(neuropathyWorsening(state, NOW).findings).toEqual([]);
  });
});

describe('a sensory neuropathy adverse event on treatment (issue 16 item 14)', () => {
  const ae = (grade: number, onsetAt: string, resolvedAt?: string): Command =>
    ({ type: 'RecordAdverseEvent', term: 'Peripheral sensory neuropathy', grade, onsetAt, ...(resolvedAt && { resolvedAt }) }) as Command;

  it('counts from grade 2, until it resolves', () => {
    const state = history(ENROL_AGE_69, START, ae(1, '2024-04-01T09:00:00Z'), ae(2, '2024-05-01T09:00:00Z', '2024-06-01T09:00:00Z'));
    expect(neuropathyWorsening(state, NOW).findings).toEqual([
      expect.objectContaining({
        episodeKey: eventId(4),
        clinicalTime: '2024-05-01T09:00:00.000Z',
        summary: 'Peripheral sensory neuropathy grade 2 on 2024-05-01 on thalidomide (adverse event; alert from grade 2)',
        active: false,
        clearedBecause: 'resolved 2024-06-01',
      }),
    ]);
  });

  it('is not a second episode when a measured worsening is already open that day', () => {
    const state = history(ENROL_AGE_69, START, onls(2, '2024-04-01T09:00:00Z'), onls(4, '2024-05-01T09:00:00Z'), ae(2, '2024-05-01T09:00:00Z'));
    expect(neuropathyWorsening(state, NOW).findings.map((f) => f.episodeKey)).toEqual([eventId(4)]);
  });

  it('before treatment is a baseline, not a worsening', () => {
    const state = history(ENROL_AGE_69, ae(3, '2024-02-20T09:00:00Z'), START);
    expect(neuropathyWorsening(state, NOW).findings).toEqual([]);
  });
});
