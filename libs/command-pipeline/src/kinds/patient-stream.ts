import type { Action, Resource } from '@poems/auth';
import { DomainError, type RecordedEvent } from '@poems/kernel';
import {
  commandSchema,
  PATIENT_COMMAND_TYPES,
  decide,
  dosesNeedBirthDate,
  evolve,
  type PatientCommand,
  patientEventSchemas,
  type PatientEventType,
  type PatientRecordedEvent,
  type PatientState,
  patientStreamId,
} from '@poems/patient';
import { loadPatient } from '@poems/runtime';
import type { z } from 'zod';
import type { StreamKind } from '../stream-kind';

/** Turns zod's issues into the domain's field issues (every field at fault, not just the first). */
export function validationFailed(error: z.ZodError, message = 'The command is invalid: fix the fields listed in issues and retry'): DomainError {
  const issues = error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
    return { field: path.map(String).join('.') || '(body)', message: issue.message, code: issue.code };
  });
  const first = error.issues[0]?.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  return new DomainError('VALIDATION_FAILED', message, 'validation', first, issues);
}

function actionOfType(type: string): Action | undefined {
  if (type === 'EnrollPatient') return 'patient.enrol';
  if (type === 'ErasePatientIdentity') return 'patient.erase';
  if (type === 'RecordLabResult') return 'patient.record-lab';
  return (PATIENT_COMMAND_TYPES as ReadonlyArray<string>).includes(type) ? 'patient.record' : undefined;
}

/** Patient streams: the patient decider, through the identity-sealing store. */
export const PATIENT_STREAM: StreamKind<PatientState, PatientCommand> = {
  name: 'patient',
  parse(input) {
    const parsed = commandSchema.safeParse(input);
    if (!parsed.success) throw validationFailed(parsed.error);
    return parsed.data;
  },
  streamIdOf: (command) => patientStreamId(command.patientId),
  async load(deps, streamId, commands) {
    const patientId = commands[0]?.patientId ?? streamId;
    // A correction may change identity fields: only then is the identity decrypted, in memory.
    const revealWith = commands.some((command) => command.type === 'CorrectEvent') ? deps.vault : undefined;
    let loaded = await loadPatient(deps.store, patientId, { revealWith });
    // A protocol that judges the dose band at a later age (issue 16 item 9) needs the birth date for doses: read again, revealed.
    if (!revealWith && dosesNeedBirthDate(loaded.state, commands.map((command) => command.type))) {
      loaded = await loadPatient(deps.store, patientId, { revealWith: deps.vault });
    }
    return { streamId, state: loaded.state, revision: loaded.revision, stored: loaded.stored };
  },
  storeOf: (deps) => deps.store,
  actionOf: (command) => actionOfType(command.type)!,
  actionOfType,
  resourceOf(command, state): Resource {
    // Enrolment creates the patient in the care team the caller names; an id already taken is the
    // decider's ALREADY_ENROLLED (ids are random UUIDs chosen by the client).
    if (command.type === 'EnrollPatient') return { kind: 'new', careTeam: command.careTeam };
    return { kind: 'patient', careTeam: state.enrolment?.careTeam };
  },
  decide: (command, state, clock) => decide(command, state, { now: clock.now, maxClockSkewMs: clock.maxClockSkewMs, clinicTimeZone: clock.clinicTimeZone }),
  evolve: (state, event: RecordedEvent) => evolve(state, event as PatientRecordedEvent),
  schemaVersionOf: (type) => patientEventSchemas[type as PatientEventType].schemaVersion,
  reasonOf: (command) => {
    const reason = (command as { reason?: unknown }).reason;
    return typeof reason === 'string' ? reason : null;
  },
};
