import { verifyLog } from '@poems/event-store';
import { progress, withInfrastructure } from '../cli-context';

/** Re-checks every chain and seal; exit code 1 when anything was tampered with. */
export async function auditVerifyCommand(): Promise<void> {
  const report = await withInfrastructure((infra) => verifyLog(infra.rawStore, { onProgress: progress('verifying events') }));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (report.ok) {
    process.stderr.write(`OK: ${report.eventsChecked} events in ${report.streamsChecked} streams and ${report.sealsChecked} seals verify; ${report.unsealedEvents} events are not sealed yet.\n`);
  } else {
    const first = report.firstProblem!;
    process.stderr.write(`TAMPERING DETECTED: ${first.message}\n(first of ${report.problems.length}${report.problemsTruncated ? '+' : ''} problems; the full report is above)\n`);
    process.exitCode = 1;
  }
}
