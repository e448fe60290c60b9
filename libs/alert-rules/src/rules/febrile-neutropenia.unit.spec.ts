import { febrileNeutropenia } from './febrile-neutropenia';
import { adverseEvent, anc, dailyAnc, ENROL_AGE_69, enteredAt, eventId, history, INFUSED_20_APRIL, temperature } from '../test-support/history';

const NOW = '2024-07-01T00:00:00.000Z';
// Events 6-10: ANC daily from 24 April: 300, 100, 0, 200, 800 (recovered on 28 April).
const APLASIA = dailyAnc('2024-04-24', [300, 100, 0, 200, 800]);

describe('a fever of 38.6 °C in aplasia after the transplant (IDSA, Freifeld 2011)', () => {
  const { findings } = febrileNeutropenia(history(...INFUSED_20_APRIL, ...APLASIA, temperature(38.6, '2024-04-25T14:00:00Z')), NOW);

  it('is febrile neutropenia: critical, at the fever, with the nearest ANC, cleared by the recovery', () => {
    expect(findings).toEqual([
      {
        rule: 'FEBRILE_NEUTROPENIA',
        severity: 'critical',
        episodeKey: eventId(11),
        clinicalTime: '2024-04-25T14:00:00.000Z',
        summary: 'Fever 38.6 °C on 2024-04-25 with ANC 100/µL (2024-04-25): febrile neutropenia, cultures and antibiotics now',
        evidence: [eventId(11), eventId(7)],
        active: false,
        clearedAt: '2024-04-28T08:00:00.000Z',
        clearedBecause: 'ANC 800/µL on 2024-04-28',
        clearedReason: 'CONDITION_CLEARED',
      },
    ]);
    expect(findings[0]!.summary.length).toBeLessThan(140);
  });
});

describe('the fever definition', () => {
  const aplastic = (...rest: Parameters<typeof history>) => febrileNeutropenia(history(...INFUSED_20_APRIL, anc(100, '2024-04-25T08:00:00Z'), ...rest), NOW).findings;

  it('takes one temperature of 38.3 °C, not 38.2 °C', () => {
    expect(aplastic(temperature(38.3, '2024-04-25T10:00:00Z'))).toHaveLength(1);
    expect(aplastic(temperature(38.2, '2024-04-25T10:00:00Z'))).toHaveLength(0);
  });

  it('takes 38.0 °C sustained over an hour, not over 59 minutes, nor broken by a lower reading', () => {
    expect(aplastic(temperature(38.0, '2024-04-25T10:00:00Z'), temperature(38.1, '2024-04-25T11:00:00Z'))[0]?.summary).toContain('≥ 38 °C for 60 min');
    expect(aplastic(temperature(38.0, '2024-04-25T10:00:00Z'), temperature(38.1, '2024-04-25T10:59:00Z'))).toHaveLength(0);
    expect(aplastic(temperature(38.0, '2024-04-25T10:00:00Z'), temperature(37.6, '2024-04-25T10:30:00Z'), temperature(38.1, '2024-04-25T11:10:00Z'))).toHaveLength(0);
  });

  it('takes a fever recorded as an adverse event', () => {
    expect(aplastic(adverseEvent('Fever', '2024-04-25T12:00:00Z', 1))[0]?.summary).toContain('Fever "Fever" on 2024-04-25');
    expect(aplastic(adverseEvent('Febrile neutropenia', '2024-04-25T12:00:00Z', 3))).toHaveLength(1);
  });
});

describe('the neutrophil count', () => {
  it('at exactly 500/µL is not neutropenia, at 499 it is', () => {
    const at = (value: number) => febrileNeutropenia(history(...INFUSED_20_APRIL, anc(value, '2024-04-25T08:00:00Z'), temperature(38.8, '2024-04-25T20:00:00Z')), NOW).findings;
    expect(at(500)).toHaveLength(0);
    expect(at(499)).toHaveLength(1);
  });

  it('must be within 48 hours of the fever: without one the fever is not judged', () => {
    const far = history(...INFUSED_20_APRIL, anc(100, '2024-04-22T08:00:00Z'), temperature(38.8, '2024-04-24T08:01:00Z'));
    expect(febrileNeutropenia(far, NOW).findings).toEqual([]);
  });
});

describe('several fevers in one neutropenic period', () => {
  it('are one episode; a fever after recovery and a new nadir is another', () => {
    const state = history(
      ...INFUSED_20_APRIL,
      ...APLASIA,
      temperature(38.6, '2024-04-25T14:00:00Z'),
      temperature(39.0, '2024-04-26T14:00:00Z'),
      anc(300, '2024-06-01T08:00:00Z'),
      temperature(38.5, '2024-06-01T12:00:00Z'),
    );
    expect(febrileNeutropenia(state, NOW).findings.map((f) => [f.episodeKey, f.active])).toEqual([
      [eventId(11), false],
      [eventId(14), true],
    ]);
  });
});

describe('on the thalidomide arm', () => {
  it('is judged the same way', () => {
    const state = history(ENROL_AGE_69, anc(300, '2024-04-25T08:00:00Z'), temperature(38.9, '2024-04-25T10:00:00Z'));
    expect(febrileNeutropenia(state, NOW).findings).toEqual([expect.objectContaining({ rule: 'FEBRILE_NEUTROPENIA', active: true })]);
  });
});

describe('a neutropenic fever that a count entered later shows was not neutropenic', () => {
  it('is not withdrawn: it resolves, naming the count', () => {
    const state = history(
      ...INFUSED_20_APRIL,
      enteredAt('2024-04-25T08:30:00Z', anc(200, '2024-04-24T08:00:00Z')),
      enteredAt('2024-04-25T15:00:00Z', temperature(38.7, '2024-04-25T14:00:00Z')),
      enteredAt('2024-04-27T09:00:00Z', anc(900, '2024-04-25T13:00:00Z')),
    );
    expect(febrileNeutropenia(state, NOW).findings).toEqual([
      expect.objectContaining({
        episodeKey: eventId(7),
        active: false,
        clearedAt: '2024-04-25T13:00:00.000Z',
        clearedBecause: 'ANC 900/µL on 2024-04-25, entered later, takes the finding back',
      }),
    ]);
  });
});
