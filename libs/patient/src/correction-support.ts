import type { DecidedEvent, IsoTime } from '@poems/kernel';
import type { CorrectableEventType, EventCorrectedData } from './correction-event';
import { FACT_KINDS } from './facts/fact-registry';
import type { Entry, PatientState } from './state';

/** The state as if an event had never been recorded: a correction is decided against the rest. */
export function stateWithout(state: PatientState, eventId: string): PatientState {
  const lists = FACT_KINDS.map((kind) => {
    const list = state[kind.stateKey] as ReadonlyArray<Entry<object>>;
    return [kind.stateKey, list.filter((e) => e.eventId !== eventId || !(kind.ownsEntry?.(e as never) ?? true))];
  });
  return { ...state, ...Object.fromEntries(lists) };
}

/** Applies corrected fields to a command body; `null` removes an optional field. */
export function applyChanges(body: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...body };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

/** Same JSON content, whatever the key order. */
export function sameValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(stable(a)) === JSON.stringify(stable(b));
}

/** `data` must be the corrected data of `correctedType`, at the schema version it is written at. */
export function correctionEvent(
  correctsEventId: string,
  correctedType: CorrectableEventType,
  correctedSchemaVersion: number,
  reason: string,
  data: EventCorrectedData['data'],
  now: IsoTime,
): DecidedEvent<'EventCorrected', EventCorrectedData> {
  return {
    type: 'EventCorrected',
    data: { correctsEventId, correctedType, correctedSchemaVersion, reason, data } as EventCorrectedData,
    occurredAt: now,
  };
}
