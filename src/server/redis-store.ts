/**
 * A rate-limit store in Redis, so that several proxy instances behind any load balancer share one limit.
 * One Lua script counts every key of a request (INCR, PEXPIRE on a window's first hit, PTTL; GET for a count it only
 * reads), atomic in Redis, so the limit holds exactly however many requests arrive at once on however many
 * instances: a request that would reach Alipay counts against its address, its card and the global ceiling, and
 * reads its address's declines, in one EVALSHA (EVAL the first time, which also loads the script). Runs on Node,
 * Deno and Bun with ioredis; nothing here imports `node:*`.
 */
import type { RateLimitHit, RateLimitStore } from './rate-limit.ts';

/** What the store needs of a Redis client: ioredis's `eval` and `evalsha(script|sha, numKeys, ...keysAndArgs)`. */
export interface RedisEvalClient {
  /** EVAL: runs `script` on `numKeys` keys, then the arguments; resolves to what the script returns. */
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** EVALSHA: runs a script Redis holds, by its SHA-1. Tried first when given; on NOSCRIPT the store sends EVAL. */
  evalsha?(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

// ARGV holds a window, a limit and a step per key: 1 counts a hit, 0 reads the count (a peek, which makes no key).
// Counting stops after the first key past its limit (a peek: at it).
const HIT_ALL = `
local out = {}
for i = 1, #KEYS do
  local window = tonumber(ARGV[i * 3 - 2])
  local limit = tonumber(ARGV[i * 3 - 1])
  local count, ttl
  if ARGV[i * 3] == '0' then
    count = tonumber(redis.call('GET', KEYS[i]) or '0')
    ttl = math.max(redis.call('PTTL', KEYS[i]), 0)
    limit = limit - 1
  else
    count = redis.call('INCR', KEYS[i])
    if count == 1 then redis.call('PEXPIRE', KEYS[i], window) end
    ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], window)
      ttl = window
    end
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
  if count > limit then break end
end
return out
`;

async function sha1Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Rate-limit counts in Redis, shared by every instance of the proxy: one atomic script (`EVALSHA`) per request.
 * `client` is an ioredis client, or anything with its `eval` (and `evalsha`, used when it is there).
 */
export function redisRateLimitStore(client: RedisEvalClient, now: () => number = Date.now): RateLimitStore {
  let sha: Promise<string> | undefined;
  const run = async (keys: string[], args: number[]): Promise<number[]> => {
    if (client.evalsha) {
      try {
        return (await client.evalsha(await (sha ??= sha1Hex(HIT_ALL)), keys.length, ...keys, ...args)) as number[];
      } catch (error) {
        if (!/NOSCRIPT/.test(String((error as Error)?.message))) throw error;
      }
    }
    return (await client.eval(HIT_ALL, keys.length, ...keys, ...args)) as number[];
  };
  const hitAll: NonNullable<RateLimitStore['hitAll']> = async (hits) => {
    const flat = await run(
      hits.map((h) => h.key),
      hits.flatMap((h) => [h.windowMs, h.limit, h.peek ? 0 : 1]),
    );
    const at = now();
    return hits.map((_, i): RateLimitHit | null =>
      flat[i * 2] === undefined ? null : { count: Number(flat[i * 2]), resetAt: at + Number(flat[i * 2 + 1]) },
    );
  };
  return {
    async hit(key, windowMs) {
      return (await hitAll([{ key, windowMs, limit: Number.MAX_SAFE_INTEGER }]))[0]!;
    },
    hitAll,
    async peek(key) {
      const [hit] = await hitAll([{ key, windowMs: 0, limit: Number.MAX_SAFE_INTEGER, peek: true }]);
      return hit!.count ? hit! : null;
    },
  };
}
