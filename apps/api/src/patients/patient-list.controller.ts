import { Controller, Get, Inject, Query } from '@nestjs/common';
import { reachableCareTeams, rolesFor } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { listPatients, patientIdentities } from '@poems/projections';
import { armSchema } from '@poems/protocol';
import { summarisePatient } from '@poems/read-models';
import type { Infrastructure } from '@poems/runtime';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { badRequest } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { countField, plainTextField } from '../http/query-fields';
import { parseInput } from '../http/zod-input';
import { APP_CONFIG, CLOCK, type Clock, INFRASTRUCTURE } from '../platform/tokens';
import { patientListResponseSchema } from './patient-list-response';

/** Search decrypts identities (names are stored encrypted): beyond this many reachable patients it refuses. */
export const MAX_SEARCHABLE_PATIENTS = 5000;

const listQuery = z.strictObject({
  q: plainTextField(100).optional().describe('Search: part of the name or MRN (any case), or the start of the patient id'),
  ids: z
    .string()
    .max(100 * 37)
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(100))
    .optional()
    .describe('Only these patients: comma-separated ids (at most 100), e.g. those an inbox page names'),
  arm: armSchema.optional(),
  offset: countField({ max: 1_000_000 }).default(0),
  limit: countField({ min: 1, max: 200 }).default(50),
});

const LIST = documentRoute({
  method: 'GET',
  path: '/v1/patients',
  summary: 'Your care teams’ patients, most urgent first: identity, arm, protocol, day of cycle or day after infusion, open alerts, next and overdue items',
  description:
    'Clinicians see their care teams’ patients; auditors and admins see all. Most urgent first: open critical alerts, then open warnings, then any open alert, then the latest enrolled. ' +
    'Day of cycle and day +N are counted in the patient’s clinic calendar (the zone the enrolment recorded, `clinicTimeZone`; CLINIC_TIME_ZONE for new enrolments). ' +
    '`nextDue` and `overdue` are the timeline’s assessment schedule (per kind the next assessment due with its window of whole clinic days; those whose window closed with no result; a late result takes one off) ' +
    'and the next regimen dexamethasone cycle (due one cycle after the current cycle’s due date, with the protocol’s grace days either side; overdue once they have passed), judged at the server time; ' +
    'plus, as `kind: ALERT`, the open alerts of the overdue rules no schedule here computes (PBSCT_MILESTONE_OVERDUE, PREGNANCY_TEST_OVERDUE). ' +
    `Search (\`q\`) decrypts the identities of every patient you reach, so it is refused past ${MAX_SEARCHABLE_PATIENTS}. Every answer is recorded in the access log with the patients it showed.`,
  tag: 'Patient queries',
  roles: [...rolesFor('patient.read')],
  query: listQuery,
  response: patientListResponseSchema,
  responses: { 200: 'A page of patients', 400: 'Invalid query, or a search over too many patients', 403: 'Needs the clinician, auditor or admin role' },
});

@Controller()
@Roles(...rolesFor('patient.read'))
export class PatientListController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: AccessRecorder,
  ) {}

  @Get(LIST.nestPath)
  async list(@Query() raw: unknown, @Ctx() ctx: RequestContext): Promise<z.output<typeof patientListResponseSchema>> {
    const query = parseInput(listQuery, raw, 'query');
    // The policy's answer for reading patients: a clinician's care teams, or all (auditors, admins).
    const reachable = reachableCareTeams(ctx.principal, 'patient.read');
    const careTeams = reachable === null ? null : [...reachable];
    const patientIds = query.q ? await this.search(careTeams, query.q, query.ids) : query.ids;
    const { rows, total } =
      patientIds && patientIds.length === 0
        ? { rows: [], total: 0 }
        : await listPatients(this.infra.pool, this.infra.schema, { careTeams, patientIds, arm: query.arm, offset: query.offset, limit: query.limit });
    const now = this.clock().toISOString();
    const items = await Promise.all(
      rows.map(async (row) => ({
        ...summarisePatient(row.patient, row.entries, row.openAlerts, now),
        identity: row.patient.identityErased ? { erased: true as const } : await this.infra.vault.reveal(row.patient.patientId, row.patient.identity),
      })),
    );
    // Names are identifiable: the log says which patients this answer showed.
    await this.access.record(ctx, 'list-patients', 200, { query: { ...query, shown: items.map((item) => item.patientId) } });
    const next = query.offset + items.length < total ? query.offset + items.length : null;
    return { items, total, offset: query.offset, limit: query.limit, next, clinicTimeZone: this.config.CLINIC_TIME_ZONE, asOf: now };
  }

  /** Patients whose name or MRN contains the text, or whose id starts with it. */
  private async search(careTeams: string[] | null, text: string, within: string[] | undefined): Promise<string[]> {
    const candidates = await patientIdentities(this.infra.pool, this.infra.schema, careTeams, MAX_SEARCHABLE_PATIENTS + 1);
    if (candidates.length > MAX_SEARCHABLE_PATIENTS) {
      const message = `Search reaches more than ${MAX_SEARCHABLE_PATIENTS} patients: open the patient by id, or narrow it with \`ids\``;
      throw badRequest('SEARCH_TOO_BROAD', message, [{ field: 'query.q', message }]);
    }
    const needle = text.trim().toLocaleLowerCase();
    const matches: string[] = [];
    for (const candidate of candidates) {
      if (within && !within.includes(candidate.patientId)) continue;
      if (candidate.patientId.startsWith(needle)) {
        matches.push(candidate.patientId);
        continue;
      }
      if (candidate.identityErased) continue;
      const identity = (await this.infra.vault.reveal(candidate.patientId, candidate.identity)) as Record<string, unknown>;
      const haystack = [identity['name'], identity['mrn']].filter((v) => typeof v === 'string').join(' ').toLocaleLowerCase();
      if (haystack.includes(needle)) matches.push(candidate.patientId);
    }
    return matches;
  }
}
