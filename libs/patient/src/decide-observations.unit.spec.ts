import { ENROLLED_AGE_69 } from './test-support/patients';
import { given, PATIENT_ID, refusal, when } from './test-support/scenario';

const lab = (fields: object) =>
  ({ type: 'RecordLabResult', patientId: PATIENT_ID, collectedAt: '2024-03-01T08:00:00+09:00', ...fields }) as never;
const enrolled = given(ENROLLED_AGE_69);

describe('a body measurement of an enrolled patient', () => {
  it('records height, weight and BSA by the protocol formula', () => {
    expect(
      when(enrolled, { type: 'RecordBodyMeasurement', patientId: PATIENT_ID, heightCm: 160, weightKg: 50, measuredAt: '2024-04-01T09:00:00Z' }),
    ).toEqual([
      {
        type: 'BodyMeasured',
        occurredAt: '2024-04-01T09:00:00.000Z',
        data: { heightCm: 160, weightKg: 50, measuredAt: '2024-04-01T09:00:00.000Z', bsaM2: 1.49, bsaFormula: 'MOSTELLER' },
      },
    ]);
  });

  it('is refused more than 365 days before enrolment', () => {
    expect(
      refusal(enrolled, { type: 'RecordBodyMeasurement', patientId: PATIENT_ID, heightCm: 160, weightKg: 50, measuredAt: '2023-02-01T09:00:00Z' }),
    ).toMatchObject({ code: 'BEFORE_ENROLMENT', field: ['measuredAt'] });
  });
});

describe('a serum VEGF result by RIA in ng/mL', () => {
  it('is stored in pg/mL with the reported value, and the protocol limit for the assay', () => {
    expect(when(enrolled, lab({ test: 'VEGF', value: 1.25, unit: 'ng/mL', specimen: 'serum', method: 'RIA', accessionId: 'L-100' }))).toEqual([
      {
        type: 'LabResultRecorded',
        occurredAt: '2024-02-29T23:00:00.000Z',
        data: {
          test: 'VEGF',
          value: 1250,
          unit: 'pg/mL',
          reportedValue: 1.25,
          reportedUnit: 'ng/mL',
          collectedAt: '2024-02-29T23:00:00.000Z',
          specimen: 'serum',
          method: 'RIA',
          accessionId: 'L-100',
          upperLimitOfNormal: 600,
          upperLimitSource: 'PROTOCOL_ASSAY',
          aboveUpperLimit: true,
        },
      },
    ]);
  });
});

describe('a VEGF result with its own upper limit', () => {
  it("uses the laboratory's limit, converted to pg/mL", () => {
    const [event] = when(enrolled, lab({ test: 'VEGF', value: 0.9, unit: 'ng/mL', upperLimitOfNormal: 1.04, specimen: 'serum', method: 'ELISA' }));
    expect(event?.data).toMatchObject({ value: 900, upperLimitOfNormal: 1040, reportedUpperLimitOfNormal: 1.04, upperLimitSource: 'RESULT', aboveUpperLimit: false });
  });
});

describe('a VEGF result from an assay the protocol does not list (issue 16 item 3)', () => {
  it('is recorded with its limit unknown and no flag, never with the serum RIA limit', () => {
    const [event] = when(enrolled, lab({ test: 'VEGF', value: 120, unit: 'pg/mL', specimen: 'plasma', method: 'ELISA' }));
    expect(event?.data).toMatchObject({ value: 120, upperLimitSource: 'UNKNOWN' });
    expect(event?.data).not.toHaveProperty('upperLimitOfNormal');
    expect(event?.data).not.toHaveProperty('aboveUpperLimit');
  });

  it('is the same for a result that names no assay at all', () => {
    const [event] = when(enrolled, lab({ test: 'VEGF', value: 900, unit: 'pg/mL' }));
    expect(event?.data).toMatchObject({ upperLimitSource: 'UNKNOWN' });
    expect(event?.data).not.toHaveProperty('aboveUpperLimit');
  });
});

describe('other quantitative results', () => {
  it('stores an ANC in 10*9/L as /uL, without a limit when none is given', () => {
    const [event] = when(enrolled, lab({ test: 'ANC', value: 0.4, unit: '10*9/L' }));
    expect(event?.data).toEqual({ test: 'ANC', value: 400, unit: '/uL', reportedValue: 0.4, reportedUnit: '10*9/L', collectedAt: '2024-02-29T23:00:00.000Z' });
  });
  it('stores haemoglobin in g/L as g/dL', () => {
    const [event] = when(enrolled, lab({ test: 'HEMOGLOBIN', value: 123, unit: 'g/L' }));
    expect(event?.data).toMatchObject({ value: 12.3, unit: 'g/dL' });
  });
});

describe('qualitative results', () => {
  it('records an immunofixation with its heavy and light chains and no unit', () => {
    expect(when(enrolled, lab({ test: 'M_PROTEIN_IFE', value: 'positive', unit: 'ignored', heavyChain: 'IgA', lightChain: 'lambda' }))).toEqual([
      {
        type: 'LabResultRecorded',
        occurredAt: '2024-02-29T23:00:00.000Z',
        data: {
          test: 'M_PROTEIN_IFE',
          value: 'positive',
          reportedValue: 'positive',
          collectedAt: '2024-02-29T23:00:00.000Z',
          heavyChain: 'IgA',
          lightChain: 'lambda',
        },
      },
    ]);
  });
  it('refuses a number for a pregnancy test', () => {
    expect(refusal(enrolled, lab({ test: 'PREGNANCY_TEST', value: 1 }))).toMatchObject({ code: 'INVALID_COMMAND', field: ['value'] });
  });
});

