import type { CommandHandler } from '@poems/command-pipeline';
import type { EventStore } from '@poems/event-store';
import type { Pool } from 'pg';
import type { PatientStates } from './evaluation/patient-states';
import type { AlertQueues } from './queues';
import type { WebhookSettings } from './webhook-subscriptions';

export interface EngineLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What the engine's handlers need; the clock is injected so tests can move time. */
export interface EngineContext {
  store: EventStore;
  /** The one command handler: the engine raises, resolves and escalates alerts through it, as the system. */
  handler: CommandHandler;
  pool: Pool;
  schema: string;
  queues: AlertQueues;
  /** Patients kept folded between evaluations (see PatientStates). */
  patients: PatientStates;
  clock: () => Date;
  logger: EngineLogger;
  escalationAfterMs: number;
  webhookTimeoutMs: number;
  /** Where deliveries may go and how their secrets are opened. */
  webhooks: WebhookSettings;
}
