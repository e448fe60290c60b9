export { DEFAULT_SEED, generateCohort, STUDY_PATIENTS, toNdjson } from './generate-cohort';
export {
  PLANTED_RULES,
  type Cohort,
  type CohortOptions,
  type CohortPatient,
  type CourseTrait,
  type ExpectedOutcome,
  type PlantedProblem,
  type PlantedRule,
} from './cohort-types';
