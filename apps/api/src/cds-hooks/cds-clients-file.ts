import { readFileSync } from 'node:fs';
import { careTeamSchema } from '@poems/patient';
import { z } from 'zod';

/**
 * The EHRs allowed to call the CDS services (CDS_HOOKS_CLIENTS_FILE): each signs its requests
 * with a key of its JWK set, as the CDS Hooks specification describes; the file says whose.
 */
const jwkSchema = z.looseObject({ kty: z.enum(['EC', 'RSA']), kid: z.string().min(1).optional() });

export const cdsClientSchema = z
  .strictObject({
    /** Names the EHR in metadata and the access log (`ehr:<id>`). */
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 _ . -'),
    /** The `iss` of its JWTs. */
    iss: z.string().min(1).max(500),
    /** Its public keys, inline… */
    jwks: z.strictObject({ keys: z.array(jwkSchema).min(1) }).optional(),
    /** …or where to fetch them (https). */
    jwksUrl: z.url().optional(),
    /** Care teams whose alerts it may show; ["*"] for all. */
    careTeams: z.array(z.union([z.literal('*'), careTeamSchema])).min(1),
    /** The identifier system under which its Patient resources carry this hospital's MRN. */
    patientIdentifierSystem: z.string().min(1).max(500).optional(),
  })
  .refine((client) => (client.jwks === undefined) !== (client.jwksUrl === undefined), { message: 'give either jwks or jwksUrl', path: ['jwks'] });
export type CdsClient = z.output<typeof cdsClientSchema>;

const fileSchema = z.strictObject({ clients: z.array(cdsClientSchema) });

export function readCdsClients(path: string | undefined): CdsClient[] {
  if (!path) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`CDS Hooks clients file ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`CDS Hooks clients file ${path} is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`);
  return parsed.data.clients;
}
