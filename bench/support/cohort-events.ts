import { generateCohort } from '@poems/demo-cohort';
import type { AppendRequest, EventMetadata, NewEvent } from '@poems/event-store';
import { initialState, type PatientCommandInput, type PatientState, patientStreamId } from '@poems/patient';
import { decideEvents } from './patient-writer';

/** About how many commands (and events) the demo cohort gives each patient over its follow-up. */
const COMMANDS_PER_PATIENT = 160;

export const today = () => new Date().toISOString().slice(0, 10);

/** The first `count` commands of a cohort big enough: whole histories, the last one cut short. */
export function cohortCommands(count: number, seed = 'bench'): PatientCommandInput[] {
  const patients = Math.ceil(count / COMMANDS_PER_PATIENT) + 2;
  const { commands } = generateCohort({ seed, endDate: today(), patients });
  if (commands.length < count) return [...commands, ...cohortCommands(count - commands.length, `${seed}+`)];
  return commands.slice(0, count);
}

const METADATA: EventMetadata = { actor: { userId: 'bench-loader', role: 'clinician' }, correlationId: 'bench-load', causationId: null, source: 'import' };

/**
 * The commands decided as POST /v1/import decides them (cohort commands come patient by patient,
 * each in import order), yielded as batches of append requests of about `eventsPerBatch` events.
 */
export function* decidedBatches(commands: PatientCommandInput[], eventsPerBatch = 2000): Generator<AppendRequest[]> {
  const now = new Date().toISOString();
  let batch: AppendRequest[] = [];
  let inBatch = 0;
  let current: { patientId: string; state: PatientState; events: NewEvent[] } | undefined;
  const flushPatient = () => {
    if (!current || current.events.length === 0) return;
    batch.push({ streamId: patientStreamId(current.patientId), events: current.events, expectedRevision: 'no_stream' });
    inBatch += current.events.length;
  };
  for (const command of commands) {
    const patientId = String(command.patientId);
    if (current?.patientId !== patientId) {
      flushPatient();
      if (inBatch >= eventsPerBatch) {
        yield batch;
        batch = [];
        inBatch = 0;
      }
      current = { patientId, state: initialState, events: [] };
    }
    const decided = decideEvents(command, current.state, now, METADATA);
    current.events.push(...decided.events);
    current.state = decided.state;
  }
  flushPatient();
  if (batch.length) yield batch;
}

/** Async view of `decidedBatches` for `appendBatches`, reporting the events handed over. */
export async function* feed(batches: Iterable<AppendRequest[]>, onEvents: (events: number) => void): AsyncGenerator<AppendRequest[]> {
  let events = 0;
  for (const batch of batches) {
    yield batch;
    events += batch.reduce((sum, request) => sum + request.events.length, 0);
    onEvents(events);
  }
}

export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}
