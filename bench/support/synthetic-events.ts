import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@poems/event-store';
import type { PlainRow } from './peers';

/**
 * Events for the append benchmarks: shaped like a lab result recorded over the API (about 330
 * bytes of data and metadata), each with a fresh id. The plain-table baselines store the same content.
 */
export function labResultEvent(n: number): NewEvent {
  const collectedAt = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  return {
    eventId: randomUUID(),
    type: 'LabResultRecorded',
    schemaVersion: 1,
    data: { test: 'VEGF', value: 500 + (n % 3000), unit: 'pg/mL', reportedValue: 500 + (n % 3000), reportedUnit: 'pg/mL', collectedAt, specimen: 'serum', method: 'RIA', upperLimitOfNormal: 600, accessionId: `ACC-${n}` },
    metadata: { actor: { userId: 'bench', role: 'clinician' }, correlationId: randomUUID(), causationId: null, idempotencyKey: null, source: 'api' },
    occurredAt: collectedAt,
  };
}

/** The same event as a row of the plain table (see peers.ts). */
export function plainRow(streamId: string, revision: number, n: number): PlainRow {
  const event = labResultEvent(n);
  return { streamId, revision, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}
