import { ENROLLED_AGE_69 } from '../test-support/patients';
import { afterCommands, eventId, given, NOW, PATIENT_ID, refusal, when } from '../test-support/scenario';

const correct = (correctsEventId: string, fields: Record<string, unknown>, reason: string) =>
  ({ type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId, reason, ...fields }) as const;
const ecog = (score: number, assessedAt: string) => ({ type: 'RecordPerformanceStatus', patientId: PATIENT_ID, scale: 'ECOG', score, assessedAt }) as const;

describe('recording a performance status', () => {
  const enrolled = given(ENROLLED_AGE_69);

  it('records the ECOG score at its clinical time', () => {
    expect(when(enrolled, ecog(2, '2024-05-01T10:00:00+09:00'))).toEqual([
      { type: 'PerformanceStatusRecorded', data: { scale: 'ECOG', score: 2, assessedAt: '2024-05-01T01:00:00.000Z' }, occurredAt: '2024-05-01T01:00:00.000Z' },
    ]);
  });

  it('keeps the statuses in clinical order in the state', () => {
    const state = afterCommands(enrolled, [ecog(3, '2024-05-20T00:00:00Z'), ecog(1, '2024-05-01T00:00:00Z')]);
    expect(state.performanceStatus.map((s) => s.score)).toEqual([1, 3]);
  });

  it('refuses a score off the scale, a future time and an unenrolled patient', () => {
    expect(refusal(enrolled, ecog(5, '2024-05-01T00:00:00Z'))).toMatchObject({ code: 'INVALID_COMMAND', field: ['score'] });
    expect(refusal(enrolled, ecog(1, '2024-07-01T00:00:00Z'))).toMatchObject({ code: 'TIME_IN_FUTURE', field: ['assessedAt'] });
    expect(refusal(given(), ecog(1, '2024-05-01T00:00:00Z'))).toMatchObject({ code: 'PATIENT_NOT_ENROLLED' });
  });

  it('is corrected like any fact: the score changes, the scale identifies it', () => {
    const state = afterCommands(enrolled, [ecog(3, '2024-05-20T00:00:00Z')]);
    const [corrected] = when(state, correct(eventId(100), { score: 2 }, 'transcription error'), NOW);
    expect(corrected).toMatchObject({ type: 'EventCorrected', data: { correctedType: 'PerformanceStatusRecorded', data: { scale: 'ECOG', score: 2 } } });
    expect(refusal(state, correct(eventId(100), { scale: 'KPS' }, 'x'))).toMatchObject({ code: 'FIELD_NOT_CORRECTABLE', field: ['scale'] });
  });
});
