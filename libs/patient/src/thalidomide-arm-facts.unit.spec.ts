import { defineProtocol, registerProtocols, SEED_PROTOCOL } from '@poems/protocol';
import { ENROLLED_AGE_53, ENROLLED_AGE_69 } from './test-support/patients';
import { afterCommands, eventId, given, PATIENT_ID, refusal, when } from './test-support/scenario';

const at = (date: string, time = '10:00') => `${date}T${time}:00+09:00`;

describe('DispenseThalidomide (issue 12)', () => {
  const dispense = (daysSupply: number, dispensedAt = '2024-03-05T09:00:00Z') => ({ type: 'DispenseThalidomide', patientId: PATIENT_ID, mgPerDay: 100, daysSupply, dispensedAt }) as const;

  it('records what was dispensed, even beyond the programme’s 28 days', () => {
    expect(when(given(ENROLLED_AGE_69), dispense(56))).toEqual([
      { type: 'ThalidomideDispensed', data: { mgPerDay: 100, daysSupply: 56, dispensedAt: '2024-03-05T09:00:00.000Z' }, occurredAt: '2024-03-05T09:00:00.000Z' },
    ]);
  });

  it('refuses a supply of no days, and a dispensing after the regimen ended', () => {
    expect(refusal(given(ENROLLED_AGE_69), dispense(0))).toMatchObject({ code: 'INVALID_COMMAND', field: ['daysSupply'] });
    const ended = afterCommands(given(ENROLLED_AGE_69), [{ type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-03-10T09:00:00Z', reason: 'completed' }]);
    expect(refusal(ended, dispense(28, '2024-03-11T09:00:00Z'))).toMatchObject({ code: 'REGIMEN_ENDED' });
  });
});

describe('thromboprophylaxis (issue 12)', () => {
  const start = { type: 'StartThromboprophylaxis', patientId: PATIENT_ID, agent: 'LMWH', startedAt: '2024-03-05T09:00:00Z' } as const;
  const stop = { type: 'StopThromboprophylaxis', patientId: PATIENT_ID, stoppedAt: '2024-04-05T09:00:00Z', reason: 'platelets 40 × 10⁹/L' } as const;

  it('records a start and a stop, with its reason', () => {
    expect(when(given(ENROLLED_AGE_69), start)[0]).toMatchObject({ type: 'ThromboprophylaxisStarted', data: { agent: 'LMWH', startedAt: '2024-03-05T09:00:00.000Z' } });
    const started = afterCommands(given(ENROLLED_AGE_69), [start]);
    expect(when(started, stop)[0]).toMatchObject({ type: 'ThromboprophylaxisStopped', data: { reason: 'platelets 40 × 10⁹/L' } });
  });

  it('refuses an unknown agent, naming the field', () => {
    expect(refusal(given(ENROLLED_AGE_69), { ...start, agent: 'HEPARIN' } as never)).toMatchObject({ code: 'INVALID_COMMAND', field: ['agent'] });
  });

  it('may be stopped after the regimen ended', () => {
    const ended = afterCommands(given(ENROLLED_AGE_69), [start, { type: 'EndRegimen', patientId: PATIENT_ID, endedAt: '2024-04-01T09:00:00Z', reason: 'completed' }]);
    expect(when(ended, stop)).toHaveLength(1);
  });
});

describe('RecordDexamethasoneDose.indication (issue 16 item 4)', () => {
  const dose = (indication?: 'REGIMEN' | 'SUPPORTIVE') =>
    ({ type: 'RecordDexamethasoneDose', patientId: PATIENT_ID, doseMg: 8, givenAt: '2024-04-20T09:00:00Z', ...(indication && { indication }) }) as const;

  it('SUPPORTIVE is recorded as given: no cycle, no protocol dose, no arm', () => {
    expect(when(given(ENROLLED_AGE_53), dose('SUPPORTIVE'))[0]?.data).toEqual({ doseMg: 8, givenAt: '2024-04-20T09:00:00.000Z', indication: 'SUPPORTIVE' });
  });

  it('REGIMEN is the default: judged against the protocol and the arm', () => {
    expect(when(given(ENROLLED_AGE_53), dose())[0]?.data).toMatchObject({ cycleNumber: 1, onProtocolArm: false, withinTolerance: false });
  });

  it('a correction can say a dose was supportive', () => {
    const state = afterCommands(given(ENROLLED_AGE_53), [dose()]);
    const [corrected] = when(state, { type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(100), reason: 'antiemetic with melphalan', indication: 'SUPPORTIVE' });
    expect(corrected?.data).toMatchObject({ correctedType: 'DexamethasoneDoseGiven', data: { indication: 'SUPPORTIVE', doseMg: 8 } });
  });
});

describe('adverse events with an end, an attribution and an action (issue 16 item 13)', () => {
  const ae = (extra: object) => ({ type: 'RecordAdverseEvent', patientId: PATIENT_ID, term: 'Constipation', grade: 3, onsetAt: '2024-04-01T09:00:00Z', ...extra }) as never;

  it('records them when known', () => {
    const [event] = when(given(ENROLLED_AGE_69), ae({ resolvedAt: '2024-04-09T09:00:00Z', attribution: 'PROBABLE', actionTaken: 'DOSE_REDUCED' }));
    expect(event?.data).toEqual({ term: 'Constipation', grade: 3, onsetAt: '2024-04-01T09:00:00.000Z', resolvedAt: '2024-04-09T09:00:00.000Z', attribution: 'PROBABLE', actionTaken: 'DOSE_REDUCED' });
  });

  it('refuses a resolution before the onset, an unknown action and a resolution in the future', () => {
    expect(refusal(given(ENROLLED_AGE_69), ae({ resolvedAt: '2024-03-31T09:00:00Z' }))).toMatchObject({ code: 'INVALID_COMMAND', field: ['resolvedAt'] });
    expect(refusal(given(ENROLLED_AGE_69), ae({ actionTaken: 'IGNORED' }))).toMatchObject({ field: ['actionTaken'] });
    expect(refusal(given(ENROLLED_AGE_69), ae({ resolvedAt: '2024-07-01T09:00:00Z' }))).toMatchObject({ code: 'TIME_IN_FUTURE', field: ['resolvedAt'] });
  });

  it('lets a correction record the end later', () => {
    const state = afterCommands(given(ENROLLED_AGE_69), [ae({})]);
    const [corrected] = when(state, { type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(100), reason: 'resolved', resolvedAt: '2024-04-20T09:00:00Z' });
    expect(corrected?.data).toMatchObject({ data: { resolvedAt: '2024-04-20T09:00:00.000Z', grade: 3 } });
  });
});

describe('childbearing potential set or changed by a correction (issue 12)', () => {
  it('records the corrected value, and null makes it unknown again', () => {
    const state = afterCommands(given(), [
      { type: 'EnrollPatient', patientId: PATIENT_ID, birthDate: '1980-01-01', sex: 'female', heightCm: 160, weightKg: 55, careTeam: 'haem-a', enrolledAt: '2024-03-01T09:00:00Z', transplantIneligibleReason: 'LVEF 30%' },
      { type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(100), reason: 'hysterectomy 2019', childbearingPotential: false },
    ]);
    expect(state.enrolment).toMatchObject({ childbearingPotential: false });
    const [cleared] = when(state, { type: 'CorrectEvent', patientId: PATIENT_ID, correctsEventId: eventId(100), reason: 'not known after all', childbearingPotential: null });
    expect((cleared?.data as { data: object }).data).not.toHaveProperty('childbearingPotential');
  });
});

describe('the dose band judged when the protocol says (issue 16 item 9)', () => {
  // Same as the seed, but the 75-year half dose is judged at the treatment's start, or at every dose.
  const atStart = defineProtocol({ ...structuredClone(SEED_PROTOCOL), id: 'test-age-at-start', ageBoundary: { doseBandJudgedAt: 'TREATMENT_START', recomputedOnTreatment: false, source: 'test' } } as never);
  const recomputed = defineProtocol({ ...structuredClone(SEED_PROTOCOL), id: 'test-age-recomputed', ageBoundary: { doseBandJudgedAt: 'ENROLMENT', recomputedOnTreatment: true, source: 'test' } } as never);
  registerProtocols([atStart, recomputed]);
  // 74 at enrolment on 1 March 2024; 75 on 20 March 2024 (Tokyo).
  const enrol = (id: string) => ({ type: 'EnrollPatient', patientId: PATIENT_ID, birthDate: '1949-03-20', sex: 'male', heightCm: 160, weightKg: 55, careTeam: 'haem-a', enrolledAt: at('2024-03-01'), protocol: { id, version: 1 } }) as const;
  const thalidomide = (mgPerDay: number, date: string) => ({ type: 'ChangeThalidomideDose', patientId: PATIENT_ID, mgPerDay, effectiveAt: at(date) }) as const;

  it('at enrolment (the seed): 74, full doses, whenever treatment starts', () => {
    const state = afterCommands(given(), [{ ...enrol('poems-seed'), protocol: { id: 'poems-seed', version: 1 } }]);
    expect(when(state, thalidomide(100, '2024-03-25'))[0]?.data).toMatchObject({ protocolMgPerDay: 100, withinTolerance: true });
  });

  it('at treatment start: started after the 75th birthday, the half dose applies, and the event says which age', () => {
    const state = afterCommands(given(), [enrol('test-age-at-start')]);
    expect(when(state, thalidomide(50, '2024-03-25'))[0]?.data).toMatchObject({ protocolMgPerDay: 50, withinTolerance: true, ageForDoseBand: 75, ageForDoseBandBasis: 'BIRTH_DATE' });
  });

  it('at treatment start: started before the birthday, the band stays when the patient turns 75 on treatment', () => {
    const state = afterCommands(given(), [enrol('test-age-at-start'), thalidomide(100, '2024-03-05')]);
    expect(when(state, thalidomide(200, '2024-03-25'))[0]?.data).toMatchObject({ protocolMgPerDay: 200, ageForDoseBand: 74 });
  });

  it('recomputed on treatment: the escalation after the birthday is judged at 75', () => {
    const state = afterCommands(given(), [enrol('test-age-recomputed'), thalidomide(100, '2024-03-05')]);
    expect(when(state, thalidomide(200, '2024-03-25'))[0]?.data).toMatchObject({ protocolMgPerDay: 100, withinTolerance: false, ageForDoseBand: 75 });
  });

  it('falls back to the enrolment’s band, and says so, when the birth date cannot be read', () => {
    const state = afterCommands(given(), [enrol('test-age-at-start')]);
    const sealed = { ...state, identity: { erased: true } as const };
    expect(when(sealed, thalidomide(100, '2024-03-25'))[0]?.data).toMatchObject({ protocolMgPerDay: 100, ageForDoseBandBasis: 'ENROLMENT_RECORD' });
  });
});

describe('a J-POST enrolment on the clinic calendar', () => {
  it('keeps the ENROLLED_AGE_69 fixture without a zone: older events keep their shape', () => {
    const [event] = when(given(ENROLLED_AGE_69), { type: 'RecordBodyMeasurement', patientId: PATIENT_ID, heightCm: 160, weightKg: 54, measuredAt: '2024-03-05T09:00:00Z' });
    expect(event?.data).not.toHaveProperty('clinicalTimeOffset');
  });
});
