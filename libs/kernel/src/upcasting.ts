/** Rewrites stored event data of an older schema version into the next one (n → n + 1). */
export type Upcaster = (olderData: unknown) => unknown;

/**
 * Brings stored data of `type` from `fromVersion` up to `currentVersion`, one step at a time. The
 * one place old versions are read: a version out of range, or a missing step, is a fault.
 */
export function upcast(type: string, fromVersion: number, currentVersion: number, data: unknown, steps: Readonly<Record<number, Upcaster>> = {}): unknown {
  if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion > currentVersion) {
    throw new Error(`${type} schema version ${fromVersion} is not supported (current ${currentVersion})`);
  }
  let upgraded = data;
  for (let version = fromVersion; version < currentVersion; version += 1) {
    const step = steps[version];
    if (!step) throw new Error(`No upcaster for ${type} from schema version ${version}`);
    upgraded = step(upgraded);
  }
  return upgraded;
}
