import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads KEY=VALUE lines from a .env file into `env`, never overriding what the environment
 * already sets (the environment is the configuration; the file is a local convenience).
 */
export function loadEnvFile(path: string, env: Record<string, string | undefined> = process.env): boolean {
  if (!existsSync(path)) return false;
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rawValue] = match as unknown as [string, string, string];
    const value = rawValue.replace(/^(['"])(.*)\1$/, '$2');
    if (env[key] === undefined) env[key] = value;
  }
  return true;
}
