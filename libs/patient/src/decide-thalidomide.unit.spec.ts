import { ENROLLED_AGE_53, ENROLLED_AGE_69, ENROLLED_AGE_79, ENROLLED_JPOST_AGE_69 } from './test-support/patients';
import { given, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const change = (mgPerDay: number, effectiveAt: string, reason?: string) =>
  ({ type: 'ChangeThalidomideDose', patientId: PATIENT_ID, mgPerDay, effectiveAt, ...(reason && { reason }) }) as const;

const started100: GivenEvent = {
  type: 'ThalidomideDoseChanged',
  occurredAt: '2024-03-02T09:00:00.000Z',
  data: {
    mgPerDay: 100,
    effectiveAt: '2024-03-02T09:00:00.000Z',
    previousMgPerDay: 0,
    phase: 'START',
    protocolMgPerDay: 100,
    withinTolerance: true,
    onProtocolArm: true,
  },
};

describe('a 69-year-old on the seed protocol starting thalidomide', () => {
  it('records a START at 100 mg/day, within tolerance', () => {
    expect(when(given(ENROLLED_AGE_69), change(100, '2024-03-02T18:00:00+09:00'))).toEqual([started100]);
  });

  it('records a START at 200 mg/day as off protocol, not refused', () => {
    const [event] = when(given(ENROLLED_AGE_69), change(200, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'START', protocolMgPerDay: 100, withinTolerance: false, onProtocolArm: true });
  });
});

describe('a 69-year-old on 100 mg/day for two weeks', () => {
  const state = given(ENROLLED_AGE_69, started100);

  it('records the escalation to 200 mg/day against the escalated dose', () => {
    expect(when(state, change(200, '2024-03-16T09:00:00Z', 'no adverse events'))).toEqual([
      {
        type: 'ThalidomideDoseChanged',
        occurredAt: '2024-03-16T09:00:00.000Z',
        data: {
          mgPerDay: 200,
          effectiveAt: '2024-03-16T09:00:00.000Z',
          reason: 'no adverse events',
          previousMgPerDay: 100,
          phase: 'ESCALATION',
          protocolMgPerDay: 200,
          withinTolerance: true,
          onProtocolArm: true,
        },
      },
    ]);
  });

  it('records an interruption at 0 mg/day as within protocol', () => {
    const [event] = when(state, change(0, '2024-03-10T09:00:00Z', 'neuropathy grade 2'));
    expect(event?.data).toMatchObject({ phase: 'INTERRUPTION', previousMgPerDay: 100, protocolMgPerDay: 0, withinTolerance: true });
  });

  it('records a reduction to 50 mg/day as off protocol (below the start dose)', () => {
    const [event] = when(state, change(50, '2024-03-10T09:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'REDUCTION', protocolMgPerDay: 100, withinTolerance: false });
  });

  it('judges a back-dated change against the dose in effect at its clinical time', () => {
    const [event] = when(state, change(50, '2024-03-01T12:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'START', previousMgPerDay: 0, protocolMgPerDay: 100, withinTolerance: false });
  });

  it('refuses a change to the dose already in effect', () => {
    expect(refusal(state, change(100, '2024-03-10T09:00:00Z'))).toMatchObject({
      code: 'THALIDOMIDE_DOSE_UNCHANGED',
      kind: 'conflict',
      field: ['mgPerDay'],
    });
  });
});

describe('a 69-year-old whose thalidomide was interrupted', () => {
  const interrupted: GivenEvent = {
    type: 'ThalidomideDoseChanged',
    occurredAt: '2024-04-01T09:00:00.000Z',
    data: {
      mgPerDay: 0,
      effectiveAt: '2024-04-01T09:00:00.000Z',
      previousMgPerDay: 100,
      phase: 'INTERRUPTION',
      protocolMgPerDay: 0,
      withinTolerance: true,
      onProtocolArm: true,
    },
  };

  it('records a RESTART judged against the nearer protocol step', () => {
    const [event] = when(given(ENROLLED_AGE_69, started100, interrupted), change(200, '2024-04-10T09:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'RESTART', previousMgPerDay: 0, protocolMgPerDay: 200, withinTolerance: true });
  });
});

describe('a 79-year-old (half doses)', () => {
  it('records 50 mg/day as the START dose', () => {
    const [event] = when(given(ENROLLED_AGE_79), change(50, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'START', protocolMgPerDay: 50, withinTolerance: true });
  });

  it('records a full 100 mg/day START as off protocol', () => {
    const [event] = when(given(ENROLLED_AGE_79), change(100, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ protocolMgPerDay: 50, withinTolerance: false });
  });
});

describe('a J-POST patient', () => {
  it('records 200 mg/day from the start as within protocol', () => {
    const [event] = when(given(ENROLLED_JPOST_AGE_69), change(200, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'START', protocolMgPerDay: 200, withinTolerance: true });
  });
});

describe('an Auto-PBSCT patient given thalidomide', () => {
  it('records the dose with onProtocolArm false', () => {
    const [event] = when(given(ENROLLED_AGE_53), change(100, '2024-03-02T09:00:00Z'));
    expect(event?.data).toMatchObject({ phase: 'START', protocolMgPerDay: 100, withinTolerance: true, onProtocolArm: false });
  });
});

describe('a thalidomide change that cannot be recorded', () => {
  it('is refused for a patient who is not enrolled', () => {
    expect(refusal(given(), change(100, '2024-03-02T09:00:00Z'))).toMatchObject({ code: 'PATIENT_NOT_ENROLLED', kind: 'not_found' });
  });

  it('is refused before enrolment', () => {
    expect(refusal(given(ENROLLED_AGE_69), change(100, '2024-02-28T09:00:00Z'))).toMatchObject({
      code: 'BEFORE_ENROLMENT',
      field: ['effectiveAt'],
    });
  });

  it('is refused in the future', () => {
    expect(refusal(given(ENROLLED_AGE_69), change(100, '2024-07-01T09:00:00Z'))).toMatchObject({
      code: 'TIME_IN_FUTURE',
      field: ['effectiveAt'],
    });
  });

  it.each([-1, 401])('is refused at %i mg/day as physically impossible', (mg) => {
    expect(refusal(given(ENROLLED_AGE_69), change(mg, '2024-03-02T09:00:00Z'))).toMatchObject({
      code: 'INVALID_COMMAND',
      field: ['mgPerDay'],
    });
  });

  it('is refused for another patient than the folded stream', () => {
    expect(
      refusal(given(ENROLLED_AGE_69), { ...change(100, '2024-03-02T09:00:00Z'), patientId: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70' }),
    ).toMatchObject({ code: 'PATIENT_ID_MISMATCH' });
  });
});

// JSON `-0` parses as -0: it passed min(0) and was decided on, then read back from storage as 0
// (the fold of the property test differed from its JSON round trip, fast-check seed -1341661513).
describe('a dose of -0 mg/day, as JSON can send it', () => {
  it('is decided and recorded as 0 (an interruption), as it will be stored', () => {
    const [event] = when(given(ENROLLED_AGE_69, started100), change(-0, '2024-03-10T09:00:00Z', 'rash'));
    expect(Object.is((event?.data as { mgPerDay?: number } | undefined)?.mgPerDay, 0)).toBe(true);
  });
});
