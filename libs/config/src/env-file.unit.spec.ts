import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from './env-file';

describe('a local .env file', () => {
  it('fills variables the environment leaves unset, and never overrides it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, '# comment\nPORT=4000\nexport REDIS_URL="redis://x:1"\nDATABASE_URL=postgres://from-file\n\nnot a line\n');
    const env: Record<string, string | undefined> = { DATABASE_URL: 'postgres://from-env' };
    expect(loadEnvFile(file, env)).toBe(true);
    expect(env).toEqual({ PORT: '4000', REDIS_URL: 'redis://x:1', DATABASE_URL: 'postgres://from-env' });
    expect(loadEnvFile(join(tmpdir(), 'missing-file'), env)).toBe(false);
  });
});
