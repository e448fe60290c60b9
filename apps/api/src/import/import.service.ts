import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { actingRole, type Principal } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import type { AppendRequest, EventMetadata, NewEvent } from '@poems/event-store';
import { DomainError } from '@poems/kernel';
import {
  commandOrder,
  commandSchema,
  decide,
  evolve,
  type PatientCommand,
  patientEventSchemas,
  type PatientRecordedEvent,
  type PatientState,
  patientStreamId,
} from '@poems/patient';
import { type Infrastructure, loadPatient } from '@poems/runtime';
import { type FieldIssue, HttpProblem } from '../http/http-problem';
import { parseJsonSafely } from '../http/safe-json';
import { zodIssues } from '../http/zod-input';
import { deterministicEventId } from '../patients/idempotency';
import { authorize } from '../patients/patient-command.service';
import { APP_CONFIG, CLOCK, type Clock, INFRASTRUCTURE } from '../platform/tokens';
import { compareIndexed, type IndexedCommand } from './import-index';
import { ndjsonLines } from './ndjson-lines';
import { readLinesAt, SpoolDirectory } from './spool-file';

const MAX_REPORTED_ISSUES = 1000;
const EVENTS_PER_BATCH = 2000;

export interface ImportSummary {
  importId: string;
  lines: number;
  commands: number;
  patients: number;
  events: number;
  /** True when the same Idempotency-Key was imported before: nothing new was written. */
  replayed: boolean;
  firstPosition: number | null;
  lastPosition: number | null;
}

export interface ImportOptions {
  principal: Principal;
  correlationId: string;
  idempotencyKey?: string;
}

/**
 * All-or-nothing NDJSON import, in three streamed passes: validate every line into a spool file;
 * decide each patient's commands against their stream (enrolment first, then clinical order);
 * append every stream in one transaction. Any bad line stops it before anything is written.
 */
@Injectable()
export class ImportService {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async import(body: Readable, options: ImportOptions): Promise<ImportSummary> {
    const spool = await SpoolDirectory.create();
    try {
      const issues = new IssueList();
      const validated = await this.validate(body, spool, issues);
      issues.throwIfAny('lines are invalid');
      const importId = randomUUID();
      const idScope = options.idempotencyKey ? `${options.principal.userId}|import|${options.idempotencyKey}` : undefined;
      if (idScope && (await this.alreadyImported(validated.byPatient, idScope))) {
        return { importId, lines: validated.lines, commands: validated.commands, patients: validated.byPatient.size, events: 0, replayed: true, firstPosition: null, lastPosition: null };
      }
      const decided = await this.decideAll(validated.byPatient, spool, issues, { ...options, importId, idScope });
      issues.throwIfAny('lines are refused by the patients’ records');
      const summary = await this.infra.store.appendBatches(this.batchesFrom(spool));
      return {
        importId,
        lines: validated.lines,
        commands: validated.commands,
        patients: validated.byPatient.size,
        events: decided,
        replayed: false,
        firstPosition: summary.firstPosition,
        lastPosition: summary.lastPosition,
      };
    } finally {
      await spool.remove();
    }
  }

  /** Pass 1: every line parsed and validated; valid commands spooled and indexed by patient. */
  private async validate(body: Readable, spool: SpoolDirectory, issues: IssueList) {
    const writer = spool.writer('commands.ndjson');
    const byPatient = new Map<string, IndexedCommand[]>();
    let lines = 0;
    let commands = 0;
    try {
      for await (const { number, text } of ndjsonLines(body, { maxLineBytes: this.config.IMPORT_MAX_LINE_BYTES, maxBodyBytes: this.config.IMPORT_MAX_BODY_BYTES })) {
        lines = number;
        if (text.trim() === '') continue;
        const json = parseJsonSafely(text);
        if (!json.ok) {
          issues.add({ line: number, field: json.field === '(body)' ? '(line)' : json.field, message: json.message, code: json.code });
          continue;
        }
        const parsed = commandSchema.safeParse(json.value);
        if (!parsed.success) {
          for (const issue of zodIssues(parsed.error)) issues.add({ ...issue, line: number });
          continue;
        }
        commands += 1;
        const { offset, length } = await writer.writeLine(JSON.stringify(parsed.data));
        const entries = byPatient.get(parsed.data.patientId) ?? [];
        entries.push({ line: number, offset, length, ...commandOrder(parsed.data) });
        byPatient.set(parsed.data.patientId, entries);
      }
    } finally {
      await writer.close();
    }
    if (commands === 0 && issues.count === 0) issues.add({ line: 0, field: '(body)', message: 'no commands: send one JSON command per line' });
    return { lines, commands, byPatient };
  }

