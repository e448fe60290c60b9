import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

/** Lint as `npm test` runs it, on a snippet placed (virtually) at `path`. */
function lint(path: string, source: string): string {
  const result = spawnSync(bin('eslint'), ['--stdin', '--stdin-filename', path], { cwd: ROOT, input: source, encoding: 'utf8', env });
  return result.stdout + result.stderr;
}

describe('the module boundaries that keep the domain pure', () => {
  beforeAll(() => {
    // Without Nx's project graph the rule skips itself with a mere warning: build it first.
    execFileSync(bin('nx'), ['show', 'projects'], { cwd: ROOT, env, stdio: 'ignore' });
  }, 120_000);

  it('refuse framework and I/O imports, the clock and randomness in a domain library', () => {
    const output = lint('libs/alert-rules/src/zz-fixture.ts', "import { Pool } from 'pg';\nimport { createTestSchema } from '@poems/testing';\nexport const x = [Pool, createTestSchema, new Date(), Math.random()];\n");
    expect(output).toContain('A project tagged with "type:domain" is not allowed to import "pg"');
    expect(output).toContain('can only depend on libs tagged with "type:domain"');
    expect(output).toContain('No clock in the domain');
    expect(output).toContain('No randomness in the domain');
  });

  it('refuse the file system and the environment however they are reached: a util library, a Node built-in, process', () => {
    const output = lint(
      'libs/patient/src/zz-fixture.ts',
      "import { loadConfig } from '@poems/config';\nimport { readFileSync } from 'node:fs';\nimport { hostname } from 'os';\nexport const x = [loadConfig, readFileSync, hostname, process.env['X']];\n",
    );
    expect(output).toContain('A project tagged with "type:domain" can only depend on libs tagged with "type:domain"');
    expect(output).toContain("'node:fs' import is restricted");
    expect(output).toContain("'os' import is restricted");
    expect(output).toContain('No environment in the domain');
  });

  it('accept the same imports in an adapter library', () => {
    const output = lint('libs/runtime/src/zz-fixture.ts', "import { Pool } from 'pg';\nexport const x = Pool;\n");
    expect(output).not.toMatch(/error|warning/);
    expect(output).not.toContain('formatter');
  });

  it('keep the web app to the API: no library, no server package', () => {
    const output = lint('apps/web/src/zz-fixture.tsx', "import { authorize } from '@poems/auth';\nimport { z } from 'zod';\nexport const x = [authorize, z];\n");
    expect(output).toContain('A project tagged with "scope:web" cannot depend on any libs');
    expect(output).toContain('is not allowed to import "zod"');
  });
});
