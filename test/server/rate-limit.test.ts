import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { memoryRateLimitStore, rateLimiter, type RateLimitStore } from '../../src/server/rate-limit.ts';
import { captureLogger, cardBody, ORIGIN, type CapturedLog } from '../support/fixtures.ts';

const minute = 60_000;
const off = { limit: 0, windowMs: minute };

describe('rate limits', () => {
  it('refuse an address past its limit with Retry-After, and keep others going', async () => {
    let clock = 0;
    const logs: CapturedLog[] = [];
    const { address: limit } = rateLimiter(
      memoryRateLimitStore(() => clock),
      { perAddress: { limit: 2, windowMs: minute }, perCard: off, global: { limit: 0, windowMs: minute } },
      captureLogger(logs),
      () => clock,
    );
    assert.equal(await limit('a'), null);
    assert.equal(await limit('a'), null);
    clock = 15_000;
    const refused = await limit('a');
    assert.equal(refused?.code, 'rate_limited');
    assert.equal(refused?.detail.retryAfter, 45);
    assert.equal(await limit('b'), null);
    await limit('a');
    assert.equal(logs.filter((l) => l.event === 'rate_limited').length, 1, 'one log line when an address goes over, not one per request');
    clock = minute;
    assert.equal(await limit('a'), null, 'a new window');
  });

  it('hold a global ceiling over every address', async () => {
    const { global } = rateLimiter(
      memoryRateLimitStore(),
      { perAddress: { limit: 0, windowMs: minute }, perCard: off, global: { limit: 3, windowMs: minute } },
      captureLogger([]),
      Date.now,
    );
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(() => global()));
    assert.equal(results.filter((r) => r === null).length, 3);
  });

  it('fail closed when the store does not answer', async () => {
    const broken: RateLimitStore = { hit: () => Promise.reject(new Error('ECONNREFUSED')) };
    const refused = await rateLimiter(
      broken,
      { perAddress: { limit: 5, windowMs: minute }, perCard: off, global: { limit: 5, windowMs: minute } },
      captureLogger([]),
      Date.now,
    ).address('a');
    assert.equal(refused?.code, 'processor_unavailable');
    assert.equal(refused?.detail.status, 503);
  });
});

describe('one request, counted once', () => {
  const limits = { perAddress: { limit: 2, windowMs: minute }, perCard: off, global: { limit: 3, windowMs: minute } };

  it('a refused request counts against its address only; one that would reach Alipay against both, in one store call', async () => {
    const calls: string[][] = [];
    const memory = memoryRateLimitStore();
    const store: RateLimitStore = {
      hit: (key, windowMs) => (calls.push([key]), memory.hit(key, windowMs)),
      async hitAll(hits) {
        calls.push(hits.map((h) => h.key));
        const out = [];
        for (const h of hits) {
          const hit = await memory.hit(h.key, h.windowMs);
          out.push(hit);
          if (hit.count > h.limit) break;
        }
        return out;
      },
    };
    const limiter = rateLimiter(store, limits, captureLogger([]), Date.now);
    const refused = limiter.forRequest('a');
    assert.equal(await refused.refused(), null);
    assert.equal(await refused.admit(), null, 'a request is counted once, whichever way it ends');
    assert.equal(await limiter.forRequest('a').admit(), null);
    assert.equal((await limiter.forRequest('a').admit())?.code, 'rate_limited');
    assert.deepEqual(calls, [
      ['cache-card:address:a'],
      ['cache-card:address:a', 'cache-card:global'],
      ['cache-card:address:a', 'cache-card:global'],
    ]);
    assert.equal((await memory.hit('cache-card:global', minute)).count, 2, 'the address over its limit did not count against the ceiling');
  });

  it('stores without hitAll are called once per key, stopping at the first limit passed', async () => {
    const keys: string[] = [];
    const memory = memoryRateLimitStore();
    const limiter = rateLimiter({ hit: (key, ms) => (keys.push(key), memory.hit(key, ms)) }, limits, captureLogger([]), Date.now);
    for (let i = 0; i < 4; i++) await limiter.forRequest('b').admit();
    assert.deepEqual(keys.filter((k) => k === 'cache-card:global').length, 2);
    assert.equal((await limiter.forRequest('c').admit())?.code, undefined);
    assert.equal((await limiter.forRequest('d').admit())?.code, 'rate_limited', 'the ceiling of 3');
  });
});

