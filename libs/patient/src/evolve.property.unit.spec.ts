import { addDays, DomainError, toMs, type IsoTime } from '@poems/kernel';
import fc from 'fast-check';
import type { PatientCommandInput } from './command-schema';
import { decide } from './decide';
import { parsePatientEvent, type PatientRecordedEvent } from './event-registry';
import { evolve } from './evolve';
import { initialState, type PatientState } from './state';
import { MILESTONES, type Milestone } from './treatment-commands';
import { eventId, PATIENT_ID } from './test-support/scenario';

/**
 * Random but plausible command sequences, including invalid ones: decide may refuse them (with a
 * DomainError only); whatever it accepts must parse with its schema, and evolve must fold it
 * without throwing into sorted, JSON-serialisable state.
 */
const ENROLLED_AT = '2024-01-15T09:00:00.000Z';
const NOW = addDays(ENROLLED_AT, 250);
const at = (days: number): IsoTime => addDays(ENROLLED_AT, days);

const day = fc.double({ min: -400, max: 260, noNaN: true });
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
// Mostly plausible, sometimes impossible: both paths must hold.
const height = fc.oneof({ weight: 9, arbitrary: fc.double({ min: 140, max: 200, noNaN: true }) }, { weight: 1, arbitrary: pick(45, 255) });
const weight = fc.oneof({ weight: 9, arbitrary: fc.double({ min: 35, max: 120, noNaN: true }) }, { weight: 1, arbitrary: pick(1, 410) });

