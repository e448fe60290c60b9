import { randomUUID } from 'node:crypto';
import type { BenchOptions } from '../options';
import { appEnv, startApp, token } from '../support/app-process';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { freshSchema } from '../support/database';
import { Progress } from '../support/progress';
import { freshQueuePrefix } from '../support/queues';
import { row, type ResultRow } from '../support/report';
import { spread } from '../support/machine-load';

// autocannon ships no type declarations; this is the part of its API used here.
interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type AutocannonRequest = { method?: string; path?: string; setupRequest?: (request: any, context: any) => any; onResponse?: (status: number, body: string, context: any) => void };
const autocannon = require('autocannon') as (options: object) => Promise<AutocannonResult> & { on(event: 'response', listener: () => void): void };

const LAB_RESULTS_PER_PATIENT = 9;
const HOUR = 3_600_000;

/**
 * Row 4: the command mix a clinic sends (enrol a patient, then record lab results for them) from
 * 32 connections, each connection cycling through its own patients; against GET /health (one
 * SELECT 1 and one Redis PING) on the same server, same connections, same duration.
 */
export async function httpCommandsBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const db = await freshSchema(cleanup, 'http', 2);
    const api = await startApp(cleanup, 'api', appEnv(db.schema, freshQueuePrefix(cleanup, 'http')));
    const headers = { authorization: `Bearer ${token('bench-clinician', ['clinician'], ['haem-a'])}`, 'content-type': 'application/json' };
    const failures: string[] = [];
    const expect = (wanted: number) => (status: number, body: string) => {
      if (status !== wanted && failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
    };
    const enrolledAt = Date.now() - 30 * 24 * HOUR;
    const commands: AutocannonRequest[] = [
      {
        method: 'POST',
        path: '/v1/patients',
        setupRequest: (request, context) => {
          context.patientId = randomUUID();
          const body = { patientId: context.patientId, birthDate: '1956-03-01', sex: 'female', heightCm: 158, weightKg: 52, careTeam: 'haem-a', enrolledAt: new Date(enrolledAt).toISOString(), name: 'Bench Patient', mrn: 'MRN-BENCH' };
          return { ...request, body: JSON.stringify(body) };
        },
        onResponse: expect(201),
      },
      ...Array.from({ length: LAB_RESULTS_PER_PATIENT }, (_, k): AutocannonRequest => ({
        method: 'POST',
        setupRequest: (request, context) => {
          const body = { test: 'VEGF', value: 900 + k * 50, unit: 'pg/mL', collectedAt: new Date(enrolledAt + (k + 1) * 24 * HOUR).toISOString(), specimen: 'serum', method: 'RIA' };
          return { ...request, path: `/v1/patients/${context.patientId}/lab-results`, body: JSON.stringify(body) };
        },
        onResponse: expect(201),
      })),
    ];
    const load = async (label: string, requests: AutocannonRequest[], seconds: number) => {
      const progress = new Progress(label);
      let done = 0;
      const meter = await cpuMeter({ api: api.pid });
      const instance = autocannon({ url: api.url, connections: options.httpConnections, duration: seconds, headers, requests });
      instance.on('response', () => progress.update(++done, 'requests'));
      const result = await instance;
      progress.done(`${result.requests.total.toLocaleString('en-US')} requests, ${Math.round(result.requests.total / result.duration)}/s`);
      return { ...result, cpu: await meter() };
    };

    await load('warm-up (commands)', commands, 2);
    // The baseline before and after the figure: how much the machine moved during it.
    const healthRequest = [{ method: 'GET', path: '/health', onResponse: expect(200) }];
    const healthBefore = await load('GET /health (before)', healthRequest, options.httpSeconds);
    const commandRun = await load('commands (enrol + 9 lab results)', commands, options.httpSeconds);
    const healthAfter = await load('GET /health (after)', healthRequest, options.httpSeconds);
    const health = rpsOf(healthBefore) >= rpsOf(healthAfter) ? healthBefore : healthAfter;
    const rps = (r: AutocannonResult) => r.requests.total / r.duration;
    const kase = `${options.httpConnections} connections`;
    const title = '4. commands over HTTP (enrol + lab results)';
    return {
      rows: [
        row(title, kase, 'requests/s', rps(commandRun), { label: 'GET /health', value: rps(health) }),
        row(title, kase, 'p50 ms', commandRun.latency.p50, { label: 'GET /health', value: health.latency.p50 }, 'lower'),
        row(title, kase, 'p99 ms', commandRun.latency.p99, { label: 'GET /health', value: health.latency.p99 }, 'lower'),
      ],
      details: {
        baselineDrift: spread([rpsOf(healthBefore), rpsOf(healthAfter)]),
        healthBefore: summary(healthBefore),
        healthAfter: summary(healthAfter),
        mix: `1 enrolment then ${LAB_RESULTS_PER_PATIENT} lab results per patient, per connection`,
        commands: summary(commandRun),
        health: summary(health),
        apiPeakRssMb: Math.round(api.memory().peakMb),
        failures,
      },
    };
  });
}

const rpsOf = (r: AutocannonResult) => r.requests.total / r.duration;

function summary(result: AutocannonResult & { cpu: unknown }) {
  return {
    cpu: result.cpu,
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
  };
}
