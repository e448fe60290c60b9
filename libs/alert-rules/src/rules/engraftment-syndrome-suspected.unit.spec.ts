import { engraftmentSyndromeSuspected } from './engraftment-syndrome-suspected';
import { adverseEvent, anc, dailyAnc, ENROL_AGE_53, enteredAt, eventId, history, INFUSED_20_APRIL, milestone, temperature, type Command } from '../test-support/history';

const NOW = '2024-07-01T00:00:00.000Z';
const weight = (weightKg: number, measuredAt: string): Command => ({ type: 'RecordBodyMeasurement', heightCm: 170, weightKg, measuredAt });
// Events 6-11: ANC from 27 April: 100, 200, 600 (counted engraftment on 29 April, day +9), 900, 1500, 2000.
// The window is 24 April (engraftment − 5 days) to 4 May 08:00 (+ 5 days).
const ENGRAFTING = dailyAnc('2024-04-27', [100, 200, 600, 900, 1500, 2000]);

describe('fever and a rash after neutrophil engraftment (Spitzer 2001, Maiolino 2003)', () => {
  // 12 fever, 13 rash
  const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, temperature(38.6, '2024-04-30T09:00:00Z'), adverseEvent('maculopapular rash', '2024-05-01T09:00:00Z'));
  const { findings } = engraftmentSyndromeSuspected(state, NOW);

  it('is a critical suspicion at the later of the two signs, one per infusion, telling to exclude infection', () => {
    expect(findings).toEqual([
      {
        rule: 'ENGRAFTMENT_SYNDROME_SUSPECTED',
        severity: 'critical',
        episodeKey: eventId(5),
        clinicalTime: '2024-05-01T09:00:00.000Z',
        summary: 'Fever 38.6 °C on 2024-04-30 with maculopapular rash on 2024-05-01, ANC ≥ 500: suspect engraftment syndrome, exclude infection',
        evidence: [eventId(12), eventId(13)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

// Issue 16 item 1: the old rule opened its window at day +5 without engraftment, never looked at the
// counts, and counted diarrhoea; this history raised a critical "suspect engraftment syndrome".
describe('a fever with diarrhoea in aplasia, day +6, no engraftment yet', () => {
  it('is not engraftment syndrome (that fever is FEBRILE_NEUTROPENIA’s)', () => {
    const state = history(...INFUSED_20_APRIL, anc(100, '2024-04-26T08:00:00Z'), temperature(38.6, '2024-04-26T09:00:00Z'), adverseEvent('diarrhoea', '2024-04-26T12:00:00Z'), adverseEvent('rash', '2024-04-26T12:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([]);
  });
});

describe('a fever in the window while the ANC is still below 500', () => {
  it('raises no suspicion', () => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, temperature(38.6, '2024-04-28T09:00:00Z'), adverseEvent('rash', '2024-04-28T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([]);
  });
});

describe('diarrhoea after melphalan 200', () => {
  it('is not a second sign', () => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, temperature(38.6, '2024-04-30T09:00:00Z'), adverseEvent('Diarrhea', '2024-04-30T12:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([]);
  });
});

describe('an infection recorded in the window', () => {
  it('explains the fever: no suspicion', () => {
    const state = history(
      ...INFUSED_20_APRIL,
      ...ENGRAFTING,
      temperature(38.6, '2024-04-30T09:00:00Z'),
      adverseEvent('rash', '2024-04-30T12:00:00Z'),
      adverseEvent('Catheter-related infection', '2024-04-30T10:00:00Z'),
    );
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([]);
  });
});

describe('the fever threshold (38.3 °C) and a fever recorded as an adverse event', () => {
  it.each([
    [temperature(38.3, '2024-04-30T09:00:00Z'), 1],
    [temperature(38.2, '2024-04-30T09:00:00Z'), 0],
    [adverseEvent('Fever', '2024-04-30T09:00:00Z', 1), 1],
  ])('%j gives %s finding(s)', (fever, count) => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, fever, adverseEvent('pulmonary infiltrates', '2024-04-30T12:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });
});

describe('the window edges (engraftment on 29 April 08:00 UTC, 17:00 in Tokyo: −5 to +5 clinic days, inclusive)', () => {
  it.each([
    ['exactly 5 days after', '2024-05-04T08:00:00Z', 1],
    ['at the last moment of the fifth clinic day (23:59 JST)', '2024-05-04T14:59:00Z', 1],
    ['at 00:00 JST on the sixth', '2024-05-04T15:00:00Z', 0],
  ])('a fever %s (%s) gives %s finding(s)', (_edge, at, count) => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, anc(3000, '2024-05-04T07:00:00Z'), temperature(38.5, at), adverseEvent('hypoxia', '2024-05-01T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });
});

describe('weight gain against the last weight before infusion (70 kg: Spitzer’s 2.5% is 71.75 kg)', () => {
  it.each([
    [71.8, 1],
    [71.7, 0],
  ])('%s kg with a fever gives %s finding(s)', (weightKg, count) => {
    const state = history(...INFUSED_20_APRIL, ...ENGRAFTING, temperature(38.5, '2024-04-30T09:00:00Z'), weight(weightKg, '2024-05-01T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });
});

describe('no engraftment known (no counts, no milestone)', () => {
  it('raises no suspicion at all', () => {
    const state = history(...INFUSED_20_APRIL, temperature(38.5, '2024-04-30T09:00:00Z'), adverseEvent('rash', '2024-04-30T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([]);
  });
});

describe('a suspicion raised around a recorded engraftment that counts entered later move', () => {
  // Engraftment recorded for 30 April; fever and rash on 3 May (day +3 of it) with a normal count;
  // the laboratory's counts entered on 20 May put engraftment on 25 April: the window ends 30 April.
  const state = history(
    ...INFUSED_20_APRIL.map((c) => enteredAt('2024-04-20T12:00:00Z', c)),
    enteredAt('2024-04-30T12:00:00Z', milestone('NEUTROPHIL_ENGRAFTMENT', '2024-04-30T09:00:00Z')),
    enteredAt('2024-05-03T12:00:00Z', anc(2500, '2024-05-03T08:00:00Z')),
    enteredAt('2024-05-03T12:00:00Z', temperature(38.6, '2024-05-03T09:00:00Z')),
    enteredAt('2024-05-03T12:00:00Z', adverseEvent('rash', '2024-05-03T10:00:00Z')),
    ...dailyAnc('2024-04-24', [100, 600, 800, 1200]).map((c) => enteredAt('2024-05-20T10:00:00Z', c)),
  );

  it('is not withdrawn: it resolves, naming the entry that moved the window', () => {
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([
      expect.objectContaining({
        episodeKey: eventId(5),
        clinicalTime: '2024-05-03T10:00:00.000Z',
        active: false,
        clearedAt: '2024-04-24T08:00:00.000Z',
        clearedBecause: 'ANC 100/µL on 2024-04-24, entered later, takes the finding back',
        clearedReason: 'CONDITION_CLEARED',
      }),
    ]);
  });

  it('imported at once, the same history never showed it: nothing', () => {
    const atOnce = history(
      ...INFUSED_20_APRIL,
      milestone('NEUTROPHIL_ENGRAFTMENT', '2024-04-30T09:00:00Z'),
      anc(2500, '2024-05-03T08:00:00Z'),
      temperature(38.6, '2024-05-03T09:00:00Z'),
      adverseEvent('rash', '2024-05-03T10:00:00Z'),
      ...dailyAnc('2024-04-24', [100, 600, 800, 1200]),
    );
    expect(engraftmentSyndromeSuspected(atOnce, NOW).findings).toEqual([]);
  });
});

describe('a patient without a stem cell infusion', () => {
  it('finds nothing', () => {
    expect(engraftmentSyndromeSuspected(history(ENROL_AGE_53, temperature(39, '2024-04-29T09:00:00Z'), adverseEvent('rash', '2024-04-29T09:00:00Z')), NOW)).toEqual({
      findings: [],
      deadlines: [],
    });
  });
});
