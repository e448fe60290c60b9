import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from './test-support/patients';
import { eventId, given, NOW, type GivenEvent } from './test-support/scenario';
import { initialState } from './state';

const vegf = (value: number, collectedAt: string): GivenEvent => ({
  type: 'LabResultRecorded',
  occurredAt: collectedAt,
  data: {
    test: 'VEGF',
    value,
    unit: 'pg/mL',
    reportedValue: value,
    reportedUnit: 'pg/mL',
    collectedAt,
    upperLimitOfNormal: 600,
    upperLimitSource: 'PROTOCOL_DEFAULT',
    aboveUpperLimit: value >= 600,
  },
});

describe('a stream with only an enrolment', () => {
  const state = given(ENROLLED_AGE_69);

  it('holds the enrolment summary, the identity apart, and the enrolment as a body measurement', () => {
    const { identity, ...summary } = ENROLLED_AGE_69.data as Record<string, unknown>;
    expect(state).toEqual({
      ...initialState,
      status: 'ENROLLED',
      patientId: summary.patientId,
      enrolment: { ...summary, eventId: eventId(1), recordedAt: '2024-05-31T23:59:00.000Z', identityErased: false },
      identity,
      bodyMeasurements: [
        {
          eventId: eventId(1),
          recordedAt: '2024-05-31T23:59:00.000Z',
          source: 'ENROLMENT',
          heightCm: 160,
          weightKg: 55,
          measuredAt: '2024-03-01T09:00:00.000Z',
          bsaM2: 1.56,
          bsaFormula: 'MOSTELLER',
        },
      ],
    });
  });
});

describe('results arriving out of clinical order', () => {
  it('are kept sorted by clinical time, ties in arrival order', () => {
    const state = given(ENROLLED_AGE_69, vegf(900, '2024-04-01T00:00:00.000Z'), vegf(1500, '2024-02-01T00:00:00.000Z'), vegf(700, '2024-04-01T00:00:00.000Z'));
    expect(state.labs.map((l) => [l.eventId, l.value])).toEqual([
      [eventId(3), 1500],
      [eventId(2), 900],
      [eventId(4), 700],
    ]);
  });
});

describe('an enrolment stored with an encrypted or erased identity', () => {
  it.each([{ alg: 'A256GCM', ciphertext: 'b64...' }, { erased: true }])('folds without reading the identity %j', (identity) => {
    const stored = { ...ENROLLED_AGE_53, data: { ...(ENROLLED_AGE_53.data as object), identity } } as GivenEvent;
    const state = given(stored);
    expect(state.status).toBe('ENROLLED');
    expect(state.identity).toEqual(identity);
    expect(state.enrolment?.arm).toBe('AUTO_PBSCT');
  });
});

describe('an identity erasure', () => {
  it('marks the identity erased and forgets its content', () => {
    const state = given(ENROLLED_AGE_69, { type: 'PatientIdentityErased', occurredAt: NOW, data: { reason: 'consent withdrawn' } });
    expect(state.enrolment?.identityErased).toBe(true);
    expect(state.identity).toEqual({ erased: true });
    expect(state.identityErasure).toEqual({ eventId: eventId(2), recordedAt: '2024-05-31T23:59:00.000Z', erasedAt: NOW, reason: 'consent withdrawn' });
    expect(JSON.stringify(state)).not.toContain('Hanako');
  });
});

describe('the end of a regimen', () => {
  const ended: GivenEvent = { type: 'RegimenEnded', occurredAt: '2024-05-01T00:00:00.000Z', data: { endedAt: '2024-05-01T00:00:00.000Z', reason: 'remission' } };

  it('sets the status to ENDED', () => {
    expect(given(ENROLLED_AGE_69, ended)).toMatchObject({ status: 'ENDED', ended: { endedAt: '2024-05-01T00:00:00.000Z', reason: 'remission', eventId: eventId(2) } });
  });

  it('can have its date corrected, keeping the original', () => {
    const state = given(ENROLLED_AGE_69, ended, {
      type: 'EventCorrected',
      occurredAt: NOW,
      data: {
        correctsEventId: eventId(2),
        correctedType: 'RegimenEnded',
        correctedSchemaVersion: 1,
        reason: 'wrong date',
        data: { endedAt: '2024-05-03T00:00:00.000Z', reason: 'remission' },
      },
    });
    expect(state.ended).toMatchObject({ endedAt: '2024-05-03T00:00:00.000Z', correctedBy: eventId(3), original: { endedAt: '2024-05-01T00:00:00.000Z' } });
  });
});

describe('a correction of an event this state does not hold', () => {
  it('changes nothing', () => {
    const enrolled = { ...ENROLLED_AGE_69, recordedAt: '2024-03-01T09:00:01.000Z' };
    const before = given(enrolled);
    const after = given(enrolled, {
      type: 'EventCorrected',
      occurredAt: NOW,
      data: {
        correctsEventId: eventId(42),
        correctedType: 'AdverseEventRecorded',
        correctedSchemaVersion: 1,
        reason: 'x',
        data: { term: 'rash', grade: 1, onsetAt: NOW },
      },
    });
    expect(after).toEqual(before);
  });
});
