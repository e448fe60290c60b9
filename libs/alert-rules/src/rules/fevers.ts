import { toMs, type IsoTime } from '@poems/kernel';
import type { AssessmentEntry, PatientState } from '@poems/patient';
import type { ProtocolDefinition } from '@poems/protocol';
import { namesAny, num, shortText } from '../rule-support';

/** A fever as the history shows it: when it met the definition, what shows it, and how to say it. */
export interface Fever {
  readonly at: IsoTime;
  readonly evidence: ReadonlyArray<string>;
  readonly label: string;
}

type Temperature = AssessmentEntry & { readonly kind: 'VITALS'; readonly temperatureC: number };
const isTemperature = (a: AssessmentEntry): a is Temperature => a.kind === 'VITALS' && a.temperatureC !== undefined;

/**
 * Fevers by the IDSA definition (Freifeld 2011): one temperature ≥ singleTemperatureC, or
 * readings ≥ sustainedTemperatureC without a lower one between them spanning at least
 * sustainedMinutes (at the reading that completes the span); and adverse events whose term names a
 * fever (the issue: fever recorded as an adverse event counts). In clinical order.
 */
export function fevers(state: PatientState, protocol: ProtocolDefinition, singleAtLeastC = protocol.febrileNeutropenia.singleTemperatureC, withSustained = true): Fever[] {
  const { sustainedTemperatureC, sustainedMinutes, feverTerms } = protocol.febrileNeutropenia;
  const found: Fever[] = [];
  let runStart: Temperature | undefined;
  for (const reading of state.assessments.filter(isTemperature)) {
    if (reading.temperatureC >= singleAtLeastC) found.push({ at: reading.assessedAt, evidence: [reading.eventId], label: `${num(reading.temperatureC)} °C` });
    if (!withSustained || reading.temperatureC < sustainedTemperatureC) {
      runStart = undefined;
      continue;
    }
    if (!runStart) {
      runStart = reading;
      continue;
    }
    const minutes = (toMs(reading.assessedAt) - toMs(runStart.assessedAt)) / 60_000;
    if (minutes >= sustainedMinutes && reading.temperatureC < singleAtLeastC && runStart.temperatureC < singleAtLeastC) {
      found.push({ at: reading.assessedAt, evidence: [runStart.eventId, reading.eventId], label: `≥ ${num(sustainedTemperatureC)} °C for ${Math.round(minutes)} min` });
      runStart = undefined;
    }
  }
  for (const event of state.adverseEvents) {
    if (namesAny(event.term, feverTerms)) found.push({ at: event.onsetAt, evidence: [event.eventId], label: `"${shortText(event.term, 24)}"` });
  }
  return found.sort((a, b) => toMs(a.at) - toMs(b.at));
}
