import { type Migration, runMigrations } from '@poems/event-store';
import type { Pool } from 'pg';

/**
 * The engine's durable state. BullMQ jobs only nudge; these rows say what is still owed, so a
 * sweeper can re-enqueue it after a Redis outage or restart.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'alert engine',
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.alert_evaluation_requests (
        patient_id          uuid PRIMARY KEY,
        requested_position  bigint NOT NULL,
        requested_at        timestamptz NOT NULL DEFAULT now(),
        evaluated_position  bigint NOT NULL DEFAULT 0,
        evaluated_at        timestamptz
      );
      CREATE INDEX IF NOT EXISTS alert_evaluation_requests_pending ON ${s}.alert_evaluation_requests (requested_at)
        WHERE requested_position > evaluated_position;
      CREATE TABLE IF NOT EXISTS ${s}.alert_deadlines (
        patient_id  uuid NOT NULL,
        due_at      timestamptz NOT NULL,
        PRIMARY KEY (patient_id, due_at)
      );
      CREATE TABLE IF NOT EXISTS ${s}.webhook_subscriptions (
        subscription_id uuid PRIMARY KEY,
        care_team       text NOT NULL,
        url             text NOT NULL,
        secret          text NOT NULL,
        description     text,
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        active          boolean NOT NULL DEFAULT true
      );
      CREATE INDEX IF NOT EXISTS webhook_subscriptions_team ON ${s}.webhook_subscriptions (care_team) WHERE active;
      CREATE TABLE IF NOT EXISTS ${s}.webhook_deliveries (
        delivery_id     uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES ${s}.webhook_subscriptions (subscription_id),
        alert_id        uuid NOT NULL,
        event_id        uuid NOT NULL,
        event_type      text NOT NULL,
        payload         jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz
      );
      CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON ${s}.webhook_deliveries (updated_at) WHERE status = 'pending';
      CREATE TABLE IF NOT EXISTS ${s}.webhook_delivery_attempts (
        delivery_id  uuid NOT NULL REFERENCES ${s}.webhook_deliveries (delivery_id),
        attempt      integer NOT NULL,
        at           timestamptz NOT NULL DEFAULT now(),
        status_code  integer,
        error        text,
        duration_ms  integer NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      );
      CREATE TABLE IF NOT EXISTS ${s}.alert_escalation_schedule (
        alert_id  uuid NOT NULL,
        level     integer NOT NULL,
        due_at    timestamptz NOT NULL,
        done_at   timestamptz,
        PRIMARY KEY (alert_id, level)
      );
      CREATE INDEX IF NOT EXISTS alert_escalation_schedule_due ON ${s}.alert_escalation_schedule (due_at) WHERE done_at IS NULL;`,
  },
  {
    version: 2,
    // Secrets move to secret_sealed; the rows already there are sealed by sealPlaintextSecrets,
    // which needs the key and so runs in code, at start-up, right after this.
    name: 'webhook secrets sealed',
    sql: (s) => `
      ALTER TABLE ${s}.webhook_subscriptions ADD COLUMN IF NOT EXISTS secret_sealed jsonb;
      ALTER TABLE ${s}.webhook_subscriptions ALTER COLUMN secret DROP NOT NULL;
      ALTER TABLE ${s}.webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_secret_present CHECK (secret IS NOT NULL OR secret_sealed IS NOT NULL);`,
  },
];

export function migrateAlertEngine(pool: Pool, schema: string): Promise<number[]> {
  return runMigrations(pool, schema, MIGRATIONS, 'alert-engine');
}
