import type { Pool } from 'pg';
import { type AppProcess, call, token } from '../support/app-process';
import { Latencies, sleep } from '../support/measure';

const POLL_EVERY_MS = 10;

/** Every projection (alert trigger and inbox included) has reached the head, and every requested evaluation ran. */
export async function settled(pool: Pool, schema: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const { rows } = await pool.query<{ ready: boolean }>(
      `SELECT (SELECT count(*) FROM ${schema}.projection_state) >= 5
          AND (SELECT min(checkpoint) FROM ${schema}.projection_state) >= (SELECT coalesce(max(global_position), 0) FROM ${schema}.events)
          AND NOT EXISTS (SELECT 1 FROM ${schema}.alert_evaluation_requests WHERE requested_position > evaluated_position) AS ready`,
    );
    if (rows[0]?.ready) return;
    await sleep(100);
  }
  throw new Error('the worker did not catch up with the enrolments within 60 s');
}

/** Polls the newest BRADYCARDIA alerts, paging back while a page holds only unseen ones. */
export function pollAlerts(api: AppProcess, expected: Map<string, number>) {
  const admin = token('bench-admin', ['admin']);
  const latencies = new Latencies();
  const pollDurations = new Latencies();
  // Whether latency grows during the run (a backlog) or stays flat: p50 per 5 s of appends.
  const byWindow = new Map<number, Latencies>();
  const firstAppend = performance.now();
  const seen = new Set<string>();
  /** Wall-clock time each alerting event's alert was first seen (to split the latency by stage). */
  const seenAt = new Map<string, number>();
  let polls = 0;
  let stopping = false;
  let failure: unknown;
  const loop = (async () => {
    while (!stopping) {
      const t0 = performance.now();
      let before: string | null = null;
      do {
        const { status, body } = await call(api, 'GET', `/v1/alerts?rule=BRADYCARDIA&limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`, admin);
        const at = performance.now();
        polls += 1;
        if (status !== 200) throw new Error(`GET /v1/alerts answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
        let fresh = 0;
        for (const item of body.items as { alertId: string; evidence: string[] }[]) {
          if (seen.has(item.alertId)) continue;
          seen.add(item.alertId);
          fresh += 1;
          const appendedAt = expected.get(item.evidence[0]!);
          if (appendedAt === undefined) continue;
          latencies.add(at - appendedAt);
          seenAt.set(item.evidence[0]!, Date.now());
          const window = Math.floor((appendedAt - firstAppend) / 5000) * 5;
          if (!byWindow.has(window)) byWindow.set(window, new Latencies());
          byWindow.get(window)!.add(at - appendedAt);
        }
        before = fresh === body.items.length ? body.next : null;
      } while (before);
      pollDurations.add(performance.now() - t0);
      await sleep(Math.max(0, POLL_EVERY_MS - (performance.now() - t0)));
    }
  })().catch((error: unknown) => {
    // Reported by finish(), not as an unhandled rejection while the appends are still running.
    failure = error;
  });
  return {
    async finish(count: number, timeoutMs: number) {
      for (let waited = 0; latencies.count < count && waited < timeoutMs && !failure; waited += 50) await sleep(50);
      stopping = true;
      await loop;
      if (failure) throw failure;
      const p50ByWindow = Object.fromEntries([...byWindow].sort(([a], [b]) => a - b).map(([w, l]) => [`${w}-${w + 5} s`, Math.round(l.percentile(50))]));
      return { latencies, pollDurations, polls, p50ByWindow, seenAt };
    },
  };
}

/**
 * The latency split at the alert's own commit (database clock, same machine): append → AlertRaised
 * recorded (trigger projection, BullMQ job, rule evaluation) and AlertRaised → first seen in
 * GET /v1/alerts (inbox projection, then the poll).
 */
export async function latencyStages(pool: Pool, schema: string, seenAt: Map<string, number>) {
  const { rows } = await pool.query<{ event_id: string; appended: number; raised: number }>(
    `SELECT a.data->>'episodeKey' AS event_id, extract(epoch FROM v.recorded_at) * 1000 AS appended, extract(epoch FROM a.recorded_at) * 1000 AS raised
     FROM ${schema}.events a JOIN ${schema}.events v ON v.event_id::text = a.data->>'episodeKey'
     WHERE a.type = 'AlertRaised' AND a.data->>'rule' = 'BRADYCARDIA' AND a.data->>'episodeKey' = ANY($1::text[])`,
    [[...seenAt.keys()]],
  );
  const toRaised = new Latencies();
  const toSeen = new Latencies();
  for (const row of rows) {
    toRaised.add(Number(row.raised) - Number(row.appended));
    toSeen.add(seenAt.get(row.event_id)! - Number(row.raised));
  }
  const summary = (l: Latencies) => ({ p50: Math.round(l.percentile(50)), p99: Math.round(l.percentile(99)) });
  return { appendToAlertRaisedMs: summary(toRaised), alertRaisedToSeenMs: summary(toSeen) };
}
