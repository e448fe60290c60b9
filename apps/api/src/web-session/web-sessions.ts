import { createHash, randomBytes } from 'node:crypto';
import { type Principal, USER_ROLES } from '@poems/auth';
import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import type { Pool } from 'pg';
import { z } from 'zod';

/** How long a sign-in may take between leaving for the provider and coming back. */
export const SIGN_IN_TTL_SECONDS = 600;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'web sessions and sign-ins',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.web_sessions (
        session_hash bytea PRIMARY KEY,
        principal    jsonb NOT NULL,
        display_name text,
        csrf_token   text NOT NULL,
        created_at   timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS web_sessions_expiry ON ${s}.web_sessions (expires_at);
      CREATE TABLE IF NOT EXISTS ${s}.web_sign_ins (
        attempt_hash  bytea PRIMARY KEY,
        state         text NOT NULL,
        nonce         text NOT NULL,
        code_verifier text NOT NULL,
        return_to     text NOT NULL,
        expires_at    timestamptz NOT NULL
      );
    `,
  },
];

const storedPrincipal = z.object({ userId: z.string(), roles: z.array(z.enum(USER_ROLES)), careTeams: z.array(z.string()) });
const SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface ActiveSession {
  principal: Principal;
  displayName: string | null;
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export type SessionLookup = { ok: true; session: ActiveSession } | { ok: false; reason: 'UNKNOWN' | 'EXPIRED' };

/**
 * Server-side sessions of the web app. The browser holds only a random 256-bit id in an HttpOnly
 * cookie; PostgreSQL holds its SHA-256 (a leaked table opens no session), the principal verified
 * from the identity provider's access token at sign-in, a CSRF token, and two deadlines: the
 * token's expiry (absolute) and `idleSeconds` after the last request. Any API instance can serve
 * any session; signing out deletes the row, so it ends everywhere at once.
 */
export class WebSessions {
  private readonly s: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly idleSeconds: number,
  ) {
    this.s = assertSchemaName(schema);
  }

  static async open(pool: Pool, schema: string, idleSeconds: number): Promise<WebSessions> {
    await runMigrations(pool, schema, MIGRATIONS, 'web-sessions');
    return new WebSessions(pool, schema, idleSeconds);
  }

  /** Remembers a sign-in leaving for the provider; the id goes to the browser (a short-lived cookie) and binds the return. */
  async beginSignIn(attempt: SignInAttempt, now = new Date()): Promise<string> {
    const id = secret();
    await this.pool.query(`DELETE FROM ${this.s}.web_sign_ins WHERE expires_at < $1`, [now]);
    await this.pool.query(`INSERT INTO ${this.s}.web_sign_ins (attempt_hash, state, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      hashOf(id),
      attempt.state,
      attempt.nonce,
      attempt.codeVerifier,
      attempt.returnTo,
      new Date(now.getTime() + SIGN_IN_TTL_SECONDS * 1000),
    ]);
    return id;
  }

  /** The attempt, once (a replayed callback finds nothing). */
  async takeSignIn(id: string | undefined, now = new Date()): Promise<SignInAttempt | undefined> {
    if (!id || !SECRET_FORMAT.test(id)) return undefined;
    const { rows } = await this.pool.query<{ state: string; nonce: string; code_verifier: string; return_to: string; alive: boolean }>(
      `DELETE FROM ${this.s}.web_sign_ins WHERE attempt_hash = $1 RETURNING state, nonce, code_verifier, return_to, expires_at > $2 AS alive`,
      [hashOf(id), now],
    );
    const row = rows[0];
    return row?.alive ? { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to } : undefined;
  }

  async create(principal: Principal, displayName: string | null, expiresAt: Date, now = new Date()): Promise<{ sessionId: string; csrfToken: string }> {
    const sessionId = secret();
    const csrfToken = secret();
    await this.pool.query(`DELETE FROM ${this.s}.web_sessions WHERE expires_at < $1 OR last_seen_at < $2`, [now, this.idleCutoff(now)]);
    await this.pool.query(
      `INSERT INTO ${this.s}.web_sessions (session_hash, principal, display_name, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)`,
      [hashOf(sessionId), JSON.stringify({ userId: principal.userId, roles: principal.roles, careTeams: principal.careTeams }), displayName, csrfToken, now, expiresAt],
    );
    return { sessionId, csrfToken };
  }

  /** The live session, its idle deadline moved on when `touch` (every API request; not the session check). */
  async find(sessionId: string | undefined, options: { touch: boolean }, now = new Date()): Promise<SessionLookup> {
    if (!sessionId || !SECRET_FORMAT.test(sessionId)) return { ok: false, reason: 'UNKNOWN' };
    const { rows } = await this.pool.query<{ principal: unknown; display_name: string | null; csrf_token: string; expires_at: Date; last_seen_at: Date; alive: boolean }>(
      `UPDATE ${this.s}.web_sessions SET last_seen_at = CASE WHEN $4 AND expires_at > $2 AND last_seen_at >= $3 THEN $2 ELSE last_seen_at END
       WHERE session_hash = $1
       RETURNING principal, display_name, csrf_token, expires_at, last_seen_at, (expires_at > $2 AND last_seen_at >= $3) AS alive`,
      [hashOf(sessionId), now, this.idleCutoff(now), options.touch],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'UNKNOWN' };
    if (!row.alive) return { ok: false, reason: 'EXPIRED' };
    return {
      ok: true,
      session: {
        principal: storedPrincipal.parse(row.principal),
        displayName: row.display_name,
        csrfToken: row.csrf_token,
        expiresAt: row.expires_at,
        idleExpiresAt: new Date(row.last_seen_at.getTime() + this.idleSeconds * 1000),
      },
    };
  }

  async end(sessionId: string | undefined): Promise<boolean> {
    if (!sessionId || !SECRET_FORMAT.test(sessionId)) return false;
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.s}.web_sessions WHERE session_hash = $1`, [hashOf(sessionId)]);
    return (rowCount ?? 0) > 0;
  }

  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - this.idleSeconds * 1000);
  }
}

function secret(): string {
  return randomBytes(32).toString('base64url');
}

function hashOf(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
