import { readFileSync, statSync } from 'node:fs';
import { careTeamSchema, LAB_TESTS, lightChainSchema, qualitativeResultSchema } from '@poems/patient';
import { isQuantitativeLabTest } from '@poems/protocol';
import { z } from 'zod';

/**
 * The HL7 mapping file: which lab feeds may send (and how they authenticate, to which care teams)
 * and how their codes become lab results. It is data an interface analyst edits; the README
 * documents its format. The file is re-read when it changes, so a refused message can be replayed
 * once its code is mapped, without a restart.
 */
const cidr = z.string().regex(/^[0-9a-fA-F:.]+(?:\/\d{1,3})?$/, 'an IP address or a CIDR block such as 10.20.0.0/16');
const offset = z.string().regex(/^[+-]\d{2}:?\d{2}$/, 'an offset such as +09:00');

export const feedSchema = z.strictObject({
  /** Names the feed in event metadata (`lab-feed:<id>`) and in the intake log. */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 _ . -'),
  /** MSH-3 and MSH-4 (their first component) that identify this sender. */
  sendingApplication: z.string().min(1).max(180),
  sendingFacility: z.string().min(1).max(180),
  /** Care teams whose patients this lab may report on; ["*"] for all. */
  careTeams: z.array(z.union([z.literal('*'), careTeamSchema])).min(1),
  /** Addresses the feed connects from (MLLP and HTTP). Empty: from nowhere. */
  allowFrom: z.array(cidr).default([]),
  /** SHA-256 (hex) of the secret the feed sends as `Authorization: Bearer` to POST /v1/hl7; absent: no HTTP. */
  httpTokenSha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters').optional(),
  /** Assigning authority assumed for a PID-3 identifier that names none. */
  defaultAssigningAuthority: z.string().min(1).max(64).optional(),
  /** Offset assumed for times sent without one (else MSH-7's offset; else the time is refused). */
  timeZoneOffset: offset.optional(),
});
export type Feed = z.output<typeof feedSchema>;

const unitTarget = z.union([z.string().min(1).max(32), z.strictObject({ unit: z.string().min(1).max(32), factor: z.number().positive() })]);
const codedValue = z.union([
  qualitativeResultSchema,
  z.strictObject({ value: qualitativeResultSchema, heavyChain: z.string().min(1).max(16).optional(), lightChain: lightChainSchema.optional() }),
]);

export const codeMappingSchema = z
  .strictObject({
    /** Only for this feed's messages (a lab's local codes); absent: any feed. */
    feed: z.string().optional(),
    /** OBX-3 coding system (component 3, or 6 for the alternate code): LN for LOINC, L or 99xxx for local codes. */
    system: z.string().min(1).max(64),
    code: z.string().min(1).max(64),
    test: z.enum(LAB_TESTS),
    specimen: z.string().min(1).max(64).optional(),
    method: z.string().min(1).max(64).optional(),
    /** OBX-6 unit as the lab sends it → UCUM unit (with a factor when the numbers must be converted). */
    units: z.record(z.string().min(1).max(32), unitTarget).optional(),
    /** Coded or text OBX-5 values of a qualitative test → result (added to the built-in NEG/POS words). */
    values: z.record(z.string().min(1).max(64), codedValue).optional(),
  })
  .superRefine((mapping, ctx) => {
    if (isQuantitativeLabTest(mapping.test) && mapping.values) ctx.addIssue({ code: 'custom', path: ['values'], message: `${mapping.test} is quantitative: map units, not values` });
    if (!isQuantitativeLabTest(mapping.test) && mapping.units) ctx.addIssue({ code: 'custom', path: ['units'], message: `${mapping.test} is qualitative: it has no unit` });
  });
export type CodeMapping = z.output<typeof codeMappingSchema>;

export const hl7MappingFileSchema = z
  .strictObject({ feeds: z.array(feedSchema).default([]), codes: z.array(codeMappingSchema).default([]) })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.feeds.forEach((feed, index) => {
      if (ids.has(feed.id)) ctx.addIssue({ code: 'custom', path: ['feeds', index, 'id'], message: `feed ${feed.id} is listed twice` });
      ids.add(feed.id);
    });
    file.codes.forEach((mapping, index) => {
      if (mapping.feed !== undefined && !ids.has(mapping.feed)) ctx.addIssue({ code: 'custom', path: ['codes', index, 'feed'], message: `no feed ${mapping.feed}` });
    });
  });
export type Hl7MappingFile = z.output<typeof hl7MappingFileSchema>;

export const EMPTY_MAPPING: Hl7MappingFile = { feeds: [], codes: [] };

export class MappingFileError extends Error {
  constructor(path: string, problems: string[]) {
    super(`HL7 mapping file ${path} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MappingFileError';
  }
}

export function parseMappingFile(path: string, text: string): Hl7MappingFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingFileError(path, [`not JSON: ${(error as Error).message}`]);
  }
  const parsed = hl7MappingFileSchema.safeParse(json);
  if (!parsed.success) throw new MappingFileError(path, parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`));
  return parsed.data;
}

/**
 * The mapping in force: read at start-up (a bad file stops it), then again whenever the file's
 * modification time changes. A bad edit keeps the last good mapping and is reported through `onError`.
 */
export class MappingSource {
  private current: Hl7MappingFile;
  private mtimeMs = -1;

  constructor(
    private readonly path: string | undefined,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.current = EMPTY_MAPPING;
    if (path) this.current = this.read(statSync(path).mtimeMs);
  }

  get mapping(): Hl7MappingFile {
    if (!this.path) return this.current;
    try {
      const mtimeMs = statSync(this.path).mtimeMs;
      if (mtimeMs !== this.mtimeMs) this.current = this.read(mtimeMs);
    } catch (error) {
      this.onError(error as Error);
    }
    return this.current;
  }

  private read(mtimeMs: number): Hl7MappingFile {
    const parsed = parseMappingFile(this.path!, readFileSync(this.path!, 'utf8'));
    this.mtimeMs = mtimeMs;
    return parsed;
  }
}
