import { engraftmentDisagreement, secondaryGraftFailure } from './engraftment-records';
import { dailyAnc, eventId, history, INFUSED_20_APRIL, milestone, platelets } from '../test-support/history';

const NOW = '2024-07-01T00:00:00.000Z';
// Events 6-10: ANC from 27 April 100, 300, 600, 900, 1500: the counts show engraftment on 29 April (day +9).
const ENGRAFTING = dailyAnc('2024-04-27', [100, 300, 600, 900, 1500]);

describe('a neutrophil engraftment recorded 3 days after the counts show it', () => {
  const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-02T09:00:00Z'));

  it('keeps the record and flags the disagreement (info)', () => {
    expect(engraftmentDisagreement(state, NOW).findings).toEqual([
      {
        rule: 'ENGRAFTMENT_DISAGREEMENT',
        severity: 'info',
        episodeKey: `neutrophil:${eventId(11)}`,
        clinicalTime: '2024-05-02T09:00:00.000Z',
        summary: 'Neutrophil engraftment recorded 2024-05-02 (day +12); counts show 2024-04-29 (day +9): check the record',
        evidence: [eventId(11), eventId(8), eventId(9), eventId(10)],
        active: true,
      },
    ]);
  });
});

describe('a recorded engraftment one calendar day from the counts’ (the tolerance)', () => {
  it('agrees', () => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, milestone('NEUTROPHIL_ENGRAFTMENT', '2024-04-30T09:00:00Z'));
    expect(engraftmentDisagreement(state, NOW).findings).toEqual([]);
  });
});

describe('a platelet engraftment recorded before the counts reach 20,000/µL', () => {
  it('disagrees too', () => {
    const counts = [5, 9, 15, 18, 22, 26, 30].map((k, i) => platelets(k, `2024-05-0${i + 1}T08:00:00Z`));
    const state = history(...INFUSED_20_APRIL, ...counts, milestone('PLATELET_ENGRAFTMENT', '2024-05-02T09:00:00Z'));
    expect(engraftmentDisagreement(state, NOW).findings.map((f) => f.summary)).toEqual([
      'Platelet engraftment recorded 2024-05-02 (day +12); counts show 2024-05-05 (day +15): check the record',
    ]);
  });
});

describe('the ANC falling below 500 for 3 days after engraftment', () => {
  it('is a critical secondary graft failure at the third day, cleared when the counts recover for 3 days', () => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, ...dailyAnc('2024-05-10', [400, 300, 200, 450, 700, 800, 900]));
    expect(secondaryGraftFailure(state, NOW).findings).toEqual([
      {
        rule: 'SECONDARY_GRAFT_FAILURE',
        severity: 'critical',
        episodeKey: eventId(11),
        clinicalTime: '2024-05-12T08:00:00.000Z',
        summary: 'ANC below 500/µL on 3 days to 2024-05-12 (day +22) after engraftment on 2024-04-29: secondary graft failure?',
        evidence: [eventId(11), eventId(12), eventId(13)],
        active: false,
        clearedAt: '2024-05-16T08:00:00.000Z',
        clearedBecause: 'ANC ≥ 500/µL again from 2024-05-14',
        clearedReason: 'CONDITION_CLEARED',
      },
    ]);
  });

  it('two days below 500 are not enough', () => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, ...dailyAnc('2024-05-10', [400, 300, 600]));
    expect(secondaryGraftFailure(state, NOW).findings).toEqual([]);
  });
});
