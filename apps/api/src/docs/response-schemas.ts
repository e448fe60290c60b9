import { alertAcknowledgedSchema, alertResolvedSchema } from '@poems/alert-rules';
import { z } from 'zod';

/**
 * The JSON shapes of the answers the web app reads, declared on their routes so the OpenAPI
 * document (and the client generated from it) says what comes back. `response-schemas.e2e.spec.ts`
 * parses real answers with them, so a declaration that drifts from the code fails a test.
 * Loose objects (`z.looseObject`) name what clients rely on and allow more.
 */
const time = z.string();
const correctionNote = z.looseObject({ corrected: z.literal(true).optional(), corrections: z.array(z.looseObject({ reason: z.string(), recordedAt: time, correctedBy: z.string().nullable() })).optional() });

export const alertListItemSchema = z.object({
  alertId: z.string(),
  patientId: z.string(),
  careTeam: z.string(),
  rule: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']),
  clinicalTime: time,
  raisedAt: time,
  summary: z.string(),
  evidence: z.array(z.string()),
  acknowledged: alertAcknowledgedSchema.nullable(),
  escalationLevel: z.number(),
  resolved: alertResolvedSchema.nullable(),
});
export const alertListSchema = z.object({ items: z.array(alertListItemSchema), next: z.string().nullable() });
export const acknowledgeResultSchema = z.object({ alertId: z.string(), revision: z.number(), position: z.number(), replayed: z.boolean(), events: z.array(z.looseObject({ eventId: z.string(), type: z.string() })) });
export const streamTicketSchema = z.object({ ticket: z.string(), expiresAt: time, url: z.string() });

const timelineAlert = z.object({ alertId: z.string(), rule: z.string(), severity: z.string(), status: z.string(), clinicalTime: time, raisedAt: time, summary: z.string() }).loose();
const date = z.string().describe('A clinic-calendar date (YYYY-MM-DD)');
const dueAssessment = z.looseObject({
  kind: z.enum(['VEGF', 'M_PROTEIN_IFE', 'ONLS', 'NERVE_CONDUCTION', 'CT_EFFUSION', 'CD34_YIELD']),
  day: z.number(),
  dueDate: date,
  dueAt: time,
  opensAt: time,
  closesAt: time,
  closesOn: date,
  status: z.enum(['DONE', 'DONE_LATE', 'OVERDUE', 'OPEN', 'UPCOMING']),
  result: z.object({ id: z.string(), at: time }).optional(),
});
const domainAssessment = z.looseObject({ domain: z.enum(['VEGF', 'HAEMATOLOGIC', 'CLINICAL']), at: time, daysSinceStart: z.number(), response: z.string(), detail: z.string(), evidence: z.array(z.string()) });
export const timelineSchema = z.looseObject({
  patient: z.looseObject({
    patientId: z.string(),
    identity: z.record(z.string(), z.unknown()).nullable(),
    careTeam: z.string(),
    sex: z.string(),
    ageAtEnrolment: z.number(),
    enrolledAt: time,
    arm: z.string(),
    protocol: z.object({ id: z.string(), version: z.number() }),
    status: z.string(),
    endedAt: time.nullable(),
    clinicTimeZone: z.string(),
  }),
  safety: z
    .looseObject({
      childbearingPotential: z.boolean(),
      childbearingPotentialBasis: z.enum(['RECORDED', 'NOT_APPLICABLE', 'ASSUMED_BELOW_AGE', 'ASSUMED_NOT_FROM_AGE']).describe('Recorded at enrolment (or by a correction), or the assumption made from the protocol age'),
      assumptionAge: z.number().optional().describe('The protocol age the assumption was made against'),
    })
    .nullable(),
  thalidomide: z.array(
    correctionNote.extend({
      eventId: z.string(),
      from: time,
      to: time.nullable(),
      mgPerDay: z.number(),
      protocolMgPerDay: z.number().nullish(),
      phase: z.string().nullish(),
      reason: z.string().nullable(),
      documentedReduction: z.boolean().describe('Below the protocol dose with a reason: documented, not off protocol'),
      aboveProtocolMaximum: z.boolean(),
    }),
  ),
  dexamethasone: z.array(
    correctionNote.extend({
      eventId: z.string(),
      givenAt: time,
      doseMg: z.number(),
      indication: z.enum(['REGIMEN', 'SUPPORTIVE']).describe('SUPPORTIVE: an antiemetic or other supportive dose, never a cycle'),
      protocolDoseMg: z.number().nullish(),
      cycleNumber: z.number().nullish(),
      cycleDay: z.number().nullish(),
      extraDose: z.string().nullish(),
      withinTolerance: z.boolean().nullish(),
    }),
  ),
  labs: z.array(
    correctionNote.extend({
      eventId: z.string(),
      collectedAt: time,
      test: z.string(),
      value: z.union([z.number(), z.string()]),
      unit: z.string().nullable(),
      upperLimitOfNormal: z.number().nullable(),
      flag: z.enum(['H', 'N']).nullable(),
      limitUnknown: z.boolean().describe('A VEGF whose assay has no known limit: no limit, no flag'),
      unusual: z.boolean(),
      specimen: z.string().nullable(),
      method: z.string().nullable(),
    }),
  ),
  assessments: z.array(correctionNote.extend({ eventId: z.string(), kind: z.string(), assessedAt: time })),
  transplant: z.array(correctionNote.extend({ eventId: z.string(), milestone: z.string(), occurredAt: time, day: z.number().nullable() })),
  adverseEvents: z.array(
    correctionNote.extend({
      eventId: z.string(),
      term: z.string(),
      grade: z.number(),
      onsetAt: time,
      resolvedAt: time.optional().describe('Absent: ongoing'),
      attribution: z.enum(['UNRELATED', 'UNLIKELY', 'POSSIBLE', 'PROBABLE', 'DEFINITE']).optional(),
      actionTaken: z.enum(['DOSE_NOT_CHANGED', 'DOSE_HELD', 'DOSE_REDUCED', 'DRUG_STOPPED']).optional(),
    }),
  ),
  transfusions: z.array(correctionNote.extend({ eventId: z.string(), givenAt: time, product: z.enum(['PLATELETS', 'RED_CELLS']), units: z.number() })),
  thalidomideDispensing: z.array(correctionNote.extend({ eventId: z.string(), dispensedAt: time, mgPerDay: z.number(), daysSupply: z.number() })),
  thromboprophylaxis: z.array(
    z.union([
      correctionNote.extend({ eventId: z.string(), event: z.literal('STARTED'), startedAt: time, agent: z.enum(['ASPIRIN', 'LMWH', 'WARFARIN', 'DOAC']) }),
      correctionNote.extend({ eventId: z.string(), event: z.literal('STOPPED'), stoppedAt: time, reason: z.string() }),
    ]),
  ),
  alerts: z.array(timelineAlert),
  assessmentSchedule: z.object({ judgedAt: time, next: z.array(dueAssessment), overdue: z.array(dueAssessment), late: z.array(dueAssessment) }),
  response: z.object({
    rule: z.string(),
    treatmentStartedAt: time.nullable(),
    current: z.object({ VEGF: domainAssessment.nullable(), HAEMATOLOGIC: domainAssessment.nullable(), CLINICAL: domainAssessment.nullable() }),
    overTime: z.array(domainAssessment),
  }),
  asOf: time.nullable(),
});

