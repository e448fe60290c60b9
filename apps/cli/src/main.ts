import 'reflect-metadata';
import { auditReplayCommand, REPLAY_USAGE } from './commands/audit-replay.command';
import { auditVerifyCommand } from './commands/audit-verify.command';
import { dbMigrateCommand, MIGRATE_USAGE } from './commands/db-migrate.command';
import { DEMO_USAGE, demoCommand } from './commands/demo.command';
import { projectionsRebuildCommand, REBUILD_USAGE } from './commands/projections-rebuild.command';
import { PREVIEW_USAGE, protocolPreviewCommand } from './commands/protocol-preview.command';
import { sealCommand } from './commands/seal.command';
import { startCommand } from './commands/start.command';
import { TOKEN_USAGE, tokenCommand } from './commands/token.command';
import { CliError, endProgressLine, expectedFailure } from './cli-context';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<void>; usage: string }> = {
  token: { run: tokenCommand, usage: TOKEN_USAGE },
  'audit:verify': { run: auditVerifyCommand, usage: 'npm run audit:verify' },
  'audit:replay': { run: auditReplayCommand, usage: REPLAY_USAGE },
  'audit:seal': { run: sealCommand, usage: 'npm run audit:seal' },
  'db:migrate': { run: dbMigrateCommand, usage: MIGRATE_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
  'projections:rebuild': { run: projectionsRebuildCommand, usage: REBUILD_USAGE },
  'protocol:preview': { run: protocolPreviewCommand, usage: PREVIEW_USAGE },
  start: { run: startCommand, usage: 'npm start [-- --no-demo] [--no-demo-idp] [--idp-port <port>]' },
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    throw new CliError(`Commands:\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}`);
  }
  await command.run(args);
}

main().catch((error: unknown) => {
  endProgressLine();
  if (error instanceof CliError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  // What an operator can fix (no database, wrong key, pending migrations): the message, no stack trace.
  const expected = expectedFailure(error);
  if (expected) {
    console.error(expected);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
