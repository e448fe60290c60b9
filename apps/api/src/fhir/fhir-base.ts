import type { AppConfig } from '@poems/config';
import type { FastifyRequest } from 'fastify';

/** PUBLIC_BASE_URL when the deployment sets one (behind a proxy), else the request's own origin. */
export function publicOrigin(request: FastifyRequest, config: AppConfig): string {
  return config.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

export function fhirBase(request: FastifyRequest, config: AppConfig): string {
  return `${publicOrigin(request, config)}/fhir/R4`;
}
