import { ENROLLED_AGE_53 } from '../test-support/patients';
import { afterCommands, eventId, given, NOW, PATIENT_ID, refusal, when } from '../test-support/scenario';

const platelets = (givenAt: string, units?: number) =>
  ({ type: 'RecordTransfusion', patientId: PATIENT_ID, product: 'PLATELETS', givenAt, ...(units !== undefined && { units }) }) as const;

describe('recording a transfusion', () => {
  const enrolled = given(ENROLLED_AGE_53);

  it('records the product at the time it was given', () => {
    expect(when(enrolled, platelets('2024-05-01T10:00:00+09:00', 2))).toEqual([
      { type: 'TransfusionGiven', data: { product: 'PLATELETS', givenAt: '2024-05-01T01:00:00.000Z', units: 2 }, occurredAt: '2024-05-01T01:00:00.000Z' },
    ]);
  });

  it('keeps transfusions in clinical order in the state', () => {
    const state = afterCommands(enrolled, [platelets('2024-05-20T00:00:00Z'), { ...platelets('2024-05-01T00:00:00Z'), product: 'RED_CELLS' }]);
    expect(state.transfusions.map((t) => t.product)).toEqual(['RED_CELLS', 'PLATELETS']);
  });

  it('refuses an unknown product, too many units and a future time', () => {
    expect(refusal(enrolled, { ...platelets('2024-05-01T00:00:00Z'), product: 'PLASMA' } as never)).toMatchObject({ code: 'INVALID_COMMAND', field: ['product'] });
    expect(refusal(enrolled, platelets('2024-05-01T00:00:00Z', 11))).toMatchObject({ code: 'INVALID_COMMAND', field: ['units'] });
    expect(refusal(enrolled, platelets('2024-07-01T00:00:00Z'))).toMatchObject({ code: 'TIME_IN_FUTURE', field: ['givenAt'] });
  });

  it('is corrected like any fact: the time and units change, the product identifies it', () => {
    const state = afterCommands(enrolled, [platelets('2024-05-20T00:00:00Z')]);
    const [corrected] = when(state, { type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(100), reason: 'two bags', units: 2 } as never, NOW);
    expect(corrected).toMatchObject({ type: 'EventCorrected', data: { correctedType: 'TransfusionGiven', data: { product: 'PLATELETS', units: 2 } } });
  });
});
