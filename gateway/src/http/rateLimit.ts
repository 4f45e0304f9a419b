import { isIPv6 } from 'node:net';
import type { Redis } from 'ioredis';
import { DomainError } from '@wage/kit';

const WINDOW_MS = 60_000;

/**
 * The client a limit counts: an IPv4 address as it is; an IPv6 address by its /64, since one subscriber
 * gets a whole /64 and could otherwise rotate through 2^64 addresses. IPv4-mapped IPv6 counts as IPv4.
 */
export function clientBucket(ip: string | undefined): string {
  const addr = (ip ?? '').trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped) return mapped[1]!;
  if (!isIPv6(addr)) return addr || 'unknown';
  const [head = '', tail = ''] = addr.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = addr.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

/** Express's `trust proxy`: a hop count when it is digits (a string "1" would be read as an address). */
export function trustProxySetting(value: string): number | string {
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
}

/**
 * Sliding-window limit (the current minute plus the previous one weighted by how much of it still lies
 * within the last 60 s), in Redis so every gateway instance shares it. Fails closed for reads and writes
 * alike when Redis is away (503): an unlimited public door is the outage an attacker would cause first.
 */
export async function checkRateLimit(
  redis: Redis,
  bucket: string,
  limitPerMinute: number,
  now = Date.now(),
): Promise<void> {
  const window = Math.floor(now / WINDOW_MS);
  const current = `wage:rl:${bucket}:${window}`;
  const previous = `wage:rl:${bucket}:${window - 1}`;
  let count: number;
  try {
    const res = await redis
      .multi()
      .incr(current)
      .pexpire(current, 2 * WINDOW_MS)
      .get(previous)
      .exec();
    if (!res || res.some(([err]) => err)) throw new Error('rate limiter transaction failed');
    const inPrevious = Number(res[2]?.[1] ?? 0);
    const elapsed = (now % WINDOW_MS) / WINDOW_MS;
    count = Number(res[0]?.[1] ?? 0) + inPrevious * (1 - elapsed);
  } catch {
    throw new DomainError('unavailable', '服务暂不可用，请稍后再试 (rate limiter unavailable)');
  }
  if (count > limitPerMinute) {
    throw new DomainError('resource_exhausted', '提交过于频繁，请稍后再试 (too many requests)');
  }
}
