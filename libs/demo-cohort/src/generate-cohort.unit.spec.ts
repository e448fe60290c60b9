import { DAY_MS, toMs } from '@poems/kernel';
import { generateCohort, toNdjson } from './index';

const END = '2026-11-01';
const cohort = generateCohort({ seed: 'poems-demo', endDate: END });
const thalidomide = cohort.patients.filter((p) => p.arm === 'THALIDOMIDE_DEXAMETHASONE');
const transplant = cohort.patients.filter((p) => p.arm === 'AUTO_PBSCT');

describe('the same seed and end date', () => {
  it('gives byte-identical NDJSON', () => {
    expect(toNdjson(generateCohort({ seed: 'poems-demo', endDate: END }).commands)).toBe(toNdjson(cohort.commands));
  });
});

describe('another seed or end date', () => {
  it('gives another cohort', () => {
    const ndjson = toNdjson(cohort.commands);
    expect(toNdjson(generateCohort({ seed: 'another', endDate: END }).commands)).not.toBe(ndjson);
    expect(toNdjson(generateCohort({ seed: 'poems-demo', endDate: '2027-03-15' }).commands)).not.toBe(ndjson);
  });
});

describe('the default cohort, shaped like the study', () => {
  it('has 21 Auto-PBSCT patients aged 65 or younger and 15 thalidomide patients: 13 aged 66 or older, 2 transplant-ineligible women under 55', () => {
    expect(cohort.patients).toHaveLength(36);
    expect(transplant).toHaveLength(21);
    expect(transplant.every((p) => p.age <= 65)).toBe(true);
    expect(thalidomide).toHaveLength(15);
    const younger = thalidomide.filter((p) => p.age < 66);
    expect(younger).toHaveLength(2);
    expect(younger.every((p) => p.sex === 'female' && p.age < 55 && p.traits.includes('CHILDBEARING_POTENTIAL'))).toBe(true);
    expect(thalidomide.filter((p) => p.age >= 75).length).toBeGreaterThanOrEqual(2);
    expect(cohort.patients.every((p) => p.halfDose === p.age >= 75)).toBe(true);
  });

  it('expects 12 thalidomide patients to improve and 3 to stabilise, and every transplant patient to improve', () => {
    expect(thalidomide.filter((p) => p.expectedOutcome === 'IMPROVED')).toHaveLength(12);
    expect(thalidomide.filter((p) => p.expectedOutcome === 'STABLE')).toHaveLength(3);
    expect(transplant.every((p) => p.expectedOutcome === 'IMPROVED')).toBe(true);
  });

  it('gives distinct version 4 UUIDs, names and record numbers, both sexes and several care teams', () => {
    const ids = cohort.patients.map((p) => p.id);
    expect(new Set(ids).size).toBe(36);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(cohort.patients.map((p) => p.name)).size).toBe(36);
    expect(new Set(cohort.patients.map((p) => p.mrn)).size).toBe(36);
    expect(new Set(cohort.patients.map((p) => p.sex))).toEqual(new Set(['male', 'female']));
    expect(new Set(cohort.patients.map((p) => p.careTeam))).toEqual(new Set(['haem-a', 'haem-b', 'neuro-a']));
  });

  it('follows every patient for about 3 years, enrolled over the first 10 months, with nothing on or after the end date', () => {
    const times = cohort.commands.map((c) => toMs(clinicalTime(c)));
    expect(Math.max(...times)).toBeLessThan(toMs(`${END}T00:00:00Z`) - 12 * 3600_000);
    const enrolments = cohort.patients.map((p) => toMs(p.enrolledAt));
    expect((Math.max(...enrolments) - Math.min(...enrolments)) / DAY_MS).toBeLessThanOrEqual(300);
    for (const p of cohort.patients) {
      const last = Math.max(...cohort.commands.filter((c) => c.patientId === p.id).map((c) => toMs(clinicalTime(c))));
      const years = (last - toMs(p.enrolledAt)) / (365.25 * DAY_MS);
      expect(years).toBeGreaterThan(2.5);
      expect(years).toBeLessThan(3.6);
    }
  });

  it('lists each patient’s lines together, enrolment first', () => {
    const firstLineOf = new Map<string, number>();
    cohort.commands.forEach((c, i) => firstLineOf.set(c.patientId, firstLineOf.get(c.patientId) ?? i));
    for (const [id, first] of firstLineOf) {
      expect(cohort.commands[first]?.type).toBe('EnrollPatient');
      const lines = cohort.commands.map((c, i) => (c.patientId === id ? i : -1)).filter((i) => i >= 0);
      expect(lines.at(-1)! - first + 1).toBe(lines.length);
    }
  });
});

describe('options', () => {
  it('refuses an end date that is not a calendar date, and an impossible size', () => {
    expect(() => generateCohort({ endDate: '2026-11' })).toThrow(RangeError);
    expect(() => generateCohort({ endDate: END, patients: 0 })).toThrow(RangeError);
  });

  it('keeps the study ratio for another size', () => {
    const small = generateCohort({ endDate: END, patients: 12 });
    expect(small.patients).toHaveLength(12);
    expect(small.patients.filter((p) => p.arm === 'AUTO_PBSCT')).toHaveLength(7);
  });
});

function clinicalTime(command: (typeof cohort.commands)[number]): string {
  const c = command as unknown as Record<string, string>;
  const field = ['enrolledAt', 'measuredAt', 'effectiveAt', 'givenAt', 'occurredAt', 'collectedAt', 'assessedAt', 'onsetAt', 'endedAt', 'dispensedAt', 'startedAt', 'stoppedAt'].find(
    (f) => f in c,
  );
  return c[field!]!;
}
