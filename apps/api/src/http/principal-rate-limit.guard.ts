import type {} from '@fastify/rate-limit';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@poems/config';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../platform/tokens';
import { HttpProblem } from './http-problem';
import type { ContextualRequest } from './request-context';

type Limiter = ReturnType<FastifyRequest['server']['createRateLimit']>;

/**
 * Requests per authenticated user (RATE_LIMIT_PER_PRINCIPAL per window), counted after the auth
 * guard has verified who it is: a limit keyed on an unverified claim would let anyone exhaust a
 * colleague's allowance with forged tokens. Registered after AuthGuard; public routes pass.
 */
@Injectable()
export class PrincipalRateLimitGuard implements CanActivate {
  private limiter?: Limiter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ContextualRequest>();
    if (!request.context) return true;
    this.limiter ??= request.server.createRateLimit({
      max: this.config.RATE_LIMIT_PER_PRINCIPAL,
      timeWindow: this.config.RATE_LIMIT_WINDOW_MS,
      keyGenerator: (limited) => `principal:${(limited as ContextualRequest).context!.principal.userId}`,
    });
    const result = await this.limiter(request);
    if (result.isAllowed || !result.isExceeded) return true;
    throw new HttpProblem(
      429,
      'RATE_LIMITED',
      `Too many requests by ${request.context.principal.userId}: at most ${result.max} per ${this.config.RATE_LIMIT_WINDOW_MS / 1000} s (RATE_LIMIT_PER_PRINCIPAL). Retry after ${result.ttlInSeconds} s.`,
      undefined,
      { 'Retry-After': String(result.ttlInSeconds) },
    );
  }
}
