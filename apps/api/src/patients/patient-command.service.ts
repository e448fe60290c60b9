import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actingRole, hasRole, type Principal } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { ConcurrencyError, type EventMetadata, type NewEvent } from '@poems/event-store';
import { commandSchema, decide, type PatientCommandInput, patientEventSchemas, type PatientState, patientStreamId } from '@poems/patient';
import { type Infrastructure, loadPatient } from '@poems/runtime';
import { HttpProblem } from '../http/http-problem';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG, CLOCK, type Clock, INFRASTRUCTURE } from '../platform/tokens';
import { type CommandResult, resultFrom, withoutIdentity } from './command-result';
import { deterministicEventId, requestHash } from './idempotency';

export interface CommandOptions {
  principal: Principal;
  correlationId: string;
  idempotencyKey?: string;
  /** From If-Match: refuse with 409 unless the stream is still at this revision. */
  expectedRevision?: number;
  reason?: string | null;
}

const MAX_ATTEMPTS = 4;

/**
 * The one way a patient command is handled: load the stream, fold, decide, append with the
 * expected revision. Nothing more (STYLE.md, habit 6) — plus who may, and idempotent retries.
 */
@Injectable()
export class PatientCommandService {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: PatientCommandInput, options: CommandOptions): Promise<CommandResult> {
    // Validate the whole command up front so a 400 lists every bad field, not just the first.
    parseInput(commandSchema, command);
    const patientId = String(command.patientId);
    const streamId = patientStreamId(patientId);
    const hash = requestHash(command, this.config.DATA_KEY_ENCRYPTION_KEY);
    const idScope = options.idempotencyKey ? `${options.principal.userId}|${streamId}|${options.idempotencyKey}` : undefined;

    for (let attempt = 1; ; attempt++) {
      const needsIdentity = command.type === 'CorrectEvent';
      const loaded = await loadPatient(this.infra.store, patientId, needsIdentity ? { revealWith: this.infra.vault } : {});
      authorize(options.principal, command, loaded.state);

      if (idScope) {
        const firstId = deterministicEventId(idScope, 0);
        const earlier = loaded.stored.findIndex((event) => event.eventId === firstId);
        if (earlier >= 0) {
          if (loaded.stored[earlier]!.metadata.requestHash !== hash) {
            throw new HttpProblem(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request: use a new key');
          }
          const byId = new Map(loaded.stored.map((event) => [event.eventId, event]));
          const mine = [];
          for (let index = 0; byId.has(deterministicEventId(idScope, index)); index++) mine.push(byId.get(deterministicEventId(idScope, index))!);
          return resultFrom(patientId, streamId, mine, true);
        }
      }

      const now = this.clock().toISOString();
      const decided = decide(command, loaded.state, { now, maxClockSkewMs: this.config.MAX_CLOCK_SKEW_MS });
      const metadata: EventMetadata = {
        actor: { userId: options.principal.userId, role: actingRole(options.principal, ['clinician', 'admin']) },
        correlationId: options.correlationId,
        causationId: null,
        idempotencyKey: options.idempotencyKey ?? null,
        requestHash: hash,
        reason: options.reason ?? reasonOf(command),
        source: 'api',
      };
      const events: NewEvent[] = decided.map((event, index) => ({
        eventId: idScope ? deterministicEventId(idScope, index) : randomUUID(),
        type: event.type,
        schemaVersion: patientEventSchemas[event.type].schemaVersion,
        data: event.data,
        metadata,
        occurredAt: event.occurredAt,
      }));
      const expected = options.expectedRevision ?? loaded.revision;
      try {
        const appended = await this.infra.store.appendToStream(streamId, events, { expectedRevision: expected < 0 ? 'no_stream' : expected });
        return {
          patientId,
          streamId,
          revision: appended.nextExpectedRevision,
          position: appended.positions[appended.positions.length - 1]!,
          events: events.map((event) => ({ eventId: event.eventId, type: event.type, occurredAt: event.occurredAt, data: withoutIdentity(event.data) })),
          replayed: appended.alreadyStored,
        };
      } catch (error) {
        // Without If-Match the client expressed no expectation: decide again on the newer state.
        if (error instanceof ConcurrencyError && options.expectedRevision === undefined && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}

function reasonOf(command: PatientCommandInput): string | null {
  const reason = (command as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : null;
}

/** Only clinicians (of the patient's care team) and admins write; erasure is for admins only. */
export function authorize(principal: Principal, command: PatientCommandInput, state: PatientState): void {
  if (!hasRole(principal, 'clinician', 'admin')) throw new HttpProblem(403, 'FORBIDDEN', 'Only clinicians and admins record patient data');
  if (command.type === 'ErasePatientIdentity' && !hasRole(principal, 'admin')) {
    throw new HttpProblem(403, 'FORBIDDEN', 'Only admins erase a patient identity');
  }
  const careTeam = command.type === 'EnrollPatient' ? String(command.careTeam) : state.enrolment?.careTeam;
  const mayWrite = (team: string) => hasRole(principal, 'admin') || (hasRole(principal, 'clinician') && principal.careTeams.includes(team));
  if (careTeam !== undefined && !mayWrite(careTeam)) {
    throw new HttpProblem(403, 'NOT_IN_CARE_TEAM', `Patient belongs to care team ${careTeam}, which is not one of yours`);
  }
}
