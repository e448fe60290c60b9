import { DomainError, normaliseIso } from '@poems/kernel';
import { z } from 'zod';

/** A clinical time as sent: ISO-8601 with an offset (or Z), stored in UTC with milliseconds. */
export const clinicalTimeInput = z.iso.datetime({ offset: true }).transform(normaliseIso);
/** A calendar date, YYYY-MM-DD. */
export const calendarDate = z.iso.date();
/** A UUID, but not the nil or max UUID (placeholders, never a real patient's id). */
export const patientIdField = z
  .uuid()
  .refine((id) => !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(id) && !/^f{8}-f{4}-f{4}-f{4}-f{12}$/i.test(id), 'must be a real patient id, not the nil or max UUID');
export const heightCmField = z.number().min(50).max(250);
export const weightKgField = z.number().min(2).max(400);

/** Free text: trimmed, non-empty, bounded. */
export function text(max: number) {
  return z.string().trim().min(1).max(max);
}

/** Turns the first zod issue into a coded validation error naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, code: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
  // Name the unknown field itself, so the caller can point at it.
  const path = issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...at, issue.keys[0]] : at;
  const where = path.length > 0 ? `${path.join('.')}: ` : '';
  throw new DomainError(code, `${where}${issue?.message ?? 'invalid input'}`, 'validation', path);
}

/** Drops keys whose value is undefined, so events hold only what is known (and compare cleanly). */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
