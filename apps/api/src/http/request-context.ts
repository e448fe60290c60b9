import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, UserRole } from '@poems/auth';
import type { FastifyRequest } from 'fastify';

/** What every handler knows about the request it serves. */
export interface RequestContext {
  principal: Principal;
  correlationId: string;
  /** Optional `X-Purpose-Of-Use` header, recorded in the access log. */
  purpose: string | null;
  method: string;
  path: string;
  /** When the caller's credential (bearer token, or the token a stream ticket was issued for) expires. */
  credentialExpiresAt: Date;
}

export type ContextualRequest = FastifyRequest & { context?: RequestContext; correlationId?: string };

export const IS_PUBLIC = 'poems:public';
export const REQUIRED_ROLES = 'poems:roles';

export const STREAM_TICKET = 'poems:stream-ticket';
/**
 * Besides the bearer header, a single-use stream ticket may come as `?ticket=` (EventSource cannot
 * send headers). Bearer tokens never travel in URLs: URLs end up in logs, histories and proxies.
 */
export const StreamTicketAllowed = () => SetMetadata(STREAM_TICKET, true);

/** No token needed (health, API docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The caller needs at least one of these roles. */
export const Roles = (...roles: UserRole[]) => SetMetadata(REQUIRED_ROLES, roles);

export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext): RequestContext => {
  const request = host.switchToHttp().getRequest<ContextualRequest>();
  if (!request.context) throw new Error('No request context: is the route missing the auth guard?');
  return request.context;
});
