import { z } from 'zod';

/** The shape of GET /v1/patients (documented in the OpenAPI document; the web app is typed from it). */
const treatment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('DEXAMETHASONE_CYCLE'), cycleNumber: z.number(), cycleDay: z.number(), cycleLengthDays: z.number(), cycleStartedAt: z.string() }),
  z.object({ kind: z.literal('TRANSPLANT'), dayAfterInfusion: z.number(), infusionAt: z.string() }),
  z.object({ kind: z.literal('PRE_TRANSPLANT'), lastMilestone: z.string(), lastMilestoneAt: z.string() }),
  z.object({ kind: z.literal('NOT_STARTED') }),
  z.object({ kind: z.literal('ENDED'), endedAt: z.string() }),
]);

export const identitySchema = z.union([
  z.object({ erased: z.literal(true) }),
  z.object({ name: z.string().optional(), mrn: z.string().optional(), birthDate: z.string().optional() }).catchall(z.unknown()),
]);

export const patientListItemSchema = z.object({
  patientId: z.string(),
  identity: identitySchema,
  careTeam: z.string(),
  arm: z.string(),
  protocol: z.object({ id: z.string(), version: z.number() }),
  sex: z.string(),
  ageAtEnrolment: z.number(),
  enrolledAt: z.string(),
  status: z.enum(['ENROLLED', 'ENDED']),
  treatment,
  openAlerts: z.object({ total: z.number(), critical: z.number(), warning: z.number(), info: z.number(), highestSeverity: z.string().nullable() }),
  overdue: z.array(z.object({ alertId: z.string(), rule: z.string(), since: z.string(), summary: z.string() })),
  nextDue: z.array(z.object({ what: z.string(), dueDate: z.string(), dueInDays: z.number() })),
});

export const patientListResponseSchema = z.object({
  items: z.array(patientListItemSchema),
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  next: z.number().nullable().describe('The offset of the next page, or null'),
  clinicTimeZone: z.string(),
  asOf: z.string().describe('The moment the treatment positions were counted at'),
});
