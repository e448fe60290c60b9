import { alertIdentityKey } from '@poems/alert-rules';
import { derivedUuid } from '@poems/event-store';

/** A UUID derived from patient + rule + episode: the same episode can only ever be one alert. */
export function alertIdFor(patientId: string, rule: string, episodeKey: string): string {
  return derivedUuid(alertIdentityKey(patientId, rule as never, episodeKey));
}
