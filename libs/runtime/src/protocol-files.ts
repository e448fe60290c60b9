import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DomainError } from '@poems/kernel';
import { defineProtocol, protocolDefinitionSchema, registerProtocols, type ProtocolDefinition } from '@poems/protocol';

/**
 * A protocol file that cannot be used: the message names the file, the field and the reason, so
 * the operator can fix it. Start-up stops on it (a hospital's protocol is never half loaded).
 */
export class ProtocolFileError extends Error {
  constructor(readonly file: string, readonly problems: ReadonlyArray<{ field: string; message: string }>) {
    super(`Protocol file ${file} is invalid:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`);
    this.name = 'ProtocolFileError';
  }
}

/** One definition from its JSON text, validated with the same schema as the built-in ones. */
export function parseProtocolFile(file: string, text: string): ProtocolDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProtocolFileError(file, [{ field: '(file)', message: `not JSON: ${(error as Error).message}` }]);
  }
  const parsed = protocolDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProtocolFileError(
      file,
      parsed.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? `.${issue.keys.join(', ')}` : '';
        return { field: `${issue.path.map(String).join('.') || '(root)'}${keys}`, message: issue.message };
      }),
    );
  }
  return defineProtocol(parsed.data as never);
}

export function readProtocolFile(path: string): ProtocolDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ProtocolFileError(path, [{ field: '(file)', message: `cannot be read: ${(error as Error).message}` }]);
  }
  return parseProtocolFile(path, text);
}

/** Every *.json definition of a folder, in name order; two files defining one (id, version) are refused. */
export function loadProtocolDirectory(directory: string): ProtocolDefinition[] {
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    names = readdirSync(directory).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new ProtocolFileError(directory, [{ field: 'PROTOCOL_DIRECTORY', message: `cannot be read: ${(error as Error).message}` }]);
  }
  const seen = new Map<string, string>();
  return names.map((name) => {
    const path = join(directory, name);
    const definition = readProtocolFile(path);
    const key = `${definition.id}@${definition.version}`;
    const other = seen.get(key);
    if (other) throw new ProtocolFileError(path, [{ field: 'version', message: `${key} is also defined in ${basename(other)}` }]);
    seen.set(key, path);
    return definition;
  });
}

/**
 * Loads PROTOCOL_DIRECTORY (when set) and registers its definitions beside the built-in ones, for
 * the pure domain to find by (id, version). Called by every process before it decides anything.
 */
export function registerProtocolDirectory(directory: string | undefined): ProtocolDefinition[] {
  if (directory === undefined || directory.trim() === '') return [];
  const definitions = loadProtocolDirectory(directory);
  for (const definition of definitions) {
    try {
      registerProtocols([definition]);
    } catch (error) {
      if (error instanceof DomainError) throw new ProtocolFileError(`${directory} (${definition.id}@${definition.version})`, [{ field: 'version', message: error.message }]);
      throw error;
    }
  }
  return definitions;
}
