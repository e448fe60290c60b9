import type { AlertRuleCode } from './alert-finding';

export { alertStreamId } from '@poems/kernel';

/**
 * The canonical identity of an alert: one per patient + rule + episode (+ generation, when a
 * correction brought a resolved episode back: a new alert, since the resolved one keeps its history).
 * Infrastructure hashes it
 * into the alert's UUID (the domain has no crypto), so retries, re-imports and rebuilds find the
 * same alert. A JSON array: unambiguous whatever characters an episode key holds. Never change it:
 * existing alert ids derive from it.
 */
export function alertIdentityKey(patientId: string, rule: AlertRuleCode, episodeKey: string, generation = 0): string {
  // Generation 0 keeps the key every existing alert id derives from; a comeback (issue 12) adds its generation.
  return JSON.stringify(generation === 0 ? ['poems-alert', 1, patientId, rule, episodeKey] : ['poems-alert', 1, patientId, rule, episodeKey, generation]);
}
