import { parseArgs } from 'node:util';
import { signToken } from '@poems/auth';
import { type AppConfig, localTokenKey } from '@poems/config';
import { generateCohort, toNdjson } from '@poems/demo-cohort';
import { cliConfig, CliError } from '../cli-context';

export const DEMO_USAGE = 'npm run demo -- [--api http://127.0.0.1:3000] [--public-url http://127.0.0.1:3000]';

/**
 * A way in to a running deployment (docker compose runs it once the API is ready): loads the demo
 * cohort through POST /v1/import when the store is empty, then prints the web app's URL and
 * bearer tokens for each role, signed with AUTH_JWT_SECRET.
 */
export async function demoCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { api: { type: 'string' }, 'public-url': { type: 'string' } } });
  const config = cliConfig();
  const api = values.api ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  for (let attempt = 0; ; attempt++) {
    const status = await fetch(`${api}/health/ready`).then((r) => r.status).catch(() => 0);
    if (status === 200) break;
    if (attempt >= 120) throw new CliError(`demo: the API at ${api} did not become ready within 60 s (GET /health/ready answered ${status || 'nothing'})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await loadDemoIfEmpty(api, token(config, 'demo-admin', ['admin'], []));
  printWelcome(values['public-url'] ?? api, config);
}

export async function loadDemoIfEmpty(base: string, admin: string): Promise<void> {
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

export function token(config: AppConfig, sub: string, roles: ('clinician' | 'auditor' | 'researcher' | 'admin')[], careTeams: string[]): string {
  return signToken({ sub, roles, careTeams }, localTokenKey(config), { expiresInSeconds: tokenHours(config) * 3600 });
}

function tokenHours(config: AppConfig): number {
  return Math.min(12 * 3600, config.AUTH_MAX_TOKEN_LIFETIME_SECONDS) / 3600;
}

export function printWelcome(base: string, config: AppConfig, demoIssuer?: string): void {
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
