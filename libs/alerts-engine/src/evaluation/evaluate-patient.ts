import { type AlertFinding, type CorrectionNote, type ExistingAlert, evaluateRules, planAlertChanges, raiseAlertCommand } from '@poems/alert-rules';
import type { PatientState } from '@poems/patient';
import { ALERT_STREAM, type CommandContext } from '@poems/command-pipeline';
import { ConcurrencyError } from '@poems/event-store';
import { DomainError } from '@poems/kernel';
import { loadAlert, loadAlerts } from '@poems/runtime';
import { alertIdFor } from '../alert-id';
import type { EngineContext } from '../engine-context';
import { ALERT_ENGINE } from '../escalation/escalate-alert';
import pLimit from 'p-limit';
import { enqueueEvaluation } from './enqueue';

export interface EvaluationOutcome {
  raised: string[];
  resolved: string[];
  deadlines: string[];
}

export interface EvaluationsOutcome {
  outcomes: Map<string, EvaluationOutcome>;
  /** Patients whose evaluation failed (their positions are not recorded: a retry or the sweeper redoes them). */
  failed: Array<{ patientId: string; error: unknown }>;
}

/** Runs an evaluation when one of a bounded number of slots is free (p-limit). */
export type EvaluationSlots = <T>(work: () => Promise<T>) => Promise<T>;

/** Evaluations in flight in one worker process, across all jobs: each holds a pooled connection while it reads. */
export const EVALUATIONS_IN_FLIGHT = 8;

/**
 * Evaluates each patient (see `evaluatePatient`), as many at once as `slots` allows across every
 * job of the process (more would only queue for the connection pool, ahead of the projections'
 * own transactions), then records every deadline and evaluated position of those that succeeded
 * in ONE statement: a projection batch's patients cost one commit here, not one each.
 */
export async function evaluatePatients(ctx: EngineContext, patientIds: ReadonlyArray<string>, cause: string, slots: EvaluationSlots = pLimit(EVALUATIONS_IN_FLIGHT)): Promise<EvaluationsOutcome> {
  const now = ctx.clock().toISOString();
  const done: Evaluated[] = [];
  const failed: EvaluationsOutcome['failed'] = [];
  await Promise.all(
    [...new Set(patientIds)].map((patientId) =>
      slots(() => evaluatePatient(ctx, patientId, cause, now)).then(
        (evaluated) => done.push(evaluated),
        (error: unknown) => failed.push({ patientId, error }),
      ),
    ),
  );
  await recordDeadlinesAndEvaluations(ctx, done, now);
  return { outcomes: new Map(done.map((e) => [e.patientId, e.outcome])), failed };
}

interface Evaluated {
  patientId: string;
  outcome: EvaluationOutcome;
  /** Global position of the patient's last event read. */
  lastPosition: number;
}

/**
 * Runs every rule over the patient's whole history at `now` and makes the alert streams agree:
 * raise each new episode (with the clinical time the history gives it), resolve what cleared or
 * what a later event disproved. Idempotent: alert ids derive from patient + rule + episode and a
 * raise expects the stream not to exist. The deadlines it answers are recorded by the caller.
 */
