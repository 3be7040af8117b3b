/**
 * A rate-limit store in Redis, so that several proxy instances behind any load balancer share one limit.
 * Each hit is one Lua script (INCR, then PEXPIRE on the window's first hit, then PTTL), atomic in Redis, so
 * the limit holds exactly however many requests arrive at once on however many instances.
 */
import type { RateLimitStore } from './rate-limit.ts';

/** What the store needs of a Redis client: ioredis's `eval(script, numKeys, ...keysAndArgs)`. */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

export function redisRateLimitStore(client: RedisEvalClient, now: () => number = Date.now): RateLimitStore {
  return {
    async hit(key, windowMs) {
      const [count, ttl] = (await client.eval(HIT, 1, key, windowMs)) as [number, number];
      return { count: Number(count), resetAt: now() + Number(ttl) };
    },
  };
}
