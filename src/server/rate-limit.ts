/**
 * Rate limits against card testing: fixed windows counted in a store. Every request counts against its
 * client's address (refused ones too: a flood of junk is the address's own problem); only requests that passed
 * every check, and would reach Alipay, count against the global ceiling, so junk cannot lock shoppers out. The
 * in-memory store is exact within one process and bounded; a shared store (Redis) makes instances share limits.
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

export interface RateLimits {
  perAddress: RateLimit;
  global: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perAddress: { limit: 10, windowMs: 60_000 },
  global: { limit: 600, windowMs: 60_000 },
};

/** Windows kept at most by the in-memory store; past that the oldest goes. */
export const DEFAULT_MAX_ENTRIES = 50_000;

/**
 * An in-memory store for one process. Entries are made only when a request is counted, ended windows are swept,
 * and at most `maxEntries` are kept (the oldest evicted), so a stream of new addresses cannot grow it for ever.
 */
export function memoryRateLimitStore(now: () => number = Date.now, maxEntries = DEFAULT_MAX_ENTRIES): RateLimitStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  return {
    async hit(key, windowMs) {
      const at = now();
      if (at >= nextSweep) {
        for (const [k, w] of windows) if (w.resetAt <= at) windows.delete(k);
        nextSweep = at + windowMs;
      }
      let window = windows.get(key);
      if (!window || window.resetAt <= at) {
        windows.delete(key);
        if (windows.size >= maxEntries) windows.delete(windows.keys().next().value!);
        windows.set(key, (window = { count: 0, resetAt: at + windowMs }));
      }
      window.count += 1;
      return { count: window.count, resetAt: window.resetAt };
    },
  };
}

export interface RateLimiter {
  /** Counts a request against its client's address key. */
  address(key: string): Promise<Refusal | null>;
  /** Counts a request that would reach Alipay against the ceiling over all addresses. */
  global(): Promise<Refusal | null>;
}

/** A store that does not answer fails closed: the limits are the defence against card testing. */
export function rateLimiter(store: RateLimitStore, limits: RateLimits, logger: Logger, now: () => number): RateLimiter {
  const count = async (name: 'per_address' | 'global', limit: RateLimit, key: string): Promise<Refusal | null> => {
    if (!limit.limit) return null;
    let hit: Awaited<ReturnType<RateLimitStore['hit']>>;
    try {
      hit = await store.hit(`cache-card:${key}`, limit.windowMs);
    } catch (error) {
      logger.log('error', 'rate_limit_store_failed', { reason: errorName(error), fix: 'the rate-limit store (Redis?) did not answer' });
      return new Refusal('processor_unavailable', { status: 503 });
    }
    if (hit.count <= limit.limit) return null;
    const retryAfter = Math.max(1, Math.ceil((hit.resetAt - now()) / 1000));
    if (hit.count === limit.limit + 1) logger.log('warn', 'rate_limited', { reason: name, retryAfter });
    return new Refusal('rate_limited', { retryAfter });
  };
  return {
    address: (key) => count('per_address', limits.perAddress, `address:${key}`),
    global: () => count('global', limits.global, 'global'),
  };
}
