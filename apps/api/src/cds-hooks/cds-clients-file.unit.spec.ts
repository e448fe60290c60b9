import { join } from 'node:path';
import { readCdsClients } from './cds-clients-file';

describe('the CDS Hooks clients file', () => {
  it('reads the example the README shows', () => {
    expect(readCdsClients(join(__dirname, '../../../../interfaces/cds-clients.example.json'))).toEqual([expect.objectContaining({ id: 'ward-ehr', careTeams: ['*'] })]);
  });

  it('reads no clients when none is configured, and stops on a bad file naming it', () => {
    expect(readCdsClients(undefined)).toEqual([]);
    expect(() => readCdsClients(join(__dirname, 'cds-clients-file.ts'))).toThrow(/cds-clients-file.ts cannot be read as JSON/);
  });
});
