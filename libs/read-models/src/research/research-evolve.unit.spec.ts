import type { PatientEvent } from '@poems/patient';
import { ageBandLabel, foldResearch } from './research-evolve';
import type { ResearchEvent } from './research-rows';

const PATIENT_ID = '7d1f0c8e-2b6a-4c55-9a11-0e2f3c4d5e6f';
const PSEUDO = 'P-0123456789abcdef';
const SHIFT = -3;
let sequence = 0;

/** A research event as the projection hands it over; keys stand in for the keyed hashes. */
function event<E extends PatientEvent>(type: E['type'], data: E['data'], correctsKey: string | null = null): ResearchEvent {
  sequence += 1;
  return { type, data, pseudoId: PSEUDO, shiftDays: SHIFT, eventKey: `k${sequence}`, correctsKey } as ResearchEvent;
}

function enrolled(age: number, ageBand: { minAge: number; maxAge: number | null; doseFactor: number }, arm: 'AUTO_PBSCT' | 'THALIDOMIDE_DEXAMETHASONE') {
  return event('PatientEnrolled', {
    patientId: PATIENT_ID,
    identity: { birthDate: '1950-03-03', name: 'Hanako Yamada', mrn: 'MRN-778899' },
    sex: 'female',
    careTeam: 'haem-secret',
    enrolledAt: '2025-03-02T09:00:00.000Z',
    ageAtEnrolment: age,
    ageBand,
    arm,
    armReason: 'AGE',
    protocol: { id: 'poems-seed', version: 1 },
    heightCm: 160,
    weightKg: 55,
    bsaM2: 1.56,
    bsaFormula: 'MOSTELLER',
  });
}

const thalidomide = (mgPerDay: number, effectiveAt: string, phase: 'START' | 'ESCALATION' | 'INTERRUPTION' | 'RESTART' = 'START') => ({
  mgPerDay,
  effectiveAt,
  previousMgPerDay: 0,
  phase,
  protocolMgPerDay: 100,
  withinTolerance: true,
  onProtocolArm: true,
});
const vegf = (value: number, collectedAt: string, upperLimitOfNormal = 600) => ({
  test: 'VEGF' as const,
  value,
  unit: 'pg/mL',
  reportedValue: value,
  reportedUnit: 'pg/mL',
  collectedAt,
  specimen: 'serum',
  method: 'RIA',
  upperLimitOfNormal,
  upperLimitSource: 'PROTOCOL_ASSAY' as const,
  aboveUpperLimit: value >= upperLimitOfNormal,
});

