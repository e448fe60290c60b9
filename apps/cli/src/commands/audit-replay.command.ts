import { parseArgs } from 'node:util';
import { loadPatient, revealIdentities } from '@poems/runtime';
import { CliError, withInfrastructure } from '../cli-context';

export const REPLAY_USAGE = 'npm run audit:replay -- --patient <uuid> --at <ISO time with offset> [--reveal-identity --actor <you> --purpose <why>]';

/**
 * Prints a patient's state exactly as the system held it at a recorded time: the stream read up to
 * that time and folded with the domain's own evolve (the same code the commands use).
 */
export async function auditReplayCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { patient: { type: 'string' }, at: { type: 'string' }, 'reveal-identity': { type: 'boolean', default: false }, actor: { type: 'string' }, purpose: { type: 'string' } },
  });
  if (!values.patient || !/^[0-9a-f-]{36}$/i.test(values.patient)) throw new CliError(`Usage: ${REPLAY_USAGE}`);
  const at = values.at ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(at)) || !/[zZ]|[+-]\d\d:?\d\d$/.test(at)) throw new CliError(`--at must be an ISO time with an offset, e.g. 2025-03-01T09:00:00Z\nUsage: ${REPLAY_USAGE}`);
  const reveal = values['reveal-identity'];
  if (reveal && !values.actor) throw new CliError('--reveal-identity needs --actor <your user id>: the read is recorded in the access log');
  const patientId = values.patient;
  await withInfrastructure(async (infra) => {
    const loaded = await loadPatient(infra.rawStore, patientId, { asOf: new Date(at).toISOString() });
    if (loaded.stored.length === 0) throw new CliError(`No events for patient ${patientId} recorded at or before ${at}`, 1);
    let identity: unknown = loaded.state.identity;
    if (reveal) {
      await infra.accessLog.record({ actor: values.actor!, role: 'auditor', action: 'cli-replay-identity', patientId, endpoint: 'cli audit:replay', query: { at }, purpose: values.purpose ?? null, outcome: 200 });
      identity = (await revealIdentities(loaded.stored.filter((e) => e.type === 'PatientEnrolled'), patientId, infra.vault))[0]?.data;
    }
    const { identity: _stored, ...state } = loaded.state;
    process.stdout.write(
      `${JSON.stringify({ patientId, asOf: at, eventsFolded: loaded.stored.length, revision: loaded.revision, lastRecordedAt: loaded.stored.at(-1)!.recordedAt, identity: reveal ? identity : '(not shown: pass --reveal-identity)', state }, null, 2)}\n`,
    );
  });
}
