import { randomUUID } from 'node:crypto';
import { assertSchemaName, inTransaction, type Migration, runMigrations } from '@poems/event-store';
import { MEASUREMENT_KINDS } from '@poems/read-models';
import { researchRecordBatches } from '@poems/projections';
import type { Infrastructure } from '@poems/runtime';
import { type ExportType, researchResources } from './research-resources';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'fhir bulk export',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.fhir_export_jobs (
        job_id           uuid PRIMARY KEY,
        requested_by     text NOT NULL,
        request_url      text NOT NULL,
        types            text[] NOT NULL,
        status           text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        transaction_time timestamptz,
        finished_at      timestamptz,
        error            text
      );
      CREATE TABLE IF NOT EXISTS ${s}.fhir_export_files (
        job_id  uuid NOT NULL REFERENCES ${s}.fhir_export_jobs (job_id) ON DELETE CASCADE,
        type    text NOT NULL,
        count   integer NOT NULL,
        content text NOT NULL,
        PRIMARY KEY (job_id, type)
      );`,
  },
];

/** A job not finished after this long was lost with its process: reported as failed. */
const STALE_AFTER_MS = 60 * 60_000;

export interface ExportJob {
  jobId: string;
  requestedBy: string;
  requestUrl: string;
  types: ExportType[];
  status: 'in-progress' | 'completed' | 'failed';
  transactionTime: string | null;
  error: string | null;
  files: { type: ExportType; count: number }[];
}

/**
 * Bulk Data export jobs: kicked off, run in this process from the research views (de-identified),
 * their NDJSON kept in PostgreSQL until the requester deletes the job.
 */
export class ExportJobs {
  private readonly s: string;

  private constructor(private readonly infra: Infrastructure) {
    this.s = assertSchemaName(infra.schema);
  }

  static async open(infra: Infrastructure): Promise<ExportJobs> {
    await runMigrations(infra.pool, infra.schema, MIGRATIONS, 'fhir-export');
    return new ExportJobs(infra);
  }

  async start(requestedBy: string, requestUrl: string, types: ExportType[], onFailure: (error: unknown) => void): Promise<string> {
    const jobId = randomUUID();
    await this.infra.pool.query(`INSERT INTO ${this.s}.fhir_export_jobs (job_id, requested_by, request_url, types, status) VALUES ($1, $2, $3, $4, 'in-progress')`, [jobId, requestedBy, requestUrl, types]);
    void this.run(jobId, types).catch(async (error: unknown) => {
      onFailure(error);
      await this.infra.pool.query(`UPDATE ${this.s}.fhir_export_jobs SET status = 'failed', error = $2, finished_at = now() WHERE job_id = $1`, [jobId, 'the export failed: start a new one']).catch(() => undefined);
    });
    return jobId;
  }

  private async run(jobId: string, types: ExportType[]): Promise<void> {
    const { rows } = await this.infra.pool.query<{ now: Date }>('SELECT now()');
    const lines: Record<ExportType, string[]> = { Patient: [], CarePlan: [], Observation: [] };
    for await (const batch of researchRecordBatches(this.infra.pool, this.infra.schema, { kinds: MEASUREMENT_KINDS })) {
      for (const record of batch) {
        const resources = researchResources(record);
        for (const type of types) lines[type].push(...resources[type].map((resource) => JSON.stringify(resource)));
      }
    }
    await inTransaction(this.infra.pool, async (client) => {
      for (const type of types) {
        await client.query(`INSERT INTO ${this.s}.fhir_export_files (job_id, type, count, content) VALUES ($1, $2, $3, $4)`, [jobId, type, lines[type].length, lines[type].map((line) => `${line}\n`).join('')]);
      }
      await client.query(`UPDATE ${this.s}.fhir_export_jobs SET status = 'completed', transaction_time = $2, finished_at = now() WHERE job_id = $1 AND status = 'in-progress'`, [jobId, rows[0]!.now]);
    });
  }

  async get(jobId: string): Promise<ExportJob | undefined> {
    const { rows } = await this.infra.pool.query(
      `SELECT j.*, (now() - j.created_at) > make_interval(secs => $2::double precision / 1000) AS stale,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('type', f.type, 'count', f.count) ORDER BY f.type) FROM ${this.s}.fhir_export_files f WHERE f.job_id = j.job_id), '[]') AS files
       FROM ${this.s}.fhir_export_jobs j WHERE j.job_id = $1`,
      [jobId, STALE_AFTER_MS],
    );
    const row = rows[0];
    if (!row) return undefined;
    const lost = row.status === 'in-progress' && row.stale;
    return {
      jobId: row.job_id,
      requestedBy: row.requested_by,
      requestUrl: row.request_url,
      types: row.types,
      status: lost ? 'failed' : row.status,
      transactionTime: row.transaction_time?.toISOString() ?? null,
      error: lost ? 'the export was interrupted: start a new one' : row.error,
      files: row.files,
    };
  }

  async file(jobId: string, type: ExportType): Promise<string | undefined> {
    const { rows } = await this.infra.pool.query<{ content: string }>(`SELECT content FROM ${this.s}.fhir_export_files WHERE job_id = $1 AND type = $2`, [jobId, type]);
    return rows[0]?.content;
  }

  async remove(jobId: string): Promise<void> {
    await this.infra.pool.query(`DELETE FROM ${this.s}.fhir_export_jobs WHERE job_id = $1`, [jobId]);
  }
}
