import type { Provenance, Reference } from '@medplum/fhirtypes';
import type { StoredEvent } from '@poems/event-store';
import { concept, DATA_OPERATION, PROVENANCE_AGENT } from './fhir-codes';

const OPERATION: Readonly<Record<string, string>> = { EventCorrected: 'UPDATE', PatientIdentityErased: 'NULLIFY' };

/**
 * Who recorded what, when and why, from an event's metadata: its author (user id and role, or
 * the lab feed), the door it came through, the recorded (server) and clinical times, the reason;
 * a correction names the resource it revises.
 */
export function provenanceOf(event: StoredEvent, id: string, targets: Reference[], revised: Reference | undefined): Provenance | undefined {
  if (targets.length === 0) return undefined;
  const { actor, reason, source, correlationId } = event.metadata;
  return {
    resourceType: 'Provenance',
    id,
    target: targets,
    occurredDateTime: event.occurredAt,
    recorded: event.recordedAt,
    ...(reason && { reason: [{ text: reason }] }),
    activity: concept(DATA_OPERATION, OPERATION[event.type] ?? 'CREATE', undefined, event.type),
    agent: [
      {
        type: concept(PROVENANCE_AGENT, 'author', 'Author'),
        role: [{ text: actor.role }],
        who: { identifier: { system: 'urn:poems:actor', value: actor.userId }, display: `${actor.userId} (${actor.role})` },
      },
    ],
    ...(revised && { entity: [{ role: 'revision', what: revised }] }),
    policy: [`urn:poems:event:${event.streamId}:${event.revision}`],
    ...(source && { extension: [{ url: 'urn:poems:fhir:door', valueString: source }] }),
    signature: undefined,
    meta: { tag: [{ system: 'urn:poems:correlation', code: correlationId.slice(0, 64) }] },
  };
}
