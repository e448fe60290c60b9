import type { AlertRuleCode } from './alert-finding';

export { alertStreamId } from '@poems/kernel';

/**
 * The canonical identity of an alert: one per patient + rule + episode. Infrastructure hashes it
 * into the alert's UUID (the domain has no crypto), so retries, re-imports and rebuilds find the
 * same alert. A JSON array: unambiguous whatever characters an episode key holds. Never change it:
 * existing alert ids derive from it.
 */
export function alertIdentityKey(patientId: string, rule: AlertRuleCode, episodeKey: string): string {
  return JSON.stringify(['poems-alert', 1, patientId, rule, episodeKey]);
}
