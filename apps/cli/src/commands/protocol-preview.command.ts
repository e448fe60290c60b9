import { parseArgs } from 'node:util';
import { DomainError } from '@poems/kernel';
import { ProtocolFileError, previewProtocol, readProtocolFile, type PreviewReport } from '@poems/runtime';
import { CliError, progress, withInfrastructure } from '../cli-context';

export const PREVIEW_USAGE = 'npm run protocol:preview -- --protocol <file.json> [--json]';

function describe(report: PreviewReport): string {
  const lines = [`Impact of ${report.candidate.id} v${report.candidate.version} (${report.candidate.title}) at ${report.evaluatedAt}:`];
  for (const p of report.patients) {
    if (p.refused) {
      lines.push(`patient ${p.patientId}: cannot be replayed under the candidate: ${p.refused.code}: ${p.refused.message}`);
      continue;
    }
    if (p.added.length === 0 && p.removed.length === 0) continue;
    lines.push(`patient ${p.patientId}:`);
    for (const a of p.added) lines.push(`  + ${a.rule} ${a.clinicalTime}${a.active ? '' : ' (past episode)'}: ${a.summary}`);
    for (const r of p.removed) lines.push(`  - ${r.rule} ${r.episodeKey} (now ${r.status.toLowerCase()})`);
  }
  const rules = Object.entries(report.byRule).sort(([a], [b]) => a.localeCompare(b));
  lines.push('', 'By rule (alerts added / removed):');
  for (const [rule, { added, removed }] of rules) lines.push(`  ${rule}: +${added} / -${removed}`);
  if (rules.length === 0) lines.push('  no change');
  lines.push(`${report.patients.length} patients replayed, ${report.refused} could not be; nothing was written.`);
  return `${lines.join('\n')}\n`;
}

/**
 * Replays every patient's history under a candidate protocol definition (a JSON file, validated as
 * PROTOCOL_DIRECTORY files are) and prints, per patient and rule, the alerts it would add and
 * remove against those raised. Reads only: nothing is written, nothing is registered.
 */
export async function protocolPreviewCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { protocol: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.protocol) throw new CliError(`Usage: ${PREVIEW_USAGE}`);
  let candidate;
  try {
    candidate = readProtocolFile(values.protocol);
  } catch (error) {
    if (error instanceof ProtocolFileError) throw new CliError(error.message, 1);
    throw error;
  }
  await withInfrastructure(async (infra) => {
    const report = await previewProtocol({ store: infra.rawStore, pool: infra.pool, schema: infra.schema }, candidate, {
      now: new Date().toISOString(),
      onProgress: progress('replaying patients'),
    }).catch((error: unknown) => {
      if (error instanceof DomainError) throw new CliError(`${error.code}: ${error.message}`, 1);
      throw error;
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
  });
}
