import { parseArgs } from 'node:util';
import { signToken, USER_ROLES, type UserRole } from '@poems/auth';
import { localTokenKey } from '@poems/config';
import { cliConfig, CliError } from '../cli-context';

export const TOKEN_USAGE = 'npm run token -- --sub <user> --role <clinician|auditor|researcher|admin> [--role …] [--team <care-team> …] [--hours 12]';

/** Prints a bearer token for local use: HS256 with AUTH_JWT_SECRET, `iss` and `aud` from the configuration. */
export async function tokenCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { sub: { type: 'string' }, role: { type: 'string', multiple: true }, team: { type: 'string', multiple: true }, hours: { type: 'string' } },
  });
  const roles = values.role ?? [];
  if (!values.sub || roles.length === 0) throw new CliError(`Usage: ${TOKEN_USAGE}`);
  const unknown = roles.filter((role) => !(USER_ROLES as readonly string[]).includes(role));
  if (unknown.length) throw new CliError(`Unknown role ${unknown.join(', ')}: use ${USER_ROLES.join(', ')}`);
  const config = cliConfig();
  // The API refuses tokens living longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS: never mint one.
  const maxHours = config.AUTH_MAX_TOKEN_LIFETIME_SECONDS / 3600;
  const hours = values.hours === undefined ? Math.min(12, maxHours) : Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > maxHours) {
    throw new CliError(`--hours must be more than 0 and at most ${maxHours} (AUTH_MAX_TOKEN_LIFETIME_SECONDS=${config.AUTH_MAX_TOKEN_LIFETIME_SECONDS})`);
  }
  const token = signToken({ sub: values.sub, roles: roles as UserRole[], careTeams: values.team ?? [] }, localTokenKey(config), {
    expiresInSeconds: Math.floor(hours * 3600),
  });
  process.stdout.write(`${token}\n`);
}
