import { clinicDaysBetween, type IsoTime, type TimeZone } from '@poems/kernel';
import type { PatientState } from '@poems/patient';
import { treatmentStart } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';
import type { AlertFinding } from '../alert-finding';
import { day, defineRule, evaluation, finding, num, type Clearing } from '../rule-support';
import { bySeries, collectedFrom, isAboveLimit, isNormal, plateletsNear, vegfResults, type VegfResult } from './vegf-results';

/** Why a value is suspicious, and the earlier value it is measured against. */
interface Trigger {
  readonly reason: 'ABOVE_LIMIT_AFTER_NORMAL' | 'RISE_FROM_NADIR';
  readonly reference: VegfResult;
}

interface Episode {
  readonly suspected: VegfResult;
  readonly trigger: Trigger;
  suspectedClearing?: Clearing;
  confirmedBy?: VegfResult;
  confirmedClearing?: Clearing;
}

function why(result: VegfResult, trigger: Trigger, zone: TimeZone): string {
  const ref = trigger.reference;
  return trigger.reason === 'ABOVE_LIMIT_AFTER_NORMAL'
    ? `≥ limit ${num(result.upperLimit!)} after normal ${num(ref.value)} on ${day(ref.collectedAt, zone)}`
    : `${num(Math.round((result.value / ref.value - 1) * 100))}% above nadir ${num(ref.value)} on ${day(ref.collectedAt, zone)}`;
}

function platelets(state: PatientState, at: IsoTime, days: number, zone: TimeZone): string {
  const count = plateletsNear(state, at, days, zone);
  return count ? `platelets ${num(count.thousandsPerUl)}×10³/µL` : `no platelets ±${days} d`;
}

/**
 * Walks one series (specimen + method) on treatment. A value is suspicious when it is at or above
 * its own limit after a normal value on treatment, or abnormal (above its limit, or of unknown
 * limit) and riseFromNadirFraction above the lowest value on treatment so far (3000 → 900 → 2600).
 */
function episodesOf(series: ReadonlyArray<VegfResult>, protocol: ProtocolDefinition, zone: TimeZone): Episode[] {
  const { confirmWithinDays, riseFromNadirFraction } = protocol.vegfMonitoring.rebound;
  const episodes: Episode[] = [];
  let lastNormal: VegfResult | undefined;
  let nadir: VegfResult | undefined;
  let open: Episode | undefined;
  for (const result of series) {
    const trigger: Trigger | undefined =
      lastNormal && isAboveLimit(result)
        ? { reason: 'ABOVE_LIMIT_AFTER_NORMAL', reference: lastNormal }
        : nadir && !isNormal(result) && result.value >= nadir.value * (1 + riseFromNadirFraction)
          ? { reason: 'RISE_FROM_NADIR', reference: nadir }
          : undefined;
    const clear = (because: string): Clearing => ({ at: result.collectedAt, because });
    if (open?.confirmedBy) {
      if (!trigger) {
        open.confirmedClearing = clear(`VEGF ${num(result.value)} pg/mL on ${day(result.collectedAt, zone)}`);
        open = undefined;
      }
    } else if (open) {
      const withinWindow = clinicDaysBetween(open.suspected.collectedAt, result.collectedAt, zone) <= confirmWithinDays;
      if (trigger && withinWindow) {
        open.confirmedBy = result;
        open.suspectedClearing = clear(`confirmed by VEGF ${num(result.value)} pg/mL on ${day(result.collectedAt, zone)}`);
      } else {
        open.suspectedClearing = clear(
          trigger ? `repeat on ${day(result.collectedAt, zone)} came after ${confirmWithinDays} days` : `not confirmed: VEGF ${num(result.value)} pg/mL on ${day(result.collectedAt, zone)}`,
        );
        open = undefined;
      }
    }
    if (!open && trigger) {
      open = { suspected: result, trigger };
      episodes.push(open);
    }
    if (isNormal(result)) lastNormal = result;
    if (!nadir || result.value < nadir.value) nadir = result;
  }
  return episodes;
}

/**
 * VEGF_REBOUND_SUSPECTED (info) and VEGF_REBOUND (warning), issue 16 item 7. Per series, on
 * treatment (collected at or after the start): one suspicious value is a suspicion, shown with the
 * nearest platelet count (serum VEGF rises with platelets); a suspicious repeat within
 * confirmWithinDays clinic days confirms it (clinical time: the repeat; episode key: the first value, as before
 * issue 16). The suspicion clears when confirmed, contradicted or repeated too late; the rebound
 * clears at the next value that is not suspicious, which re-arms the rule.
 */
function reboundFindings(state: PatientState, protocol: ProtocolDefinition, zone: TimeZone): AlertFinding[] {
  const start = treatmentStart(state);
  if (start === undefined) return [];
  const { confirmWithinDays, plateletContextDays } = protocol.vegfMonitoring.rebound;
  const findings: AlertFinding[] = [];
  for (const series of bySeries(collectedFrom(vegfResults(state), start))) {
    for (const e of episodesOf(series, protocol, zone)) {
      const s = e.suspected;
      findings.push(
        finding(
          {
            rule: 'VEGF_REBOUND_SUSPECTED',
            severity: 'info',
            episodeKey: s.eventId,
            clinicalTime: s.collectedAt,
            summary: `VEGF ${num(s.value)} on ${day(s.collectedAt, zone)} ${why(s, e.trigger, zone)}; ${platelets(state, s.collectedAt, plateletContextDays, zone)}: repeat within ${confirmWithinDays} d`,
            evidence: [e.trigger.reference.eventId, s.eventId],
          },
          e.suspectedClearing,
        ),
      );
      const r = e.confirmedBy;
      if (!r) continue;
      findings.push(
        finding(
          {
            rule: 'VEGF_REBOUND',
            severity: 'warning',
            episodeKey: s.eventId,
            clinicalTime: r.collectedAt,
            summary: `VEGF ${num(r.value)} on ${day(r.collectedAt, zone)} confirms ${num(s.value)} on ${day(s.collectedAt, zone)} (${e.trigger.reason === 'RISE_FROM_NADIR' ? 'rise from nadir' : 'above limit'}); ${platelets(state, r.collectedAt, plateletContextDays, zone)}: possible relapse`,
            evidence: [e.trigger.reference.eventId, s.eventId, r.eventId],
          },
          e.confirmedClearing,
        ),
      );
    }
  }
  return findings;
}

export const vegfReboundSuspected = defineRule(({ state, protocol, zone }) => evaluation(reboundFindings(state, protocol, zone).filter((f) => f.rule === 'VEGF_REBOUND_SUSPECTED')));
export const vegfRebound = defineRule(({ state, protocol, zone }) => evaluation(reboundFindings(state, protocol, zone).filter((f) => f.rule === 'VEGF_REBOUND')));
