/**
 * Every error answer has one shape: a stable `code` for programs, a `message` for people saying
 * what to do next, and `issues` naming the fields at fault.
 */
import type { FieldIssue } from '@poems/kernel';

export type { FieldIssue } from '@poems/kernel';

export interface ProblemBody {
  status: number;
  code: string;
  message: string;
  issues?: ReadonlyArray<FieldIssue>;
  correlationId?: string;
}

/** An error that already knows its HTTP answer. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ReadonlyArray<FieldIssue>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const badRequest = (code: string, message: string, issues?: ReadonlyArray<FieldIssue>) => new HttpProblem(400, code, message, issues);
export const forbidden = (message: string) => new HttpProblem(403, 'FORBIDDEN', message);
export const notFound = (code: string, message: string) => new HttpProblem(404, code, message);
