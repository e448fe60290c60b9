import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { signToken } from '@poems/auth';
import { type AppConfig, localTokenKey } from '@poems/config';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { cliConfig, CliError } from '../cli-context';
import { startDemoSignIn } from './demo-sign-in';
import { checkPostgres, checkRedis, ensureLocalEnvFile, formatLogLine } from './start-support';

const ROOT = join(__dirname, '../../../../..');

/**
 * `npm start`: the API and the worker side by side, configured by the environment (and .env), with
 * the demo cohort loaded when the store is empty so there is something to look at right away.
 */
export async function startCommand(args: string[]): Promise<void> {
  if (ensureLocalEnvFile()) console.log('start: wrote .env with fresh secrets for local use (AUTH_JWT_SECRET, DATA_KEY_ENCRYPTION_KEY, RESEARCH_PSEUDONYM_KEY)');
  let config = cliConfig();
  await checkPostgres(config.DATABASE_URL);
  const idpPortAt = args.indexOf('--idp-port');
  const idpPort = idpPortAt >= 0 ? Number(args[idpPortAt + 1]) : config.PORT + 1;
  if (!Number.isInteger(idpPort) || idpPort < 1 || idpPort > 65535) throw new CliError('start: --idp-port needs a port number, e.g. --idp-port 3001');
  const demoSignIn = args.includes('--no-demo-idp') ? undefined : await startDemoSignIn(config, idpPort);
  if (demoSignIn) config = demoSignIn.config;
  if (!(await checkRedis(config.REDIS_URL))) {
    console.warn(`start: Redis does not answer at ${config.REDIS_URL}: commands and views work, alerts wait until it answers (start it with \`redis-server --daemonize yes\`).`);
  }
  const children = [run('api', 'dist/apps/api/src/main.js'), run('worker', 'dist/apps/worker/src/main.js')];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    void demoSignIn?.provider.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const exited = Promise.race(children.map((child) => new Promise<string>((resolve) => child.once('exit', (code) => resolve(`${child.spawnfile} exited with ${code}`)))));

  const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  await waitForHealth(base, exited);
  const admin = token(config, 'demo-admin', ['admin'], []);
  if (!args.includes('--no-demo')) await loadDemoIfEmpty(base, admin);
  printWelcome(base, config, demoSignIn?.provider.issuer);
  const reason = await exited;
  stop();
  throw new CliError(`start: ${reason}; stopping`, 1);
}

function run(name: string, entry: string): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, entry)], { cwd: process.cwd(), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => console.log(formatLogLine(`[${name}]`, line)));
  }
  return child;
}

async function waitForHealth(base: string, exited: Promise<string>): Promise<void> {
  let failed: string | undefined;
  void exited.then((reason) => (failed = reason));
  for (let attempt = 0; attempt < 120; attempt++) {
    if (failed) throw new CliError(`start: ${failed} before the API answered (see its log above)`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.status === 200 || response.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new CliError(`start: the API did not answer at ${base}/health within 60 s`);
}

async function loadDemoIfEmpty(base: string, admin: string): Promise<void> {
  const status = (await (await fetch(`${base}/v1/status`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { store?: { head: number } };
  if ((status.store?.head ?? 0) > 0) {
    console.log(`start: the store already holds ${status.store!.head} events: not loading the demo cohort`);
    return;
  }
  const endDate = new Date().toISOString().slice(0, 10);
  const cohort = generateCohort({ endDate });
  console.log(`start: loading the demo cohort (${cohort.patients.length} synthetic patients, ${cohort.commands.length} commands, follow-up to ${endDate}) through POST /v1/import…`);
  const response = await fetch(`${base}/v1/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson', 'idempotency-key': `demo-cohort-${endDate}` },
    body: toNdjson(cohort.commands),
  });
  const body = (await response.json()) as { events?: number; patients?: number };
  if (response.status !== 200) throw new CliError(`start: the demo import was refused (${response.status}): ${JSON.stringify(body).slice(0, 2000)}`);
  console.log(`start: imported ${body.events} events for ${body.patients} patients`);
}

function token(config: AppConfig, sub: string, roles: ('clinician' | 'auditor' | 'researcher' | 'admin')[], careTeams: string[]): string {
  return signToken({ sub, roles, careTeams }, localTokenKey(config), { expiresInSeconds: tokenHours(config) * 3600 });
}

function tokenHours(config: AppConfig): number {
  return Math.min(12 * 3600, config.AUTH_MAX_TOKEN_LIFETIME_SECONDS) / 3600;
}

function printWelcome(base: string, config: AppConfig, demoIssuer: string | undefined): void {
  const clinician = token(config, 'dr-demo', ['clinician'], ['haem-a', 'haem-b']);
  const tokens = {
    'clinician (care teams haem-a, haem-b)': clinician,
    auditor: token(config, 'auditor-demo', ['auditor'], []),
    researcher: token(config, 'researcher-demo', ['researcher'], []),
    admin: token(config, 'admin-demo', ['admin'], []),
  };
  console.log(
    [
      '',
      '──────────────────────────────────────────────────────────────────────────────',
      ` POEMS monitoring is running at ${base}`,
      demoIssuer
        ? `   web app        ${base}/  (sign in through the demo identity provider at ${demoIssuer}:\n                  one click as the demo clinician, auditor, researcher or admin)`
        : config.AUTH_OIDC_CLIENT_ID
          ? `   web app        ${base}/  (sign in through ${config.AUTH_OIDC_ISSUER})`
          : `   web app        ${base}/  (web sign-in is off: set AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET)`,
      `   times shown in ${config.CLINIC_TIME_ZONE} (CLINIC_TIME_ZONE)`,
      `   API reference  ${base}/v1/docs      health  ${base}/health`,
      `   FHIR R4        ${base}/fhir/R4/metadata      CDS Hooks  ${base}/cds-services`,
      `   HL7 v2 (MLLP)  ${config.HL7_MLLP_HOST}:${config.HL7_MLLP_PORT}${config.HL7_MAPPING_FILE ? '' : ' (no HL7_MAPPING_FILE: every lab message is refused)'}`,
      '',
      ` Bearer tokens for programs and curl (${tokenHours(config)} h; mint more with \`npm run token -- --sub you --role clinician --team haem-a\`):`,
      ...Object.entries(tokens).map(([who, value]) => `   ${who}:\n     ${value}`),
      '',
      ' Try:',
      `   curl -H "Authorization: Bearer $TOKEN" ${base}/v1/alerts`,
      `   curl -H "Authorization: Bearer $TOKEN" ${base}/v1/patients/<patientId>/timeline`,
      `   curl -H "Authorization: Bearer $TOKEN" ${base}/v1/research/vegf-series`,
      ' Stop with Ctrl-C.',
      '──────────────────────────────────────────────────────────────────────────────',
    ].join('\n'),
  );
}
