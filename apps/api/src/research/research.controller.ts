import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { mayAttempt, rolesFor } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { type ProjectionCatalog, readResearchRecords, readResearchResponses, researchRecordBatches, type ResearchReadOptions } from '@poems/projections';
import { ARMS, armSchema } from '@poems/protocol';
import { presentVegfSeries, summariseResponseRows, vegfSeriesOf } from '@poems/read-models';
import type { Infrastructure } from '@poems/runtime';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { forbidden } from '../http/http-problem';
import { Ctx, type RequestContext } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG, INFRASTRUCTURE, PROJECTIONS } from '../platform/tokens';
import { awaitProjection, minPositionField } from '../timeline/read-your-writes';
import { csvDownload, type CsvCell } from './research-csv';
import { presentResearchResponses, RESPONSE_CSV_HEADER, responseCsvRow } from './research-responses';
import { responsesSchema, vegfSeriesSchema } from '../docs/response-schemas';

const RESEARCH_ROLES = [...rolesFor('research.read')];

const researchQuery = z.strictObject({
  arm: armSchema.optional().describe('Only this arm'),
  minPosition: minPositionField,
});
type ResearchQuery = z.output<typeof researchQuery>;

const COMMON = {
  tag: 'Research',
  roles: RESEARCH_ROLES,
  query: researchQuery,
  headers: { Accept: '`text/csv` for a streamed CSV download (attachment); JSON otherwise' },
  produces: ['application/json', 'text/csv'],
  responses: { 200: 'The view (JSON), or the CSV download', 400: 'Invalid query', 403: 'Needs the researcher, auditor or admin role', 503: 'The view has not reached minPosition yet' },
};

const VEGF_SERIES = documentRoute({
  method: 'GET',
  path: '/v1/research/vegf-series',
  summary: 'VEGF by month since treatment start, per patient and per arm and assay series (n, median, quartiles): the data behind the study’s Figures 1 and 2',
  description:
    'De-identified: patients appear under a keyed-hash pseudonym and only days/months since their treatment start (thalidomide start, or stem cell infusion on Auto-PBSCT). ' +
    'Each point carries its assay series (specimen and method, e.g. "serum RIA") and its own limit (null when unknown); the month summaries are per arm and series, never pooling assays. ' +
    'month = floor(days / 30.4375). Per arm, series and month each patient counts once (the last sample of the month); quartiles interpolate linearly, like PostgreSQL percentile_cont. ' +
    'Patients without a treatment start are left out. CSV: one row per patient sample. Every read and export is recorded in the access log, refused ones included.',
  ...COMMON,
  response: vegfSeriesSchema,
});

const RESPONSES = documentRoute({
  method: 'GET',
  path: '/v1/research/responses',
  summary: 'Response per arm (improved, stabilised, progressed, not evaluable) from each patient’s POEMS response per domain (VEGF, haematologic, clinical), with the stated rule',
  description:
    'From the `responses` projection (its research table: pseudonyms, shifted dates). The rule is returned with the counts (field `rule`). Each patient lists their latest response per domain ' +
    'and the responses over time (days since the start), never dates. CSV: one row per patient, with each domain’s response, detail and days since the start. Every read and export is recorded in the access log, refused ones included.',
  ...COMMON,
  response: responsesSchema,
});

const VEGF_CSV_HEADER = ['pseudo_id', 'arm', 'series', 'month', 'days_since_start', 'vegf_pg_ml', 'upper_limit_pg_ml'];

/**
 * The de-identified research views. No @Roles here: the guard would refuse clinicians before a
 * refusal could be written to the access log, so the role is checked (and logged) in the handler.
 */
@Controller()
export class ResearchController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(PROJECTIONS) private readonly projections: ProjectionCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessRecorder,
  ) {}

  @Get(VEGF_SERIES.nestPath)
  async vegfSeries(@Query() raw: unknown, @Headers('accept') accept: string | undefined, @Ctx() ctx: RequestContext) {
    const csv = wantsCsv(accept);
    const query = await this.admit(ctx, raw, csv ? 'export-research-vegf-series-csv' : 'read-research-vegf-series');
    const options: ResearchReadOptions = { arm: query.arm, kinds: ['VEGF'] };
    if (!csv) return presentVegfSeries(await readResearchRecords(this.infra.pool, this.infra.schema, options));
    return csvDownload('research-vegf-series.csv', VEGF_CSV_HEADER, researchRecordBatches(this.infra.pool, this.infra.schema, options), (record) => {
      const series = vegfSeriesOf(record);
      return series ? series.points.map((p) => [series.pseudoId, series.arm, p.series, p.month, p.daysSinceStart, p.vegfPgMl, p.upperLimitPgMl]) : [];
    });
  }

  @Get(RESPONSES.nestPath)
  async responses(@Query() raw: unknown, @Headers('accept') accept: string | undefined, @Ctx() ctx: RequestContext) {
    const csv = wantsCsv(accept);
    const query = await this.admit(ctx, raw, csv ? 'export-research-responses-csv' : 'read-research-responses', 'responses');
    const summary = presentResearchResponses(summariseResponseRows(await readResearchResponses(this.infra.pool, this.infra.schema, query.arm), query.arm ? [query.arm] : ARMS));
    if (!csv) return summary;
    async function* one() {
      yield summary.perPatient;
    }
    return csvDownload('research-responses.csv', RESPONSE_CSV_HEADER, one(), (r): CsvCell[][] => [responseCsvRow(r)]);
  }

  /** Checks the role, waits for minPosition, and records the access (a refusal too) before any data leaves. */
  private async admit(ctx: RequestContext, raw: unknown, action: string, projection: 'research' | 'responses' = 'research'): Promise<ResearchQuery> {
    if (!mayAttempt(ctx.principal, 'research.read')) {
      await this.access.record(ctx, action, 403, { query: isRecord(raw) ? raw : {} });
      throw forbidden(`Research views need one of the roles: ${RESEARCH_ROLES.join(', ')}`);
    }
    const query = parseInput(researchQuery, raw, 'query');
    await awaitProjection(this.projections, projection, query.minPosition, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
    await this.access.record(ctx, action, 200, { query });
    return query;
  }
}

function wantsCsv(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.split(';')[0]!.trim().toLowerCase() === 'text/csv');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