const enrolment = fc.record({
  type: fc.constant('EnrollPatient'),
  patientId: fc.constant(PATIENT_ID),
  birthDate: fc.tuple(fc.integer({ min: 1920, max: 2000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
  sex: pick('female', 'male', 'other', 'unknown'),
  heightCm: height,
  weightKg: weight,
  careTeam: pick('haem-a', 'neuro.b'),
  enrolledAt: fc.constant(ENROLLED_AT),
  name: fc.option(pick('Hanako Sato', 'Taro Yamada'), { nil: undefined }),
  transplantIneligibleReason: fc.option(pick('cardiac', 'renal'), { nil: undefined }),
  protocol: fc.option(pick({ id: 'poems-seed', version: 1 }, { id: 'j-post', version: 1 }), { nil: undefined }),
});

const base = { patientId: PATIENT_ID };
const quantity = fc.double({ min: 0, max: 20_000, noNaN: true });
const labResult = fc.oneof(
  fc.record({ test: fc.constant('VEGF'), value: quantity, unit: pick('pg/mL', 'ng/mL', 'ng/L', 'U/L') }),
  fc.record({ test: pick('ANC', 'PLATELETS'), value: quantity, unit: pick('/uL', '10*9/L', '10*3/uL') }),
  fc.record({ test: pick('HEMOGLOBIN', 'M_PROTEIN'), value: fc.double({ min: 0, max: 200, noNaN: true }), unit: pick('g/dL', 'g/L') }),
  fc.record({ test: pick('M_PROTEIN_IFE', 'PREGNANCY_TEST'), value: pick('positive', 'negative') }),
  fc.record({ test: pick('VEGF', 'PREGNANCY_TEST'), value: pick<number | string>(-1, 'positive', 3) }),
);
const correctedValue = fc.record({
  f: fc.double({ min: 0, max: 1, noNaN: true }),
  t: day,
  unit: pick('ng/mL', 'pg/mL', 'g/L', 'U/L'),
  odd: fc.integer({ min: 0, max: 9 }),
});
type CorrectedValue = typeof correctedValue extends fc.Arbitrary<infer T> ? T : never;

const RANGES: Record<string, [number, number]> = {
  heightCm: [140, 200],
  weightKg: [35, 120],
  doseMg: [1, 30],
  mgPerDay: [0, 400],
  value: [0, 5000],
  melphalanMg: [100, 600],
  score: [0, 12],
  grade: [1, 3],
  heartRateBpm: [30, 140],
};

/** A value of the right shape for the field, one time in ten null (removal) or out of range. */
function valueFor(field: string, v: CorrectedValue): unknown {
  if (v.odd === 0) return null;
  if (field.endsWith('At')) return at(v.t);
  if (field === 'unit') return v.unit;
  if (field === 'birthDate') return v.f < 0.5 ? '1950-06-01' : '1990-06-01';
  const range = RANGES[field];
  if (!range) return field === 'correctedReason' ? `reason ${v.odd}` : 'Sato';
  const n = range[0] + v.f * (range[1] - range[0]);
  const integer = ['score', 'grade', 'heartRateBpm'].includes(field) ? Math.round(n) : n;
  return v.odd === 1 ? -integer - 1 : integer;
}

/** Fields a correction of each type may name, plus some it may not. */
const CORRECTION_FIELDS: Record<string, string[]> = {
  PatientEnrolled: ['heightCm', 'weightKg', 'birthDate', 'name', 'careTeam'],
  BodyMeasured: ['heightCm', 'weightKg', 'measuredAt'],
  ThalidomideDoseChanged: ['mgPerDay', 'effectiveAt', 'correctedReason'],
  DexamethasoneDoseGiven: ['doseMg', 'givenAt'],
  TransplantMilestoneRecorded: ['occurredAt', 'melphalanMg', 'milestone'],
  LabResultRecorded: ['value', 'unit', 'collectedAt', 'test'],
  AssessmentRecorded: ['assessedAt', 'score', 'grade', 'heartRateBpm', 'kind'],
  AdverseEventRecorded: ['grade', 'onsetAt', 'term'],
  RegimenEnded: ['endedAt', 'correctedReason'],
};
const later = fc.record({
  kind: pick<string>('body', 'thal', 'dex', 'milestone', 'lab', 'assessment', 'adverse', 'end', 'erase', 'correct', 'correct', 'enrol'),
  t: day,
  h: height,
  w: weight,
  mg: fc.oneof(pick(0, 50, 100, 200, 400), fc.double({ min: -1, max: 401, noNaN: true })),
  dose: fc.double({ min: 0, max: 210, noNaN: true }),
  milestone: pick<Milestone>(...MILESTONES),
  lab: labResult,
  accessionId: pick('A1', 'A2', undefined),
  status: pick('final', 'corrected', undefined),
  assessment: fc.oneof(
    fc.record({ kind: fc.constant('ONLS'), score: fc.integer({ min: 0, max: 13 }) }),
    fc.record({ kind: fc.constant('VITALS'), heartRateBpm: fc.integer({ min: 15, max: 260 }) }),
    fc.record({ kind: fc.constant('EDEMA'), grade: fc.integer({ min: 0, max: 3 }) }),
  ),
  target: fc.nat(),
  changes: fc.array(fc.tuple(fc.nat(), correctedValue), { minLength: 1, maxLength: 3 }),
});

type Later = typeof later extends fc.Arbitrary<infer T> ? T : never;

interface Recorded {
  readonly id: string;
  readonly type: string;
}

function toCommand(c: Later, recorded: ReadonlyArray<Recorded>): PatientCommandInput {
  const t = at(c.t);
  switch (c.kind) {
    case 'body':
      return { type: 'RecordBodyMeasurement', ...base, heightCm: c.h, weightKg: c.w, measuredAt: t };
    case 'thal':
      return { type: 'ChangeThalidomideDose', ...base, mgPerDay: c.mg, effectiveAt: t };
    case 'dex':
      return { type: 'RecordDexamethasoneDose', ...base, doseMg: c.dose, givenAt: t };
    case 'milestone':
      return {
        type: 'RecordTransplantMilestone',
        ...base,
        milestone: c.milestone,
        occurredAt: t,
        ...(c.milestone === 'CONDITIONING' && { melphalanMg: c.dose + 1 }),
      };
    case 'lab':
      return { type: 'RecordLabResult', ...base, ...c.lab, collectedAt: t, accessionId: c.accessionId, status: c.status } as PatientCommandInput;
    case 'assessment':
      return { type: 'RecordAssessment', ...base, assessedAt: t, ...c.assessment } as PatientCommandInput;
    case 'adverse':
      return { type: 'RecordAdverseEvent', ...base, term: 'rash', grade: 1 + (c.target % 5), onsetAt: t };
    case 'end':
      return { type: 'EndRegimen', ...base, endedAt: t, reason: 'end' };
    case 'erase':
      return { type: 'ErasePatientIdentity', ...base, reason: 'consent withdrawn' };
    case 'correct': {
      const target = recorded[c.target % Math.max(1, recorded.length)] ?? { id: eventId(999), type: 'BodyMeasured' };
      const fields = CORRECTION_FIELDS[target.type] ?? ['value'];
      const changes = Object.fromEntries(
        c.changes.map(([i, value]) => {
          const field = fields[i % fields.length] as string;
          return [field, valueFor(field, value)];
        }),
      );
      return { type: 'CorrectEvent', ...base, correctsEventId: target.id, reason: 'fix', ...changes };
    }
    case 'enrol':
      return { type: 'EnrollPatient', ...base, birthDate: '1950-01-01', sex: 'male', heightCm: 170, weightKg: 70, careTeam: 'x', enrolledAt: t };
    default:
      throw new Error(`unhandled ${c.kind}`);
  }
}

/** Stands in for storage: the identity comes back encrypted half of the time. */
function asStored(data: unknown, encrypt: boolean): unknown {
  if (!encrypt || typeof data !== 'object' || data === null) return data;
  const d = data as Record<string, unknown>;
  if ('identity' in d) return { ...d, identity: { v: 1, ciphertext: 'opaque' } };
  if (d.correctedType === 'PatientEnrolled') return { ...d, data: asStored(d.data, true) };
  return data;
}

function assertSorted(state: PatientState): void {
  const sorted = (times: IsoTime[]) => times.every((t, i) => i === 0 || toMs(times[i - 1] as IsoTime) <= toMs(t));
  expect(sorted(state.bodyMeasurements.map((e) => e.measuredAt))).toBe(true);
  expect(sorted(state.thalidomide.map((e) => e.effectiveAt))).toBe(true);
  expect(sorted(state.dexamethasone.map((e) => e.givenAt))).toBe(true);
  expect(sorted(state.milestones.map((e) => e.occurredAt))).toBe(true);
  expect(sorted(state.labs.map((e) => e.collectedAt))).toBe(true);
}

describe('any sequence of commands decided and folded in turn', () => {
  it('never makes evolve throw, and leaves sorted, JSON-serialisable state', () => {
    fc.assert(
      fc.property(enrolment, fc.array(later, { maxLength: 30 }), fc.boolean(), (enrol, rest, encrypt) => {
        let state: PatientState = initialState;
        const recorded: Recorded[] = [];
        const commands = [() => enrol as PatientCommandInput, ...rest.map((c) => () => toCommand(c, recorded))];
        for (const make of commands) {
          let decided;
          try {
            decided = decide(make(), state, { now: NOW });
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          for (const e of decided) {
            const stored = asStored(parsePatientEvent(e.type, 1, e.data).data, encrypt);
            const id = eventId(recorded.length + 1);
            recorded.push({ id, type: e.type });
            const event = { type: e.type, data: stored, occurredAt: e.occurredAt, eventId: id, recordedAt: addDays(NOW, recorded.length / 1000) };
            state = evolve(state, event as PatientRecordedEvent);
          }
        }
        expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
        assertSorted(state);
      }),
      { numRuns: 200 },
    );
  });
});