async function evaluatePatient(ctx: EngineContext, patientId: string, cause: string, now: string): Promise<Evaluated> {
  const loaded = await ctx.patients.load(patientId);
  const outcome: EvaluationOutcome = { raised: [], resolved: [], deadlines: [] };
  const enrolment = loaded.state.enrolment;
  const lastPosition = loaded.last?.globalPosition ?? 0;
  if (!enrolment) return { patientId, outcome, lastPosition };

  const evaluation = evaluateRules(loaded.state, now);
  const command: CommandContext = {
    principal: ALERT_ENGINE,
    correlationId: `evaluate:${patientId}:${cause}`,
    causationId: loaded.last?.eventId ?? null,
    source: 'worker',
  };
  const existing = await existingAlerts(ctx, patientId, evaluation.findings);
  const plan = planAlertChanges(evaluation.findings, existing.map(({ alertId: _id, ...alert }) => alert), correctionsOf(loaded.state));
  const idOf = (rule: string, episodeKey: string, generation = 0) => alertIdFor(patientId, rule, episodeKey, generation);
  const resolveCommand = (alertId: string, r: (typeof plan.resolve)[number]) => ({
    type: 'ResolveAlert' as const,
    alertId,
    reason: r.reason,
    detail: r.detail,
    clinicalTime: r.clinicalTime,
    ...(r.correctionEventId !== undefined && { correctionEventId: r.correctionEventId }),
  });
  const sameEpisode = (a: { rule: string; episodeKey: string; generation?: number }, b: typeof a) =>
    a.rule === b.rule && a.episodeKey === b.episodeKey && (a.generation ?? 0) === (b.generation ?? 0);

  for (const finding of plan.raise) {
    const alertId = idOf(finding.rule, finding.episodeKey, finding.generation);
    const resolution = plan.resolve.find((r) => sameEpisode(r, finding));
    const commands = [raiseAlertCommand(finding, { alertId, patientId, careTeam: enrolment.careTeam }), ...(resolution ? [resolveCommand(alertId, resolution)] : [])];
    if (await tolerateRaces(() => ctx.handler.handleSequence(ALERT_STREAM, commands, command))) {
      outcome.raised.push(alertId);
    }
  }
  for (const resolution of plan.resolve.filter((r) => !plan.raise.some((f) => sameEpisode(r, f)))) {
    const alertId = idOf(resolution.rule, resolution.episodeKey, resolution.generation);
    const done = await tolerateRaces(async () => {
      const alert = await loadAlert(ctx.store, alertId);
      if (alert.state.status === 'NONE' || alert.state.status === 'RESOLVED') return false;
      return ctx.handler.handle(ALERT_STREAM, resolveCommand(alertId, resolution), command);
    });
    if (done) outcome.resolved.push(alertId);
  }

  outcome.deadlines = evaluation.deadlines.map(String);
  return { patientId, outcome, lastPosition };
}

/** The patient's corrections, so that a resolution can name the one that disproved an alert. */
function correctionsOf(state: PatientState): CorrectionNote[] {
  return Object.entries(state.corrections).flatMap(([correctsEventId, list]) =>
    list.map((c) => ({ correctionEventId: c.correctionEventId, correctsEventId, reason: c.reason, recordedAt: c.recordedAt })),
  );
}

type KnownAlert = ExistingAlert & { alertId: string };

function known(alertId: string, rule: string, episodeKey: string, state: Awaited<ReturnType<typeof loadAlert>>['state'], generation: number): KnownAlert {
  const raised = state.status === 'NONE' ? {} : { raisedAt: state.raisedAt, evidence: state.evidence };
  return { alertId, rule: rule as ExistingAlert['rule'], episodeKey, status: state.status, generation, ...raised };
}

/**
 * Alerts of this patient: from the inbox (may lag) and, authoritatively, the streams of today's
 * findings, every generation of each up to the first that does not exist.
 */
async function existingAlerts(ctx: EngineContext, patientId: string, findings: ReadonlyArray<AlertFinding>): Promise<KnownAlert[]> {
  const byId = new Map<string, KnownAlert>();
  const inbox = await ctx.pool
    .query<{ alert_id: string; rule: string; episode_key: string; status: string; generation: number | null; raised_at: string | null; evidence: string[] | null }>(
      `SELECT alert_id::text, rule, state->>'episodeKey' AS episode_key, status, (state->>'generation')::int AS generation,
              state->>'raisedAt' AS raised_at, ARRAY(SELECT jsonb_array_elements_text(state->'evidence')) AS evidence
         FROM ${ctx.schema}.alert_inbox WHERE patient_id = $1`,
      [patientId],
    )
    .catch(() => ({ rows: [] }));
  for (const row of inbox.rows) {
    byId.set(row.alert_id, {
      alertId: row.alert_id,
      rule: row.rule as ExistingAlert['rule'],
      episodeKey: row.episode_key,
      status: row.status as ExistingAlert['status'],
      generation: row.generation ?? 0,
      ...(row.raised_at !== null && { raisedAt: row.raised_at }),
      ...(row.evidence !== null && { evidence: row.evidence }),
    });
  }
  // Generation by generation, every finding's stream in one read: the next generation only of those resolved.
  let pending = findings.map((finding) => ({ finding, generation: 0 }));
  while (pending.length > 0) {
    const ids = pending.map(({ finding, generation }) => alertIdFor(patientId, finding.rule, finding.episodeKey, generation));
    const loaded = await loadAlerts(ctx.store, ids);
    pending = pending.flatMap(({ finding, generation }, i) => {
      const { state } = loaded.get(ids[i]!)!;
      byId.set(ids[i]!, known(ids[i]!, finding.rule, finding.episodeKey, state, generation));
      return state.status === 'RESOLVED' ? [{ finding, generation: generation + 1 }] : [];
    });
  }
  return [...byId.values()];
}

