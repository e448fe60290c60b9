import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { hasRole, type UserRole } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { type ProjectionCatalog, readResearchRecords, researchRecordBatches, type ResearchReadOptions } from '@poems/projections';
import { ARMS, armSchema } from '@poems/protocol';
import { classifyResponse, presentVegfSeries, summariseResponses, vegfSeriesOf } from '@poems/read-models';
import type { Infrastructure } from '@poems/runtime';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { forbidden } from '../http/http-problem';
import { Ctx, type RequestContext } from '../http/request-context';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG, INFRASTRUCTURE, PROJECTIONS } from '../platform/tokens';
import { awaitProjection, minPositionField } from '../timeline/read-your-writes';
import { csvDownload } from './research-csv';
import { responsesSchema, vegfSeriesSchema } from '../docs/response-schemas';

const RESEARCH_ROLES: UserRole[] = ['researcher', 'auditor', 'admin'];

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
  summary: 'Serum VEGF by month since treatment start, per patient and per arm (n, median, quartiles): the data behind the study’s Figures 1 and 2',
  description:
    'De-identified: patients appear under a keyed-hash pseudonym and only days/months since their treatment start (thalidomide start, or stem cell infusion on Auto-PBSCT). ' +
    'month = floor(days / 30.4375). Per arm and month each patient counts once (the last sample of the month); quartiles interpolate linearly, like PostgreSQL percentile_cont. ' +
    'Patients without a treatment start are left out. CSV: one row per patient sample. Every read and export is recorded in the access log, refused ones included.',
  ...COMMON,
  response: vegfSeriesSchema,
});

const RESPONSES = documentRoute({
  method: 'GET',
  path: '/v1/research/responses',
  summary: 'Response per arm (improved, stabilised, progressed, not evaluable) by a stated rule, with each pseudonymous patient’s classification',
  description: 'The rule is returned with the counts (field `rule`). CSV: one row per patient. Every read and export is recorded in the access log, refused ones included.',
  ...COMMON,
  response: responsesSchema,
});

const VEGF_CSV_HEADER = ['pseudo_id', 'arm', 'month', 'days_since_start', 'vegf_pg_ml', 'upper_limit_pg_ml'];
const RESPONSE_CSV_HEADER = [
  'pseudo_id',
  'arm',
  'classification',
  'not_evaluable_because',
  'baseline_vegf_pg_ml',
  'latest_vegf_pg_ml',
  'latest_vegf_upper_limit_pg_ml',
  'baseline_onls',
  'latest_onls',
  'follow_up_days',
];

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
      return series ? series.points.map((p) => [series.pseudoId, series.arm, p.month, p.daysSinceStart, p.vegfPgMl, p.upperLimitPgMl]) : [];
    });
  }

  @Get(RESPONSES.nestPath)
  async responses(@Query() raw: unknown, @Headers('accept') accept: string | undefined, @Ctx() ctx: RequestContext) {
    const csv = wantsCsv(accept);
    const query = await this.admit(ctx, raw, csv ? 'export-research-responses-csv' : 'read-research-responses');
    const options: ResearchReadOptions = { arm: query.arm, kinds: ['VEGF', 'ONLS'] };
    if (!csv) return summariseResponses(await readResearchRecords(this.infra.pool, this.infra.schema, options), query.arm ? [query.arm] : ARMS);
    return csvDownload('research-responses.csv', RESPONSE_CSV_HEADER, researchRecordBatches(this.infra.pool, this.infra.schema, options), (record) => {
      const r = classifyResponse(record);
      return [[r.pseudoId, r.arm, r.classification, r.notEvaluableBecause, r.baselineVegfPgMl, r.latestVegfPgMl, r.latestVegfUpperLimitPgMl, r.baselineOnls, r.latestOnls, r.followUpDays]];
    });
  }

  /** Checks the role, waits for minPosition, and records the access (a refusal too) before any data leaves. */
  private async admit(ctx: RequestContext, raw: unknown, action: string): Promise<ResearchQuery> {
    if (!hasRole(ctx.principal, ...RESEARCH_ROLES)) {
      await this.access.record(ctx, action, 403, { query: isRecord(raw) ? raw : {} });
      throw forbidden(`Research views need one of the roles: ${RESEARCH_ROLES.join(', ')}`);
    }
    const query = parseInput(researchQuery, raw, 'query');
    await awaitProjection(this.projections, 'research', query.minPosition, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
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