describe('a lab result that cannot be recorded', () => {
  it('is refused in a unit that cannot be converted', () => {
    expect(refusal(enrolled, lab({ test: 'VEGF', value: 600, unit: 'U/L' }))).toMatchObject({
      code: 'UNIT_NOT_CONVERTIBLE',
      kind: 'validation',
      field: ['unit'],
    });
  });
  it('is refused without a unit for a quantitative test', () => {
    expect(refusal(enrolled, lab({ test: 'VEGF', value: 600 }))).toMatchObject({ code: 'INVALID_COMMAND', field: ['unit'] });
  });
  it('is refused with a negative value', () => {
    expect(refusal(enrolled, lab({ test: 'VEGF', value: -1, unit: 'pg/mL' }))).toMatchObject({ code: 'INVALID_COMMAND', field: ['value'] });
  });
  it('is refused in the future', () => {
    expect(refusal(enrolled, lab({ test: 'ANC', value: 1, unit: '/uL', collectedAt: '2024-06-02T00:00:00Z' }))).toMatchObject({
      code: 'TIME_IN_FUTURE',
      field: ['collectedAt'],
    });
  });
  it('is accepted as a baseline up to 365 days before enrolment, refused before that', () => {
    expect(when(enrolled, lab({ test: 'ANC', value: 1, unit: '/uL', collectedAt: '2023-03-03T00:00:00Z' }))).toHaveLength(1);
    expect(refusal(enrolled, lab({ test: 'ANC', value: 1, unit: '/uL', collectedAt: '2023-02-28T00:00:00Z' }))).toMatchObject({
      code: 'BEFORE_ENROLMENT',
    });
  });
  it('is refused for a patient who is not enrolled', () => {
    expect(refusal(given(), lab({ test: 'ANC', value: 1, unit: '/uL' }))).toMatchObject({ code: 'PATIENT_NOT_ENROLLED', kind: 'not_found' });
  });
});

const assess = (fields: object) =>
  ({ type: 'RecordAssessment', patientId: PATIENT_ID, assessedAt: '2024-03-05T10:00:00+09:00', ...fields }) as never;

describe('assessments of an enrolled patient', () => {
  it('records an ONLS score with its parts', () => {
    expect(when(enrolled, assess({ kind: 'ONLS', score: 5, armScore: 2, legScore: 3 }))).toEqual([
      {
        type: 'AssessmentRecorded',
        occurredAt: '2024-03-05T01:00:00.000Z',
        data: { kind: 'ONLS', assessedAt: '2024-03-05T01:00:00.000Z', score: 5, armScore: 2, legScore: 3 },
      },
    ]);
  });
  it.each([
    { kind: 'NERVE_CONDUCTION', nerve: 'median', side: 'left', cmapAmplitudeMv: 4.2, conductionVelocityMs: 38, fWaveLatencyMs: 31 },
    { kind: 'CT_EFFUSION', pleuralEffusion: 'small', pericardialEffusion: 'none', ascites: 'moderate' },
    { kind: 'EDEMA', grade: 2 },
    { kind: 'VITALS', heartRateBpm: 48 },
    { kind: 'VITALS', temperatureC: 38.4, systolicMmHg: 120, diastolicMmHg: 70 },
  ])('records %j', (fields) => {
    const [event] = when(enrolled, assess(fields));
    expect(event?.data).toEqual({ assessedAt: '2024-03-05T01:00:00.000Z', ...fields });
  });
  it.each([
    [{ kind: 'ONLS', score: 5, armScore: 2, legScore: 2 }, 'score'],
    [{ kind: 'ONLS', score: 9, armScore: 1 }, 'score'],
    [{ kind: 'ONLS', score: 13 }, 'score'],
    [{ kind: 'VITALS' }, undefined],
    [{ kind: 'VITALS', heartRateBpm: 300 }, 'heartRateBpm'],
    [{ kind: 'EDEMA', grade: 4 }, 'grade'],
    [{ kind: 'CT_EFFUSION', pleuralEffusion: 'huge', pericardialEffusion: 'none', ascites: 'none' }, 'pleuralEffusion'],
    [{ kind: 'GAIT', score: 1 }, 'kind'],
  ])('refuses %j', (fields, field) => {
    expect(refusal(enrolled, assess(fields))).toMatchObject({ code: 'INVALID_COMMAND', field: field === undefined ? [] : [field] });
  });
});

describe('adverse events of an enrolled patient', () => {
  it('records the term and CTCAE grade at the onset time', () => {
    expect(when(enrolled, { type: 'RecordAdverseEvent', patientId: PATIENT_ID, term: 'bradycardia', grade: 2, onsetAt: '2024-03-20T09:00:00Z' })).toEqual([
      { type: 'AdverseEventRecorded', occurredAt: '2024-03-20T09:00:00.000Z', data: { term: 'bradycardia', grade: 2, onsetAt: '2024-03-20T09:00:00.000Z' } },
    ]);
  });
  it.each([0, 6, 2.5])('refuses grade %d', (grade) => {
    expect(
      refusal(enrolled, { type: 'RecordAdverseEvent', patientId: PATIENT_ID, term: 'rash', grade, onsetAt: '2024-03-20T09:00:00Z' }),
    ).toMatchObject({ code: 'INVALID_COMMAND', field: ['grade'] });
  });
  it('refuses an empty term', () => {
    expect(
      refusal(enrolled, { type: 'RecordAdverseEvent', patientId: PATIENT_ID, term: '  ', grade: 1, onsetAt: '2024-03-20T09:00:00Z' }),
    ).toMatchObject({ code: 'INVALID_COMMAND', field: ['term'] });
  });
});
