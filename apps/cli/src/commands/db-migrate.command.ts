import { AlertEngine, webhookSettingsFrom, WebhookSubscriptions } from '@poems/alerts-engine';
import { openCommandHandler } from '@poems/command-pipeline';
import { allProjections, ProjectionCatalog, TimelineSnapshots } from '@poems/projections';
import { openInfrastructure } from '@poems/runtime';
import { cliConfig } from '../cli-context';

export const MIGRATE_USAGE = 'npm run db:migrate';

/**
 * Brings the schema up to date (every table of every part: event store, keys, access log,
 * idempotency keys, projections and their first generation, alert engine, timeline snapshots),
 * as a step of its own before a deployment's API and workers start with DATABASE_MIGRATIONS=verify.
 * Idempotent, and safe while other processes run (migrations take an advisory lock per schema).
 */
export async function dbMigrateCommand(): Promise<void> {
  const config = { ...cliConfig(), DATABASE_MIGRATIONS: 'auto' as const };
  const infra = await openInfrastructure(config, 'poems-migrate');
  try {
    await openCommandHandler(infra);
    const catalog = new ProjectionCatalog(infra.pool, infra.schema);
    await catalog.migrate();
    for (const definition of allProjections(config)) await catalog.ensure(definition);
    await AlertEngine.migrate({ pool: infra.pool, schema: infra.schema });
    await WebhookSubscriptions.open(infra.pool, infra.schema, webhookSettingsFrom(config));
    await TimelineSnapshots.open(infra.pool, infra.schema);
    process.stdout.write(`schema ${infra.schema} is up to date\n`);
  } finally {
    await infra.close();
  }
}
