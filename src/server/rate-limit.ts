/**
 * Rate limits against card testing: fixed windows counted in a store. Every request counts against its
 * client's address (refused ones too: a flood of junk is the address's own problem); only requests that passed
 * every check, and would reach Alipay, count against their card (by its fingerprint, from however many addresses)
 * and the global ceiling, so junk cannot lock shoppers out. An address whose cards Alipay declined too often in a
 * window sends no more until it ends: a card tester's declines are its signature. The in-memory store is exact
 * within one process and bounded; a shared store (Redis) makes instances share limits.
 */
import { errorName, type Logger } from './logger.ts';
import { Refusal } from './refusal.ts';

/** A key's count in its current window, as a store answers it. */
export interface RateLimitHit {
  /** The count in the current window, this hit included. */
  count: number;
  /** When the window ends, epoch milliseconds. */
  resetAt: number;
}

/** Where the rate limits' counts live: `memoryRateLimitStore()` (the default), `redisRateLimitStore()`, or yours. */
export interface RateLimitStore {
  /** Counts one more hit on `key` in the current window; returns the count including it and when the window ends. */
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  /**
   * Optional, for stores a round trip away: counts the keys in order in one call, stopping after the first whose
   * count goes past its `limit` (the rest are not counted: null). Without it, the limiter calls `hit` per key.
   * In a store that also has `peek`, an entry with `peek: true` is read, not counted (a missing key is a count of
   * 0, and makes no key), and stops the call once its count has reached its `limit`.
   */
  hitAll?(hits: readonly StoreHit[]): Promise<(RateLimitHit | null)[]>;
  /**
   * Optional: the count on `key` in its current window, without counting (null when it has none). The decline
   * limit needs it. A store that has it and `hitAll` must honour `peek` entries in `hitAll` (above).
   */
  peek?(key: string): Promise<RateLimitHit | null>;
}

/** One key of a `hitAll` call. */
export interface StoreHit {
  /** The key to count (or read). */
  key: string;
  /** The window a first hit starts, in milliseconds. */
  windowMs: number;
  /** The call stops after this key once its count goes past this (a `peek` entry: once it has reached it). */
  limit: number;
  /** Read the count, count nothing (a missing key is a count of 0, and makes no key). */
  peek?: boolean;
}

/** One limit: so many in a fixed window. */
export interface RateLimit {
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  /** The window's length, in milliseconds, from its first hit. */
  windowMs: number;
}

/** The proxy's limits against card testing (README, "Rate limits and card testing"). */
export interface RateLimits {
  /** Requests per client address, refused ones included (IPv6 clients per network: `ipv6Prefix`, a /64 by default). */
  perAddress: RateLimit;
  /** One card number, from any address: a shopper retries a card a few times, a tester tries expiries on it. */
  perCard: RateLimit;
  /**
   * Cards Alipay declined (`card_rejected`) per address: once an address has had `limit` declines in a window, its
   * requests no longer reach Alipay until the window ends. Absent: the default, 10 an hour; `limit: 0` turns it off.
   */
  declinesPerAddress?: RateLimit;
  /** Requests over all addresses that would reach Alipay: the ceiling that junk from many addresses cannot use up. */
  global: RateLimit;
}

/** 10 a minute per address, 5 an hour per card, 10 declines an hour per address, 600 a minute overall. */
export const DEFAULT_RATE_LIMITS: Required<RateLimits> = {
  perAddress: { limit: 10, windowMs: 60_000 },
  perCard: { limit: 5, windowMs: 3_600_000 },
  declinesPerAddress: { limit: 10, windowMs: 3_600_000 },
  global: { limit: 600, windowMs: 60_000 },
};

/**
 * The limits of the standalone proxies from their counts (`RATE_LIMIT_PER_ADDRESS`, ...): each over the window of
 * its default, a minute or an hour.
 */
export function rateLimitsOfCounts(counts: Record<keyof RateLimits, number>): Required<RateLimits> {
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const name of Object.keys(limits) as (keyof RateLimits)[]) limits[name] = { ...limits[name], limit: counts[name] };
  return limits;
}

/** Windows kept at most by the in-memory store; past that the oldest address's goes. */
export const DEFAULT_MAX_ENTRIES = 50_000;

/** The prefix of every key the limiter counts in a store, and the key of the ceiling over all addresses. */
const KEY_PREFIX = 'cache-card:';
const CEILING = 'global';
const CEILING_KEY = `${KEY_PREFIX}${CEILING}`;
const CARD = 'card:';
const DECLINES = 'declines:';

