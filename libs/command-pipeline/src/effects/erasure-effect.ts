import { patientIdOfStream } from '@poems/kernel';
import type { CommandEffect } from './command-effects';

/**
 * An identity erasure destroys the patient's data key (crypto-shredding): name, MRN and birth
 * date become unreadable everywhere, while the events and their hash chain stay intact.
 */
export const DESTROY_DATA_KEY: CommandEffect = {
  eventType: 'PatientIdentityErased',
  name: 'data-key-destroyed',
  async run(event, deps) {
    const patientId = patientIdOfStream(event.streamId);
    if (!patientId) throw new Error(`PatientIdentityErased on ${event.streamId}, which is not a patient stream`);
    const reason = (event.data as { reason?: string }).reason ?? 'identity erased';
    await deps.vault.destroy(patientId, event.metadata.actor.userId, reason);
  },
};

export const COMMAND_EFFECTS: ReadonlyArray<CommandEffect> = [DESTROY_DATA_KEY];
