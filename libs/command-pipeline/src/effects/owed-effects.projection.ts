import type { ProjectionDefinition } from '@poems/projections';
import type { CommandEffects } from './command-effects';

/**
 * The worker's safety net for what commands owe: it follows the global order and runs every
 * effect an event owes (idempotent, so those the handler already ran cost one no-op). A process
 * that crashed between storing an erasure and destroying the key is caught up here.
 */
export function owedEffectsProjection(effects: CommandEffects): ProjectionDefinition {
  return {
    name: 'owed-effects',
    // 2: enrolments index their MRN; replaying from the start fills the index for patients enrolled before.
    version: 2,
    tables: [],
    handles: (event) => effects.owedBy([event]).length > 0,
    async apply(_context, events) {
      await effects.run(effects.owedBy(events));
    },
  };
}
