import { Controller, Get } from '@nestjs/common';
import { Public } from '../http/request-context';
import { buildOpenApiDocument } from './openapi-document';
import { documentRoute } from './route-docs';

const DOCS = documentRoute({
  method: 'GET',
  path: '/v1/docs',
  summary: 'This OpenAPI 3.1 document, generated from the zod schemas the routes parse with',
  tag: 'Meta',
  roles: 'public',
  responses: { 200: 'The OpenAPI document' },
});

@Controller()
export class DocsController {
  private document?: Record<string, unknown>;

  @Public()
  @Get(DOCS.nestPath)
  docs(): Record<string, unknown> {
    this.document ??= buildOpenApiDocument();
    return this.document;
  }
}
