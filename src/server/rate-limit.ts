/**
 * Rate limits against card testing: fixed windows counted in a store. The in-memory store is exact within
 * one process; a shared store (Redis) makes several proxy instances share one limit.
 */
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