/**
 * Deadlines live in PostgreSQL (the sweeper's safety net) and as delayed jobs (on time). One
 * statement replaces the deadlines of every patient evaluated and records their evaluations; only
 * deadlines new to the table get a delayed job (one already stored has its job, or the sweeper
 * fires it when due). Two jobs sharing patients may lock their rows in different orders: a
 * deadlock aborts one statement, which is simply run again.
 */
async function recordDeadlinesAndEvaluations(ctx: EngineContext, evaluated: ReadonlyArray<Evaluated>, now: string): Promise<void> {
  if (evaluated.length === 0) return;
  const input = JSON.stringify([...evaluated].sort((a, b) => (a.patientId < b.patientId ? -1 : 1)).map((e) => ({ patient_id: e.patientId, deadlines: e.outcome.deadlines, position: e.lastPosition })));
  const record = () =>
    ctx.pool.query<{ patient_id: string; due_at: Date }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(patient_id uuid, deadlines timestamptz[], position bigint)
       ), dropped AS (
         DELETE FROM ${ctx.schema}.alert_deadlines d USING input i
         WHERE d.patient_id = i.patient_id AND (d.due_at <= $2 OR NOT (d.due_at = ANY(i.deadlines)))
       ), evaluated AS (
         -- SKIP LOCKED: the alert trigger holds a patient's row while its batch (a newer event of this
         -- patient, whose own evaluation follows) commits; waiting here, with a pooled connection, could
         -- starve that very commit. Skipped, the position is recorded by that next evaluation.
         UPDATE ${ctx.schema}.alert_evaluation_requests r SET evaluated_position = GREATEST(r.evaluated_position, i.position), evaluated_at = now()
         FROM input i
         WHERE r.patient_id = i.patient_id
           AND r.patient_id IN (SELECT patient_id FROM ${ctx.schema}.alert_evaluation_requests WHERE patient_id IN (SELECT patient_id FROM input) FOR UPDATE SKIP LOCKED)
       )
       INSERT INTO ${ctx.schema}.alert_deadlines (patient_id, due_at)
       SELECT i.patient_id, due FROM input i CROSS JOIN LATERAL unnest(i.deadlines) AS due WHERE due > $2
       ON CONFLICT DO NOTHING RETURNING patient_id::text, due_at`,
      [input, now],
    );
  let recorded: Awaited<ReturnType<typeof record>> | undefined;
  for (let attempt = 1; !recorded; attempt += 1) {
    try {
      recorded = await record();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 3) throw error;
    }
  }
  for (const { patient_id, due_at } of recorded.rows) {
    const due = due_at.toISOString();
    await enqueueEvaluation(ctx.queues, [patient_id], `deadline-${due}`, Date.parse(due) - Date.parse(now)).catch((error: unknown) =>
      ctx.logger.warn({ err: error, patientId: patient_id, due }, 'could not schedule a deadline job; the sweeper will fire it'),
    );
  }
}

/** Another evaluation of the same patient got there first: its result stands. */
async function tolerateRaces(work: () => Promise<{ events: unknown[] } | false>): Promise<boolean> {
  try {
    const done = await work();
    return done !== false && done.events.length > 0;
  } catch (error) {
    if (error instanceof ConcurrencyError) return false;
    if (error instanceof DomainError && error.kind === 'conflict') return false;
    throw error;
  }
}
