import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { type Action, rolesFor } from '@poems/auth';
import { type CommandHandler, PATIENT_STREAM } from '@poems/command-pipeline';
import { type AnyFactKind, commandBodySchemas, FACT_KINDS, type PatientCommandType } from '@poems/patient';
import { documentRoute } from '../docs/route-docs';
import { badRequest, notFound } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { COMMAND_HANDLER } from '../platform/tokens';
import { commandContext } from './command-headers';
import { type CommandResult, commandResult } from './command-result';

const COMMAND_HEADERS = {
  'Idempotency-Key': 'Makes a retry of the same request return the first answer and append nothing new (the key is yours: reused for another request, it is a 422).',
  'If-Match': 'The patient stream revision you last read: the command is refused with 409 if it moved since.',
};
const COMMAND_RESPONSES = {
  201: 'Recorded: the events written, the stream revision and the global position (use ?minPosition= to read your write)',
  400: 'Invalid input: issues name each field and why; nothing was written',
  401: 'No or invalid token',
  403: 'Your role may not do this, or (enrolment) the care team is not yours',
  404: 'No such patient in your care teams',
  409: 'Refused by the patient state, or a stale If-Match revision',
  422: 'Idempotency-Key reused for a different request',
};

interface CommandRoute {
  type: PatientCommandType;
  /** The path under /v1/patients/{patientId}/. */
  path: string;
  summary: string;
  description?: string;
}

/** Every kind of fact has its route (from its descriptor), plus the regimen's end and corrections. */
const PATIENT_ROUTES: ReadonlyArray<CommandRoute> = [
  ...(FACT_KINDS as ReadonlyArray<AnyFactKind>).map((kind) => ({ type: kind.command as PatientCommandType, ...kind.rest })),
  { type: 'EndRegimen', path: 'regimen-end', summary: 'End the patient’s regimen (follow-up labs and assessments stay possible)' },
  {
    type: 'CorrectEvent',
    path: 'corrections',
    summary: 'Correct an earlier event: a new event supersedes it; the original stays in the history',
    description: 'A reason is mandatory.',
  },
];
const ROUTE_BY_PATH = new Map(PATIENT_ROUTES.map((route) => [route.path, route]));

function documentCommand(type: PatientCommandType, path: string, action: Action, summary: string, description?: string) {
  return documentRoute({
    method: 'POST',
    path,
    summary,
    description: [`Command \`${type}\`.`, description].filter(Boolean).join(' '),
    tag: 'Patient commands',
    roles: [...rolesFor(action)],
    body: commandBodySchemas[type],
    headers: COMMAND_HEADERS,
    responses: COMMAND_RESPONSES,
  });
}

const ENROL = documentCommand('EnrollPatient', '/v1/patients', 'patient.enrol', 'Enrol a patient: assigns the arm from the age at enrolment and records the protocol version');
for (const route of PATIENT_ROUTES) documentCommand(route.type, `/v1/patients/{patientId}/${route.path}`, 'patient.record', route.summary, route.description);

/** REST doors of the patient commands: each turns its body into a command and hands it to the one handler. */
@Controller()
@Roles(...rolesFor('patient.record'))
export class PatientCommandsController {
  constructor(@Inject(COMMAND_HANDLER) private readonly handler: CommandHandler) {}

  @Post(ENROL.nestPath)
  @HttpCode(201)
  enrol(@Body() body: unknown, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    const patientId = (body as { patientId?: unknown } | null)?.patientId;
    return this.run('EnrollPatient', typeof patientId === 'string' ? patientId : '', body, headers, ctx);
  }

  @Post('/v1/patients/:patientId/:command')
  @HttpCode(201)
  record(@Param('patientId') patientId: string, @Param('command') path: string, @Body() body: unknown, @Headers() headers: Record<string, string>, @Ctx() ctx: RequestContext) {
    const route = ROUTE_BY_PATH.get(path);
    if (!route) throw notFound('NOT_FOUND', `No command at /v1/patients/{patientId}/${path}: see /v1/docs for the list`);
    return this.run(route.type, patientId, body, headers, ctx);
  }

  private async run(type: PatientCommandType, patientId: string, body: unknown, headers: Record<string, string>, ctx: RequestContext): Promise<CommandResult> {
    const outcome = await this.handler.handle(PATIENT_STREAM, commandFromBody(type, patientId, body), commandContext(ctx, headers));
    return commandResult(patientId, outcome);
  }
}

/** A REST body plus the path's patient id is the command; a body naming another patient is refused. */
export function commandFromBody(type: PatientCommandType, patientId: string, body: unknown): Record<string, unknown> {
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
  return { ...(body as object), patientId, type };
}
