import type { PatientRecordedEvent } from './event-registry';
import { evolve } from './evolve';
import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from './test-support/patients';
import { eventId, given, NOW, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const correct = (correctsEventId: string, fields: object, reason = 'transcription error') =>
  ({ type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId, reason, ...fields }) as never;

const vegf6000: GivenEvent = {
  type: 'LabResultRecorded',
  occurredAt: '2024-03-01T08:00:00.000Z',
  data: {
    test: 'VEGF',
    value: 6000,
    unit: 'pg/mL',
    reportedValue: 6000,
    reportedUnit: 'pg/mL',
    collectedAt: '2024-03-01T08:00:00.000Z',
    specimen: 'serum',
    method: 'RIA',
    accessionId: 'L-100',
    upperLimitOfNormal: 600,
    upperLimitSource: 'PROTOCOL_ASSAY',
    aboveUpperLimit: true,
  },
};

describe('a VEGF result mistyped as 6000 instead of 600 pg/mL', () => {
  const state = given(ENROLLED_AGE_69, vegf6000);
  const corrected = {
    type: 'EventCorrected',
    occurredAt: NOW,
    data: {
      correctsEventId: eventId(2),
      correctedType: 'LabResultRecorded',
      correctedSchemaVersion: 1,
      reason: 'transcription error',
      data: { ...(vegf6000.data as object), value: 600, reportedValue: 600, aboveUpperLimit: true },
    },
  };

  it('is corrected by an EventCorrected carrying the complete re-derived result', () => {
    expect(when(state, correct(eventId(2), { value: 600 }))).toEqual([corrected]);
  });

  it('then shows 600 everywhere, with the original 6000 kept for the auditor', () => {
    const after = evolve(state, { ...corrected, eventId: eventId(3), recordedAt: NOW } as PatientRecordedEvent);
    expect(after.labs).toHaveLength(1);
    expect(after.labs[0]).toMatchObject({ eventId: eventId(2), value: 600, aboveUpperLimit: true, correctedBy: eventId(3) });
    expect(after.labs[0]?.original).toMatchObject({ value: 6000, aboveUpperLimit: true });
    expect(after.corrections[eventId(2)]).toEqual([
      {
        correctionEventId: eventId(3),
        correctedType: 'LabResultRecorded',
        reason: 'transcription error',
        recordedAt: NOW,
        correctedAt: NOW,
        previous: vegf6000.data,
      },
    ]);
  });

  it('is re-derived when the unit was the mistake: 6 ng/mL is 6000 pg/mL', () => {
    const [event] = when(state, correct(eventId(2), { value: 6, unit: 'ng/mL' }));
    expect(event?.data).toMatchObject({ data: { value: 6000, reportedValue: 6, reportedUnit: 'ng/mL', unit: 'pg/mL' } });
  });

  it('may drop an optional field with null', () => {
    const [event] = when(state, correct(eventId(2), { method: null }));
    expect(event?.data).toMatchObject({ data: { upperLimitSource: 'UNKNOWN' } });
    expect((event?.data as { data: object }).data).not.toHaveProperty('method');
  });

  it('is refused with a corrected value that is impossible', () => {
    expect(refusal(state, correct(eventId(2), { value: -600 }))).toMatchObject({ code: 'INVALID_CORRECTION', field: ['value'] });
  });

  it('is refused with a unit that cannot be converted', () => {
    expect(refusal(state, correct(eventId(2), { unit: 'mg' }))).toMatchObject({ code: 'UNIT_NOT_CONVERTIBLE', field: ['unit'] });
  });

  it('is refused when nothing changes', () => {
    expect(refusal(state, correct(eventId(2), { value: 6000 }))).toMatchObject({ code: 'CORRECTION_CHANGES_NOTHING', kind: 'conflict' });
  });

  it('is refused when it would change the test', () => {
    expect(refusal(state, correct(eventId(2), { test: 'ANC' }))).toMatchObject({
      code: 'FIELD_NOT_CORRECTABLE',
      kind: 'validation',
      field: ['test'],
    });
  });

  it('is refused without a reason', () => {
    expect(refusal(state, correct(eventId(2), { value: 600 }, ''))).toMatchObject({ code: 'INVALID_COMMAND', field: ['reason'] });
  });

  it('is refused without any corrected field', () => {
    expect(refusal(state, correct(eventId(2), {}))).toMatchObject({ code: 'NOTHING_TO_CORRECT', kind: 'validation' });
  });
});

describe('a correction chain', () => {
  it('merges with the latest corrected values and keeps the very first as original', () => {
    const first = when(given(ENROLLED_AGE_69, vegf6000), correct(eventId(2), { value: 660 }))[0] as GivenEvent;
    const state = given(ENROLLED_AGE_69, vegf6000, first);
    const [second] = when(state, correct(eventId(2), { collectedAt: '2024-02-28T08:00:00Z' }));
    expect(second?.data).toMatchObject({ data: { value: 660, collectedAt: '2024-02-28T08:00:00.000Z' } });
    const after = given(ENROLLED_AGE_69, vegf6000, first, second as GivenEvent);
    expect(after.labs[0]).toMatchObject({ value: 660, correctedBy: eventId(4), original: { value: 6000 } });
    expect(after.corrections[eventId(2)]?.map((c) => c.correctionEventId)).toEqual([eventId(3), eventId(4)]);
  });

  it('refuses to correct a correction itself', () => {
    const first = when(given(ENROLLED_AGE_69, vegf6000), correct(eventId(2), { value: 660 }))[0] as GivenEvent;
    expect(refusal(given(ENROLLED_AGE_69, vegf6000, first), correct(eventId(3), { value: 600 }))).toMatchObject({
      code: 'CANNOT_CORRECT_A_CORRECTION',
      kind: 'validation',
    });
  });
});

describe('a dexamethasone dose recorded with the wrong date', () => {
  const dose = (givenAt: string, cycleNumber: number): GivenEvent => ({
    type: 'DexamethasoneDoseGiven',
    occurredAt: givenAt,
    data: {
      doseMg: 18.7,
      givenAt,
      bodyMeasurementEventId: eventId(1),
      heightCm: 160,
      weightKg: 55,
      measuredAt: '2024-03-01T09:00:00.000Z',
      bsaM2: 1.56,
      bsaFormula: 'MOSTELLER',
      mgPerM2: 12,
      doseFactor: 1,
      protocolDoseMg: 18.72,
      withinTolerance: true,
      cycleNumber,
      cycleDay: 1,
      cycleStartedAt: givenAt,
      onProtocolArm: true,
    },
  });
  const state = given(ENROLLED_AGE_69, dose('2024-03-02T09:00:00.000Z', 1), dose('2024-03-30T09:00:00.000Z', 2));

  it('is re-derived against the other doses and re-sorted in clinical time', () => {
    const [event] = when(state, correct(eventId(2), { givenAt: '2024-04-27T09:00:00Z' }, 'wrong date entered'));
    expect(event?.data).toMatchObject({ data: { givenAt: '2024-04-27T09:00:00.000Z', cycleNumber: 2, cycleStartedAt: '2024-04-27T09:00:00.000Z' } });
    const after = evolve(state, { ...(event as GivenEvent), eventId: eventId(4), recordedAt: NOW } as PatientRecordedEvent);
    expect(after.dexamethasone.map((d) => [d.eventId, d.givenAt])).toEqual([
      [eventId(3), '2024-03-30T09:00:00.000Z'],
      [eventId(2), '2024-04-27T09:00:00.000Z'],
    ]);
  });

  it('is refused when the corrected date is in the future', () => {
    expect(refusal(state, correct(eventId(2), { givenAt: '2024-07-01T09:00:00Z' }))).toMatchObject({ code: 'TIME_IN_FUTURE', field: ['givenAt'] });
  });

  it('can still be corrected after the regimen ended', () => {
    const endedState = given(
      ENROLLED_AGE_69,
      dose('2024-03-02T09:00:00.000Z', 1),
      { type: 'RegimenEnded', occurredAt: '2024-04-01T00:00:00.000Z', data: { endedAt: '2024-04-01T00:00:00.000Z', reason: 'remission' } },
    );
    expect(when(endedState, correct(eventId(2), { doseMg: 18 }))).toHaveLength(1);
  });
});

describe('a transplant milestone recorded with the wrong date', () => {
  const state = given(
    ENROLLED_AGE_53,
    { type: 'TransplantMilestoneRecorded', occurredAt: '2024-03-20T09:00:00.000Z', data: { milestone: 'APHERESIS', occurredAt: '2024-03-20T09:00:00.000Z', onProtocolArm: true } },
    { type: 'TransplantMilestoneRecorded', occurredAt: '2024-04-20T09:00:00.000Z', data: { milestone: 'CONDITIONING', occurredAt: '2024-04-20T09:00:00.000Z', onProtocolArm: true } },
  );

  it('is refused when the corrected date breaks the sequence', () => {
    expect(refusal(state, correct(eventId(2), { occurredAt: '2024-04-25T09:00:00Z' }))).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER' });
  });
  it('is refused when it would change the milestone', () => {
    expect(refusal(state, correct(eventId(2), { milestone: 'MOBILISATION' }))).toMatchObject({ code: 'FIELD_NOT_CORRECTABLE', field: ['milestone'] });
  });
  it('is accepted when the sequence holds', () => {
    expect(when(state, correct(eventId(2), { occurredAt: '2024-03-21T09:00:00Z' }))).toHaveLength(1);
  });
});

describe('a correction that names no event of this patient', () => {
  it('is refused as not found', () => {
    expect(refusal(given(ENROLLED_AGE_69), correct('9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', { value: 1 }))).toMatchObject({
      code: 'EVENT_NOT_FOUND',
      kind: 'not_found',
      field: ['correctsEventId'],
    });
  });
  it('is refused for a patient who is not enrolled', () => {
    expect(refusal(given(), correct(eventId(1), { value: 1 }))).toMatchObject({ code: 'PATIENT_NOT_ENROLLED' });
  });
  it('is refused for an identity erasure', () => {
    const state = given(ENROLLED_AGE_69, { type: 'PatientIdentityErased', occurredAt: NOW, data: { reason: 'consent withdrawn' } });
    expect(refusal(state, correct(eventId(2), { reason: 'x' }))).toMatchObject({ code: 'EVENT_NOT_CORRECTABLE' });
  });
});
