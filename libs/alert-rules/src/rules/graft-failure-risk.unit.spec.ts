import { graftFailureRisk } from './graft-failure-risk';
import { ENROL_AGE_53, eventId, history, type Command } from '../test-support/history';

const milestone = (m: string, occurredAt: string, extra: object = {}): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;
// 1 enrol, 2 apheresis, 3 conditioning, 4 infusion on 20 April 09:00: engraftment expected by day +30, 20 May 09:00.
const TRANSPLANT = [
  ENROL_AGE_53,
  milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 3 }),
  milestone('CONDITIONING', '2024-04-18T09:00:00Z', { melphalanMg: 364 }),
  milestone('STEM_CELL_INFUSION', '2024-04-20T09:00:00Z'),
];
const DAY_30 = '2024-05-20T09:00:00.000Z';
const JUST_AFTER_DAY_30 = '2024-05-20T09:00:00.001Z';
const LATER = '2024-07-01T00:00:00.000Z';
const engraftment = (occurredAt: string) => milestone('NEUTROPHIL_ENGRAFTMENT', occurredAt);

describe('an infusion without neutrophil engraftment, up to day +30', () => {
  it.each(['2024-05-01T00:00:00.000Z', DAY_30])('at %s finds nothing and asks to be woken just after day +30', (now) => {
    expect(graftFailureRisk(history(...TRANSPLANT), now)).toEqual({ findings: [], deadlines: [JUST_AFTER_DAY_30] });
  });
});

describe('an infusion without neutrophil engraftment after day +30', () => {
  const { findings } = graftFailureRisk(history(...TRANSPLANT), JUST_AFTER_DAY_30);

  it('finds a critical graft failure risk at day +30', () => {
    expect(findings).toEqual([
      {
        rule: 'GRAFT_FAILURE_RISK',
        severity: 'critical',
        episodeKey: eventId(4),
        clinicalTime: DAY_30,
        summary: 'No neutrophil engraftment by day +30 (2024-05-20) after stem cell infusion on 2024-04-20: primary graft failure risk',
        evidence: [eventId(4)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('neutrophil engraftment recorded exactly on day +30', () => {
  it('finds nothing', () => {
    expect(graftFailureRisk(history(...TRANSPLANT, engraftment('2024-05-20T09:00:00Z')), LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('neutrophil engraftment on day +33', () => {
  it('shows the risk episode, cleared by the engraftment', () => {
    expect(graftFailureRisk(history(...TRANSPLANT, engraftment('2024-05-23T09:00:00Z')), LATER).findings).toEqual([
      expect.objectContaining({
        clinicalTime: DAY_30,
        active: false,
        clearedAt: '2024-05-23T09:00:00.000Z',
        clearedBecause: 'neutrophil engraftment recorded 2024-05-23',
      }),
    ]);
  });
});

describe('a regimen ended after day +30 without engraftment', () => {
  it('shows the risk episode, cleared by the end of the regimen', () => {
    const state = history(...TRANSPLANT, { type: 'EndRegimen', endedAt: '2024-06-01T09:00:00Z', reason: 'transferred' });
    expect(graftFailureRisk(state, LATER).findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-06-01T09:00:00.000Z', clearedReason: 'PATIENT_REGIMEN_ENDED' }),
    ]);
  });
});
