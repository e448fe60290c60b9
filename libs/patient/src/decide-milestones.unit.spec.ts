import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from './test-support/patients';
import { eventId, given, PATIENT_ID, refusal, when, type GivenEvent } from './test-support/scenario';

const milestone = (name: string, occurredAt: string, extra: object = {}) =>
  ({ type: 'RecordTransplantMilestone', patientId: PATIENT_ID, milestone: name, occurredAt, ...extra }) as never;

const mobilised: GivenEvent = {
  type: 'TransplantMilestoneRecorded',
  occurredAt: '2024-03-05T09:00:00.000Z',
  data: {
    milestone: 'MOBILISATION',
    occurredAt: '2024-03-05T09:00:00.000Z',
    cyclophosphamideMg: 7300,
    bodyMeasurementEventId: eventId(1),
    heightCm: 170,
    weightKg: 70,
    measuredAt: '2024-03-01T09:00:00.000Z',
    bsaM2: 1.82,
    bsaFormula: 'MOSTELLER',
    protocolDoseMg: 7280,
    withinTolerance: true,
    onProtocolArm: true,
  },
};
const collected: GivenEvent = {
  type: 'TransplantMilestoneRecorded',
  occurredAt: '2024-03-20T09:00:00.000Z',
  data: {
    milestone: 'APHERESIS',
    occurredAt: '2024-03-20T09:00:00.000Z',
    cd34PerKg: 4.1,
    cd34MinPerKg: 2,
    cd34BelowMinimum: false,
    onProtocolArm: true,
  },
};
const conditioned: GivenEvent = {
  type: 'TransplantMilestoneRecorded',
  occurredAt: '2024-04-20T09:00:00.000Z',
  data: { milestone: 'CONDITIONING', occurredAt: '2024-04-20T09:00:00.000Z', onProtocolArm: true },
};
const infused: GivenEvent = {
  type: 'TransplantMilestoneRecorded',
  occurredAt: '2024-04-22T09:00:00.000Z',
  data: { milestone: 'STEM_CELL_INFUSION', occurredAt: '2024-04-22T09:00:00.000Z', onProtocolArm: true },
};

describe('a 53-year-old Auto-PBSCT patient being mobilised', () => {
  it('records cyclophosphamide 7300 mg against 4 g/m² × 1.82 m² = 7280 mg', () => {
    expect(when(given(ENROLLED_AGE_53), milestone('MOBILISATION', '2024-03-05T09:00:00Z', { cyclophosphamideMg: 7300 }))).toEqual([mobilised]);
  });
});

describe('a mobilised Auto-PBSCT patient', () => {
  const state = given(ENROLLED_AGE_53, mobilised);

  it('records the CD34+ yield against the 2.0 × 10⁶/kg floor', () => {
    expect(when(state, milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 4.1 }))).toEqual([collected]);
    const [poor] = when(state, milestone('APHERESIS', '2024-03-20T09:00:00Z', { cd34PerKg: 1.5 }));
    expect(poor?.data).toMatchObject({ cd34PerKg: 1.5, cd34BelowMinimum: true });
  });

  it('refuses conditioning before any apheresis', () => {
    expect(refusal(state, milestone('CONDITIONING', '2024-04-20T09:00:00Z'))).toMatchObject({
      code: 'MILESTONE_OUT_OF_ORDER',
      kind: 'conflict',
      field: ['milestone'],
    });
  });

  it('refuses a second mobilisation', () => {
    expect(refusal(state, milestone('MOBILISATION', '2024-03-06T09:00:00Z'))).toMatchObject({
      code: 'MILESTONE_ALREADY_RECORDED',
      kind: 'conflict',
    });
  });
});

// Issue 16 item 12: a second apheresis used to be refused (MILESTONE_ALREADY_RECORDED).
describe('a collection over several aphereses', () => {
  const state = given(ENROLLED_AGE_53, mobilised, collected);

  it('records the next day\'s apheresis with its own yield', () => {
    const [second] = when(state, milestone('APHERESIS', '2024-03-21T09:00:00Z', { cd34PerKg: 1.2 }));
    expect(second).toMatchObject({ type: 'TransplantMilestoneRecorded', data: { milestone: 'APHERESIS', occurredAt: '2024-03-21T09:00:00.000Z', cd34PerKg: 1.2 } });
  });

  it('still refuses an apheresis after the conditioning started', () => {
    expect(refusal(given(ENROLLED_AGE_53, mobilised, collected, conditioned), milestone('APHERESIS', '2024-04-21T09:00:00Z'))).toMatchObject({
      code: 'MILESTONE_OUT_OF_ORDER',
      field: ['occurredAt'],
    });
  });
});

