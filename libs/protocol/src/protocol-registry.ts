import { DomainError } from '@poems/kernel';
import { JPOST_PROTOCOL } from './jpost-protocol';
import type { ProtocolDefinition, ProtocolRef } from './protocol-definition';
import { SEED_PROTOCOL } from './seed-protocol';

/**
 * Every definition ever published, never edited or removed: enrolment events name an (id, version)
 * and are interpreted with exactly that definition forever. A change is a new version appended here.
 */
const BUILT_IN: ReadonlyArray<ProtocolDefinition> = Object.freeze([SEED_PROTOCOL, JPOST_PROTOCOL]);

/**
 * Definitions a hospital added without a release. The domain never reads files: the apps load
 * them at start-up (`@poems/runtime` protocol-files, from PROTOCOL_DIRECTORY), validate them with
 * `defineProtocol` and register them here before any command is decided. Registration is
 * append-only, like publication: a definition, once registered, never changes in this process.
 */
const registered: ProtocolDefinition[] = [];

/**
 * A candidate looked at by the impact preview: visible to lookups only while a synchronous
 * preview runs (`withCandidateProtocol`), never to commands.
 */
let candidate: ProtocolDefinition | undefined;

export const DEFAULT_PROTOCOL: ProtocolDefinition = SEED_PROTOCOL;

export function listProtocols(): ReadonlyArray<ProtocolDefinition> {
  return [...BUILT_IN, ...registered];
}

export function findProtocol(id: string, version: number): ProtocolDefinition | undefined {
  if (candidate && candidate.id === id && candidate.version === version) return candidate;
  return BUILT_IN.find((p) => p.id === id && p.version === version) ?? registered.find((p) => p.id === id && p.version === version);
}

export function getProtocol(id: string, version: number): ProtocolDefinition {
  const found = findProtocol(id, version);
  if (!found) {
    throw new DomainError('PROTOCOL_UNKNOWN', `No protocol definition ${id} version ${version}`, 'validation', ['protocol']);
  }
  return found;
}

export function protocolRef(protocol: ProtocolDefinition): ProtocolRef {
  return { id: protocol.id, version: protocol.version };
}

/** Same content, whatever the key order (definitions are plain JSON). */
function sameDefinition(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Adds validated definitions (from `defineProtocol`). The same (id, version) again with the same
 * content is a no-op (a second start-up); with other content it is refused, because patients
 * enrolled under it must keep the definition they were enrolled under.
 */
export function registerProtocols(definitions: ReadonlyArray<ProtocolDefinition>): void {
  for (const definition of definitions) {
    const existing = findProtocol(definition.id, definition.version);
    if (existing && sameDefinition(existing, definition)) continue;
    if (existing) {
      throw new DomainError(
        'PROTOCOL_CONFLICT',
        `${definition.id} version ${definition.version} is already defined with other content: publish a new version instead`,
        'conflict',
        ['version'],
      );
    }
    registered.push(definition);
  }
}

/**
 * Runs `work` with a candidate definition visible to lookups, then hides it again. `work` must be
 * synchronous (the domain is): nothing else can run in between, so no command ever sees it.
 */
export function withCandidateProtocol<T>(definition: ProtocolDefinition, work: () => T): T {
  if (candidate) throw new Error('A candidate protocol is already being previewed');
  const existing = BUILT_IN.find((p) => p.id === definition.id && p.version === definition.version) ?? registered.find((p) => p.id === definition.id && p.version === definition.version);
  if (existing && !sameDefinition(existing, definition)) {
    throw new DomainError('PROTOCOL_CONFLICT', `${definition.id} version ${definition.version} is already published: preview it as a new version`, 'conflict', ['version']);
  }
  candidate = definition;
  try {
    const result = work();
    if (result instanceof Promise) throw new Error('withCandidateProtocol needs synchronous work');
    return result;
  } finally {
    candidate = undefined;
  }
}
