import { ENROLLED_AGE_69 } from './test-support/patients';
import { eventId, given, NOW, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const vegf = (fields: object) =>
  ({
    type: 'RecordLabResult',
    patientId: PATIENT_ID,
    test: 'VEGF',
    unit: 'ng/mL',
    specimen: 'serum',
    method: 'RIA',
    accessionId: 'L-100',
    collectedAt: '2024-03-01T08:00:00Z',
    ...fields,
  }) as never;

const recorded: GivenEvent = {
  type: 'LabResultRecorded',
  occurredAt: '2024-03-01T08:00:00.000Z',
  data: {
    test: 'VEGF',
    value: 1250,
    unit: 'pg/mL',
    reportedValue: 1.25,
    reportedUnit: 'ng/mL',
    collectedAt: '2024-03-01T08:00:00.000Z',
    specimen: 'serum',
    method: 'RIA',
    accessionId: 'L-100',
    upperLimitOfNormal: 600,
    upperLimitSource: 'PROTOCOL_ASSAY',
    aboveUpperLimit: true,
  },
};

describe('a laboratory sending a corrected result (HL7 OBX-11 = C) for an accession already recorded', () => {
  const state = given(ENROLLED_AGE_69, recorded);

  it('supersedes the earlier result with an EventCorrected instead of adding a second result', () => {
    expect(when(state, vegf({ value: 0.52, status: 'corrected' }))).toEqual([
      {
        type: 'EventCorrected',
        occurredAt: NOW,
        data: {
          correctsEventId: eventId(2),
          correctedType: 'LabResultRecorded',
          correctedSchemaVersion: 1,
          reason: 'Corrected result from the laboratory (accession L-100)',
          data: { ...(recorded.data as object), value: 520, reportedValue: 0.52, aboveUpperLimit: false },
        },
      },
    ]);
  });

  it('leaves one result showing the corrected value', () => {
    const [correction] = when(state, vegf({ value: 0.52, status: 'corrected' }));
    const after = given(ENROLLED_AGE_69, recorded, correction as GivenEvent);
    expect(after.labs.map((l) => [l.value, l.original?.value])).toEqual([[520, 1250]]);
  });

  it('refuses a corrected result identical to the recorded one', () => {
    expect(refusal(state, vegf({ value: 1.25, status: 'corrected' }))).toMatchObject({ code: 'CORRECTION_CHANGES_NOTHING' });
  });

  it('refuses the same accession sent again as final', () => {
    expect(refusal(state, vegf({ value: 0.52 }))).toMatchObject({ code: 'LAB_RESULT_ALREADY_RECORDED', kind: 'conflict', field: ['accessionId'] });
  });

  it('accepts the same accession number for another test', () => {
    expect(when(state, vegf({ test: 'ANC', value: 1.2, unit: '10*3/uL', specimen: 'blood', method: undefined }))).toHaveLength(1);
  });
});

describe('a corrected result with nothing to correct', () => {
  it('is refused as not found when no earlier result has the accession', () => {
    expect(refusal(given(ENROLLED_AGE_69), vegf({ value: 0.52, status: 'corrected' }))).toMatchObject({
      code: 'CORRECTED_RESULT_NOT_FOUND',
      kind: 'not_found',
    });
  });

  it('is refused as invalid without an accession number', () => {
    expect(refusal(given(ENROLLED_AGE_69), vegf({ value: 0.52, status: 'corrected', accessionId: undefined }))).toMatchObject({
      code: 'INVALID_COMMAND',
      field: ['accessionId'],
    });
  });
});

describe('an assessment recorded with the wrong score', () => {
  const state = given(ENROLLED_AGE_69, {
    type: 'AssessmentRecorded',
    occurredAt: '2024-03-05T09:00:00.000Z',
    data: { kind: 'NERVE_CONDUCTION', assessedAt: '2024-03-05T09:00:00.000Z', nerve: 'median', cmapAmplitudeMv: 42, conductionVelocityMs: 38, fWaveLatencyMs: 31 },
  });
  const correct = (fields: object) => ({ type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(2), reason: 'decimal point', ...fields }) as never;

  it('is corrected, and an optional field can be removed with null', () => {
    const [event] = when(state, correct({ cmapAmplitudeMv: 4.2, fWaveLatencyMs: null }));
    expect(event?.data).toMatchObject({
      data: { kind: 'NERVE_CONDUCTION', assessedAt: '2024-03-05T09:00:00.000Z', nerve: 'median', cmapAmplitudeMv: 4.2, conductionVelocityMs: 38 },
    });
    expect((event?.data as { data: object }).data).not.toHaveProperty('fWaveLatencyMs');
  });

  it('refuses to change the kind of assessment', () => {
    expect(refusal(state, correct({ kind: 'ONLS' }))).toMatchObject({ code: 'FIELD_NOT_CORRECTABLE', field: ['kind'] });
  });

  it('refuses a field of another kind', () => {
    expect(refusal(state, correct({ score: 3 }))).toMatchObject({ code: 'FIELD_NOT_CORRECTABLE', field: ['score'] });
  });
});

describe('a thalidomide dose change recorded with the wrong dose', () => {
  it('re-derives phase and tolerance from the corrected dose', () => {
    const state = given(ENROLLED_AGE_69, {
      type: 'ThalidomideDoseChanged',
      occurredAt: '2024-03-02T09:00:00.000Z',
      data: { mgPerDay: 200, effectiveAt: '2024-03-02T09:00:00.000Z', previousMgPerDay: 0, phase: 'START', protocolMgPerDay: 100, withinTolerance: false, onProtocolArm: true },
    });
    const [event] = when(state, { type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(2), reason: 'typo', mgPerDay: 100 });
    expect(event?.data).toMatchObject({ data: { mgPerDay: 100, phase: 'START', protocolMgPerDay: 100, withinTolerance: true } });
  });
});
