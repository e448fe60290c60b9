import { clock, type Day } from './calendar';
import { planted } from './baseline';
import type { CommandLog } from './command-builders';
import type { PlantedProblem } from './cohort-types';
import type { PatientPlan } from './cohort-plan';
import type { ThalidomideVisit } from './thalidomide-visits';

/**
 * The thalidomide safety programme as a clinic runs it (issue 12): thromboprophylaxis (aspirin) from
 * the first dose (IMWG), a 28-day dispensing at each cycle visit (TERMS / REMS), and for a woman of
 * childbearing potential pregnancy tests 10-14 days and on the day before the first dose, weekly for
 * four weeks, then at every cycle visit before dispensing.
 */
export class SafetyProgramme {
  readonly problems: PlantedProblem[] = [];
  private lastTest?: { day: Day };

  constructor(
    private readonly log: CommandLog,
    private readonly plan: PatientPlan,
    private readonly start: Day,
  ) {}

  get childbearing(): boolean {
    return this.plan.traits.has('CHILDBEARING_POTENTIAL');
  }

  private test(day: Day, value: 'negative' | 'positive' = 'negative', specimen: 'urine' | 'serum' = 'urine'): void {
    this.log.pregnancyTest(day, clock(9), value, specimen);
    this.lastTest = { day };
  }

  /** Before the first dose (at 10:00): screening tests, then the first dispensing at 09:45. */
  beforeFirstDose(startMg: number): void {
    if (this.childbearing) {
      this.test(this.start - 12);
      this.test(this.start);
    }
    this.log.dispense(this.start, clock(9, 45), startMg, 28);
  }

  /** After the first dose: aspirin, and weekly tests for four weeks (days 7, 14, 21; day 28 is the next visit). */
  afterFirstDose(): void {
    const late = this.plan.planted.has('THROMBOPROPHYLAXIS_MISSING');
    const day = this.start + (late ? 7 : 0);
    this.log.startThromboprophylaxis(day, clock(11), 'ASPIRIN');
    if (late) {
      const note = 'Aspirin started on day 7: no thromboprophylaxis by day 3 of thalidomide with dexamethasone';
      this.problems.push(planted('THROMBOPROPHYLAXIS_MISSING', this.start + 3, clock(10, 30), note));
    }
    if (this.childbearing) for (const week of [7, 14, 21]) this.test(this.start + week);
  }

  /** A cycle visit on thalidomide: the test (unless forgotten) and the dispensing. Returns false when the visit's test was positive. */
  atVisit(visit: ThalidomideVisit, currentMg: number): boolean {
    if (visit.k === 0 || !visit.onRegimen) return true;
    if (this.childbearing && visit.pregnancyTestPositive) {
      this.test(visit.day, 'positive');
      return false;
    }
    if (this.childbearing && visit.pregnancyTestForgotten) {
      const previous = this.lastTest!.day;
      this.problems.push(planted('PREGNANCY_TEST_OVERDUE', previous + 28, clock(9), 'The monthly pregnancy test forgotten at a cycle visit; done at the next one'));
      this.problems.push(planted('THALIDOMIDE_SUPPLY_EXCEEDED', visit.day, clock(11), 'The same visit’s dispensing, without a negative pregnancy test in the 7 days before'));
    } else if (this.childbearing) {
      this.test(visit.day);
    }
    this.log.dispense(visit.day, clock(11), currentMg, 28);
    return true;
  }

  /** Two days after a positive urine test: serum hCG negative, then the dispensing (thalidomide restarts at 11:00). */
  afterFalsePositive(day: Day, currentMg: number): void {
    this.test(day, 'negative', 'serum');
    this.log.dispense(day, clock(11, 30), currentMg, 28);
  }

  /** The end of the regimen: aspirin stops with thalidomide. */
  atEnd(day: Day): void {
    this.log.stopThromboprophylaxis(day, clock(11, 30), 'Thalidomide course completed');
  }
}