describe('what the limits tell and keep', () => {
  it('Retry-After rounds up: a client that waits as told finds the window over', async () => {
    let clock = 0;
    const { address } = rateLimiter(
      memoryRateLimitStore(() => clock),
      { perAddress: { limit: 1, windowMs: minute }, perCard: off, global: off },
      captureLogger([]),
      () => clock,
    );
    assert.equal(await address('a'), null);
    clock = 15_500;
    assert.equal((await address('a'))?.detail.retryAfter, 45, '44.5 s left');
  });

  it('a request refused at admission is not left waiting on Alipay, where it would count as a decline to come', async () => {
    let clock = 0;
    const limiter = rateLimiter(
      memoryRateLimitStore(() => clock),
      { perAddress: { limit: 1, windowMs: minute }, perCard: off, declinesPerAddress: { limit: 2, windowMs: minute }, global: off },
      captureLogger([]),
      () => clock,
    );
    const first = limiter.forRequest('a');
    assert.equal(await first.admit(), null);
    await first.answered(false);
    for (let i = 0; i < 3; i++) assert.equal((await limiter.forRequest('a').admit())?.code, 'rate_limited');
    clock = minute;
    assert.equal(await limiter.forRequest('a').admit(), null, 'a new window, and no declines: the address goes on');
  });

  it('a store that counts every key in one call (Redis) holds the per-card limit too', async () => {
    const memory = memoryRateLimitStore();
    const store: RateLimitStore = {
      hit: (key, windowMs) => memory.hit(key, windowMs),
      peek: (key) => memory.peek!(key),
      async hitAll(hits) {
        const out = [];
        for (const h of hits) {
          const hit = h.peek ? ((await memory.peek!(h.key)) ?? { count: 0, resetAt: 0 }) : await memory.hit(h.key, h.windowMs);
          out.push(hit);
          if (h.peek ? hit.count >= h.limit : hit.count > h.limit) break;
        }
        return out;
      },
    };
    const limiter = rateLimiter(
      store,
      {
        perAddress: { limit: 10, windowMs: minute },
        perCard: { limit: 2, windowMs: minute },
        declinesPerAddress: { limit: 10, windowMs: minute },
        global: { limit: 100, windowMs: minute },
      },
      captureLogger([]),
      Date.now,
    );
    const results = [];
    for (const address of ['a', 'b', 'c']) {
      const count = limiter.forRequest(address);
      results.push((await count.admit('one card'))?.code ?? null);
      await count.answered(false);
    }
    assert.deepEqual(results, [null, null, 'rate_limited']);
  });
});

describe('the in-memory store under address churn', () => {
  it('keeps at most its bound of entries, the oldest evicted first', async () => {
    const store = memoryRateLimitStore(() => 0, 100);
    for (let i = 0; i < 1000; i++) await store.hit(`k${i}`, minute);
    assert.equal((await store.hit('k999', minute)).count, 2, 'the newest are kept');
    assert.equal((await store.hit('k0', minute)).count, 1, 'the oldest were evicted');
  });

  it('never evicts the ceiling: a flood from more addresses than it keeps does not reset the global count', async () => {
    const limits = { perAddress: { limit: 5, windowMs: minute }, perCard: off, global: { limit: 2, windowMs: minute } };
    const limiter = rateLimiter(
      memoryRateLimitStore(() => 0, 10),
      limits,
      captureLogger([]),
      () => 0,
    );
    assert.equal(await limiter.forRequest('shopper-1').admit(), null);
    assert.equal(await limiter.forRequest('shopper-2').admit(), null);
    // Junk from 50 new addresses: each is counted against its own address, and the oldest windows go.
    for (let i = 0; i < 50; i++) assert.equal(await limiter.forRequest(`bot-${i}`).refused(), null);
    assert.equal((await limiter.forRequest('shopper-3').admit())?.code, 'rate_limited', 'the ceiling of 2 still holds');
  });
});

describe('the default limits, as the README gives them', () => {
  // Through the handler with every default (only the per-card and decline limits off: one card, no declines here),
  // an Alipay that answers at once, and a clock that stands still: what the defaults let through in one window.
  const at = Date.now();
  const handler = createCacheCardHandler({
    alipay: {
      cacheCard: async () => ({
        kind: 'result',
        resultStatus: 'S',
        resultCode: 'SUCCESS',
        card: { cardToken: 'PYMTX', mask: '411111******1111' },
      }),
    },
    allowedOrigins: [ORIGIN],
    logger: silentLogger,
    now: () => at,
    rateLimits: { perCard: { limit: 0, windowMs: 60_000 }, declinesPerAddress: { limit: 0, windowMs: 60_000 } },
  });
  const send = (address: string, body = JSON.stringify(cardBody())) =>
    handler(
      new Request('http://127.0.0.1/cache-card', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body }),
      { clientAddress: address },
    ).then((r) => r.status);

  it('10 a minute per address, 600 a minute over all, a 16 KiB body', async () => {
    const one: number[] = [];
    for (let i = 0; i < 11; i++) one.push(await send('198.51.100.1'));
    assert.deepEqual(one, [...Array<number>(10).fill(200), 429]);
    // This address's 10 went through above: 589 more from new addresses, then the 600th, reach the ceiling.
    for (let i = 0; i < 589; i++) assert.equal(await send(`10.0.${i >> 8}.${i & 255}`), 200);
    assert.equal(await send('10.1.0.0'), 200, 'the 600th');
    assert.equal(await send('10.1.0.1'), 429, 'the 601st, from an address of its own');

    const fresh = createCacheCardHandler({
      alipay: { cacheCard: () => Promise.reject(new Error('not called')) },
      allowedOrigins: [ORIGIN],
      logger: silentLogger,
    });
    const sized = (bytes: number) =>
      fresh(
        new Request('http://127.0.0.1/cache-card', {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json' },
          body: `"${'x'.repeat(bytes - 2)}"`,
        }),
        { clientAddress: `192.0.2.${bytes & 255}` },
      ).then(async (r) => (await r.json()).error.code);
    assert.equal(await sized(16 * 1024), 'invalid_request', 'read whole, then refused for its shape');
    assert.equal(await sized(16 * 1024 + 1), 'payload_too_large');
  });
});