  private async alreadyImported(byPatient: Map<string, IndexedCommand[]>, idScope: string): Promise<boolean> {
    const [patientId, entries] = [...byPatient.entries()].sort(([a], [b]) => (a < b ? -1 : 1))[0]!;
    const first = [...entries].sort(compareIndexed)[0]!;
    const id = deterministicEventId(`${idScope}|${first.line}`, 0);
    const stream = await this.infra.store.readStream(patientStreamId(patientId));
    return stream.some((event) => event.eventId === id);
  }

  /** Pass 2: decide each patient's commands in order, spooling one append request per patient. */
  private async decideAll(
    byPatient: Map<string, IndexedCommand[]>,
    spool: SpoolDirectory,
    issues: IssueList,
    options: ImportOptions & { importId: string; idScope?: string },
  ): Promise<number> {
    const now = this.clock().toISOString();
    const commands = await spool.reader('commands.ndjson');
    const requests = spool.writer('requests.ndjson');
    let total = 0;
    try {
      // Streams in id order: the store locks them in this order, like every other writer.
      for (const patientId of [...byPatient.keys()].sort()) {
        const entries = byPatient.get(patientId)!.sort(compareIndexed);
        const commandsOf = (await readLinesAt(commands, entries)).map((line) => JSON.parse(line) as PatientCommand);
        const needsIdentity = commandsOf.some((command) => command.type === 'CorrectEvent');
        const loaded = await loadPatient(this.infra.store, patientId, needsIdentity ? { revealWith: this.infra.vault } : {});
        let state: PatientState = loaded.state;
        const events: NewEvent[] = [];
        for (const [index, command] of commandsOf.entries()) {
          const line = entries[index]!.line;
          try {
            authorize(options.principal, command, state);
            const decided = decide(command, state, { now, maxClockSkewMs: this.config.MAX_CLOCK_SKEW_MS });
            const metadata = this.metadataFor(options, line, command);
            for (const [n, event] of decided.entries()) {
              const eventId = options.idScope ? deterministicEventId(`${options.idScope}|${line}`, n) : randomUUID();
              events.push({ eventId, type: event.type, schemaVersion: patientEventSchemas[event.type].schemaVersion, data: event.data, metadata, occurredAt: event.occurredAt });
              state = evolve(state, { ...event, eventId, recordedAt: now } as PatientRecordedEvent);
            }
          } catch (error) {
            if (error instanceof DomainError) {
              issues.add({ line, field: error.field?.join('.') ?? '(command)', message: error.message, code: error.code });
            } else if (error instanceof HttpProblem) {
              issues.add({ line, field: '(command)', message: error.message, code: error.code });
            } else {
              throw error;
            }
          }
        }
        if (events.length > 0 && issues.count === 0) {
          const request: AppendRequest = { streamId: patientStreamId(patientId), events, expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision };
          await requests.writeLine(JSON.stringify(request));
          total += events.length;
        }
      }
    } finally {
      await commands.close();
      await requests.close();
    }
    return total;
  }

  private metadataFor(options: ImportOptions & { importId: string }, line: number, command: PatientCommand): EventMetadata {
    const reason = (command as { reason?: unknown }).reason;
    return {
      actor: { userId: options.principal.userId, role: actingRole(options.principal, ['clinician', 'admin']) },
      correlationId: options.correlationId,
      causationId: null,
      idempotencyKey: options.idempotencyKey ?? null,
      reason: typeof reason === 'string' ? reason : null,
      source: 'import',
      importId: options.importId,
      lineNumber: line,
    };
  }

  /** Pass 3 reads the spooled requests back in batches, so memory stays flat however large the file. */
  private async *batchesFrom(spool: SpoolDirectory): AsyncGenerator<AppendRequest[]> {
    let batch: AppendRequest[] = [];
    let events = 0;
    for await (const { text } of ndjsonLines(createReadStream(spool.file('requests.ndjson')))) {
      if (!text) continue;
      const request = JSON.parse(text) as AppendRequest;
      batch.push(request);
      events += request.events.length;
      if (events >= EVENTS_PER_BATCH) {
        yield batch;
        batch = [];
        events = 0;
      }
    }
    if (batch.length) yield batch;
  }
}

class IssueList {
  private readonly issues: FieldIssue[] = [];
  private readonly lines = new Set<number>();
  count = 0;

  add(issue: FieldIssue): void {
    this.count += 1;
    if (issue.line !== undefined) this.lines.add(issue.line);
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push(issue);
  }

  throwIfAny(what: string): void {
    if (this.count === 0) return;
    const shown = this.count > this.issues.length ? ` (the first ${this.issues.length} of ${this.count} issues are listed)` : '';
    throw new HttpProblem(
      400,
      'IMPORT_REJECTED',
      `${this.lines.size} ${what}; nothing was imported. Fix the lines listed in issues and send the whole file again${shown}.`,
      this.issues,
    );
  }
}
