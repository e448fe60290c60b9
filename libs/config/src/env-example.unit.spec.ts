import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfigSchema } from './app-config';

describe('the documented configuration', () => {
  it('lists in .env.example every variable the apps read, and nothing else', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]).sort();
    const read = Object.keys(appConfigSchema.shape).sort();
    expect(documented).toEqual(read);
  });

  it('lists in the README every variable too', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const read = Object.keys(appConfigSchema.shape);
    for (const variable of read) expect(readme).toContain(`\`${variable}\``);
  });
});
