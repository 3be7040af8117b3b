// The per-card limit against card testing: one card number, from however many addresses, reaches Alipay at most
// `perCard.limit` times a window. Counted by a keyed fingerprint, so the store never holds the number.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readProxyConfig } from '../../src/server/config.ts';
import { createProxyFromEnv } from '../../src/server/from-env.ts';
import { cardFingerprinter } from '../../src/server/card-fingerprint.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { createCacheCardHandler as createNodeCacheCardHandler } from '../../src/server/node-handler.ts';
import { nodeCardFingerprinter } from '../../src/server/node-crypto.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { DEFAULT_MAX_ENTRIES, memoryRateLimitStore, type RateLimitStore } from '../../src/server/rate-limit.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  assertNoCardDataLogged,
  captureLogger,
  cardBody,
  cardRequest,
  inProcessProxy,
  merchant,
  ORIGIN,
  pair,
  post,
  proxySettings,
  simulator,
  startProxy,
  type CapturedLog,
  from,
  HOUR,
  OFF,
} from '../support/fixtures.ts';

/** A store that remembers every key it was asked to count. */
function recordingStore(keys: string[]): RateLimitStore {
  const memory = memoryRateLimitStore();
  return { hit: (key, windowMs) => (keys.push(key), memory.hit(key, windowMs)) };
}

