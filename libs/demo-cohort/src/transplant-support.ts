import { clock } from './calendar';
import { planted } from './baseline';
import type { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';

/**
 * The planted ARM_MISMATCH: on the day of enrolment the referring haematologist starts thalidomide
 * 100 mg/day (with aspirin) as a bridge to transplant, off the Auto-PBSCT arm; it is stopped six
 * days later, before mobilisation (at the earliest 7 days after enrolment). Stopped before the
 * escalation day, so no escalation is due; the patient is a man, so no pregnancy test is.
 */
export function offArmBridge(log: CommandLog, plan: PatientPlan): PlantedProblem[] {
  if (!plan.planted.has('ARM_MISMATCH')) return [];
  const start = plan.enrolmentDay;
  const stop = start + 6;
  log.dispense(start, clock(10, 45), 100, 14);
  log.thalidomide(start, clock(11), 100, 'Bridge to transplant (referring hospital)');
  log.startThromboprophylaxis(start, clock(11), 'ASPIRIN');
  log.thalidomide(stop, clock(10), 0, 'Stopped: thalidomide is not part of the Auto-PBSCT arm');
  log.stopThromboprophylaxis(stop, clock(10, 30), 'Thalidomide stopped');
  const note = 'Thalidomide 100 mg/day started on the day of enrolment as a bridge to transplant, off the Auto-PBSCT arm; stopped 6 days later, before mobilisation';
  return [planted('ARM_MISMATCH', start, clock(11), note)];
}
