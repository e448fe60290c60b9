import { engraftmentSyndromeSuspected } from './engraftment-syndrome-suspected';
import { ENROL_AGE_53, eventId, history, type Command } from '../test-support/history';

const NOW = '2024-07-01T00:00:00.000Z';
const milestone = (m: string, occurredAt: string, extra: object = {}): Command =>
  ({ type: 'RecordTransplantMilestone', milestone: m, occurredAt, ...extra }) as Command;
const fever = (temperatureC: number, assessedAt: string): Command => ({ type: 'RecordAssessment', kind: 'VITALS', temperatureC, assessedAt });
const adverse = (term: string, onsetAt: string): Command => ({ type: 'RecordAdverseEvent', term, grade: 2, onsetAt });
const weight = (weightKg: number, measuredAt: string): Command => ({ type: 'RecordBodyMeasurement', heightCm: 170, weightKg, measuredAt });

// 1 enrol (70 kg), 2 apheresis, 3 conditioning, 4 infusion on 20 April 09:00.
const INFUSED = [
  ENROL_AGE_53,
  milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 3 }),
  milestone('CONDITIONING', '2024-04-18T09:00:00Z', { melphalanMg: 364 }),
  milestone('STEM_CELL_INFUSION', '2024-04-20T09:00:00Z'),
];
// 5: engraftment on 1 May 09:00 (day +11): the window is 26 April 09:00 to 6 May 09:00.
const ENGRAFTED = [...INFUSED, milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-01T09:00:00Z')];

describe('fever and a rash around neutrophil engraftment', () => {
  // 6 fever, 7 rash
  const state = history(...ENGRAFTED, fever(38.6, '2024-04-29T09:00:00Z'), adverse('maculopapular rash', '2024-04-30T09:00:00Z'));
  const { findings } = engraftmentSyndromeSuspected(state, NOW);

  it('finds a critical suspicion at the later of the two signs, one per infusion', () => {
    expect(findings).toEqual([
      {
        rule: 'ENGRAFTMENT_SYNDROME_SUSPECTED',
        severity: 'critical',
        episodeKey: eventId(4),
        clinicalTime: '2024-04-30T09:00:00.000Z',
        summary: 'Fever 38.6 °C on 2024-04-29 with maculopapular rash on 2024-04-30 after stem cell infusion: suspect engraftment syndrome',
        evidence: [eventId(6), eventId(7)],
        active: true,
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('the fever threshold (38.3 °C)', () => {
  it.each([
    [38.3, 1],
    [38.2, 0],
  ])('%s °C with diarrhoea gives %s finding(s)', (temperatureC, count) => {
    const state = history(...ENGRAFTED, fever(temperatureC, '2024-04-29T09:00:00Z'), adverse('diarrhoea', '2024-04-29T12:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });
});

describe('one sign alone', () => {
  it('is not enough', () => {
    expect(engraftmentSyndromeSuspected(history(...ENGRAFTED, fever(39, '2024-04-29T09:00:00Z')), NOW).findings).toEqual([]);
    expect(engraftmentSyndromeSuspected(history(...ENGRAFTED, adverse('rash', '2024-04-29T09:00:00Z')), NOW).findings).toEqual([]);
  });
});

describe('the window edges (engraftment − 5 days to + 5 days, inclusive)', () => {
  it.each([
    ['exactly 5 days after engraftment', '2024-05-06T09:00:00Z', 1],
    ['a minute later', '2024-05-06T09:01:00Z', 0],
    ['exactly 5 days before engraftment', '2024-04-26T09:00:00Z', 1],
    ['a minute earlier', '2024-04-26T08:59:00Z', 0],
  ])('a fever %s (%s) gives %s finding(s)', (_edge, at, count) => {
    const state = history(...ENGRAFTED, fever(38.5, at), adverse('hypoxia', '2024-05-01T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });
});

describe('second signs named by the adverse event term', () => {
  it.each([
    ['Diarrhea', 1],
    ['pulmonary infiltrates', 1],
    ['hypoxaemia', 1],
    ['weight gain', 1],
    ['nausea', 0],
  ])('%s gives %s finding(s)', (term, count) => {
    const state = history(...ENGRAFTED, fever(38.5, '2024-04-29T09:00:00Z'), adverse(term, '2024-04-30T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });
});

describe('weight gain measured against the last weight before infusion (70 kg: 3% is 72.1 kg)', () => {
  it.each([
    [72.1, 1],
    [72, 0],
  ])('%s kg with a fever gives %s finding(s)', (weightKg, count) => {
    const state = history(...ENGRAFTED, fever(38.5, '2024-04-29T09:00:00Z'), weight(weightKg, '2024-04-30T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toHaveLength(count);
  });

  it('says the weight in the summary', () => {
    const state = history(...ENGRAFTED, fever(38.5, '2024-04-29T09:00:00Z'), weight(73, '2024-04-30T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings[0]?.summary).toBe(
      'Fever 38.5 °C on 2024-04-29 with weight 73 kg (from 70) on 2024-04-30 after stem cell infusion: suspect engraftment syndrome',
    );
  });
});

describe('before engraftment is recorded', () => {
  it('looks from infusion day +5 on', () => {
    const fromDay5 = history(...INFUSED, fever(38.5, '2024-04-25T09:00:00Z'), adverse('rash', '2024-04-27T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(fromDay5, NOW).findings.map((f) => f.clinicalTime)).toEqual(['2024-04-27T09:00:00.000Z']);
    const day3 = history(...INFUSED, fever(38.5, '2024-04-23T09:00:00Z'), adverse('rash', '2024-04-27T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(day3, NOW).findings).toEqual([]);
  });

  it('a later engraftment far from the signs takes the suspicion back', () => {
    const state = history(...INFUSED, fever(38.5, '2024-04-26T09:00:00Z'), adverse('rash', '2024-04-27T09:00:00Z'), milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-10T09:00:00Z'));
    expect(engraftmentSyndromeSuspected(state, NOW).findings).toEqual([]);
  });
});

describe('a patient without a stem cell infusion', () => {
  it('finds nothing', () => {
    expect(engraftmentSyndromeSuspected(history(ENROL_AGE_53, fever(39, '2024-04-29T09:00:00Z'), adverse('rash', '2024-04-29T09:00:00Z')), NOW)).toEqual({
      findings: [],
      deadlines: [],
    });
  });
});
