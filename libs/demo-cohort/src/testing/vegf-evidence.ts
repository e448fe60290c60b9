import { addDays, isAfter, isBefore, toMs, type IsoTime } from '@poems/kernel';
import { labsOf, milestoneOf, protocolOf, treatmentStart, type PatientState } from '@poems/patient';

/**
 * Test-only: where the VEGF rules of issue 16 would fire, from their stated semantics, erring
 * towards firing: any in-window sample against the lowest baseline, any two suspicious samples
 * within the confirmation window.
 */
type Fire = (rule: string, at: IsoTime) => void;

export function vegfEvidence(state: PatientState, fire: Fire): void {
  const protocol = protocolOf(state)!;
  const start = treatmentStart(state);
  if (start === undefined) return;
  const vegf = labsOf(state, 'VEGF').map((l) => ({ at: l.collectedAt, value: l.value as number, limit: ('upperLimitOfNormal' in l ? l.upperLimitOfNormal : undefined) ?? null, series: `${l.specimen}|${l.method}` }));
  const normal = (v: { value: number; limit: number | null }) => v.limit !== null && v.value < v.limit;

  for (const series of new Set(vegf.map((v) => v.series))) {
    const onTreatment = vegf.filter((v) => v.series === series && !isBefore(v.at, start));
    let seenNormal = false;
    let nadir = Infinity;
    let suspicious: IsoTime | undefined;
    let inRebound = false;
    for (const v of onTreatment) {
      const hit = (seenNormal && !normal(v) && v.limit !== null) || (!normal(v) && v.value >= nadir * (1 + protocol.vegfMonitoring.rebound.riseFromNadirFraction));
      if (hit && !suspicious && !inRebound) {
        fire('VEGF_REBOUND_SUSPECTED', v.at);
        suspicious = v.at;
      } else if (hit && suspicious && !inRebound) {
        if ((toMs(v.at) - toMs(suspicious)) / 86_400_000 <= protocol.vegfMonitoring.rebound.confirmWithinDays) {
          fire('VEGF_REBOUND', v.at);
          inRebound = true;
        } else {
          fire('VEGF_REBOUND_SUSPECTED', v.at);
          suspicious = v.at;
        }
      } else if (!hit) {
        suspicious = undefined;
        inRebound = false;
      }
      if (normal(v)) seenNormal = true;
      nadir = Math.min(nadir, v.value);
    }
  }

  const firstStep = state.enrolment!.arm === 'AUTO_PBSCT' ? (milestoneOf(state, 'MOBILISATION') ?? milestoneOf(state, 'APHERESIS'))?.occurredAt ?? start : start;
  const baselines = vegf.filter((v) => !isAfter(v.at, firstStep) && !isBefore(v.at, addDays(firstStep, -90)));
  const target = addDays(start, protocol.vegfResponse.nonResponseCheckDays);
  const { daysBefore, daysAfter } = protocol.vegfMonitoring.responseCheckWindow;
  const inWindow = vegf.filter((v) => !isBefore(v.at, addDays(target, -daysBefore)) && !isAfter(v.at, addDays(target, daysAfter)));
  const lowest = Math.min(...baselines.map((b) => b.value));
  const poor = inWindow.filter((v) => !normal(v) && v.value > lowest * (1 - protocol.vegfResponse.minFallFraction));
  if (baselines.length > 0 && poor.length > 0) {
    const closest = [...inWindow].sort((a, b) => Math.abs(toMs(a.at) - toMs(target)) - Math.abs(toMs(b.at) - toMs(target)))[0]!;
    fire('VEGF_NON_RESPONSE', closest.at);
  }
}
