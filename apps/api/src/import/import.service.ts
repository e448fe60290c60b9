import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { type AppendedEvent, type CommandContext, type CommandHandler, PATIENT_STREAM } from '@poems/command-pipeline';
import type { AppConfig } from '@poems/config';
import type { AppendRequest, StoredEvent } from '@poems/event-store';
import { DomainError, type FieldIssue } from '@poems/kernel';
import { commandOrder, type PatientCommand, patientStreamId } from '@poems/patient';
import { parseJsonSafely } from '../http/safe-json';
import { APP_CONFIG, COMMAND_HANDLER } from '../platform/tokens';
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
  /** True when this answer repeats the first answer to the same import (same Idempotency-Key, same lines). */
  replayed: boolean;
  firstPosition: number | null;
  lastPosition: number | null;
}

/** What the import's door knows of a request: the rest (decide, authorize, idempotency, append) is the handler's. */
export type ImportOptions = Omit<CommandContext, 'source' | 'requestHash' | 'importId' | 'expectedRevision'>;

/**
 * All-or-nothing NDJSON import: one more door to the command handler, in three streamed passes.
 * Pass 1 parses every line into a spool file, fingerprinting the whole request; pass 2 has the
 * handler decide each patient's commands in decision order (every refused line is listed);
 * pass 3 has it append every stream in one transaction and run what the events owe (an erasure
 * destroys the data key, as over REST). Any bad line stops it before anything is written.
 */
@Injectable()
export class ImportService {
  constructor(
    @Inject(COMMAND_HANDLER) private readonly handler: CommandHandler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async import(body: Readable, options: ImportOptions): Promise<ImportSummary> {
    const spool = await SpoolDirectory.create();
    try {
      const issues = new IssueList();
      const validated = await this.validate(body, spool, issues);
      issues.throwIfAny('lines are invalid');
      const ctx: CommandContext = { ...options, source: 'import', requestHash: validated.requestHash, importId: randomUUID() };
      return await this.handler.idempotent(ctx, validated.requestHash, async () => {
        const decided = await this.decideAll(validated.byPatient, spool, issues, ctx);
        issues.throwIfAny('lines are refused by the patients’ records');
        const counts = { lines: validated.lines, commands: validated.commands, patients: validated.byPatient.size };
        if (decided.events === 0 && decided.replayed.length > 0) return replayedSummary(counts, decided.replayed);
        const { summary } = await this.handler.commitBatches(PATIENT_STREAM, this.batchesFrom(spool), decided.owed);
        const positions = [summary.firstPosition, summary.lastPosition, ...decided.replayed.map((e) => e.globalPosition)].filter((p): p is number => p !== null);
        return {
          importId: ctx.importId!,
          ...counts,
          events: decided.events + decided.replayed.length,
          replayed: false,
          firstPosition: positions.length ? Math.min(...positions) : null,
          lastPosition: positions.length ? Math.max(...positions) : null,
        };
      });
    } finally {
      await spool.remove();
    }
  }

  /** Pass 1: every line parsed and validated; valid commands spooled and indexed by patient. */
  private async validate(body: Readable, spool: SpoolDirectory, issues: IssueList) {
    const writer = spool.writer('commands.ndjson');
    const fingerprint = this.handler.requestHasher.incremental('import');
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
        let command: PatientCommand;
        try {
          command = PATIENT_STREAM.parse(json.value);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          issues.addRefusal(number, error);
          continue;
        }
        commands += 1;
        fingerprint.update({ line: number, command });
        const { offset, length } = await writer.writeLine(JSON.stringify(command));
        const entries = byPatient.get(command.patientId) ?? [];
        entries.push({ line: number, offset, length, ...commandOrder(command) });
        byPatient.set(command.patientId, entries);
      }
    } finally {
      await writer.close();
    }
    if (commands === 0 && issues.count === 0) issues.add({ line: 0, field: '(body)', message: 'no commands: send one JSON command per line' });
    return { lines, commands, byPatient, requestHash: fingerprint.digest() };
  }

  /**
   * Pass 2: the handler decides each patient's commands in decision order, one append request per
   * patient spooled. Only the few events that owe an effect (erasures) stay in memory.
   */
  private async decideAll(byPatient: Map<string, IndexedCommand[]>, spool: SpoolDirectory, issues: IssueList, ctx: CommandContext) {
    const commands = await spool.reader('commands.ndjson');
    const requests = spool.writer('requests.ndjson');
    const owed: AppendedEvent[] = [];
    const replayed: StoredEvent[] = [];
    let events = 0;
    try {
      // Streams in id order: the store locks them in this order, like every other writer.
      for (const patientId of [...byPatient.keys()].sort()) {
        const entries = byPatient.get(patientId)!.sort(compareIndexed);
        const envelopes = (await readLinesAt(commands, entries)).map((line, index) => ({
          command: JSON.parse(line) as PatientCommand,
          part: String(entries[index]!.line),
          lineNumber: entries[index]!.line,
        }));
        const streamId = patientStreamId(patientId);
        const decided = await this.handler.decideOnStream(PATIENT_STREAM, streamId, envelopes, ctx, ctx.requestHash!, (envelope, refusal) =>
          issues.addRefusal(envelope.lineNumber!, refusal),
        );
        if (decided.replayed) replayed.push(...decided.replayed);
        if (decided.events.length > 0 && issues.count === 0) {
          const expected = decided.loaded.revision;
          const request: AppendRequest = { streamId, events: decided.events, expectedRevision: expected < 0 ? 'no_stream' : expected };
          await requests.writeLine(JSON.stringify(request));
          owed.push(...this.handler.owed(decided.events.map((event) => ({ ...event, streamId }))));
          events += decided.events.length;
        }
      }
    } finally {
      await commands.close();
      await requests.close();
    }
    return { events, replayed, owed };
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

/** A retried import whose events are all stored already: answered from them, as the first answer was. */
function replayedSummary(counts: { lines: number; commands: number; patients: number }, stored: StoredEvent[]): ImportSummary {
  const positions = stored.map((event) => event.globalPosition);
  return {
    importId: String(stored[0]!.metadata.importId ?? ''),
    ...counts,
    events: stored.length,
    replayed: true,
    firstPosition: Math.min(...positions),
    lastPosition: Math.max(...positions),
  };
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

  addRefusal(line: number, refusal: DomainError): void {
    const issues = refusal.issues ?? [{ field: refusal.field?.join('.') || '(command)', message: refusal.message, code: refusal.code }];
    for (const issue of issues) this.add({ ...issue, line });
  }

  throwIfAny(what: string): void {
    if (this.count === 0) return;
    const shown = this.count > this.issues.length ? ` (the first ${this.issues.length} of ${this.count} issues are listed)` : '';
    throw new DomainError(
      'IMPORT_REJECTED',
      `${this.lines.size} ${what}; nothing was imported. Fix the lines listed in issues and send the whole file again${shown}.`,
      'validation',
      undefined,
      this.issues,
    );
  }
}
