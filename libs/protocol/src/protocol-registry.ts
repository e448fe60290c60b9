import { DomainError } from '@poems/kernel';
import { JPOST_PROTOCOL } from './jpost-protocol';
import type { ProtocolDefinition, ProtocolRef } from './protocol-definition';
import { SEED_PROTOCOL } from './seed-protocol';

/**
 * Every definition ever published, never edited or removed: enrolment events name an (id, version)
 * and are interpreted with exactly that definition forever. A change is a new version appended here.
 */
const PUBLISHED: ReadonlyArray<ProtocolDefinition> = Object.freeze([SEED_PROTOCOL, JPOST_PROTOCOL]);

export const DEFAULT_PROTOCOL: ProtocolDefinition = SEED_PROTOCOL;

export function listProtocols(): ReadonlyArray<ProtocolDefinition> {
  return PUBLISHED;
}

export function findProtocol(id: string, version: number): ProtocolDefinition | undefined {
  return PUBLISHED.find((p) => p.id === id && p.version === version);
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
