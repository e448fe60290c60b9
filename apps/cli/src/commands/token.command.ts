import { parseArgs } from 'node:util';
import { signToken, USER_ROLES, type UserRole } from '@poems/auth';
import { cliConfig, CliError } from '../cli-context';

export const TOKEN_USAGE = 'npm run token -- --sub <user> --role <clinician|auditor|researcher|admin> [--role …] [--team <care-team> …] [--hours 12]';

/** Prints a bearer token for local use, signed with AUTH_JWT_SECRET. */
export async function tokenCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { sub: { type: 'string' }, role: { type: 'string', multiple: true }, team: { type: 'string', multiple: true }, hours: { type: 'string', default: '12' } },
  });
  const roles = values.role ?? [];
  if (!values.sub || roles.length === 0) throw new CliError(`Usage: ${TOKEN_USAGE}`);
  const unknown = roles.filter((role) => !(USER_ROLES as readonly string[]).includes(role));
  if (unknown.length) throw new CliError(`Unknown role ${unknown.join(', ')}: use ${USER_ROLES.join(', ')}`);
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new CliError('--hours must be between 0 and 720');
  const config = cliConfig();
  process.stdout.write(
    `${signToken({ sub: values.sub, roles: roles as UserRole[], careTeams: values.team ?? [], iss: config.AUTH_JWT_ISSUER }, config.AUTH_JWT_SECRET, { expiresInSeconds: Math.round(hours * 3600) })}\n`,
  );
}
