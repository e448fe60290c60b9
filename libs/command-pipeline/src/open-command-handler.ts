import type { Infrastructure } from '@poems/runtime';
import { CommandHandler } from './command-handler';
import { CommandEffects } from './effects/command-effects';
import { COMMAND_EFFECTS } from './effects/erasure-effect';
import { MrnIndex, mrnIndexEffects } from './effects/mrn-index';
import { RequestHasher } from './event-ids';
import { PostgresIdempotencyRegistry } from './idempotency-registry';
import type { StreamDeps } from './stream-kind';

/** The MRN blind index of a process (the HL7 door looks patients up in it). */
export function mrnIndexOf(infra: Infrastructure): MrnIndex {
  return new MrnIndex({ pool: infra.pool, schema: infra.schema, keyEncryptionKeyHex: infra.config.DATA_KEY_ENCRYPTION_KEY, authority: infra.config.MRN_ASSIGNING_AUTHORITY });
}

export function commandEffectsOf(infra: Infrastructure): CommandEffects {
  return new CommandEffects([...COMMAND_EFFECTS, ...mrnIndexEffects(mrnIndexOf(infra))], streamDepsOf(infra));
}

function streamDepsOf(infra: Infrastructure): StreamDeps {
  return { store: infra.store, rawStore: infra.rawStore, vault: infra.vault };
}

/** The command handler of a process, over its infrastructure (creates the idempotency table). */
export async function openCommandHandler(infra: Infrastructure, options: { clock?: () => Date } = {}): Promise<CommandHandler> {
  const idempotency = await PostgresIdempotencyRegistry.create(infra.pool, infra.schema);
  return new CommandHandler(streamDepsOf(infra), idempotency, commandEffectsOf(infra), new RequestHasher(infra.config.DATA_KEY_ENCRYPTION_KEY), {
    clock: options.clock ?? (() => new Date()),
    maxClockSkewMs: infra.config.MAX_CLOCK_SKEW_MS,
    clinicTimeZone: infra.config.CLINIC_TIME_ZONE,
  });
}
