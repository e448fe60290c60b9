import { sealLog } from '@poems/event-store';
import { withInfrastructure } from '../cli-context';

export async function sealCommand(): Promise<void> {
  const result = await withInfrastructure((infra) => sealLog(infra.rawStore, { actor: 'cli' }));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
