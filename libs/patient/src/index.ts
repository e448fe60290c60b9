// Commands: the public API (zod schemas; field names are part of the contract).
export { calendarDate, clinicalTimeInput } from './command-fields';
export * from './enrolment-commands';
export * from './treatment-commands';
export * from './observation-commands';
export * from './assessments';
export * from './command-schema';
export * from './command-order';
// Kinds of clinical fact: one descriptor each (schemas, clinical time, decision, REST path, timeline).
export * from './facts/fact-kind';
export * from './facts/fact-registry';
export * from './facts/performance-status.fact';
export * from './facts/transfusion.fact';
// Events: schemas, versions, parsing of stored events.
export * from './enrolment-events';
export * from './treatment-events';
export * from './observation-events';
export * from './correction-event';
export * from './event-registry';
// Decide and evolve.
export { decide } from './decide';
export { CORRECTED_REASON } from './decide-correction';
export { BASELINE_WINDOW_DAYS, DEFAULT_MAX_CLOCK_SKEW_MS, type DecideContext } from './decision-rules';
export { MAX_AGE_YEARS } from './decide-enrolment';
export { evolve } from './evolve';
export * from './state';
export * from './state-queries';
export {
  assignCycles,
  cycleRulesOf,
  scheduledDosesPerCycle,
  scheduleLengthDays,
  type CycleInfo,
  type CyclePosition,
  type CycleRules,
  type ExtraDose,
} from './dexamethasone-cycles';
export { clinicZoneOf } from './decision-rules';
export { doseBandAt, dosesNeedBirthDate } from './decide-doses';
export * from './nerves';
export * from './safety-queries';
export * from './facts/thalidomide-dispensing.fact';
export * from './facts/thromboprophylaxis.fact';
