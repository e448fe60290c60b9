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

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
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
            : { description, content: Object.fromEntries((route.produces ?? ['application/json']).map((type) => [type, {}])) },
        ]),
      ),
    };
    if (route.roles !== 'public') operation['security'] = [{ bearer: [] }];
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
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (HS256)' } },
      schemas: { Problem: PROBLEM_SCHEMA },
    },
    paths,
  };
}
