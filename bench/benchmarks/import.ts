import { toNdjson } from '@poems/demo-cohort';
import type { Pool } from 'pg';
import type { BenchOptions } from '../options';
import { startApp, appEnv, token, type AppProcess } from '../support/app-process';
import { withCleanup } from '../support/cleanup';
import { cpuMeter } from '../support/cpu';
import { cohortCommands } from '../support/cohort-events';
import { coalesce, copyIn, copyOut } from '../support/copy';
import { freshSchema } from '../support/database';
import { spread } from '../support/machine-load';
import { createPlainTable } from '../support/peers';
import { Progress } from '../support/progress';
import { freshQueuePrefix } from '../support/queues';
import { row, type ResultRow } from '../support/report';

/**
 * Row 3: POST /v1/import of N cohort commands (NDJSON) to the API running as its own process,
 * timed from the first byte sent to the answer, with the API's peak RSS; against COPY FROM STDIN
 * of the very rows the import stored into the plain table a user would write (see peers.ts).
 */
export async function importBenchmark(options: BenchOptions): Promise<{ rows: ResultRow[]; details: Record<string, unknown> }> {
  return withCleanup(async (cleanup) => {
    const db = await freshSchema(cleanup, 'import', 2);
    const api = await startApp(cleanup, 'api', appEnv(db.schema, freshQueuePrefix(cleanup, 'import')));
    const admin = token('bench-admin', ['admin']);

    // A small import first, so that the idle figure is of a process that has served one.
    await postImport(api, admin, toNdjson(cohortCommands(200, 'warm-up')));
    const idle = api.memory();

    const commands = cohortCommands(options.importLines);
    const body = Buffer.from(toNdjson(commands));
    const progress = new Progress('import');
    let sampledPeak = 0;
    const sampler = setInterval(() => {
      const { rssMb } = api.memory();
      sampledPeak = Math.max(sampledPeak, rssMb);
      progress.show(() => `posting ${commands.length.toLocaleString('en-US')} commands, API RSS ${Math.round(rssMb)} MB`);
    }, 100);
    const meter = await cpuMeter({ api: api.pid });
    const t0 = performance.now();
    let answer: Record<string, unknown>;
    try {
      answer = await postImport(api, admin, body);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = await meter();
    const peak = api.memory().peakMb;
    progress.done(`${commands.length.toLocaleString('en-US')} commands, ${Math.round(commands.length / seconds).toLocaleString('en-US')}/s, peak RSS ${Math.round(peak)} MB`);

    // Twice, into two fresh plain tables: the baseline's own spread tells whether the machine moved.
    const copies = [];
    for (const name of ['plain_a', 'plain_b']) copies.push(await copyBaseline(db.pool, db.schema, name, Number(answer['firstPosition']), Number(answer['lastPosition'])));
    const copy = copies.sort((a, b) => a.rows / a.seconds - b.rows / b.seconds)[copies.length - 1]!;
    return {
      rows: [
        row('3. /v1/import (NDJSON over HTTP)', `${commands.length.toLocaleString('en-US')} commands`, 'commands/s', commands.length / seconds, { label: 'COPY of the same rows into the plain table', value: copy.rows / copy.seconds }),
        row('3. /v1/import (NDJSON over HTTP)', `${commands.length.toLocaleString('en-US')} commands`, 'API peak RSS MB', peak, { label: 'API RSS idle', value: idle.rssMb }, 'lower'),
      ],
      details: {
        baselineDrift: spread(copies.map((c) => c.rows / c.seconds)),
        commands: commands.length,
        bodyMb: Number((body.length / 1024 ** 2).toFixed(1)),
        seconds: Number(seconds.toFixed(2)),
        cpu,
        answer,
        apiRssMb: { idle: Math.round(idle.rssMb), sampledPeak: Math.round(sampledPeak), vmHwm: Math.round(peak) },
        copy: copies.map((c) => ({ rows: c.rows, seconds: Number(c.seconds.toFixed(2)), perSecond: Math.round(c.rows / c.seconds) })),
      },
    };
  });
}

async function postImport(api: AppProcess, bearer: string, body: string | Buffer): Promise<Record<string, unknown>> {
  const response = await fetch(`${api.url}/v1/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`the import was refused (${response.status}): ${JSON.stringify(answer).slice(0, 1000)}`);
  return answer;
}

/** The rows the import stored, read out with COPY TO (untimed), then COPY FROM STDIN into a fresh plain table (timed). */
async function copyBaseline(pool: Pool, schema: string, name: string, first: number, last: number): Promise<{ rows: number; seconds: number }> {
  const plain = await createPlainTable(pool, schema);
  const table = `${schema}.${name}`;
  await pool.query(`ALTER TABLE ${plain} RENAME TO ${name}`);
  const client = await pool.connect();
  try {
    const chunks = coalesce(
      await copyOut(client, `COPY (SELECT stream_id, stream_revision, type, data, metadata FROM ${schema}.events WHERE global_position BETWEEN ${first} AND ${last} ORDER BY global_position) TO STDOUT`),
    );
    const progress = new Progress('COPY into the plain table');
    const t0 = performance.now();
    const rows = await copyIn(client, `COPY ${table} (stream_id, revision, type, data, metadata) FROM STDIN`, chunks);
    const seconds = (performance.now() - t0) / 1000;
    progress.done(`${rows.toLocaleString('en-US')} rows, ${Math.round(rows / seconds).toLocaleString('en-US')}/s`);
    return { rows, seconds };
  } finally {
    client.release();
  }
}
