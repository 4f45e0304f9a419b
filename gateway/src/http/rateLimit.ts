import type { Redis } from 'ioredis';
import { DomainError } from '@wage/kit';

/**
 * Fixed-window limit per client address for the public (no login) endpoints, in Redis so every gateway
 * instance shares it. Writes fail closed when Redis is down (503); reads fail open.
 */
export async function checkRateLimit(
  redis: Redis,
  bucket: string,
  limitPerMinute: number,
  write: boolean,
): Promise<void> {
  const window = Math.floor(Date.now() / 60_000);
  const key = `wage:rl:${bucket}:${window}`;
  let count: number;
  try {
    const res = await redis.multi().incr(key).expire(key, 120).exec();
    count = Number(res?.[0]?.[1] ?? 0);
  } catch {
    if (write) throw new DomainError('unavailable', '服务暂不可用，请稍后再试 (rate limiter unavailable)');
    return;
  }
  if (count > limitPerMinute) {
    throw new DomainError('resource_exhausted', '提交过于频繁，请稍后再试 (too many requests)');
  }
}
