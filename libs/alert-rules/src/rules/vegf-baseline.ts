import { addCalendarDays, isAfter, isBefore, localDate, startOfLocalDay, type IsoTime, type TimeZone } from '@poems/kernel';
import { milestoneOf, type PatientState } from '@poems/patient';
import type { Arm, ProtocolDefinition } from '@poems/protocol';
import { vegfResults, type VegfResult } from './vegf-results';

/**
 * The VEGF baseline a response is judged against (issue 16 item 6). Thalidomide arm: the last
 * sample from the clinic day baselineMaxDaysBeforeStart before the start up to the start.
 * Auto-PBSCT: the diagnostic sample, the last one before mobilisation (or, none recorded, before
 * the first apheresis, else the conditioning), from at most baselineMaxDaysBeforeMobilisation clinic
 * days before it: mobilisation chemotherapy already lowers VEGF, so the sample before infusion would
 * understate the response.
 */
export function vegfBaseline(state: PatientState, protocol: ProtocolDefinition, arm: Arm, start: IsoTime, zone: TimeZone): VegfResult | undefined {
  const results = vegfResults(state);
  const { baselineMaxDaysBeforeStart, baselineMaxDaysBeforeMobilisation } = protocol.vegfMonitoring;
  const fromClinicDay = (time: IsoTime, days: number) => startOfLocalDay(addCalendarDays(localDate(time, zone), -days), zone);
  if (arm === 'THALIDOMIDE_DEXAMETHASONE') {
    const earliest = fromClinicDay(start, baselineMaxDaysBeforeStart);
    return results.filter((r) => !isAfter(r.collectedAt, start) && !isBefore(r.collectedAt, earliest)).at(-1);
  }
  const firstStep = milestoneOf(state, 'MOBILISATION') ?? milestoneOf(state, 'APHERESIS') ?? milestoneOf(state, 'CONDITIONING');
  const before = firstStep?.occurredAt ?? start;
  const earliest = fromClinicDay(before, baselineMaxDaysBeforeMobilisation);
  return results.filter((r) => isBefore(r.collectedAt, before) && !isBefore(r.collectedAt, earliest)).at(-1);
}
