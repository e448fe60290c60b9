import { type AppConfig, ConfigError, loadConfig, loadEnvFile } from '@poems/config';
import { type Infrastructure, openInfrastructure } from '@poems/runtime';

/** Configuration for CLI commands: the environment, then a local .env file, like the apps. */
export function cliConfig(): AppConfig {
  loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`${error.message}\n(For local use, \`npm start\` writes a .env with fresh secrets.)`);
    throw error;
  }
}

export async function withInfrastructure<T>(work: (infra: Infrastructure, config: AppConfig) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const infra = await openInfrastructure(config, 'poems-cli');
  try {
    return await work(infra, config);
  } finally {
    await infra.close();
  }
}

/** An error whose message tells the operator what to do; printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

let openLine = false;

/** Ends a progress line left open on a terminal (a command failed mid-way), so what follows starts on its own line. */
export function endProgressLine(): void {
  if (openLine) process.stderr.write('\n');
  openLine = false;
}

const OPERATOR_ERRORS = new Set(['KeyMismatchError', 'PendingMigrationsError', 'ConfigError']);
// node-postgres / libpq codes and system errors that mean "the database is not there or refuses us".
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '28P01', '28000', '3D000', '57P01', '57P03']);

/** The message to show for a failure the operator can act on, or undefined for a bug (shown with its stack). */
export function expectedFailure(error: unknown): string | undefined {
  const failure = error as { name?: string; code?: string; message?: string };
  if (!(error instanceof Error)) return undefined;
  if (OPERATOR_ERRORS.has(failure.name ?? '') || error.message.startsWith('Cannot connect to PostgreSQL')) return error.message;
  if (failure.code && CONNECTION_CODES.has(failure.code)) return `PostgreSQL refused or dropped the connection (${failure.code}): ${error.message}. Check DATABASE_URL and that the server is running.`;
  return undefined;
}

/** A progress line on stderr that rewrites itself on a terminal and stays terse in logs. */
export function progress(label: string): (done: number, total: number) => void {
  const started = Date.now();
  let lastPrinted = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - lastPrinted < 500 && done < total) return;
    lastPrinted = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const left = rate > 0 && total > done ? ` ~${Math.ceil((total - done) / rate)} s left` : '';
    const line = `${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${rate.toLocaleString('en')}/s)${left}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K`);
      openLine = true;
      if (done >= total) endProgressLine();
    } else process.stderr.write(`${line}\n`);
  };
}
