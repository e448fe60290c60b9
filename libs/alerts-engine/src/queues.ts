import { Queue, type QueueOptions } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * BullMQ queues. Redis only triggers work promptly: what must not be lost (evaluation requests,
 * deadlines, deliveries, escalations) is in PostgreSQL, and a sweeper re-enqueues it, so a Redis
 * outage or restart (this Redis keeps nothing on disk) delays alerts but never drops them.
 */
export const QUEUE_NAMES = {
  evaluate: 'alert-evaluations',
  escalate: 'alert-escalations',
  deliver: 'alert-deliveries',
} as const;
export type QueueKey = keyof typeof QUEUE_NAMES;

export interface QueueConfig {
  redisUrl: string;
  /** Prefix of every key (tests use their own); with Redis Cluster, wrap it in {braces}. */
  prefix: string;
}

/** Producers fail fast when Redis is down (the sweeper retries); workers wait for it forever. */
export function producerConnection(config: QueueConfig): Redis {
  const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', () => undefined);
  return redis;
}

export function workerConnection(config: QueueConfig): Redis {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  return redis;
}

export type AlertQueues = Record<QueueKey, Queue>;

export function openQueues(config: QueueConfig, connection: Redis): AlertQueues {
  const options: QueueOptions = { connection, prefix: config.prefix };
  return {
    evaluate: new Queue(QUEUE_NAMES.evaluate, options),
    escalate: new Queue(QUEUE_NAMES.escalate, options),
    deliver: new Queue(QUEUE_NAMES.deliver, options),
  };
}

export async function closeQueues(queues: AlertQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}

export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** Per queue counts for GET /v1/status; `null` counts when Redis does not answer. */
export async function queueCounts(queues: AlertQueues): Promise<(QueueCounts | { queue: string; error: string })[]> {
  return Promise.all(
    Object.values(queues).map(async (queue) => {
      try {
        const counts = await withTimeout(queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'), 1500);
        return {
          queue: queue.name,
          waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['waiting-children'] ?? 0),
          active: counts['active'] ?? 0,
          delayed: counts['delayed'] ?? 0,
          failed: counts['failed'] ?? 0,
          completed: counts['completed'] ?? 0,
        };
      } catch (error) {
        return { queue: queue.name, error: `Redis unavailable: ${(error as Error).message}` };
      }
    }),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/** BullMQ refuses ':' in custom job ids (its own key separator): ids are built from parts with '.'. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((part) => String(part).replaceAll(':', '_')).join('.');
}
