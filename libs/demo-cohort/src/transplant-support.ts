import { clock, type Day } from './calendar';
import { planted } from './baseline';
import type { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';
import { createRng, type Rng } from './prng';
import type { TransplantDays } from './transplant-engraftment';

/**
 * Supportive care around a transplant, and the one off-arm treatment. None of it is a regimen
 * dose or a transplant step, so none of it moves a planted problem. Random numbers come from the
 * patient's own derived stream (`<id>|support`), never from the course's: adding supportive care
 * shifts no other value of the patient.
 */

/** Dexamethasone 9.9 mg IV as an antiemetic, half an hour before high-dose melphalan: SUPPORTIVE, never a cycle. */
export function antiemetic(log: CommandLog, days: TransplantDays): void {
  log.dexamethasone(days.conditioning, clock(9, 30), 9.9, 'SUPPORTIVE');
}

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

/** Prophylactic platelet transfusion below this count (×10³/µL), as in most transplant units. */
const PLATELET_TRIGGER = 10;
/** ASTCT: platelet engraftment counts no day within 7 days of a platelet transfusion; one day more for safety. */
const LAST_TRANSFUSION_BEFORE_ENGRAFTMENT = 8;

/**
 * Transfusions in aplasia for about one transplant patient in four, and always for the patient whose
 * neutrophils engraft only on day +32. Platelets (one bag at 14:00) when the morning count is below
 * 10 × 10³/µL, at most on every second day, and never within 8 days of the planned platelet
 * engraftment: the engraftment the counts show (first of 3 days ≥ 20 × 10³/µL, no platelet
 * transfusion in the 7 days before) stays the planned day. The next morning's count is a little
 * higher, still below 20; in the week before engraftment these patients stay at 10 or above, so no
 * transfusion is withheld that the trigger would call for. Red cells (2 units at 13:00) once on day
 * +8, or every 8 days until neutrophil engraftment for the prolonged aplasia.
 */
export class TransfusionSupport {
  private readonly rng: Rng;
  readonly transfused: boolean;
  private lastPlateletDay = -Infinity;

  constructor(
    private readonly log: CommandLog,
    plan: PatientPlan,
    private readonly days: TransplantDays,
  ) {
    this.rng = createRng(`${plan.id}|support`);
    const prolonged = plan.planted.has('GRAFT_FAILURE_RISK');
    this.transfused = prolonged || this.rng.chance(0.25);
    if (!this.transfused) return;
    const redCellDays = prolonged ? Array.from({ length: Math.floor((days.neutrophils - days.infusion - 1) / 8) }, (_, i) => days.infusion + 8 * (i + 1)) : [days.infusion + 8];
    for (const day of redCellDays) log.transfusion(day, clock(13), 'RED_CELLS', 2);
  }

  /** The platelet count (×10³/µL) of the morning of `day`, as drawn, after any transfusion it calls for. */
  platelets(day: Day, drawn: number): number {
    if (!this.transfused) return drawn;
    const bumped = day - this.lastPlateletDay <= 2 ? Math.min(19, drawn + this.rng.int(6, 12)) : drawn;
    const lastAllowed = this.days.platelets - LAST_TRANSFUSION_BEFORE_ENGRAFTMENT;
    // The week before engraftment: a count drawn below the trigger reads 10-14 instead (no draw of its own).
    const count = day > lastAllowed && day < this.days.platelets && bumped < PLATELET_TRIGGER ? PLATELET_TRIGGER + (bumped % 5) : bumped;
    if (count < PLATELET_TRIGGER && day <= lastAllowed && day - this.lastPlateletDay >= 2) {
      this.log.transfusion(day, clock(14), 'PLATELETS', 1);
      this.lastPlateletDay = day;
    }
    return count;
  }
}
