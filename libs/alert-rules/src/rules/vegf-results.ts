import { isBefore, type IsoTime } from '@poems/kernel';
import { labsOf, type LabEntry, type PatientState } from '@poems/patient';
import { vegfUpperLimit, type ProtocolDefinition } from '@poems/protocol';

export interface VegfResult {
  readonly eventId: string;
  readonly collectedAt: IsoTime;
  /** pg/mL. */
  readonly value: number;
  /** The result's own upper limit of normal, pg/mL. */
  readonly upperLimit: number;
}

/**
 * VEGF results in clinical order, in pg/mL, each with its own upper limit of normal (the patient lib
 * always records one; the protocol's is the fallback for a result stored without it).
 */
export function vegfResults(state: PatientState, protocol: ProtocolDefinition): VegfResult[] {
  return labsOf(state, 'VEGF').flatMap((lab: LabEntry) =>
    lab.test === 'VEGF'
      ? [
          {
            eventId: lab.eventId,
            collectedAt: lab.collectedAt,
            value: lab.value,
            upperLimit: lab.upperLimitOfNormal ?? vegfUpperLimit(protocol, lab).upperLimitPgMl,
          },
        ]
      : [],
  );
}

/** Results collected at or after a time. */
export function collectedFrom(results: ReadonlyArray<VegfResult>, from: IsoTime): VegfResult[] {
  return results.filter((r) => !isBefore(r.collectedAt, from));
}
