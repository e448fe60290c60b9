import type { UserRole } from '@poems/auth';
import type { z } from 'zod';

/**
 * Each route describes itself once, with the zod schemas it parses its input with; the OpenAPI
 * document at /v1/docs is generated from these descriptions, so the two cannot drift apart.
 */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI style: /v1/patients/{patientId}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  roles: UserRole[] | 'public';
  body?: z.ZodType;
  bodyContentType?: string;
  query?: z.ZodType;
  /** Headers the route reads, with what they mean. */
  headers?: Record<string, string>;
  responses: Record<number, string>;
  /** The JSON shape of the success answer (what the web app's generated client is typed with). */
  response?: z.ZodType;
  produces?: string[];
}

const routes: RouteDoc[] = [];

export function documentRoute(doc: RouteDoc): RouteDoc & { nestPath: string } {
  routes.push(doc);
  return { ...doc, nestPath: doc.path.replace(/\{(\w+)\}/g, ':$1') };
}

export function documentedRoutes(): readonly RouteDoc[] {
  return routes;
}
