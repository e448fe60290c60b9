import { toMs } from '@poems/kernel';
import { commandOrder, commandSchema, compareCommandOrder, type PatientCommandInput } from '@poems/patient';
import { clock, dayOf, utcTime } from './calendar';
import { planCohort, type PatientPlan } from './cohort-plan';
import type { Cohort, CohortOptions, CohortPatient } from './cohort-types';
import type { CourseResult } from './course-result';
import { thalidomideCourse } from './thalidomide-course';
import { transplantCourse } from './transplant-course';

export const DEFAULT_SEED = 'poems-demo';
export const STUDY_PATIENTS = 36;

/** Sorted as /v1/import decides them (ties keep the order written), so the file reads as a history. */
function inImportOrder(commands: ReadonlyArray<PatientCommandInput>): PatientCommandInput[] {
  return commands
    .map((command, line) => ({ command, line, order: commandOrder(commandSchema.parse(command)) }))
    .sort((a, b) => compareCommandOrder(a.order, b.order) || a.line - b.line)
    .map((entry) => entry.command);
}

function metadataOf(plan: PatientPlan, course: CourseResult): CohortPatient {
  return {
    id: plan.id,
    name: plan.name,
    mrn: plan.mrn,
    sex: plan.sex,
    birthDate: plan.birthDate,
    careTeam: plan.careTeam,
    enrolledAt: utcTime(plan.enrolmentDay, clock(10)),
    age: plan.age,
    arm: plan.arm,
    halfDose: plan.age >= 75,
    treatmentStart: course.treatmentStart,
    expectedOutcome: plan.outcome,
    traits: [...plan.traits],
    problems: [...course.problems].sort((a, b) => toMs(a.clinicalTime) - toMs(b.clinicalTime)),
    ...(course.regimenEndedAt && { regimenEndedAt: course.regimenEndedAt }),
    ...(course.correctedAccessionId && { correctedAccessionId: course.correctedAccessionId }),
  };
}

/**
 * A synthetic cohort shaped like the study, as /v1/import commands. Pure and deterministic: the
 * same seed and end date give byte-identical output; nothing is dated on or after the end date.
 */
export function generateCohort({ seed = DEFAULT_SEED, endDate, patients = STUDY_PATIENTS }: CohortOptions): Cohort {
  const plans = planCohort(seed, dayOf(endDate), patients);
  const commands: PatientCommandInput[] = [];
  const described: CohortPatient[] = [];
  for (const plan of plans) {
    const course = plan.arm === 'AUTO_PBSCT' ? transplantCourse(plan) : thalidomideCourse(plan);
    commands.push(...inImportOrder(course.log.commands));
    described.push(metadataOf(plan, course));
  }
  return { commands, patients: described };
}

/** One JSON command per line, newline-terminated: the body of POST /v1/import. */
export function toNdjson(commands: ReadonlyArray<PatientCommandInput>): string {
  return commands.map((command) => `${JSON.stringify(command)}\n`).join('');
}
