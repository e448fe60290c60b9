import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { commandBodySchemas, type PatientCommandInput, type PatientCommandType } from '@poems/patient';
import { documentRoute } from '../docs/route-docs';
import { badRequest } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import type { CommandResult } from './command-result';
import { parseIdempotencyKey, parseIfMatch } from './idempotency';
import { PatientCommandService } from './patient-command.service';

const COMMAND_HEADERS = {
  'Idempotency-Key': 'Makes a retry return the first answer and append nothing new (scoped to you and the patient).',
  'If-Match': 'The patient stream revision you last read: the command is refused with 409 if it moved since.',
};
const COMMAND_RESPONSES = {
  201: 'Recorded: the events written, the stream revision and the global position (use ?minPosition= to read your write)',
  400: 'Invalid input: issues name each field and why; nothing was written',
  401: 'No or invalid token',
  403: 'Not your care team, or your role may not do this',
  404: 'Unknown patient',
  409: 'Refused by the patient state, or a stale If-Match revision',
  422: 'Idempotency-Key reused for a different request',
};

function commandRoute(type: PatientCommandType, path: string, summary: string, description?: string) {
  return documentRoute({
    method: 'POST',
    path,
    summary,
    description: [`Command \`${type}\`.`, description].filter(Boolean).join(' '),
    tag: 'Patient commands',
    roles: type === 'ErasePatientIdentity' ? ['admin'] : ['clinician', 'admin'],
    body: commandBodySchemas[type],
    headers: COMMAND_HEADERS,
    responses: COMMAND_RESPONSES,
  });
}

const ROUTES = {
  EnrollPatient: commandRoute('EnrollPatient', '/v1/patients', 'Enrol a patient: assigns the arm from the age at enrolment and records the protocol version'),
  RecordBodyMeasurement: commandRoute('RecordBodyMeasurement', '/v1/patients/{patientId}/body-measurements', 'Record height and weight (the BSA used for later doses)'),
  ChangeThalidomideDose: commandRoute('ChangeThalidomideDose', '/v1/patients/{patientId}/thalidomide-doses', 'Start, escalate, reduce or interrupt thalidomide (mg/day)'),
  RecordDexamethasoneDose: commandRoute('RecordDexamethasoneDose', '/v1/patients/{patientId}/dexamethasone-doses', 'Record a dexamethasone dose given, checked against the protocol dose for the BSA'),
  RecordTransplantMilestone: commandRoute('RecordTransplantMilestone', '/v1/patients/{patientId}/transplant-milestones', 'Record an Auto-PBSCT milestone (mobilisation, apheresis, conditioning, infusion, engraftment)'),
  RecordLabResult: commandRoute('RecordLabResult', '/v1/patients/{patientId}/lab-results', 'Record a lab result (VEGF, M-protein, counts…); status "corrected" supersedes the earlier result with the same accession'),
  RecordAssessment: commandRoute('RecordAssessment', '/v1/patients/{patientId}/assessments', 'Record an assessment: ONLS, nerve conduction, CT effusions, oedema or vitals'),
  RecordAdverseEvent: commandRoute('RecordAdverseEvent', '/v1/patients/{patientId}/adverse-events', 'Record an adverse event (CTCAE grade)'),
  EndRegimen: commandRoute('EndRegimen', '/v1/patients/{patientId}/regimen-end', 'End the patient’s regimen (follow-up labs and assessments stay possible)'),
  CorrectEvent: commandRoute('CorrectEvent', '/v1/patients/{patientId}/corrections', 'Correct an earlier event: a new event supersedes it; the original stays in the history', 'A reason is mandatory.'),
} as const;

@Controller()
@Roles('clinician', 'admin')
export class PatientCommandsController {
  constructor(private readonly commands: PatientCommandService) {}

  @Post(ROUTES.EnrollPatient.nestPath)
  @HttpCode(201)
  enrol(@Body() body: unknown, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    const patientId = (body as { patientId?: unknown } | null)?.patientId;
    return this.run('EnrollPatient', typeof patientId === 'string' ? patientId : '', body, headers, ctx);
  }

  @Post(ROUTES.RecordBodyMeasurement.nestPath)
  @HttpCode(201)
  bodyMeasurement(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('RecordBodyMeasurement', id, body, h, ctx);
  }

  @Post(ROUTES.ChangeThalidomideDose.nestPath)
  @HttpCode(201)
  thalidomide(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('ChangeThalidomideDose', id, body, h, ctx);
  }

  @Post(ROUTES.RecordDexamethasoneDose.nestPath)
  @HttpCode(201)
  dexamethasone(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('RecordDexamethasoneDose', id, body, h, ctx);
  }

  @Post(ROUTES.RecordTransplantMilestone.nestPath)
  @HttpCode(201)
  milestone(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('RecordTransplantMilestone', id, body, h, ctx);
  }

  @Post(ROUTES.RecordLabResult.nestPath)
  @HttpCode(201)
  labResult(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('RecordLabResult', id, body, h, ctx);
  }

  @Post(ROUTES.RecordAssessment.nestPath)
  @HttpCode(201)
  assessment(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('RecordAssessment', id, body, h, ctx);
  }

  @Post(ROUTES.RecordAdverseEvent.nestPath)
  @HttpCode(201)
  adverseEvent(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('RecordAdverseEvent', id, body, h, ctx);
  }

  @Post(ROUTES.EndRegimen.nestPath)
  @HttpCode(201)
  endRegimen(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('EndRegimen', id, body, h, ctx);
  }

  @Post(ROUTES.CorrectEvent.nestPath)
  @HttpCode(201)
  correct(@Param('patientId') id: string, @Body() body: unknown, @Headers() h: Record<string, string>, @Ctx() ctx: RequestContext) {
    return this.run('CorrectEvent', id, body, h, ctx);
  }

  private run(type: PatientCommandType, patientId: string, body: unknown, headers: Record<string, string>, ctx: RequestContext): Promise<CommandResult> {
    return this.commands.execute(commandFromBody(type, patientId, body), {
      principal: ctx.principal,
      correlationId: ctx.correlationId,
      idempotencyKey: parseIdempotencyKey(headers['idempotency-key']),
      expectedRevision: parseIfMatch(headers['if-match']),
    });
  }
}

/** A REST body plus the path's patient id is the command; a body naming another patient is refused. */
export function commandFromBody(type: PatientCommandType, patientId: string, body: unknown): PatientCommandInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('VALIDATION_FAILED', 'The request body must be a JSON object', [{ field: '(body)', message: 'expected an object' }]);
  }
  const given = (body as { patientId?: unknown }).patientId;
  if (given !== undefined && given !== patientId) {
    throw badRequest('PATIENT_ID_MISMATCH', 'The body names a different patient than the URL', [{ field: 'patientId', message: `must be ${patientId} or omitted` }]);
  }
  if ('type' in body && (body as { type?: unknown }).type !== type) {
    throw badRequest('VALIDATION_FAILED', `This endpoint takes ${type} commands`, [{ field: 'type', message: `must be ${type} or omitted` }]);
  }
  return { ...(body as object), patientId, type } as PatientCommandInput;
}
