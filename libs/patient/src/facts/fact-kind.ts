import type { DecidedEvent } from '@poems/kernel';
import type { z } from 'zod';
import type { DecideContext } from '../decision-rules';
import type { EnrolmentSummary, Entry, PatientState } from '../state';

/** A command without its `type`: what REST bodies and the deciders take. */
export type BodyOf<S extends z.ZodType> = Omit<z.output<S>, 'type'>;

/**
 * One kind of clinical fact a patient stream records (a dose, a lab result, an assessment…), with
 * everything the rest of the system needs to know about it in one place: its command and event
 * schemas, the field holding its clinical time, how it is decided, what a correction may change,
 * and where it appears on the REST API and the timeline. `evolve`, corrections, the import's
 * decision order, the REST routes, the OpenAPI document and the timeline all follow from it.
 *
 * To add one: a file of this shape in this folder and a line in `fact-registry.ts` (see
 * CONTRIBUTING.md).
 */
export interface FactKind<
  C extends string = string,
  E extends string = string,
  K extends string = string,
  S extends z.ZodType = z.ZodType,
  D extends z.ZodType = z.ZodType,
  X extends object = object,
> {
  /** The command's `type`, e.g. RecordLabResult. */
  readonly command: C;
  /** The event's `type`, e.g. LabResultRecorded (past tense). */
  readonly event: E;
  /** Where the entries live in PatientState (a list kept in clinical-time order). */
  readonly stateKey: K;
  /** The version decided events are written at; older ones are upcast by `upcasters`. */
  readonly schemaVersion: number;
  readonly upcasters?: Readonly<Record<number, (older: unknown) => unknown>>;
  /** The REST body: the command without `type` (patientId may also come from the URL). */
  readonly bodySchema: z.ZodType;
  /** The command as an import line: the body plus `type`. */
  readonly commandSchema: S;
  readonly eventSchema: D;
  /** Names the clinical time, in the command and in the event data alike. */
  readonly timeField: string;
  /** Treatment facts may not be dated after the regimen ended (REGIMEN_ENDED). */
  readonly regimenBound: boolean;
  /** The event data for a command body, decided against the rest of the history. Pure; throws DomainError. */
  derive(body: BodyOf<S>, state: PatientState, enrolment: EnrolmentSummary, context: DecideContext): z.output<D>;
  /**
   * Replaces the default decision (one event of this kind from `derive`), e.g. a lab's corrected
   * result, which becomes an EventCorrected. (Typed loosely: the event union is built from the kinds.)
   */
  decide?(command: z.output<S>, state: PatientState, enrolment: EnrolmentSummary, context: DecideContext): DecidedEvent;
  /** Fields a CorrectEvent may change on an entry, named as in the command; the rest identify the fact. */
  correctableFields(entry: Entry<z.output<D>>): ReadonlyArray<string>;
  /** The command body that would record the entry's current values again (a correction merges into it). */
  commandBody(patientId: string, entry: Entry<z.output<D>>): Record<string, unknown>;
  /** Fields every entry of this kind carries in the state besides its data (a phantom type when absent). */
  readonly entryExtra?: X;
  /** True when an entry of the list belongs to this kind (body measurements share theirs with the enrolment). */
  ownsEntry?(entry: Entry<z.output<D>> & X): boolean;
  /** POST /v1/patients/{patientId}/<path>. */
  readonly rest: { readonly path: string; readonly summary: string; readonly description?: string };
  /** The timeline section listing entries of this kind, and the fields shown for each (default: the data). */
  readonly timeline: { readonly section: string; present?(data: z.output<D>): Record<string, unknown> };
}

// `any` here is what lets the registry hold facts of different schemas in one tuple; each fact
// keeps its precise type through `defineFact`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFactKind = FactKind<string, string, string, any, any, any>;

/** Keeps the literal types of a fact (its command, event and state key) for the registry. */
export function defineFact<C extends string, E extends string, K extends string, S extends z.ZodType, D extends z.ZodType, X extends object = object>(
  kind: FactKind<C, E, K, S, D, X>,
): FactKind<C, E, K, S, D, X> {
  return kind;
}

/** The fields of an object that are defined, picked by name: a command body from an entry. */
export function pickDefined(entry: object, fields: ReadonlyArray<string>): Record<string, unknown> {
  const source = entry as Record<string, unknown>;
  return Object.fromEntries(fields.filter((field) => source[field] !== undefined).map((field) => [field, source[field]]));
}
