import { thromboprophylaxisMissing } from './thromboprophylaxis-missing';
import { ENROL_AGE_69, eventId, history } from '../test-support/history';
import { afterJstDay, dexamethasone, endRegimen, startProphylaxis, stopProphylaxis, thalidomide } from '../test-support/safety-history';

// Thalidomide and dexamethasone from 4 March: prophylaxis must be active by the end of 7 March (3 days grace).
const REGIMEN = [thalidomide(100, '2024-03-04'), dexamethasone('2024-03-04')];
const LATER = '2024-06-01T00:00:00.000Z';

describe('thalidomide with dexamethasone and no thromboprophylaxis', () => {
  it('is pending until the last clinic day of grace has ended', () => {
    expect(thromboprophylaxisMissing(history(ENROL_AGE_69, ...REGIMEN), '2024-03-07T14:59:59.999Z')).toEqual({ findings: [], deadlines: [afterJstDay('2024-03-07')] });
  });

  it('is missing from then on', () => {
    expect(thromboprophylaxisMissing(history(ENROL_AGE_69, ...REGIMEN), afterJstDay('2024-03-07')).findings).toEqual([
      {
        rule: 'THROMBOPROPHYLAXIS_MISSING',
        severity: 'warning',
        episodeKey: `start:${eventId(2)}`,
        clinicalTime: '2024-03-07T01:30:00.000Z',
        summary: 'No thromboprophylaxis by 2024-03-07 on thalidomide with dexamethasone (since thalidomide with dexamethasone started; 3 days grace)',
        evidence: [eventId(2), eventId(3)],
        active: true,
      },
    ]);
  });
});

describe('thromboprophylaxis started', () => {
  it('on the last day of grace: nothing', () => {
    expect(thromboprophylaxisMissing(history(ENROL_AGE_69, ...REGIMEN, startProphylaxis('2024-03-07', 'ASPIRIN', '23:00')), LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('the day after: missing, resolved when it started', () => {
    expect(thromboprophylaxisMissing(history(ENROL_AGE_69, ...REGIMEN, startProphylaxis('2024-03-08', 'LMWH')), LATER).findings).toEqual([
      expect.objectContaining({ active: false, clearedAt: '2024-03-08T02:00:00.000Z', clearedBecause: 'LMWH started 2024-03-08' }),
    ]);
  });

  it('then stopped while thalidomide continues: missing again 3 days after the stop', () => {
    const state = history(ENROL_AGE_69, ...REGIMEN, startProphylaxis('2024-03-04'), stopProphylaxis('2024-04-01'));
    expect(thromboprophylaxisMissing(state, LATER).findings).toEqual([
      expect.objectContaining({ episodeKey: `stop:${eventId(5)}`, clinicalTime: '2024-04-04T02:00:00.000Z', active: true }),
    ]);
  });
});

describe('no finding', () => {
  it('on thalidomide without dexamethasone', () => {
    expect(thromboprophylaxisMissing(history(ENROL_AGE_69, thalidomide(100, '2024-03-04')), LATER)).toEqual({ findings: [], deadlines: [] });
  });

  it('when thalidomide stopped within the grace days', () => {
    const state = history(ENROL_AGE_69, ...REGIMEN, thalidomide(0, '2024-03-06', '10:00', 'somnolence'));
    expect(thromboprophylaxisMissing(state, LATER)).toEqual({ findings: [], deadlines: [] });
  });
});

describe('the regimen ends while prophylaxis is missing', () => {
  it('resolves the episode with the regimen’s end', () => {
    const state = history(ENROL_AGE_69, ...REGIMEN, endRegimen('2024-04-01'));
    expect(thromboprophylaxisMissing(state, LATER).findings).toEqual([expect.objectContaining({ active: false, clearedReason: 'PATIENT_REGIMEN_ENDED' })]);
  });
});

describe('the commands', () => {
  it('refuse a second start while one is active, and a stop with none active', () => {
    expect(() => history(ENROL_AGE_69, startProphylaxis('2024-03-04'), startProphylaxis('2024-03-05', 'LMWH'))).toThrow(/ASPIRIN is active since/);
    expect(() => history(ENROL_AGE_69, stopProphylaxis('2024-03-05'))).toThrow(/No thromboprophylaxis is active/);
  });
});