describe('a thalidomide patient of 77 with every kind of research measurement', () => {
  const events = [
    enrolled(77, { minAge: 75, maxAge: null, doseFactor: 0.5 }, 'THALIDOMIDE_DEXAMETHASONE'),
    event('LabResultRecorded', vegf(2500, '2025-03-01T08:00:00.000Z')),
    event('AssessmentRecorded', { kind: 'ONLS', score: 6, assessedAt: '2025-03-02T10:00:00.000Z' }),
    event('AssessmentRecorded', { kind: 'NERVE_CONDUCTION', nerve: 'median', side: 'left', cmapAmplitudeMv: 2.1, conductionVelocityMs: 38, assessedAt: '2025-03-02T11:00:00.000Z' }),
    event('LabResultRecorded', { test: 'M_PROTEIN_IFE', value: 'positive', reportedValue: 'positive', collectedAt: '2025-03-01T08:00:00.000Z', lightChain: 'lambda' }),
    event('LabResultRecorded', { test: 'PLATELETS', value: 300, unit: '10*3/uL', reportedValue: 300, reportedUnit: '10*3/uL', collectedAt: '2025-03-01T08:00:00.000Z' } as never),
    event('ThalidomideDoseChanged', thalidomide(50, '2025-03-03T09:00:00.000Z')),
    event('DexamethasoneDoseGiven', { doseMg: 9 } as never),
    event('ThalidomideDoseChanged', { ...thalidomide(100, '2025-03-17T09:00:00.000Z', 'ESCALATION'), previousMgPerDay: 50 }),
    event('RegimenEnded', { endedAt: '2026-01-31T12:00:00.000Z', reason: 'completed' }),
  ];
  const { patient, measurements } = foldResearch(events);

  it('keeps the arm, the age band (not the age), sex, protocol and shifted dates', () => {
    expect(patient).toEqual({
      pseudoId: PSEUDO,
      arm: 'THALIDOMIDE_DEXAMETHASONE',
      ageBand: '≥75',
      halfDose: true,
      sex: 'female',
      protocolId: 'poems-seed',
      protocolVersion: 1,
      enrolledOn: '2025-02-27',
      treatmentStartedOn: '2025-02-28',
      regimenEndedOn: '2026-01-28',
      startCandidates: [{ key: 'k7', kind: 'THALIDOMIDE_START', on: '2025-02-28' }],
    });
  });

  it('keeps VEGF with its limit, ONLS, CMAP per nerve and immunofixation, and nothing else', () => {
    expect(measurements).toEqual([
      { key: 'k2', pseudoId: PSEUDO, kind: 'VEGF', measuredOn: '2025-02-26', value: 2500, unit: 'pg/mL', upperLimitOfNormal: 600, specimen: 'serum', method: 'RIA', nerve: null, side: null, result: null },
      { key: 'k3', pseudoId: PSEUDO, kind: 'ONLS', measuredOn: '2025-02-27', value: 6, unit: 'points', upperLimitOfNormal: null, specimen: null, method: null, nerve: null, side: null, result: null },
      { key: 'k4', pseudoId: PSEUDO, kind: 'CMAP', measuredOn: '2025-02-27', value: 2.1, unit: 'mV', upperLimitOfNormal: null, specimen: null, method: null, nerve: 'median', side: 'left', result: null },
      { key: 'k5', pseudoId: PSEUDO, kind: 'M_PROTEIN_IFE', measuredOn: '2025-02-26', value: null, unit: null, upperLimitOfNormal: null, specimen: null, method: null, nerve: null, side: null, result: 'positive' },
    ]);
  });

  it('holds no identifying value: name, MRN, birth date, care team, patient id, real dates', () => {
    const text = JSON.stringify({ patient, measurements });
    for (const value of ['Hanako', 'Yamada', 'MRN-778899', '1950-03-03', 'haem-secret', PATIENT_ID, '2025-03-02', '2025-03-03']) expect(text).not.toContain(value);
  });
});

describe('corrections', () => {
  const start = event('ThalidomideDoseChanged', thalidomide(100, '2025-03-10T09:00:00.000Z'));
  const lab = event('LabResultRecorded', vegf(6000, '2025-03-01T08:00:00.000Z'));
  const history = [enrolled(70, { minAge: 66, maxAge: 74, doseFactor: 1 }, 'THALIDOMIDE_DEXAMETHASONE'), lab, start];
  const correct = (original: ResearchEvent, correctedType: string, data: unknown) =>
    event('EventCorrected', { correctsEventId: 'hidden', correctedType, correctedSchemaVersion: 1, reason: 'typo', data } as never, original.eventKey);

  it('replace the measurement they correct, date included', () => {
    const { measurements } = foldResearch([...history, correct(lab, 'LabResultRecorded', vegf(600, '2025-03-05T08:00:00.000Z'))]);
    expect(measurements).toEqual([expect.objectContaining({ key: lab.eventKey, value: 600, measuredOn: '2025-03-02' })]);
  });

  it('move the treatment start, or withdraw it when the dose is no longer a start', () => {
    const moved = foldResearch([...history, correct(start, 'ThalidomideDoseChanged', thalidomide(100, '2025-03-20T09:00:00.000Z'))]);
    expect(moved.patient?.treatmentStartedOn).toBe('2025-03-17');
    const withdrawn = foldResearch([...history, correct(start, 'ThalidomideDoseChanged', thalidomide(0, '2025-03-10T09:00:00.000Z', 'INTERRUPTION'))]);
    expect(withdrawn.patient?.treatmentStartedOn).toBeNull();
    expect(withdrawn.patient?.startCandidates).toEqual([]);
  });

  it('of the enrolment change the age band but never the arm', () => {
    const enrolment = history[0]!;
    const data = { ...(enrolment.data as object), ageAtEnrolment: 65, ageBand: { minAge: 0, maxAge: 65, doseFactor: 1 }, arm: 'AUTO_PBSCT', armNoLongerMatchesAge: true };
    const { patient } = foldResearch([...history, correct(enrolment, 'PatientEnrolled', data)]);
    expect(patient).toMatchObject({ arm: 'THALIDOMIDE_DEXAMETHASONE', ageBand: '≤65', halfDose: false, treatmentStartedOn: '2025-03-07' });
  });

  it('of something the view never held change nothing', () => {
    const unknown = event('EventCorrected', { correctsEventId: 'x', correctedType: 'LabResultRecorded', correctedSchemaVersion: 1, reason: 'r', data: vegf(1, '2025-03-01T00:00:00.000Z') }, 'no-such-key');
    expect(foldResearch([...history, unknown])).toEqual(foldResearch(history));
  });
});

