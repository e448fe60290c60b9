import { type Action, authorize } from '@poems/auth';
import type { EventStore } from '@poems/event-store';
import { DomainError, patientStreamId } from '@poems/kernel';
import { z } from 'zod';
import type { RequestContext } from '../http/request-context';

export type ReadAccess = { readonly status: 200 } | { readonly status: 403 | 404; readonly refusal: DomainError };

/**
 * The policy's answer for a read of a patient's identifiable record, as a status, so that a
 * refused read is logged before it is refused (HIPAA §164.312(b)). `careTeam` undefined: no such patient.
 */
export function readAccess(ctx: RequestContext, careTeam: string | undefined, action: Action = 'patient.read'): ReadAccess {
  try {
    authorize(ctx.principal, action, { kind: 'patient', careTeam });
    return { status: 200 };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.kind === 'forbidden' ? 403 : 404, refusal: error };
  }
}

/**
 * A patient's care team, from the first event of their stream (the enrolment; the care team is
 * not correctable). Cheap, and authoritative even before projections catch up: access is decided
 * before any other work (waiting for a projection, folding a history).
 */
export async function careTeamOf(store: EventStore, patientId: string): Promise<string | undefined> {
  const [first] = await store.readStream(patientStreamId(patientId), { limit: 1 });
  return first?.type === 'PatientEnrolled' ? (first.data as { careTeam?: string }).careTeam : undefined;
}

export const patientIdParam = z.uuid();
