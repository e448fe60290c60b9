import type { StoredEvent } from '@poems/event-store';
import { parsePatientEvent } from '@poems/patient';

const parsed = new WeakMap<StoredEvent, ReturnType<typeof parsePatientEvent>>();

/**
 * A stored patient event parsed (and upcast) with its schema once, however many projections of a
 * group look at it: the batch's events are the same objects for all of them. Kept only as long as
 * the event object itself.
 */
export function parsedPatientEvent(stored: StoredEvent): ReturnType<typeof parsePatientEvent> {
  let result = parsed.get(stored);
  if (!result) {
    result = parsePatientEvent(stored.type, stored.schemaVersion, stored.data);
    parsed.set(stored, result);
  }
  return result;
}