/**
 * An in-memory store for one process. Entries are made only when a request is counted, ended windows are swept,
 * and at most `maxEntries` are kept (the oldest evicted), so a stream of new addresses cannot grow it for ever.
 * The ceiling's window is never the one evicted: otherwise a flood from that many addresses would reset it. Cards
 * have a map and a bound of their own: an hour's card windows are older than any minute's address windows, and
 * a flood of new addresses (refused requests, which cost nothing) would otherwise evict them first. So have the
 * windows of declines per address, apart from the cards' too. Only requests that reached Alipay make either, and
 * the ceiling holds those: 600 a minute by default, fewer in an hour than either bound.
 */
export function memoryRateLimitStore(now: () => number = Date.now, maxEntries = DEFAULT_MAX_ENTRIES): RateLimitStore {
  type Windows = Map<string, { count: number; resetAt: number }>;
  const addresses: Windows = new Map();
  const cards: Windows = new Map();
  const declines: Windows = new Map();
  let nextSweep = 0;
  const mapOf = (key: string) =>
    key.startsWith(`${KEY_PREFIX}${CARD}`) ? cards : key.startsWith(`${KEY_PREFIX}${DECLINES}`) ? declines : addresses;
  const hit = async (key: string, windowMs: number): Promise<RateLimitHit> => {
    const at = now();
    if (at >= nextSweep) {
      for (const map of [addresses, cards, declines]) for (const [k, w] of map) if (w.resetAt <= at) map.delete(k);
      nextSweep = at + windowMs;
    }
    const windows = mapOf(key);
    let window = windows.get(key);
    if (!window || window.resetAt <= at) {
      windows.delete(key);
      if (windows.size >= maxEntries) {
        const keys = windows.keys();
        let oldest = keys.next().value!;
        if (oldest === CEILING_KEY) oldest = keys.next().value ?? oldest;
        windows.delete(oldest);
      }
      windows.set(key, (window = { count: 0, resetAt: at + windowMs }));
    }
    window.count += 1;
    return { count: window.count, resetAt: window.resetAt };
  };
  const peek = async (key: string): Promise<RateLimitHit | null> => {
    const window = mapOf(key).get(key);
    return window && window.resetAt > now() ? { ...window } : null;
  };
  return { hit, peek };
}

export interface RateLimiter {
  /** Counts a request against its client's address key. */
  address(key: string): Promise<Refusal | null>;
  /** Counts a request that would reach Alipay against the ceiling over all addresses. */
  global(): Promise<Refusal | null>;
  /** Whether the per-card limit is on: the card's fingerprint is made only then. */
  readonly countsCards: boolean;
  /** One request's counting, done once whichever way the request ends. */
  forRequest(addressKey: string): RequestCount;
}

/**
 * A request counts once against its address, and, if it would reach Alipay, against its card and the global ceiling
 * too: all in one call to the store (one EVALSHA in Redis) when the store can.
 */
export interface RequestCount {
  /** For a request refused on its own merits: counts it against its address; the 429 to give instead, if over. */
  refused(): Promise<Refusal | null>;
  /**
   * For a request that would reach Alipay: counts it against its address, reads its address's declines, counts it
   * against its card (`cardFingerprint`, when the per-card limit is on), then the ceiling, stopping at the first
   * limit passed; the 429 (or 503).
   */
  admit(cardFingerprint?: string): Promise<Refusal | null>;
  /**
   * After Alipay's answer to an admitted request, or its failure to give one: counts a decline against the address.
   * Never throws.
   */
  answered(declined: boolean): Promise<void>;
}

