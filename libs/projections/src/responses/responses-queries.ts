import type { ResponseRow } from '@poems/read-models';
import type { Pool } from 'pg';
import { beforeBuilt } from '../before-built';

/** One patient's response row (clinical table), or undefined. */
export async function readPatientResponse(pool: Pool, schema: string, patientId: string): Promise<ResponseRow | undefined> {
  const { rows } = await beforeBuilt(pool.query<{ row: ResponseRow }>(`SELECT row FROM ${schema}.patient_responses WHERE patient_id = $1`, [patientId]), { rows: [] });
  return rows[0]?.row;
}

/** The de-identified response rows (research table), one arm or all, by pseudonym. */
export async function readResearchResponses(pool: Pool, schema: string, arm?: string): Promise<ResponseRow[]> {
  const { rows } = await beforeBuilt(
    pool.query<{ row: ResponseRow }>(`SELECT row FROM ${schema}.research_responses WHERE $1::text IS NULL OR arm = $1::text ORDER BY arm, pseudo_id`, [arm ?? null]),
    { rows: [] },
  );
  return rows.map((r) => r.row);
}