describe('an Auto-PBSCT patient after apheresis', () => {
  const state = given(ENROLLED_AGE_53, mobilised, collected);

  it('records conditioning with melphalan against 200 mg/m² × 1.82 m² = 364 mg', () => {
    const [event] = when(state, milestone('CONDITIONING', '2024-04-20T09:00:00Z', { melphalanMg: 360 }));
    expect(event?.data).toMatchObject({ melphalanMg: 360, protocolDoseMg: 364, withinTolerance: true, bsaM2: 1.82 });
  });

  it('records an excessive melphalan dose as off protocol, not refused', () => {
    const [event] = when(state, milestone('CONDITIONING', '2024-04-20T09:00:00Z', { melphalanMg: 600 }));
    expect(event?.data).toMatchObject({ protocolDoseMg: 364, withinTolerance: false });
  });

  it('refuses conditioning dated before the apheresis', () => {
    expect(refusal(state, milestone('CONDITIONING', '2024-03-19T09:00:00Z'))).toMatchObject({
      code: 'MILESTONE_OUT_OF_ORDER',
      field: ['occurredAt'],
    });
  });

  it('refuses the infusion before any conditioning', () => {
    expect(refusal(state, milestone('STEM_CELL_INFUSION', '2024-04-22T09:00:00Z'))).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER' });
  });

  it('refuses engraftment before any infusion', () => {
    expect(refusal(state, milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-05T09:00:00Z'))).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER' });
  });
});

describe('an Auto-PBSCT patient after the infusion', () => {
  const state = given(ENROLLED_AGE_53, mobilised, collected, conditioned, infused);

  it('records neutrophil and platelet engraftment in either order', () => {
    expect(when(state, milestone('PLATELET_ENGRAFTMENT', '2024-05-08T09:00:00Z'))).toEqual([
      {
        type: 'TransplantMilestoneRecorded',
        occurredAt: '2024-05-08T09:00:00.000Z',
        data: { milestone: 'PLATELET_ENGRAFTMENT', occurredAt: '2024-05-08T09:00:00.000Z', onProtocolArm: true },
      },
    ]);
    expect(when(state, milestone('NEUTROPHIL_ENGRAFTMENT', '2024-05-05T09:00:00Z'))).toHaveLength(1);
  });

  it('refuses engraftment dated before the infusion', () => {
    expect(refusal(state, milestone('NEUTROPHIL_ENGRAFTMENT', '2024-04-21T09:00:00Z'))).toMatchObject({
      code: 'MILESTONE_OUT_OF_ORDER',
      field: ['occurredAt'],
    });
  });
});

describe('an Auto-PBSCT patient with apheresis but no recorded mobilisation', () => {
  it('accepts the apheresis', () => {
    expect(when(given(ENROLLED_AGE_53), milestone('APHERESIS', '2024-03-20T09:00:00Z'))).toHaveLength(1);
  });

  it('refuses a mobilisation back-dated after the apheresis', () => {
    const state = given(ENROLLED_AGE_53, collected);
    expect(refusal(state, milestone('MOBILISATION', '2024-03-25T09:00:00Z'))).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER' });
  });
});

describe('a thalidomide-arm patient with a transplant milestone', () => {
  it('records it with onProtocolArm false', () => {
    const [event] = when(given(ENROLLED_AGE_69), milestone('MOBILISATION', '2024-03-05T09:00:00Z'));
    expect(event?.data).toEqual({ milestone: 'MOBILISATION', occurredAt: '2024-03-05T09:00:00.000Z', onProtocolArm: false });
  });
});

describe('a transplant milestone that cannot be recorded', () => {
  it('is refused before enrolment', () => {
    expect(refusal(given(ENROLLED_AGE_53), milestone('MOBILISATION', '2024-02-20T09:00:00Z'))).toMatchObject({
      code: 'BEFORE_ENROLMENT',
      field: ['occurredAt'],
    });
  });
  it('is refused in the future', () => {
    expect(refusal(given(ENROLLED_AGE_53), milestone('MOBILISATION', '2024-06-20T09:00:00Z'))).toMatchObject({ code: 'TIME_IN_FUTURE' });
  });
  it('is refused with a quantity that belongs to another milestone', () => {
    expect(refusal(given(ENROLLED_AGE_53), milestone('APHERESIS', '2024-03-20T09:00:00Z', { cyclophosphamideMg: 7000 }))).toMatchObject({
      code: 'INVALID_COMMAND',
      field: ['cyclophosphamideMg'],
    });
  });
  it('is refused for an unknown milestone', () => {
    expect(refusal(given(ENROLLED_AGE_53), milestone('HARVEST', '2024-03-20T09:00:00Z'))).toMatchObject({
      code: 'INVALID_COMMAND',
      field: ['milestone'],
    });
  });
});
