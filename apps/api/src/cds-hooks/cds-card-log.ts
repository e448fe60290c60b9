import { assertSchemaName, type Migration, runMigrations } from '@poems/event-store';
import type { Pool } from 'pg';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'cds hooks cards',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.cds_cards (
        card_uuid       uuid PRIMARY KEY,
        suggestion_uuid uuid NOT NULL,
        alert_id        uuid NOT NULL,
        client_id       text NOT NULL,
        ehr_user        text,
        issued_at       timestamptz NOT NULL DEFAULT now()
      );`,
  },
];

export interface IssuedCard {
  cardUuid: string;
  suggestionUuid: string;
  alertId: string;
  clientId: string;
  ehrUser: string | null;
}

/** The cards sent to EHRs, so that their feedback (accepted, overridden) reaches the right alert and names the EHR's user. */
export class CdsCardLog {
  private constructor(
    private readonly pool: Pool,
    private readonly s: string,
  ) {}

  static async open(pool: Pool, schema: string): Promise<CdsCardLog> {
    await runMigrations(pool, schema, MIGRATIONS, 'cds-cards');
    return new CdsCardLog(pool, assertSchemaName(schema));
  }

  async issue(cards: IssuedCard[]): Promise<void> {
    if (cards.length === 0) return;
    await this.pool.query(
      `INSERT INTO ${this.s}.cds_cards (card_uuid, suggestion_uuid, alert_id, client_id, ehr_user)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])`,
      [cards.map((c) => c.cardUuid), cards.map((c) => c.suggestionUuid), cards.map((c) => c.alertId), cards.map((c) => c.clientId), cards.map((c) => c.ehrUser)],
    );
  }

  async find(cardUuid: string, clientId: string): Promise<IssuedCard | undefined> {
    const { rows } = await this.pool.query(`SELECT * FROM ${this.s}.cds_cards WHERE card_uuid = $1 AND client_id = $2`, [cardUuid, clientId]);
    const row = rows[0];
    return row && { cardUuid: row.card_uuid, suggestionUuid: row.suggestion_uuid, alertId: row.alert_id, clientId: row.client_id, ehrUser: row.ehr_user };
  }
}
