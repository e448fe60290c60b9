import { z } from 'zod';

/** The shape of GET /v1/patients (documented in the OpenAPI document; the web app is typed from it). */
const treatment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('DEXAMETHASONE_CYCLE'), cycleNumber: z.number(), cycleDay: z.number(), cycleLengthDays: z.number(), cycleStartedAt: z.string() }),
  z.object({ kind: z.literal('TRANSPLANT'), dayAfterInfusion: z.number(), infusionAt: z.string() }),
  z.object({ kind: z.literal('PRE_TRANSPLANT'), lastMilestone: z.string(), lastMilestoneAt: z.string() }),
  z.object({ kind: z.literal('NOT_STARTED') }),
  z.object({ kind: z.literal('ENDED'), endedAt: z.string() }),
]);

const scheduledKind = z.enum(['VEGF', 'M_PROTEIN_IFE', 'ONLS', 'NERVE_CONDUCTION', 'CT_EFFUSION', 'CD34_YIELD']).nullable().describe('The scheduled assessment; null for a dexamethasone cycle or an alert');
const date = z.string().describe('A clinic-calendar date (YYYY-MM-DD)');
const dueItem = z.object({
  kind: z.enum(['ASSESSMENT', 'DEXAMETHASONE_CYCLE']),
  assessment: scheduledKind,
  what: z.string(),
  dueDate: date,
  dueInDays: z.number().describe('Clinic days from today to the due date; negative once it has passed (the window may still be open)'),
  windowOpensOn: date,
  windowClosesOn: date,
  status: z.enum(['OPEN', 'UPCOMING']).describe('OPEN: the window is open today'),
});
const overdueItem = z.object({
  kind: z.enum(['ASSESSMENT', 'DEXAMETHASONE_CYCLE', 'ALERT']),
  assessment: scheduledKind,
  what: z.string(),
  dueDate: date.nullable(),
  windowClosedOn: date.nullable(),
  daysOverdue: z.number().describe('Clinic days since the window closed (an alert: since its clinical time)'),
  summary: z.string(),
  alertId: z.string().nullable().describe('ALERT items: the open alert'),
  rule: z.string().nullable(),
});

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
  clinicTimeZone: z.string().describe('The patient’s clinic calendar: the zone the enrolment recorded (UTC for enrolments from before zones)'),
  overdue: z.array(overdueItem).describe('By due date; alerts last'),
  nextDue: z.array(dueItem).describe('Per assessment kind the next one due, and the next regimen cycle, by due date'),
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