/** A store that does not answer fails closed: the limits are the defence against card testing. */
export function rateLimiter(store: RateLimitStore, limits: RateLimits, logger: Logger, now: () => number): RateLimiter {
  type Counted = {
    name: 'per_address' | 'per_card' | 'declines_per_address' | 'global';
    limit: RateLimit;
    key: string;
    /** Read the count, count nothing; it refuses once the count and `pending` reach the limit. */
    peek?: boolean;
    pending?: number;
  };
  const failed = (error: unknown) => {
    logger.log('error', 'rate_limit_store_failed', { reason: errorName(error), fix: 'the rate-limit store (Redis?) did not answer' });
    return new Refusal('processor_unavailable', { status: 503 });
  };
  const retryAfter = (hit: RateLimitHit) => Math.max(1, Math.ceil((hit.resetAt - now()) / 1000));
  /**
   * A count past its limit refuses. A count read (`peek`) refuses once it and the requests still `pending` reach
   * the limit: only for a second when the count alone has not (those requests will soon be answered).
   */
  const judge = ({ name, limit, peek, pending = 0 }: Counted, hit: RateLimitHit | null): Refusal | null => {
    const count = hit?.count ?? 0;
    if (peek) {
      if (count + pending < limit.limit) return null;
      return new Refusal('rate_limited', { retryAfter: count < limit.limit || !hit ? 1 : retryAfter(hit) });
    }
    if (!hit || count <= limit.limit) return null;
    if (count === limit.limit + 1) logger.log('warn', 'rate_limited', { reason: name, retryAfter: retryAfter(hit) });
    return new Refusal('rate_limited', { retryAfter: retryAfter(hit) });
  };
  const declinesOn = (limits.declinesPerAddress?.limit ?? 0) > 0;
  if (declinesOn && !store.peek) {
    logger.log('warn', 'decline_limit_off', {
      fix: 'the rate-limit store cannot read a count (peek): declines per address are not limited',
    });
  }
  const countsDeclines = declinesOn && !!store.peek;
  /** Requests of each address admitted in this process and not yet answered by Alipay. */
  const inFlight = new Map<string, number>();
  /** Counts each limit that is on, in order, stopping at the first one passed. */
  const count = async (...counted: Counted[]): Promise<Refusal | null> => {
    const on = counted.filter((c) => c.limit.limit > 0 && (!c.peek || countsDeclines));
    // A store's read stops at the limit less what is pending (at once, when that is 0 or less).
    const limitOf = (c: Counted) => c.limit.limit - (c.pending ?? 0);
    if (!on.length) return null;
    try {
      if (on.length > 1 && store.hitAll) {
        const hits = await store.hitAll(
          on.map((c) => ({
            key: `${KEY_PREFIX}${c.key}`,
            windowMs: c.limit.windowMs,
            limit: limitOf(c),
            ...(c.peek && { peek: true }),
          })),
        );
        for (const [i, c] of on.entries()) {
          // A key the store did not reach (null) was not counted: an earlier one refused.
          const refusal = hits[i] == null ? null : judge(c, hits[i]!);
          if (refusal) return refusal;
        }
        return null;
      }
      for (const c of on) {
        const key = `${KEY_PREFIX}${c.key}`;
        const refusal = judge(c, c.peek ? await store.peek!(key) : await store.hit(key, c.limit.windowMs));
        if (refusal) return refusal;
      }
      return null;
    } catch (error) {
      return failed(error);
    }
  };
  const perAddress = (key: string): Counted => ({ name: 'per_address', limit: limits.perAddress, key: `address:${key}` });
  const declines = (key: string): Counted => ({
    name: 'declines_per_address',
    limit: limits.declinesPerAddress ?? { limit: 0, windowMs: 0 },
    key: `${DECLINES}${key}`,
  });
  const perCard = (fingerprint: string | undefined): Counted[] =>
    fingerprint === undefined ? [] : [{ name: 'per_card', limit: limits.perCard, key: `${CARD}${fingerprint}` }];
  const ceiling: Counted = { name: 'global', limit: limits.global, key: CEILING };
  return {
    address: (key) => count(perAddress(key)),
    global: () => count(ceiling),
    countsCards: limits.perCard.limit > 0,
    forRequest(key) {
      let done = false;
      let waiting = false;
      const once = (...counted: Counted[]) => {
        if (done) return Promise.resolve(null);
        done = true;
        return count(...counted);
      };
      const stopWaiting = () => {
        if (!waiting) return;
        waiting = false;
        const left = inFlight.get(key)! - 1;
        if (left) inFlight.set(key, left);
        else inFlight.delete(key);
      };
      return {
        refused: () => once(perAddress(key)),
        async admit(fingerprint) {
          if (done) return null;
          // Each request of this address still waiting on Alipay may come back a decline: it is counted as one
          // already, so that requests sent at once cannot all pass a count that has not seen their declines yet.
          let read: Counted[] = [];
          if (countsDeclines) {
            read = [{ ...declines(key), peek: true, pending: inFlight.get(key) ?? 0 }];
            inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
            waiting = true;
          }
          const refusal = await once(perAddress(key), ...read, ...perCard(fingerprint), ceiling);
          if (refusal) stopWaiting();
          return refusal;
        },
        async answered(declined) {
          if (!declined || !countsDeclines) return stopWaiting();
          const { name, limit, key: counted } = declines(key);
          try {
            const hit = await store.hit(`${KEY_PREFIX}${counted}`, limit.windowMs);
            if (hit.count === limit.limit) logger.log('warn', 'rate_limited', { reason: name, retryAfter: retryAfter(hit) });
          } catch (error) {
            failed(error);
          } finally {
            // Until the decline is in the store, it is counted as the request in flight.
            stopWaiting();
          }
        },
      };
    },
  };
}
