import type { CommandContext, CommandSource } from '@poems/command-pipeline';
import { badRequest } from '../http/http-problem';
import type { RequestContext } from '../http/request-context';

/** `Idempotency-Key`: 1-200 visible ASCII characters, scoped to the caller (see the command handler). */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 visible ASCII characters (a UUID is a good choice)', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  return key;
}

/** `If-Match: 7` or `If-Match: "7"` → expected revision 7 (the revision the client last read). */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header[0] : header)?.replace(/^W\//, '').replace(/"/g, '').trim();
  if (!value || !/^-?\d+$/.test(value) || Number(value) < -1 || !Number.isSafeInteger(Number(value))) {
    throw badRequest('INVALID_IF_MATCH', 'If-Match must be the stream revision you last read (an integer, -1 for a new patient)', [
      { field: 'If-Match', message: 'invalid' },
    ]);
  }
  return Number(value);
}

/** The command context of an HTTP request: who, the correlation id, and the headers that shape handling. */
export function commandContext(ctx: RequestContext, headers: Record<string, string | string[] | undefined>, source: CommandSource = 'api'): CommandContext {
  return {
    principal: ctx.principal,
    correlationId: ctx.correlationId,
    source,
    idempotencyKey: parseIdempotencyKey(headers['idempotency-key']),
    expectedRevision: parseIfMatch(headers['if-match']),
  };
}
