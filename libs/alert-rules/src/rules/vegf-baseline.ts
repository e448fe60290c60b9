import { addDays, isAfter, isBefore, type IsoTime } from '@poems/kernel';
import { milestoneOf, type PatientState } from '@poems/patient';
import type { Arm, ProtocolDefinition } from '@poems/protocol';
import { vegfResults, type VegfResult } from './vegf-results';

/**
 * The VEGF baseline a response is judged against (issue 16 item 6). Thalidomide arm: the last
 * sample in [start − baselineMaxDaysBeforeStart, start]. Auto-PBSCT: the diagnostic sample, the
 * last one before mobilisation (or, none recorded, before the first apheresis, else the
 * conditioning), at most baselineMaxDaysBeforeMobilisation old: mobilisation chemotherapy already
 * lowers VEGF, so the sample before infusion would understate the response.
 */
export function vegfBaseline(state: PatientState, protocol: ProtocolDefinition, arm: Arm, start: IsoTime): VegfResult | undefined {
  const results = vegfResults(state);
  const { baselineMaxDaysBeforeStart, baselineMaxDaysBeforeMobilisation } = protocol.vegfMonitoring;
  if (arm === 'THALIDOMIDE_DEXAMETHASONE') {
    const earliest = addDays(start, -baselineMaxDaysBeforeStart);
    return results.filter((r) => !isAfter(r.collectedAt, start) && !isBefore(r.collectedAt, earliest)).at(-1);
  }
  const firstStep = milestoneOf(state, 'MOBILISATION') ?? milestoneOf(state, 'APHERESIS') ?? milestoneOf(state, 'CONDITIONING');
  const before = firstStep?.occurredAt ?? start;
  const earliest = addDays(before, -baselineMaxDaysBeforeMobilisation);
  return results.filter((r) => isBefore(r.collectedAt, before) && !isBefore(r.collectedAt, earliest)).at(-1);
}