describe('the treatment start of an Auto-PBSCT patient', () => {
  it('is the stem cell infusion (day 0), whatever thalidomide was given', () => {
    const milestone = (name: string, occurredAt: string) => event('TransplantMilestoneRecorded', { milestone: name, occurredAt, onProtocolArm: true } as never);
    const { patient } = foldResearch([
      enrolled(52, { minAge: 0, maxAge: 65, doseFactor: 1 }, 'AUTO_PBSCT'),
      milestone('APHERESIS', '2025-03-20T09:00:00.000Z'),
      event('ThalidomideDoseChanged', thalidomide(100, '2025-03-25T09:00:00.000Z')),
      milestone('STEM_CELL_INFUSION', '2025-04-20T09:00:00.000Z'),
    ]);
    expect(patient).toMatchObject({ arm: 'AUTO_PBSCT', ageBand: '≤65', halfDose: false, treatmentStartedOn: '2025-04-17' });
  });
});

describe('age band labels', () => {
  it('read as the bands of the protocol', () => {
    expect([ageBandLabel({ minAge: 0, maxAge: 65 }), ageBandLabel({ minAge: 66, maxAge: 74 }), ageBandLabel({ minAge: 75, maxAge: null })]).toEqual(['≤65', '66-74', '≥75']);
  });
});

// Issue 16 item 9: research dates are clinic dates (at each event's recorded offset) before the shift, as the rules count
// days; issue 16 item 14: a nerve is its code, whatever spelling an older event stored.
describe('a patient of a clinic in Tokyo, treated from 00:30 JST (the day before in UTC)', () => {
  const tokyo = { clinicalTimeOffset: '+09:00' };
  const { patient, measurements } = foldResearch([
    enrolled(77, { minAge: 75, maxAge: null, doseFactor: 0.5 }, 'THALIDOMIDE_DEXAMETHASONE'),
    event('ThalidomideDoseChanged', { ...thalidomide(50, '2025-03-03T15:30:00.000Z'), ...tokyo }),
    event('AssessmentRecorded', { kind: 'NERVE_CONDUCTION', nerve: 'Median nerve', side: 'left', cmapAmplitudeMv: 2.1, conductionVelocityMs: 38, assessedAt: '2025-03-03T23:30:00.000Z', ...tokyo }),
  ]);

  it('starts on 4 March (shifted), and keeps the study on its clinic date with the nerve’s code', () => {
    expect(patient?.treatmentStartedOn).toBe('2025-03-01');
    expect(measurements).toEqual([expect.objectContaining({ kind: 'CMAP', measuredOn: '2025-03-01', nerve: 'median', side: 'left' })]);
  });
});
