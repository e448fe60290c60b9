import type { MeasurementKind, ResearchRecord } from '@poems/read-models';
import type { Pool } from 'pg';
import { beforeBuilt } from '../before-built';
import { fromColumns, MEASUREMENTS, PATIENTS } from './research-tables';

export interface ResearchReadOptions {
  arm?: string;
  /** The measurement kinds the reader needs (the others are not sent). */
  kinds: readonly MeasurementKind[];
  /** Patients per FETCH. */
  batchSize?: number;
}

/**
 * The research records (each patient with its measurements), through a server-side cursor one
 * FETCH at a time, so an export of any size holds a single batch in memory. The cursor lives in
 * one read-only transaction: every batch comes from the same snapshot. Stopping early (a client
 * that hangs up) ends the transaction and returns the connection.
 */
export async function* researchRecordBatches(pool: Pool, schema: string, options: ResearchReadOptions): AsyncGenerator<ResearchRecord[]> {
  const batchSize = options.batchSize ?? 500;
  const client = await pool.connect();
  let open = true;
  let broken = false;
  try {
    await client.query('BEGIN READ ONLY');
    const declared = await beforeBuilt(client.query(
      `DECLARE research_records NO SCROLL CURSOR FOR
       SELECT to_jsonb(p) AS patient,
              COALESCE((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.measured_on, m.measurement_key)
                        FROM ${schema}.research_measurements AS m
                        WHERE m.pseudo_id = p.pseudo_id AND m.kind = ANY($2::text[])), '[]'::jsonb) AS measurements
       FROM ${schema}.research_patients AS p
       WHERE $1::text IS NULL OR p.arm = $1::text
       ORDER BY p.arm, p.pseudo_id`,
      [options.arm ?? null, [...options.kinds]],
    ), undefined);
    // Before the worker first built the research views there is nothing to export yet.
    if (declared === undefined) return;
    for (;;) {
      const { rows } = await client.query<{ patient: Record<string, unknown>; measurements: Record<string, unknown>[] }>(`FETCH ${batchSize} FROM research_records`);
      if (rows.length > 0) yield rows.map((row) => ({ patient: fromColumns(PATIENTS, row.patient), measurements: row.measurements.map((m) => fromColumns(MEASUREMENTS, m)) }));
      if (rows.length < batchSize) break;
    }
    await client.query('COMMIT');
    open = false;
  } finally {
    if (open) await client.query('ROLLBACK').catch(() => (broken = true));
    client.release(broken);
  }
}

/** Every record at once, for answers that summarise the whole cohort. */
export async function readResearchRecords(pool: Pool, schema: string, options: ResearchReadOptions): Promise<ResearchRecord[]> {
  const records: ResearchRecord[] = [];
  for await (const batch of researchRecordBatches(pool, schema, options)) records.push(...batch);
  return records;
}
