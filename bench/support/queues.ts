import { randomBytes } from 'node:crypto';
import { TEST_REDIS_URL } from '@poems/testing';
import { Redis } from 'ioredis';
import type { Cleanup } from './cleanup';

/** A queue prefix of this run only; every key under it is deleted by `cleanup`. */
export function freshQueuePrefix(cleanup: Cleanup, name: string): string {
  const prefix = `bench-${name}-${randomBytes(4).toString('hex')}`;
  cleanup.add(`delete the Redis keys of ${prefix}`, () => deleteKeys(`${prefix}:*`));
  return prefix;
}

async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function redisVersion(): Promise<string> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}
