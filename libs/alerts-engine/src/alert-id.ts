import { alertIdentityKey } from '@poems/alert-rules';
import { derivedUuid } from '@poems/event-store';

/** A UUID derived from patient + rule + episode (+ generation when a correction brought it back): each can only ever be one alert. */
export function alertIdFor(patientId: string, rule: string, episodeKey: string, generation = 0): string {
  return derivedUuid(alertIdentityKey(patientId, rule as never, episodeKey, generation));
}
