import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { mayAttempt } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { foldClinicalResponse, type ProjectionCatalog, readPatientResponse, readTimelineRows, SNAPSHOT_EVERY, type TimelineSnapshots, toTimelineEvent } from '@poems/projections';
import { foldTimelineFrom, presentSchedule, presentTimeline, RESPONSE_CRITERIA_RULE, type ResponseRow, type TimelineAlert } from '@poems/read-models';
import type { Infrastructure } from '@poems/runtime';
import { patientStreamId } from '@poems/kernel';
import { z } from 'zod';
import { AccessRecorder } from '../audit/access-recorder';
import { documentRoute } from '../docs/route-docs';
import { notFound } from '../http/http-problem';
import { Ctx, type RequestContext, Roles } from '../http/request-context';
import { instantField } from '../http/query-fields';
import { parseInput } from '../http/zod-input';
import { careTeamOf, patientIdParam, readAccess } from '../patients/patient-access';
import { APP_CONFIG, CLOCK, type Clock, INFRASTRUCTURE, PROJECTIONS, TIMELINE_SNAPSHOTS } from '../platform/tokens';
import { awaitProjection, minPositionField } from './read-your-writes';
import { TimelineAlerts } from './timeline-alerts';
import { timelineSchema } from '../docs/response-schemas';

const timelineQuery = z.strictObject({
  asOf: instantField.optional().describe('The record exactly as the system held it at this recorded time (time travel)'),
  minPosition: minPositionField,
});

const TIMELINE = documentRoute({
  method: 'GET',
  path: '/v1/patients/{patientId}/timeline',
  summary:
    'The patient timeline: enrolment, measurements, dose intervals and cycles, labs with flags, assessments, transplant days, adverse events, transfusions, corrections, alerts, ' +
    'the assessment schedule (next due, overdue, late) and the response per domain',
  description:
    'Live from the timeline and responses projections, or with `asOf` folded from the event stream up to that recorded time (later events and later corrections are absent). ' +
    'Days are the clinic calendar’s (the zone the enrolment recorded, `patient.clinicTimeZone`): a transplant milestone’s `day` is its clinic day after the infusion. ' +
    '`assessmentSchedule` is judged at the server time (or `asOf`): per kind the next assessment due with its window of whole clinic days (`dueDate`, `opensAt`, `dueAt`, `closesAt`, `closesOn`; ' +
    'on the thalidomide arm the due days follow the dexamethasone cycles), the ones whose window closed with no result (`overdue`), and results that came late (`late`). ' +
    '`response` is the POEMS response per domain (VEGF, haematologic, clinical) at each measurement after day 0 (`overTime`, with clinic days since the start) and the latest of each (`current`), with the `rule`. ' +
    'A VEGF whose assay has no known limit shows `limitUnknown: true` and no flag. ' +
    'Auditors and admins also see the values corrections replaced. Every read is recorded in the access log.',
  tag: 'Patient queries',
  roles: ['clinician', 'auditor', 'admin'],
  query: timelineQuery,
  response: timelineSchema,
  responses: { 200: 'The timeline', 403: 'Not your care team', 404: 'Unknown patient', 503: 'The view has not reached minPosition yet' },
});

@Controller()
@Roles('clinician', 'auditor', 'admin')
export class TimelineController {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
    @Inject(PROJECTIONS) private readonly projections: ProjectionCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIMELINE_SNAPSHOTS) private readonly snapshots: TimelineSnapshots,
    private readonly alerts: TimelineAlerts,
    private readonly access: AccessRecorder,
  ) {}

  @Get(TIMELINE.nestPath)
  async timeline(@Param('patientId') rawId: string, @Query() raw: unknown, @Ctx() ctx: RequestContext) {
    const patientId = parseInput(patientIdParam, rawId, 'patientId');
    const query = parseInput(timelineQuery, raw, 'query');
    // Access first, then work: a refused caller never waits on a projection or reads a history.
    const access = readAccess(ctx, await careTeamOf(this.infra.rawStore, patientId));
    if (access.status !== 200) {
      await this.access.record(ctx, query.asOf ? 'read-timeline-as-of' : 'read-timeline', access.status, { patientId, query });
      throw access.refusal;
    }
    let rows;
    let alerts: TimelineAlert[];
    let response: ResponseRow | undefined;
    if (query.asOf) {
      const asOf = new Date(query.asOf).toISOString();
      // The response needs the whole history as of then; the timeline folds only what follows its newest snapshot.
      const snapshot = await this.snapshots.latest(patientId, asOf);
      const stored = await this.infra.rawStore.readStream(patientStreamId(patientId), { toRecordedAt: asOf });
      const after = snapshot ? stored.filter((event) => event.revision > snapshot.revision) : stored;
      rows = foldTimelineFrom(snapshot?.fold, after.map(toTimelineEvent));
      if (after.length >= SNAPSHOT_EVERY) {
        const last = after[after.length - 1]!;
        await this.snapshots.save(patientId, last.revision, last.recordedAt, rows).catch(() => undefined);
      }
      response = foldClinicalResponse(stored);
      alerts = await this.alerts.asOf(patientId, asOf);
    } else {
      await awaitProjection(this.projections, 'timeline', query.minPosition, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
      await awaitProjection(this.projections, 'responses', query.minPosition, this.config.READ_YOUR_WRITES_TIMEOUT_MS);
      rows = await readTimelineRows(this.infra.pool, this.infra.schema, patientId);
      response = await readPatientResponse(this.infra.pool, this.infra.schema, patientId);
      alerts = await this.alerts.current(patientId);
    }
    await this.access.record(ctx, query.asOf ? 'read-timeline-as-of' : 'read-timeline', rows.patient ? 200 : 404, { patientId, query });
    if (!rows.patient) {
      // Enrolled after `asOf` (the system knew nothing of them then), or not yet in the read model.
      throw notFound(
        'PATIENT_NOT_FOUND',
        query.asOf ? `Patient ${patientId} was not enrolled as of ${query.asOf}` : `The timeline does not show patient ${patientId} yet: pass the command's position as ?minPosition=`,
      );
    }
    const patient = rows.patient;
    const identity = patient.identityErased ? null : ((await this.infra.vault.reveal(patientId, patient.identity)) as Record<string, unknown>);
    const timeline = presentTimeline(patient, rows.entries, alerts, { seesOriginals: mayAttempt(ctx.principal, 'patient.read-originals'), identity });
    const judgedAt = query.asOf ? new Date(query.asOf).toISOString() : this.clock().toISOString();
    return {
      ...timeline,
      assessmentSchedule: presentSchedule(patient, rows.entries, judgedAt),
      response: {
        rule: RESPONSE_CRITERIA_RULE,
        treatmentStartedAt: response?.treatmentStartedAt ?? null,
        current: response?.current ?? { VEGF: null, HAEMATOLOGIC: null, CLINICAL: null },
        overTime: response?.assessments ?? [],
      },
      asOf: query.asOf ?? null,
    };
  }
}