describe('the per-card limit', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  it('lets one card through its limit from any number of addresses, whatever expiry or code is tried, and other cards on', async () => {
    const logs: CapturedLog[] = [];
    const keys: string[] = [];
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: captureLogger(logs),
      rateLimitStore: recordingStore(keys),
      // A fixed secret: the keys, and so this test, are the same on every run.
      cardFingerprintSecret: 'a fixed test secret',
      rateLimits: { perAddress: { limit: 10, windowMs: 60_000 }, perCard: { limit: 3, windowMs: HOUR }, global: OFF },
    });
    try {
      const card = '4111111111111111';
      const before = sim.calls.filter((c) => c.cardNo === card).length;
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await post(proxy.url, cardBody(), from(`198.51.100.${i}`))).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
      assert.equal(sim.calls.filter((c) => c.cardNo === card).length - before, 3, 'Alipay saw the card three times only');

      const otherExpiry = await post(proxy.url, cardBody({ expiryYear: '2032', expiryMonth: '01' }), from('198.51.100.99'));
      assert.equal(otherExpiry.status, 429, 'trying expiries on one number counts against that number');
      // An hour-long wait is not "a moment": the message says to come back later.
      assert.deepEqual((await otherExpiry.json()).error, { code: 'rate_limited', message: 'Too many attempts. Try again later.' });
      const retryAfter = Number(otherExpiry.headers.get('retry-after'));
      assert.ok(retryAfter > 60 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
      for (const [i, securityCode] of ['958', '402', '000'].entries())
        assert.equal(
          (await post(proxy.url, cardBody({ securityCode }), from(`198.51.100.${120 + i}`))).status,
          429,
          `trying security code ${securityCode} on one number counts against that number`,
        );

      assert.equal(
        (await post(proxy.url, cardBody({ cardNo: '5555555555554444', brand: 'MASTERCARD' }), from('198.51.100.0'))).status,
        200,
      );
      assert.ok(logs.some((l) => l.event === 'rate_limited' && l.fields.reason === 'per_card'));
      assertNoCardDataLogged(logs);

      // The store counted the card by a fingerprint that is neither the number nor a plain hash of it.
      const cardKeys = [...new Set(keys.filter((k) => k.startsWith('cache-card:card:')))];
      assert.equal(cardKeys.length, 2, cardKeys.join(' '));
      const plain = [card, createHash('sha256').update(card).digest('hex'), createHash('sha256').update(card).digest('base64')];
      for (const key of keys) for (const text of [...plain, '41111111', '1111']) assert.ok(!key.includes(text), `${text} in ${key}`);
      // Nor the security codes and expiries tried: the card is its number alone, and nothing else it carries is kept.
      for (const key of cardKeys)
        for (const text of ['123', '958', '402', '2031', '2032']) assert.ok(!key.includes(text), `${text} in ${key}`);
    } finally {
      await proxy.close();
    }
  });

  it('counts only cards that would reach Alipay: a refused card, and the addresses over their limit, are not counted', async () => {
    const keys: string[] = [];
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimitStore: recordingStore(keys),
      rateLimits: { perAddress: { limit: 1, windowMs: 60_000 }, perCard: { limit: 2, windowMs: HOUR }, global: OFF },
    });
    try {
      assert.equal((await post(proxy.url, cardBody({ expiryYear: '2001' }), from('203.0.113.1'))).status, 422);
      assert.equal((await post(proxy.url, cardBody(), from('203.0.113.2'))).status, 200);
      assert.equal((await post(proxy.url, cardBody(), from('203.0.113.2'))).status, 429, 'its address is over');
      assert.equal((await post(proxy.url, cardBody(), from('203.0.113.3'))).status, 200, 'the second count of the card');
      assert.equal((await post(proxy.url, cardBody(), from('203.0.113.4'))).status, 429);
      assert.equal(keys.filter((k) => k.startsWith('cache-card:card:')).length, 3);
    } finally {
      await proxy.close();
    }
  });

  it('is on by default: five times an hour', async () => {
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: silentLogger,
      rateLimits: { perAddress: OFF, perCard: undefined, global: OFF },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await post(proxy.url, cardBody({ cardNo: '4012888888881881' }), from(`192.0.2.${i}`))).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await proxy.close();
    }
  });

  it('keeps counting a card through a flood of new addresses in the in-memory store (defaults everywhere)', async () => {
    let clock = Date.now();
    const { send } = inProcessProxy(sim.url, { now: () => clock });
    const card = cardBody({ cardNo: '4012888888881881' });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await send(`198.51.100.${i}`, card));
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    clock += 5 * 60_000;
    // More new addresses than the store keeps windows (one per /64 of one /48), each refused at no cost: the oldest
    // address windows go, and the card's, older than any of them, must not.
    for (let i = 0; i < DEFAULT_MAX_ENTRIES; i++) assert.equal(await send(`2001:db8:77:${i.toString(16)}::1`), 405);
    assert.equal(await send('198.51.100.77', card), 429, 'still over its limit');
  });

  it('counts the card before the ceiling: a request the ceiling refuses has used one of its tries', async () => {
    let clock = Date.now();
    const { send } = inProcessProxy(sim.url, {
      now: () => clock,
      rateLimits: { perAddress: OFF, perCard: { limit: 2, windowMs: HOUR }, global: { limit: 1, windowMs: 60_000 } },
    });
    const card = cardBody({ cardNo: '4012888888881881' });
    assert.equal(await send('198.51.100.40', card), 200);
    assert.equal(await send('198.51.100.41', card), 429, 'the ceiling of one a minute');
    clock += 61_000;
    assert.equal(await send('198.51.100.42', card), 429, 'the ceiling has room again, the card has had its two tries');
  });

  it("the Node build's handler, given a cardFingerprintSecret, counts a card together with every instance given it", async () => {
    const options = {
      alipay: {
        cacheCard: async () =>
          ({ kind: 'result', resultStatus: 'S', resultCode: 'SUCCESS', card: { cardToken: 'PYMTX', mask: '411111******1111' } }) as const,
      },
      allowedOrigins: [ORIGIN],
      logger: silentLogger,
      rateLimitStore: memoryRateLimitStore(),
      cardFingerprintSecret: 'one secret for every instance',
      rateLimits: { perAddress: OFF, perCard: { limit: 1, windowMs: HOUR }, declinesPerAddress: OFF, global: OFF },
    };
    const node = createNodeCacheCardHandler(options);
    const neutral = createCacheCardHandler(options);
    const statuses = [];
    for (const [handler, address] of [
      [node, '198.51.100.1'],
      [neutral, '198.51.100.2'],
      [node, '198.51.100.3'],
    ] as const)
      statuses.push((await handler(cardRequest(cardBody()), { clientAddress: address })).status);
    assert.deepEqual(statuses, [200, 429, 429]);
  });

  it('warns at start when a shared store would count each instance apart', () => {
    const logs: CapturedLog[] = [];
    const options = { alipay: { cacheCard: () => Promise.reject(new Error('not called')) }, allowedOrigins: [ORIGIN] };
    createCacheCardHandler({ ...options, logger: captureLogger(logs), rateLimitStore: memoryRateLimitStore() });
    assert.deepEqual(
      logs.map((l) => l.event),
      ['card_fingerprint_per_instance'],
    );
    logs.length = 0;
    createCacheCardHandler({ ...options, logger: captureLogger(logs), rateLimitStore: memoryRateLimitStore(), cardFingerprintSecret: 's' });
    createCacheCardHandler({ ...options, logger: captureLogger(logs) });
    assert.deepEqual(logs, [], 'with a secret, or with the in-memory store of one process, nothing to say');
  });
});

