/**
 * Rate limits against card testing: fixed windows counted in a store. The in-memory store is exact within
 * one process; a shared store (Redis) makes several proxy instances share one limit.
 */
import { errorName, type Logger } from './logger.ts';
import { Refusal } from './refusal.ts';

export interface RateLimitStore {
  /** Counts one more hit on `key` in the current window; returns the count including it and when the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

export interface RateLimit {
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
}

export function memoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  return {
    async hit(key, windowMs) {
      const at = now();
      if (at >= nextSweep) {
        // Forget ended windows now and then, so a stream of new addresses cannot grow the map for ever.
        for (const [k, w] of windows) if (w.resetAt <= at) windows.delete(k);
        nextSweep = at + windowMs;
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= at) windows.set(key, (window = { count: 0, resetAt: at + windowMs }));
      window.count += 1;
      return { count: window.count, resetAt: window.resetAt };
    },
  };
}

export interface RateLimits {
  perAddress: RateLimit;
  global: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddress: { limit: 10, windowMs: 60_000 },
  global: { limit: 600, windowMs: 60_000 },
};

/**
 * Counts a request against its address and against the global ceiling, and says which refusal applies, if any.
 * A store that does not answer fails closed: the limits are the defence against card testing.
 */
export function rateLimiter(store: RateLimitStore, limits: RateLimits, logger: Logger, now: () => number) {
  return async (address: string): Promise<Refusal | null> => {
    for (const [name, limit, key] of [
      ['per_address', limits.perAddress, `address:${address}`],
      ['global', limits.global, 'global'],
    ] as const) {
      if (!limit.limit) continue;
      let hit: Awaited<ReturnType<RateLimitStore['hit']>>;
      try {
        hit = await store.hit(`cache-card:${key}`, limit.windowMs);
      } catch (error) {
        logger.log('error', 'rate_limit_store_failed', { reason: errorName(error), fix: 'the rate-limit store (Redis?) did not answer' });
        return new Refusal('processor_unavailable', { status: 503 });
      }
      if (hit.count > limit.limit) {
        const retryAfter = Math.max(1, Math.ceil((hit.resetAt - now()) / 1000));
        if (hit.count === limit.limit + 1) logger.log('warn', 'rate_limited', { reason: name, retryAfter });
        return new Refusal('rate_limited', { retryAfter });
      }
    }
    return null;
  };
}
