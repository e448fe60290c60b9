import { canAccessCareTeam } from '@poems/auth';
import { z } from 'zod';
import { HttpProblem, notFound } from '../http/http-problem';
import type { RequestContext } from '../http/request-context';

/**
 * Who may read a patient's identifiable record (by its care team, undefined when not enrolled):
 * clinicians of the care team, auditors, admins.
 * Returns the HTTP status the read will have, so a refused read can be logged before it is refused.
 */
export function readAccessStatus(ctx: RequestContext, careTeam: string | undefined): 200 | 403 | 404 {
  if (careTeam === undefined) return 404;
  return canAccessCareTeam(ctx.principal, careTeam) ? 200 : 403;
}

export function refuseRead(status: 403 | 404, patientId: string): never {
  if (status === 404) throw notFound('PATIENT_NOT_FOUND', `No patient ${patientId} is enrolled`);
  throw new HttpProblem(403, 'NOT_IN_CARE_TEAM', 'This patient is not in one of your care teams');
}

export const patientIdParam = z.uuid();