describe('the fingerprint', () => {
  it('is the same bytes from node:crypto (the Node build) and Web Crypto (every runtime), and differs by secret', async () => {
    for (const secret of ['a secret', 'another, longer secret with ü in it']) {
      const node = nodeCardFingerprinter(secret);
      const web = cardFingerprinter(secret);
      for (const cardNo of ['4111111111111111', '378282246310005', '6200000000000005']) {
        const made = await node(cardNo);
        assert.match(made, /^[A-Za-z0-9+/]{22}$/, '128 bits, base64');
        assert.equal(made, await web(cardNo));
      }
    }
    assert.notEqual(await nodeCardFingerprinter('one')('4111111111111111'), await nodeCardFingerprinter('two')('4111111111111111'));
    assert.notEqual(
      await nodeCardFingerprinter()('4111111111111111'),
      await nodeCardFingerprinter()('4111111111111111'),
      'random by default',
    );
  });
});

describe('the standalone proxies share one fingerprint secret, derived from the merchant key', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  const env = (privateKey = merchant.privateKey) => ({
    ...proxySettings(sim.url, privateKey),
    RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_GLOBAL: '0',
    RATE_LIMIT_PER_CARD: '2',
  });
  const tokenize = (handler: (request: Request, context: { clientAddress: string }) => Promise<Response>, address: string) =>
    handler(cardRequest(cardBody({ cardNo: '4242424242424242' })), { clientAddress: address }).then((r) => r.status);

  it('the Node command (its secret and fingerprints by node:crypto) and createProxyFromEnv (Web Crypto) count one card together through a shared store', async () => {
    const store = memoryRateLimitStore();
    const logs: CapturedLog[] = [];
    const config = readProxyConfig(env());
    const node = createCacheCardHandler({ alipay: config.alipay, ...config.options, rateLimitStore: store, logger: captureLogger(logs) });
    const neutral = (await createProxyFromEnv(env(), { rateLimitStore: store, logger: captureLogger(logs) })).handler;
    assert.deepEqual(
      [await tokenize(node, '198.51.100.1'), await tokenize(neutral, '198.51.100.2'), await tokenize(node, '198.51.100.3')],
      [200, 200, 429],
    );
    assert.ok(!logs.some((l) => l.event === 'card_fingerprint_per_instance'), 'both were given the derived secret');
  });

  it('a proxy with another key counts apart (the secret is the key holder’s alone)', async () => {
    const store = memoryRateLimitStore();
    const other = pair();
    const mine = (await createProxyFromEnv(env(), { rateLimitStore: store, logger: silentLogger })).handler;
    // Alipay would not take the other key's signatures: what matters is the count before the call.
    const theirs = (await createProxyFromEnv(env(other.privateKey), { rateLimitStore: store, logger: silentLogger })).handler;
    assert.equal(await tokenize(mine, '192.0.2.1'), 200);
    assert.equal(await tokenize(mine, '192.0.2.2'), 200);
    assert.notEqual(await tokenize(theirs, '192.0.2.3'), 429);
  });

  it('refuses a per-card limit that is not a whole number', async () => {
    assert.throws(() => readProxyConfig({ ...env(), RATE_LIMIT_PER_CARD: 'five' }), /RATE_LIMIT_PER_CARD must be a whole number/);
    await assert.rejects(createProxyFromEnv({ ...env(), RATE_LIMIT_PER_CARD: '-1' }), /RATE_LIMIT_PER_CARD must be a whole number/);
  });
});
