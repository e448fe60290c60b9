import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { cliConfig, CliError } from '../cli-context';
import { loadDemoIfEmpty, printWelcome, token } from './demo.command';
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