const arm = z.enum(['AUTO_PBSCT', 'THALIDOMIDE_DEXAMETHASONE']);
export const vegfSeriesSchema = z.object({
  perPatient: z.array(z.object({ pseudoId: z.string(), arm, points: z.array(z.object({ month: z.number(), daysSinceStart: z.number(), vegfPgMl: z.number(), upperLimitPgMl: z.number().nullable() })) })),
  perMonth: z.array(z.object({ arm, month: z.number(), n: z.number(), median: z.number(), q1: z.number(), q3: z.number() })),
});
export const responsesSchema = z.object({
  rule: z.string(),
  perArm: z.array(z.object({ arm, improved: z.number(), stabilised: z.number(), progressed: z.number(), notEvaluable: z.number() })),
  perPatient: z.array(z.looseObject({ pseudoId: z.string(), arm, classification: z.string(), notEvaluableBecause: z.string().nullable(), followUpDays: z.number().nullable() })),
});

const problem = z.object({ kind: z.string(), streamId: z.string(), revision: z.number().nullable(), globalPosition: z.number().nullable(), message: z.string(), expected: z.string().optional(), found: z.string().optional() });
export const verificationReportSchema = z.object({
  ok: z.boolean(),
  eventsChecked: z.number(),
  streamsChecked: z.number(),
  sealsChecked: z.number(),
  lastSeal: z.object({ sealNumber: z.number(), coversPosition: z.number(), hash: z.string() }).nullable(),
  unsealedEvents: z.number(),
  firstProblem: problem.nullable(),
  problems: z.array(problem),
  problemsTruncated: z.boolean(),
});
export const accessLogSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      at: time,
      actor: z.string(),
      role: z.string(),
      action: z.string(),
      patientId: z.string().nullable(),
      endpoint: z.string(),
      query: z.record(z.string(), z.unknown()),
      purpose: z.string().nullable(),
      outcome: z.number(),
      correlationId: z.string().nullable(),
      repeatCount: z.number(),
      lastAt: time.nullable(),
    }),
  ),
  next: z.number().nullable(),
});
export const storedStreamSchema = z.object({
  streamId: z.string(),
  events: z.array(z.looseObject({ eventId: z.string(), type: z.string(), revision: z.number(), globalPosition: z.number(), occurredAt: time, recordedAt: time, data: z.unknown(), metadata: z.looseObject({}) })),
});
