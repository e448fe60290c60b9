import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getProtocol, SEED_PROTOCOL } from '@poems/protocol';
import { loadProtocolDirectory, ProtocolFileError, registerProtocolDirectory } from './protocol-files';

/** Real files in a temporary folder: what PROTOCOL_DIRECTORY points at. */
describe('protocol definitions a hospital adds as JSON files (issue 12)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'protocols-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  const local = (change: object = {}) => ({ ...structuredClone(SEED_PROTOCOL), id: 'kyoto-seed', version: 1, title: 'Kyoto: seed with LMWH', ...change });

  it('are validated with the built-in schema and registered beside the built-in ones', () => {
    write('kyoto.json', local());
    write('notes.txt', 'ignored');
    expect(registerProtocolDirectory(dir).map((p) => p.id)).toEqual(['kyoto-seed']);
    expect(getProtocol('kyoto-seed', 1).title).toBe('Kyoto: seed with LMWH');
  });

  it('stop start-up on a bad file, naming the file, the field and the reason', () => {
    write('bad.json', local({ id: 'kyoto-bad', safety: { ...SEED_PROTOCOL.safety, dispensing: { ...SEED_PROTOCOL.safety.dispensing, maxDaysSupply: 0 } } }));
    expect(() => loadProtocolDirectory(dir)).toThrow(ProtocolFileError);
    expect(() => loadProtocolDirectory(dir)).toThrow(/bad\.json is invalid:\n {2}- safety\.dispensing\.maxDaysSupply: Too small/);
  });

  it('name an unknown field, a missing one and text that is not JSON', () => {
    write('a.json', { ...local({ id: 'kyoto-a' }), colour: 'red' });
    expect(() => loadProtocolDirectory(dir)).toThrow(/a\.json is invalid:\n {2}- \(root\)\.colour: Unrecognized key/);
    rmSync(join(dir, 'a.json'));
    const { safety: _s, ...withoutSafety } = local({ id: 'kyoto-b' });
    write('b.json', withoutSafety);
    expect(() => loadProtocolDirectory(dir)).toThrow(/b\.json is invalid:\n {2}- safety:/);
    rmSync(join(dir, 'b.json'));
    write('c.json', '{ not json');
    expect(() => loadProtocolDirectory(dir)).toThrow(/c\.json is invalid:\n {2}- \(file\): not JSON/);
  });

  it('refuse two files with one id and version, and a file that redefines a published version', () => {
    write('one.json', local({ id: 'kyoto-twice' }));
    write('two.json', local({ id: 'kyoto-twice', title: 'other' }));
    expect(() => loadProtocolDirectory(dir)).toThrow(/two\.json is invalid:\n {2}- version: kyoto-twice@1 is also defined in one\.json/);
    rmSync(join(dir, 'two.json'));
    rmSync(join(dir, 'one.json'));
    write('seed.json', local({ id: 'poems-seed', title: 'changed' }));
    expect(() => registerProtocolDirectory(dir)).toThrow(/poems-seed version 1 is already defined with other content/);
  });

  it('refuse a folder that does not exist', () => {
    expect(() => registerProtocolDirectory(join(dir, 'missing'))).toThrow(/PROTOCOL_DIRECTORY: cannot be read/);
  });
});
