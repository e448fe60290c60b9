import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const check = (...extra: string[]) => spawnSync(process.execPath, [join(root, 'tools/api-types.js'), '--check', '--no-build', ...extra], { cwd: root, encoding: 'utf8' });

describe('the web app’s generated API types', () => {
  it('match the OpenAPI document the API serves (run `npm run api:types` after changing a route)', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('are reported stale when they differ from what the document generates', () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'api-types-')), 'schema.d.ts');
    writeFileSync(stale, readFileSync(join(root, 'apps/web/src/api/schema.d.ts'), 'utf8').replace('"/v1/alerts/stream-tickets"', '"/v1/alerts/old-tickets"'));
    const result = check('--out', stale);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is stale');
  });
});
