import type { z } from 'zod';
import type { Entry, FactListKey, PatientState } from '../state';
import { adverseEventFact } from './adverse-event.fact';
import { assessmentFact } from './assessment.fact';
import { bodyMeasurementFact } from './body-measurement.fact';
import { dexamethasoneDoseFact } from './dexamethasone-dose.fact';
import type { AnyFactKind } from './fact-kind';
import { labResultFact } from './lab-result.fact';
import { performanceStatusFact } from './performance-status.fact';
import { thalidomideDoseFact } from './thalidomide-dose.fact';
import { thalidomideDispensingFact } from './thalidomide-dispensing.fact';
import { thromboprophylaxisStartFact, thromboprophylaxisStopFact } from './thromboprophylaxis.fact';
import { transplantMilestoneFact } from './transplant-milestone.fact';
import { transfusionFact } from './transfusion.fact';

/** Every kind of clinical fact a patient stream records. One line per kind. */
export const FACT_KINDS = [
  bodyMeasurementFact,
  thalidomideDoseFact,
  dexamethasoneDoseFact,
  transplantMilestoneFact,
  labResultFact,
  assessmentFact,
  adverseEventFact,
  performanceStatusFact,
  // Issue 16 item 2 (platelet engraftment needs the transfusions).
  transfusionFact,
  // Issue 12: the thalidomide safety programme.
  thalidomideDispensingFact,
  thromboprophylaxisStartFact,
  thromboprophylaxisStopFact,
] as const;

export type FactKinds = typeof FACT_KINDS;
export type Fact = FactKinds[number];
export type FactCommandType = Fact['command'];
export type FactEventType = Fact['event'];
export type FactStateKey = Fact['stateKey'];
export type FactByEvent<E extends FactEventType> = Extract<Fact, { event: E }>;
export type FactByCommand<C extends FactCommandType> = Extract<Fact, { command: C }>;
type ExtraOf<F> = F extends { entryExtra?: infer X } ? (X extends object ? X : object) : object;
export type FactEntry<F extends AnyFactKind> = Entry<z.output<F['eventSchema']>> & ExtraOf<F>;

// Every fact's list is named in PatientState and FactListKey (the compiler refuses a missing one).
type ListedIn<T extends FactListKey & keyof PatientState> = T;
export type FactStateKeys = ListedIn<FactStateKey>;

const byCommand = new Map<string, Fact>(FACT_KINDS.map((kind) => [kind.command, kind]));
const byEvent = new Map<string, Fact>(FACT_KINDS.map((kind) => [kind.event, kind]));

export function factOfCommand(type: string): Fact | undefined {
  return byCommand.get(type);
}

export function factOfEvent(type: string): Fact | undefined {
  return byEvent.get(type);
}

export function isFactEventType(type: string): type is FactEventType {
  return byEvent.has(type);
}

/** The clinical time an entry (or event data) of this kind carries. */
export function clinicalTimeOfFact(kind: AnyFactKind, data: object): string {
  return (data as Record<string, string>)[kind.timeField]!;
}

export function isFactCommandType(type: string): type is FactCommandType {
  return byCommand.has(type);
}
