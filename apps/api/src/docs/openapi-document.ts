import { z } from 'zod';
import { documentedRoutes, type RouteDoc } from './route-docs';

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['status', 'code', 'message'],
  properties: {
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code' },
    message: { type: 'string', description: 'What went wrong and what to do next' },
    issues: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' }, line: { type: 'integer' } } },
    },
    correlationId: { type: 'string' },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(route: RouteDoc): unknown[] {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = route.query ? (jsonSchema(route.query) as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
  const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query?.required?.includes(name) ?? false,
    schema,
  }));
  const headerParams = Object.entries(route.headers ?? {}).map(([name, description]) => ({ name, in: 'header', required: false, description, schema: { type: 'string' } }));
  return [...pathParams, ...queryParams, ...headerParams];
}

/** The declared JSON shape on the route's first success status, so generated clients are typed. */
function successSchema(route: RouteDoc, status: number, type: string): Record<string, unknown> {
  const first = Object.keys(route.responses).map(Number).filter((code) => code < 300).sort()[0];
  return route.response && status === first && type === 'application/json' ? { schema: jsonSchema(route.response, 'output') } : {};
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of documentedRoutes()) {
    const operation: Record<string, unknown> = {
      summary: route.summary,
      description: [route.description, route.roles === 'public' ? 'No token needed.' : `Roles: ${route.roles.join(', ')}.`].filter(Boolean).join('\n\n'),
      tags: [route.tag],
      parameters: parameters(route),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, description]) => [
          status,
          Number(status) >= 400
            ? { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }
            : { description, content: Object.fromEntries((route.produces ?? ['application/json']).map((type) => [type, successSchema(route, Number(status), type)])) },
        ]),
      ),
    };
    if (route.roles !== 'public') operation['security'] = [{ bearer: [] }, { session: [] }];
    if (route.body) {
      operation['requestBody'] = { required: true, content: { [route.bodyContentType ?? 'application/json']: { schema: jsonSchema(route.body) } } };
    }
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'POEMS syndrome monitoring API',
      version: '1',
      description:
        'Event-sourced monitoring of patients with POEMS (Crow-Fukase) syndrome. Every write is an immutable event; ' +
        'errors share one problem shape. Times are ISO-8601 with an offset and are stored in UTC.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (this system’s HS256, or the identity provider’s RS256/ES256)' },
        session: { type: 'apiKey', in: 'cookie', name: 'poems_session', description: 'The web app’s session (sign in at /auth/login); unsafe methods also need the X-CSRF-Token header' },
      },
      schemas: { Problem: PROBLEM_SCHEMA },
    },
    paths,
  };
}
