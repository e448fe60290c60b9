import type { RaisedAlertState } from '@poems/alert-rules';

/** The CDS Hooks 2.0 card of an open alert (what an EHR shows in its patient view). */
export interface Card {
  uuid: string;
  summary: string;
  detail: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url: string; topic: { system: string; code: string; display: string } };
  links: { label: string; url: string; type: 'absolute' }[];
  suggestions: { label: string; uuid: string; isRecommended: boolean }[];
  selectionBehavior: 'at-most-one';
  overrideReasons: { system: string; code: string; display: string }[];
}

export const OVERRIDE_REASON_SYSTEM = 'urn:poems:fhir:cds-override-reason';
const OVERRIDE_REASONS = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'not-clinically-relevant', display: 'Not clinically relevant for this patient' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'already-addressed', display: 'Already addressed' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-error', display: 'The data behind it is wrong' },
];

const INDICATOR: Readonly<Record<string, Card['indicator']>> = { critical: 'critical', warning: 'warning', info: 'info' };

export function alertCard(alert: RaisedAlertState, ids: { card: string; suggestion: string }, urls: { origin: string; dashboard: string }): Card {
  const acknowledged = alert.acknowledged ? `\n\nAcknowledged (${alert.acknowledged.outcome}) by ${alert.acknowledged.by.userId} on ${alert.acknowledged.acknowledgedAt.slice(0, 10)}.` : '';
  return {
    uuid: ids.card,
    summary: `${alert.rule}: ${alert.summary}`.slice(0, 139),
    detail:
      `**${alert.rule}** (${alert.severity}), clinical time ${alert.clinicalTime.slice(0, 10)}, raised ${alert.raisedAt.slice(0, 10)}.\n\n${alert.summary}` +
      `${alert.escalations.length ? `\n\nEscalated ${alert.escalations.length} time(s): not yet acknowledged.` : ''}${acknowledged}`,
    indicator: INDICATOR[alert.severity] ?? 'info',
    source: { label: 'POEMS monitoring', url: urls.origin, topic: { system: 'urn:poems:fhir:alert-rule', code: alert.rule, display: alert.rule } },
    links: [{ label: 'Open the patient in the POEMS dashboard', url: urls.dashboard, type: 'absolute' }],
    suggestions: alert.status === 'OPEN' ? [{ label: 'Acknowledge this alert', uuid: ids.suggestion, isRecommended: true }] : [],
    selectionBehavior: 'at-most-one',
    overrideReasons: OVERRIDE_REASONS,
  };
}
