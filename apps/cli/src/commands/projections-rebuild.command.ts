import { allProjections, ProjectionCatalog, projectionNamed, rebuildProjection } from '@poems/projections';
import { CliError, progress, withInfrastructure } from '../cli-context';

export const REBUILD_USAGE = 'npm run projections:rebuild -- <timeline|alerts|research|responses|all>';

/**
 * Replays the log into fresh tables while the current ones keep serving, then swaps them in one
 * transaction. Safe while commands arrive and while workers run.
 */
export async function projectionsRebuildCommand(args: string[]): Promise<void> {
  const name = args[0];
  if (!name) throw new CliError(`Usage: ${REBUILD_USAGE}`);
  await withInfrastructure(async (infra, config) => {
    const all = allProjections(config);
    const targets = name === 'all' ? all : [projectionNamed(config, name)].filter((p) => p !== undefined);
    if (targets.length === 0) throw new CliError(`Unknown projection "${name}": use ${all.map((p) => p.name).join(', ')} or all`);
    const catalog = new ProjectionCatalog(infra.pool, infra.schema);
    await catalog.migrate();
    for (const definition of targets) {
      const result = await rebuildProjection(catalog, infra.rawStore, definition, { onProgress: progress(`rebuilding ${definition.name} (position)`) });
      process.stdout.write(`${definition.name}: generation ${result.generation}, ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.events / Math.max(result.seconds, 0.001))}/s), live at position ${result.checkpoint}\n`);
    }
  });
}
