import { createHash, randomBytes } from 'node:crypto';
import { type Principal, USER_ROLES } from '@poems/auth';
import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import type { Pool } from 'pg';
import { z } from 'zod';

/** Long enough to open an EventSource, short enough that a ticket seen in a log is already dead. */
export const STREAM_TICKET_TTL_SECONDS = 60;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'stream tickets',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.stream_tickets (
        ticket_hash           bytea PRIMARY KEY,
        principal             jsonb NOT NULL,
        credential_expires_at timestamptz NOT NULL,
        expires_at            timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS stream_tickets_expiry ON ${s}.stream_tickets (expires_at);
    `,
  },
];

const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const storedPrincipal = z.object({ userId: z.string(), roles: z.array(z.enum(USER_ROLES)), careTeams: z.array(z.string()) });

export interface RedeemedTicket {
  principal: Principal;
  /** The expiry of the bearer token the ticket was issued for: the stream ends there. */
  credentialExpiresAt: Date;
}

/**
 * Single-use tickets that open one live alert stream (`GET /v1/alerts/stream?ticket=`), for
 * browsers, whose EventSource cannot send an Authorization header. A ticket is 256 random bits,
 * stored only as its SHA-256, bound to the principal that asked for it, valid 60 s (never past that
 * principal's token) and deleted when used. PostgreSQL holds them so that any API instance behind a
 * load balancer can redeem a ticket another issued.
 */
export class StreamTickets {
  private readonly s: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = assertSchemaName(schema);
  }

  static async open(pool: Pool, schema: string): Promise<StreamTickets> {
    await runMigrations(pool, schema, MIGRATIONS, 'stream-tickets');
    return new StreamTickets(pool, schema);
  }

  async issue(principal: Principal, credentialExpiresAt: Date, now = new Date()): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Math.min(now.getTime() + STREAM_TICKET_TTL_SECONDS * 1000, credentialExpiresAt.getTime()));
    // Unused tickets are swept here, so the table stays as small as the tickets alive.
    await this.pool.query(`DELETE FROM ${this.s}.stream_tickets WHERE expires_at < $1`, [now]);
    await this.pool.query(`INSERT INTO ${this.s}.stream_tickets (ticket_hash, principal, credential_expires_at, expires_at) VALUES ($1, $2, $3, $4)`, [
      hashOf(ticket),
      JSON.stringify({ userId: principal.userId, roles: principal.roles, careTeams: principal.careTeams }),
      credentialExpiresAt,
      expiresAt,
    ]);
    return { ticket, expiresAt };
  }

  /** The ticket's principal, once: a second use, an expired or an unknown ticket gives undefined. */
  async redeem(ticket: string, now = new Date()): Promise<RedeemedTicket | undefined> {
    if (!TICKET_FORMAT.test(ticket)) return undefined;
    const { rows } = await this.pool.query<{ principal: unknown; credential_expires_at: Date; alive: boolean }>(
      `DELETE FROM ${this.s}.stream_tickets WHERE ticket_hash = $1 RETURNING principal, credential_expires_at, expires_at > $2 AS alive`,
      [hashOf(ticket), now],
    );
    const row = rows[0];
    if (!row?.alive) return undefined;
    return { principal: storedPrincipal.parse(row.principal), credentialExpiresAt: row.credential_expires_at };
  }
}

function hashOf(ticket: string): Buffer {
  return createHash('sha256').update(ticket).digest();
}
