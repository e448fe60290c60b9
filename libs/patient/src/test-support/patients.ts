import type { GivenEvent } from './scenario';
import { PATIENT_ID } from './scenario';

/**
 * Literal enrolment events for the specs (test-only). BSA by Mosteller:
 * 160 cm, 55 kg → √(160 × 55 / 3600) = 1.5635 → 1.56 m²;
 * 170 cm, 70 kg → 1.8181 → 1.82 m²; 150 cm, 45 kg → 1.3693 → 1.37 m².
 */

/** 69 years old on the seed protocol: thalidomide + dexamethasone, full doses. */
export const ENROLLED_AGE_69: GivenEvent = {
  type: 'PatientEnrolled',
  occurredAt: '2024-03-01T09:00:00.000Z',
  data: {
    patientId: PATIENT_ID,
    identity: { birthDate: '1954-03-10', name: 'Hanako Sato', mrn: 'MRN-0042' },
    sex: 'female',
    careTeam: 'haem-a',
    enrolledAt: '2024-03-01T09:00:00.000Z',
    ageAtEnrolment: 69,
    ageBand: { minAge: 66, maxAge: 74, doseFactor: 1 },
    arm: 'THALIDOMIDE_DEXAMETHASONE',
    armReason: 'AGE',
    protocol: { id: 'poems-seed', version: 1 },
    heightCm: 160,
    weightKg: 55,
    bsaM2: 1.56,
    bsaFormula: 'MOSTELLER',
  },
};

/** 53 years old on the seed protocol: Auto-PBSCT. */
export const ENROLLED_AGE_53: GivenEvent = {
  type: 'PatientEnrolled',
  occurredAt: '2024-03-01T09:00:00.000Z',
  data: {
    patientId: PATIENT_ID,
    identity: { birthDate: '1970-05-20' },
    sex: 'male',
    careTeam: 'haem-a',
    enrolledAt: '2024-03-01T09:00:00.000Z',
    ageAtEnrolment: 53,
    ageBand: { minAge: 0, maxAge: 65, doseFactor: 1 },
    arm: 'AUTO_PBSCT',
    armReason: 'AGE',
    protocol: { id: 'poems-seed', version: 1 },
    heightCm: 170,
    weightKg: 70,
    bsaM2: 1.82,
    bsaFormula: 'MOSTELLER',
  },
};

/** 79 years old on the seed protocol: thalidomide + dexamethasone at half doses. */
export const ENROLLED_AGE_79: GivenEvent = {
  type: 'PatientEnrolled',
  occurredAt: '2024-03-01T09:00:00.000Z',
  data: {
    patientId: PATIENT_ID,
    identity: { birthDate: '1945-01-15' },
    sex: 'male',
    careTeam: 'haem-b',
    enrolledAt: '2024-03-01T09:00:00.000Z',
    ageAtEnrolment: 79,
    ageBand: { minAge: 75, maxAge: null, doseFactor: 0.5 },
    arm: 'THALIDOMIDE_DEXAMETHASONE',
    armReason: 'AGE',
    protocol: { id: 'poems-seed', version: 1 },
    heightCm: 150,
    weightKg: 45,
    bsaM2: 1.37,
    bsaFormula: 'MOSTELLER',
  },
};

/** 69 years old on J-POST: thalidomide 200 mg/day, dexamethasone days 1-4. */
export const ENROLLED_JPOST_AGE_69: GivenEvent = {
  ...ENROLLED_AGE_69,
  data: { ...(ENROLLED_AGE_69.data as object), protocol: { id: 'j-post', version: 1 } },
} as GivenEvent;
