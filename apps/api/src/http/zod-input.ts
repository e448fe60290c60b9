import type { z } from 'zod';
import { badRequest, type FieldIssue } from './http-problem';

export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
    code: issue.code,
  }));
}

/** Parses an HTTP input with its schema; a failure is a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw badRequest('VALIDATION_FAILED', `The request ${what} is invalid: fix the fields listed in issues and retry`, zodIssues(result.error, what === 'body' ? [] : [what]));
  }
  return result.data;
}
