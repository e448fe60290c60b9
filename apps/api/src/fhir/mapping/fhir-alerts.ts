import type { DetectedIssue, Reference } from '@medplum/fhirtypes';
import type { RaisedAlertState } from '@poems/alert-rules';
import { concept, local, patientRef } from './fhir-codes';

const SEVERITY: Readonly<Record<string, DetectedIssue['severity']>> = { critical: 'high', warning: 'moderate', info: 'low' };

/** An alert: the rule as its code, the severity, the events that caused it as evidence, acknowledgement as mitigation. */
export function detectedIssue(alert: RaisedAlertState, referenceOf: (eventId: string) => Reference | undefined): DetectedIssue {
  const evidence = alert.evidence.map(referenceOf).filter((reference): reference is Reference => reference !== undefined);
  return {
    resourceType: 'DetectedIssue',
    id: alert.alertId,
    meta: { lastUpdated: alert.resolved?.resolvedAt ?? alert.acknowledged?.acknowledgedAt ?? alert.raisedAt },
    // R4 has no status for a resolved issue: acknowledgement and resolution are its mitigations.
    status: 'final',
    code: concept(local('alert-rule'), alert.rule, undefined, alert.rule),
    severity: SEVERITY[alert.severity] ?? 'low',
    patient: patientRef(alert.patientId),
    identifiedDateTime: alert.clinicalTime,
    detail: alert.summary,
    ...(evidence.length && { evidence: [{ detail: evidence }] }),
    ...((alert.acknowledged || alert.resolved) && {
      mitigation: [
        ...(alert.acknowledged
          ? [
              {
                action: concept(local('alert-acknowledgement'), alert.acknowledged.outcome, undefined, alert.acknowledged.reason ?? alert.acknowledged.outcome),
                date: alert.acknowledged.acknowledgedAt,
                author: { display: alert.acknowledged.by.userId },
              },
            ]
          : []),
        ...(alert.resolved ? [{ action: concept(local('alert-resolution'), alert.resolved.reason, undefined, alert.resolved.detail), date: alert.resolved.resolvedAt }] : []),
      ],
    }),
  };
}
