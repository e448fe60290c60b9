import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, principalFrom, TokenError, type UserRole, verifyToken } from '@poems/auth';
import type { AppConfig } from '@poems/config';
import { APP_CONFIG } from '../platform/tokens';
import { HttpProblem } from './http-problem';
import { type ContextualRequest, IS_PUBLIC, QUERY_TOKEN, REQUIRED_ROLES } from './request-context';

/** Every route needs a valid bearer token unless marked @Public; @Roles narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    const queryToken = (request.query as { token?: unknown } | undefined)?.token;
    const header =
      request.headers.authorization ??
      (this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, targets) && typeof queryToken === 'string' ? `Bearer ${queryToken}` : undefined);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="poems"' };
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      throw new HttpProblem(401, 'UNAUTHENTICATED', 'Send `Authorization: Bearer <token>` (mint one locally with `npm run token`)', undefined, challenge);
    }
    let claims;
    try {
      claims = verifyToken(header.replace(/^Bearer\s+/i, ''), this.config.AUTH_JWT_SECRET, { issuer: this.config.AUTH_JWT_ISSUER });
    } catch (error) {
      if (error instanceof TokenError) throw new HttpProblem(401, 'INVALID_TOKEN', `The bearer token was refused: ${error.message}`, undefined, challenge);
      throw error;
    }
    const principal = principalFrom(claims);
    const purpose = request.headers['x-purpose-of-use'];
    request.context = {
      principal,
      correlationId: request.correlationId ?? String(request.id),
      purpose: typeof purpose === 'string' ? purpose.slice(0, 200) : null,
      method: request.method,
      path: request.url,
    };
    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !hasRole(principal, ...required)) {
      throw new HttpProblem(403, 'FORBIDDEN', `This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
