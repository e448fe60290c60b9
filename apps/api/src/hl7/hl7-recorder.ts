import { type AppendedEvent, type CommandContext, type CommandHandler, type MrnIndex, PATIENT_STREAM } from '@poems/command-pipeline';
import { type AppendRequest, ConcurrencyError, type StoredEvent } from '@poems/event-store';
import { DomainError, patientStreamId } from '@poems/kernel';
import type { PatientCommand } from '@poems/patient';
import { type Infrastructure, revealIdentities } from '@poems/runtime';
import { reachesCareTeam } from '@poems/auth';
import { HL7_ERROR, type Hl7Issue, issueAt } from './hl7-issue';
import { Hl7Refusal, issuesOfRefusal, type ResultOrigin } from './hl7-refusals';
import type { OruReading, PatientGroup } from './oru-reading';

const MAX_ATTEMPTS = 3;
const UNKNOWN_PATIENT = 'no enrolled patient this feed reports on has this identifier';

export interface Recorded {
  events: number;
  position: number | null;
  replayed: boolean;
  /** The one patient the message is about, when it is about one (its data key seals the message). */
  patientId: string | null;
}

/**
 * The HL7 door's use of the one command handler: each OBX becomes a RecordLabResult, every
 * patient's results are decided first (every refusal collected, as the import does), and only a
 * message with no refusal is appended, all patients in one transaction. A concurrent write to a
 * patient between the decision and the append decides the message again.
 */
export class Hl7Recorder {
  constructor(
    private readonly handler: CommandHandler,
    private readonly infra: Infrastructure,
    private readonly index: MrnIndex,
  ) {}

  async record(reading: OruReading, ctx: CommandContext): Promise<Recorded> {
    const issues: Hl7Issue[] = [...reading.issues];
    const byPatient = await this.resolvePatients(reading.patients, ctx, issues);
    const patientIds = [...new Set(reading.patients.map((group) => byPatient.get(group.sequence)).filter((id): id is string => id !== undefined))];
    const patientId = patientIds.length === 1 ? patientIds[0]! : null;
    const envelopes = this.envelopes(reading.patients, byPatient, issues);
    if (issues.length > 0) throw new Hl7Refusal(issues);
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.decideAndCommit(envelopes, ctx)), patientId };
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * PID-3 through the MRN blind index; PID-7, when sent, must match the record (a second
   * identifier). A patient outside the feed's care teams is answered as an unknown one.
   */
  private async resolvePatients(groups: PatientGroup[], ctx: CommandContext, issues: Hl7Issue[]): Promise<Map<number, string>> {
    const resolved = new Map<number, string>();
    for (const group of groups) {
      if (group.mrns.length === 0) continue;
      const found = new Set<string>();
      for (const mrn of group.mrns) for (const id of await this.index.find(this.index.authority, mrn)) found.add(id);
      const enrolment = found.size === 1 ? await this.enrolmentOf([...found][0]!) : undefined;
      if (found.size > 1) issues.push(issueAt('PID', group.sequence, 3, HL7_ERROR.UNKNOWN_KEY, 'the identifiers match more than one patient: fix the records first'));
      else if (!enrolment || !reachesCareTeam(ctx.principal, 'patient.record-lab', enrolment.careTeam)) issues.push(issueAt('PID', group.sequence, 3, HL7_ERROR.UNKNOWN_KEY, UNKNOWN_PATIENT));
      else if (group.birthDate && enrolment.birthDate !== group.birthDate) issues.push(issueAt('PID', group.sequence, 7, HL7_ERROR.UNKNOWN_KEY, "the birth date does not match the patient's record"));
      else resolved.set(group.sequence, enrolment.patientId);
    }
    return resolved;
  }

  private async enrolmentOf(patientId: string): Promise<{ patientId: string; careTeam: string; birthDate: string | undefined } | undefined> {
    const first = await this.infra.store.readStream(patientStreamId(patientId), { limit: 1 });
    if (first[0]?.type !== 'PatientEnrolled') return undefined;
    const [revealed] = await revealIdentities(first, patientId, this.infra.vault);
    const data = revealed!.data as { careTeam: string; identity?: { birthDate?: string } };
    return { patientId, careTeam: data.careTeam, birthDate: data.identity?.birthDate };
  }

  /** The commands, validated, per patient stream; a result that fails validation is an issue at its field. */
  private envelopes(groups: PatientGroup[], byPatient: Map<number, string>, issues: Hl7Issue[]) {
    const streams = new Map<string, { command: PatientCommand; part: string; origin: ResultOrigin }[]>();
    for (const group of groups) {
      const patientId = byPatient.get(group.sequence);
      if (!patientId) continue;
      for (const result of group.results) {
        const origin = { pid: group.sequence, obr: result.orderSequence, obx: result.sequence };
        try {
          const command = PATIENT_STREAM.parse({ type: 'RecordLabResult', patientId, ...result.body });
          const list = streams.get(patientStreamId(patientId)) ?? [];
          list.push({ command, part: `obx-${result.sequence}`, origin });
          streams.set(patientStreamId(patientId), list);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          issues.push(...issuesOfRefusal(error, origin));
        }
      }
    }
    return streams;
  }

  private async decideAndCommit(streams: Map<string, { command: PatientCommand; part: string; origin: ResultOrigin }[]>, ctx: CommandContext) {
    const issues: Hl7Issue[] = [];
    const requests: AppendRequest[] = [];
    const owed: AppendedEvent[] = [];
    const replayed: StoredEvent[] = [];
    // Streams in id order: the store locks them in this order, like every other writer.
    for (const streamId of [...streams.keys()].sort()) {
      const envelopes = streams.get(streamId)!;
      const origins = new Map(envelopes.map((envelope) => [envelope.part, envelope.origin]));
      const decided = await this.handler.decideOnStream(PATIENT_STREAM, streamId, envelopes, ctx, ctx.requestHash!, (envelope, refusal) =>
        issues.push(...issuesOfRefusal(refusal, origins.get(envelope.part)!)),
      );
      if (decided.replayed) replayed.push(...decided.replayed);
      if (decided.events.length === 0) continue;
      const expected = decided.loaded.revision;
      requests.push({ streamId, events: decided.events, expectedRevision: expected < 0 ? 'no_stream' : expected });
      owed.push(...this.handler.owed(decided.events.map((event) => ({ ...event, streamId }))));
    }
    if (issues.length > 0) throw new Hl7Refusal(issues);
    if (requests.length === 0) {
      const positions = replayed.map((event) => event.globalPosition);
      return { events: replayed.length, position: positions.length ? Math.max(...positions) : null, replayed: replayed.length > 0 };
    }
    const { summary } = await this.handler.commitBatches(PATIENT_STREAM, oneBatch(requests), owed);
    return { events: summary.events + replayed.length, position: summary.lastPosition, replayed: false };
  }
}

async function* oneBatch(requests: AppendRequest[]): AsyncGenerator<AppendRequest[]> {
  yield requests;
}
