// The decline limit against card testing: an address whose cards Alipay declined `declinesPerAddress.limit` times in
// a window sends no more cards to Alipay until it ends. Real HTTP, the simulator (whose test card 4000000000000002
// Alipay refuses with F PARAM_ILLEGAL), and the in-memory store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readProxyConfig } from '../../src/server/config.ts';
import { createProxyFromEnv } from '../../src/server/from-env.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { DEFAULT_MAX_ENTRIES, memoryRateLimitStore, rateLimiter } from '../../src/server/rate-limit.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  assertNoCardDataLogged,
  captureLogger,
  cardBody,
  cardRequest,
  inProcessProxy,
  post,
  proxySettings,
  simulator,
  startProxy,
  type CapturedLog,
  from,
  HOUR,
  OFF,
} from '../support/fixtures.ts';

const DECLINED = '4000000000000002';
const declined = () => cardBody({ cardNo: DECLINED });

describe('the decline limit', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  it("stops an address's cards reaching Alipay after its declines, and tells it when to come back", async () => {
    const logs: CapturedLog[] = [];
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: captureLogger(logs),
      rateLimits: { perAddress: { limit: 10, windowMs: 60_000 }, declinesPerAddress: { limit: 3, windowMs: HOUR }, global: OFF },
    });
    try {
      const tester = '198.51.100.20';
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(proxy.url, declined(), from(tester))).status);
      assert.deepEqual(statuses, [422, 422, 422]);

      const calls = sim.calls.length;
      const refused = await post(proxy.url, cardBody(), from(tester));
      assert.equal(refused.status, 429, 'a good card from that address is refused too');
      assert.equal((await refused.json()).error.code, 'rate_limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter > 60 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
      assert.equal((await post(proxy.url, declined(), from(tester))).status, 429);
      assert.equal(sim.calls.length, calls, 'neither reached Alipay');

      assert.equal((await post(proxy.url, cardBody(), from('198.51.100.21'))).status, 200, 'another address has its own count');
      assert.equal(
        logs.filter((l) => l.event === 'rate_limited' && l.fields.reason === 'declines_per_address').length,
        1,
        'said once, when the address reached its limit',
      );
      assertNoCardDataLogged(logs);
    } finally {
      await proxy.close();
    }
  });

  it("counts Alipay's declines only: not tokens, not cards the proxy refused itself, not Alipay's other failures", async () => {
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimits: { declinesPerAddress: { limit: 1, windowMs: HOUR } },
    });
    try {
      const shopper = '203.0.113.30';
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(proxy.url, cardBody(), from(shopper))).status);
      for (let i = 0; i < 3; i++) statuses.push((await post(proxy.url, cardBody({ expiryYear: '2001' }), from(shopper))).status);
      // A success Alipay signed with the wrong key, and an HTTP 500: failures of Alipay's, not the card's.
      for (const cardNo of ['4000000000000275', '4000000000000291'])
        statuses.push((await post(proxy.url, cardBody({ cardNo }), from(shopper))).status);
      statuses.push((await post(proxy.url, declined(), from(shopper))).status);
      statuses.push((await post(proxy.url, cardBody(), from(shopper))).status);
      assert.deepEqual(statuses, [200, 200, 200, 422, 422, 422, 502, 502, 422, 429]);
    } finally {
      await proxy.close();
    }
  });

  it('counts requests still waiting on Alipay as declines to come: requests sent at once cannot all pass', async () => {
    // Alipay answers every request after 2 s: all ten are sent before any answer is back.
    const slow = await simulator({ latencyMs: 2000 });
    const proxy = await startProxy(slow.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimits: { declinesPerAddress: { limit: 3, windowMs: HOUR } },
      deadlineMs: 30_000,
    });
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(proxy.url, declined(), from('198.51.100.80'))));
      assert.equal(slow.calls.length, 3, 'three reached Alipay');
      assert.deepEqual(answers.map((a) => a.status).sort(), [...Array<number>(3).fill(422), ...Array<number>(7).fill(429)]);
      for (const refused of answers.filter((a) => a.status === 429))
        assert.equal(refused.headers.get('retry-after'), '1', 'only until the requests in flight are answered');
      const after = await post(proxy.url, cardBody(), from('198.51.100.80'));
      assert.equal(after.status, 429, 'three declines now counted');
      assert.ok(Number(after.headers.get('retry-after')) > 60);
      assert.equal(slow.calls.length, 3);
    } finally {
      await proxy.close();
      await slow.close();
    }
  });

  it('counts a decline as in flight until the store has it: a read meanwhile still sees it', async () => {
    // A store a round trip away whose reads can overtake its writes (a pool of connections, a Durable Object).
    const memory = memoryRateLimitStore();
    let land: () => void = () => {};
    const landed = new Promise<void>((resolve) => (land = resolve));
    const store = {
      hit: async (key: string, windowMs: number) => (key.includes(':declines:') && (await landed), memory.hit(key, windowMs)),
      peek: (key: string) => memory.peek!(key),
    };
    const limits = { perAddress: OFF, perCard: OFF, global: OFF, declinesPerAddress: { limit: 1, windowMs: HOUR } };
    const limiter = rateLimiter(store, limits, silentLogger, Date.now);
    const first = limiter.forRequest('198.51.100.85');
    assert.equal(await first.admit(), null);
    const written = first.answered(true);
    const meanwhile = await limiter.forRequest('198.51.100.85').admit();
    assert.equal(meanwhile?.code, 'rate_limited', 'refused while the decline is on its way to the store');
    assert.equal(meanwhile?.detail.retryAfter, 1);
    land();
    await written;
    const after = await limiter.forRequest('198.51.100.85').admit();
    assert.ok((after?.detail.retryAfter ?? 0) > 60, 'and by the count once it is there');
  });

  it('lets requests in flight through when they come back as tokens', async () => {
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimits: { declinesPerAddress: { limit: 2, windowMs: HOUR } },
    });
    try {
      for (let round = 0; round < 3; round++) {
        const statuses = await Promise.all([0, 1].map(() => post(proxy.url, cardBody(), from('198.51.100.81')).then((r) => r.status)));
        assert.deepEqual(statuses, [200, 200], `round ${round}: the slots of answered requests are given back`);
      }
    } finally {
      await proxy.close();
    }
  });

  it("does not count Alipay's silence: a request past the deadline is no decline", async () => {
    // Two instances sharing one store: one with a short deadline for the test card Alipay never answers in time.
    const store = memoryRateLimitStore();
    const limits = { declinesPerAddress: { limit: 1, windowMs: HOUR } };
    const hurried = await startProxy(sim.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimitStore: store,
      rateLimits: limits,
      deadlineMs: 500,
    });
    const patient = await startProxy(sim.url, { trustProxy: true, logger: silentLogger, rateLimitStore: store, rateLimits: limits });
    try {
      const late = await post(hurried.url, cardBody({ cardNo: '4000000000000259' }), from('203.0.113.31'));
      assert.equal(late.status, 504);
      assert.equal((await post(patient.url, cardBody(), from('203.0.113.31'))).status, 200);
      assert.equal((await post(patient.url, declined(), from('203.0.113.31'))).status, 422);
      assert.equal((await post(patient.url, cardBody(), from('203.0.113.31'))).status, 429, 'the one decline is counted');
    } finally {
      await hurried.close();
      await patient.close();
    }
  });

  it('is on by default: ten declines an hour', async () => {
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimits: { declinesPerAddress: undefined },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 11; i++) statuses.push((await post(proxy.url, declined(), from('192.0.2.40'))).status);
      assert.deepEqual(statuses, [...Array<number>(10).fill(422), 429]);
    } finally {
      await proxy.close();
    }
  });

  it("keeps an address's declines through a flood of new addresses in the in-memory store (default limits)", async () => {
    let clock = Date.now();
    // The simulator declines one test card: tried ten times, it would pass its own limit first.
    const { send } = inProcessProxy(sim.url, { now: () => clock, rateLimits: { perCard: OFF } });
    for (let i = 0; i < 10; i++) assert.equal(await send('198.51.100.50', declined()), 422);
    clock += 5 * 60_000;
    for (let i = 0; i < DEFAULT_MAX_ENTRIES; i++) assert.equal(await send(`2001:db8:78:${i.toString(16)}::1`), 405);
    assert.equal(await send('198.51.100.50', cardBody()), 429, 'still over its declines');
  });

  it('keeps declines apart from cards in the in-memory store: no number of cards evicts them', async () => {
    const store = memoryRateLimitStore(Date.now, 3);
    await store.hit('cache-card:declines:198.51.100.82', HOUR);
    for (let i = 0; i < 5; i++) await store.hit(`cache-card:card:${i}`, HOUR);
    for (let i = 0; i < 5; i++) await store.hit(`cache-card:address:192.0.2.${i}`, 60_000);
    assert.equal((await store.peek!('cache-card:declines:198.51.100.82'))?.count, 1);
    assert.equal(await store.peek!('cache-card:declines:198.51.100.83'), null, 'a read makes no window');
  });

  it('is off, and says so at start, with a store that cannot read a count', async () => {
    const logs: CapturedLog[] = [];
    const memory = memoryRateLimitStore();
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: captureLogger(logs),
      rateLimitStore: { hit: (key, windowMs) => memory.hit(key, windowMs) },
      rateLimits: { declinesPerAddress: { limit: 1, windowMs: HOUR } },
    });
    try {
      assert.deepEqual(
        logs.map((l) => l.event),
        ['decline_limit_off'],
      );
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(proxy.url, declined(), from('192.0.2.41'))).status);
      assert.deepEqual(statuses, [422, 422, 422]);
    } finally {
      await proxy.close();
    }
  });

  it('is set by RATE_LIMIT_DECLINES_PER_ADDRESS, an hour long, on the command and on every runtime', async () => {
    const env = proxySettings(sim.url);
    assert.deepEqual(readProxyConfig({ ...env, RATE_LIMIT_DECLINES_PER_ADDRESS: '4' }).options.rateLimits?.declinesPerAddress, {
      limit: 4,
      windowMs: HOUR,
    });
    assert.equal(readProxyConfig(env).options.rateLimits?.declinesPerAddress?.limit, 10);
    assert.throws(
      () => readProxyConfig({ ...env, RATE_LIMIT_DECLINES_PER_ADDRESS: 'ten' }),
      /RATE_LIMIT_DECLINES_PER_ADDRESS must be a whole number/,
    );
    await assert.rejects(
      createProxyFromEnv({ ...env, RATE_LIMIT_DECLINES_PER_ADDRESS: '-1' }),
      /RATE_LIMIT_DECLINES_PER_ADDRESS must be a whole number/,
    );

    const { handler } = await createProxyFromEnv({ ...env, RATE_LIMIT_DECLINES_PER_ADDRESS: '1' }, { logger: silentLogger });
    const send = (card: unknown) => handler(cardRequest(card), { clientAddress: '192.0.2.42' }).then((r) => r.status);
    assert.deepEqual([await send(declined()), await send(cardBody())], [422, 429]);
  });
});
