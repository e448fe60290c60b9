import { delayedEngraftment, graftFailureRisk } from './engraftment-deadlines';
import { anc, dailyAnc, eventId, history, INFUSED_20_APRIL, milestone } from '../test-support/history';

// Infusion (event 5) on 20 April 09:00 UTC (18:00 in Tokyo, the clinic): engraftment expected by the end of clinic day +30,
// 20 May (dated at the infusion's clock time on it); delayed after day +21, 11 May. The end of a Tokyo day is 14:59:59.999 UTC.
const DAY_30 = '2024-05-20T09:00:00.000Z';
const JUST_AFTER_DAY_30 = '2024-05-20T15:00:00.000Z';
const DAY_21 = '2024-05-11T09:00:00.000Z';
const LATER = '2024-07-01T00:00:00.000Z';
const engraftment = (occurredAt: string) => milestone('NEUTROPHIL_ENGRAFTMENT', occurredAt);

describe('an infusion without neutrophil engraftment, up to day +30', () => {
  it.each(['2024-05-01T00:00:00.000Z', DAY_30])('at %s finds nothing and asks to be woken just after day +30', (now) => {
    expect(graftFailureRisk(history(...INFUSED_20_APRIL), now)).toEqual({ findings: [], deadlines: [JUST_AFTER_DAY_30] });
  });
});

describe('an infusion without neutrophil engraftment after day +30', () => {
  it('finds a critical graft failure risk at day +30, with the last count', () => {
    const { findings } = graftFailureRisk(history(...INFUSED_20_APRIL, anc(100, '2024-05-19T08:00:00Z')), JUST_AFTER_DAY_30);
    expect(findings).toEqual([
      {
        rule: 'GRAFT_FAILURE_RISK',
        severity: 'critical',
        episodeKey: eventId(5),
        clinicalTime: DAY_30,
        summary: 'No neutrophil engraftment by day +30 (2024-05-20) after infusion on 2024-04-20, last ANC 100/µL on 2024-05-19: primary graft failure risk',
        evidence: [eventId(5)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('neutrophil engraftment recorded exactly on day +30', () => {
  it('finds nothing', () => {
    expect(graftFailureRisk(history(...INFUSED_20_APRIL, engraftment('2024-05-20T09:00:00Z')), LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('neutrophil engraftment recorded on day +33', () => {
  it('shows the risk episode, cleared by the engraftment', () => {
    expect(graftFailureRisk(history(...INFUSED_20_APRIL, engraftment('2024-05-23T09:00:00Z')), LATER).findings).toEqual([
      expect.objectContaining({ clinicalTime: DAY_30, active: false, clearedAt: '2024-05-23T09:00:00.000Z', clearedBecause: 'neutrophil engraftment recorded 2024-05-23' }),
    ]);
  });
});

// Issue 16 item 2: no rule read the counts, so a missing milestone raised a false alarm and a wrong one silenced the rule.
describe('counts that show engraftment on day +11 and no milestone recorded', () => {
  it('is engraftment: no graft failure risk', () => {
    const state = history(...INFUSED_20_APRIL, ...dailyAnc('2024-04-28', [100, 300, 600, 900, 1500]));
    expect(graftFailureRisk(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('an engraftment recorded on day +12 while every later ANC stays below 500', () => {
  it('does not silence the rule: the counts contradict the record', () => {
    const state = history(...INFUSED_20_APRIL, engraftment('2024-05-02T09:00:00Z'), ...dailyAnc('2024-05-03', [300, 200, 250]), anc(150, '2024-05-19T08:00:00Z'));
    expect(graftFailureRisk(state, LATER).findings).toEqual([expect.objectContaining({ rule: 'GRAFT_FAILURE_RISK', clinicalTime: DAY_30, active: true })]);
  });
});

describe('counts whose third day ≥ 500 comes after day +30 (days +29, +30, +31)', () => {
  it('raises at day +30 and clears when the counts proved engraftment, naming it', () => {
    const state = history(...INFUSED_20_APRIL, ...dailyAnc('2024-05-18', [200, 600, 700, 800]));
    expect(graftFailureRisk(state, LATER).findings).toEqual([
      expect.objectContaining({ clinicalTime: DAY_30, active: false, clearedAt: '2024-05-21T08:00:00.000Z', clearedBecause: 'counts show neutrophil engraftment from 2024-05-19 (day +29)' }),
    ]);
  });
});

describe('a regimen ended after day +30 without engraftment', () => {
  it('shows the risk episode, cleared by the end of the regimen', () => {
    const state = history(...INFUSED_20_APRIL, { type: 'EndRegimen', endedAt: '2024-06-01T09:00:00Z', reason: 'transferred' });
    expect(graftFailureRisk(state, LATER).findings).toEqual([expect.objectContaining({ active: false, clearedAt: '2024-06-01T09:00:00.000Z', clearedReason: 'PATIENT_REGIMEN_ENDED' })]);
  });
});

describe('delayed engraftment (day +21)', () => {
  it('asks to be woken just after day +21, then warns at day +21', () => {
    const state = history(...INFUSED_20_APRIL, anc(50, '2024-05-10T08:00:00Z'));
    expect(delayedEngraftment(state, DAY_21)).toEqual({ findings: [], deadlines: ['2024-05-11T15:00:00.000Z'] });
    expect(delayedEngraftment(state, '2024-05-11T15:00:00.000Z').findings).toEqual([
      {
        rule: 'DELAYED_ENGRAFTMENT',
        severity: 'warning',
        episodeKey: eventId(5),
        clinicalTime: DAY_21,
        summary: 'No neutrophil engraftment by day +21 (2024-05-11) after infusion on 2024-04-20, last ANC 50/µL on 2024-05-10: delayed engraftment',
        evidence: [eventId(5)],
        active: true,
      },
    ]);
  });

  it('is cleared by engraftment on day +24, and silent for engraftment on day +21 itself', () => {
    const late = history(...INFUSED_20_APRIL, ...dailyAnc('2024-05-13', [100, 550, 700, 800]));
    expect(delayedEngraftment(late, LATER).findings).toEqual([expect.objectContaining({ active: false, clearedAt: '2024-05-16T08:00:00.000Z' })]);
    const onTime = history(...INFUSED_20_APRIL, engraftment('2024-05-11T09:00:00Z'));
    expect(delayedEngraftment(onTime, LATER).findings).toEqual([]);
  });
});
