// Load and card testing, on loopback: hundreds of concurrent tokenizations, exact limits, a burst from one address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maskCardNumber } from '../../src/card/format.ts';
import type { TokenizedRecord } from '../../src/server/handler.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import { distinctCards } from '../support/cards.ts';
import { captureLogger, cardBody, from, post, simulator, startProxy, type CapturedLog } from '../support/fixtures.ts';

let sim: RunningSimulator;
before(async () => (sim = await simulator()));
after(() => sim.close());

describe('load', () => {
  it('tokenizes 300 distinct cards at once, each answer belonging to its own request', async () => {
    const records: TokenizedRecord[] = [];
    // 300 at once in one process take about 1.3 s on a quiet machine: the deadline is not what this test is about.
    const proxy = await startProxy(sim.url, { onTokenized: (r) => void records.push(r), deadlineMs: 30_000 });
    try {
      const cards = distinctCards(300);
      const answers = await Promise.all(
        cards.map(async (cardNo) => {
          const response = await post(proxy.url, cardBody({ cardNo }));
          return { cardNo, status: response.status, json: await response.json() };
        }),
      );
      assert.deepEqual(
        answers.filter((a) => a.status !== 200).map((a) => a.json),
        [],
        'no error',
      );
      for (const { cardNo, json } of answers) assert.equal(json.mask, maskCardNumber(cardNo), 'the mask of the card this request sent');
      assert.equal(new Set(answers.map((a) => a.json.cardToken)).size, 300, 'every token distinct');
      const byToken = new Map(records.map((r) => [r.cardToken, r]));
      for (const { json } of answers) assert.equal(byToken.get(json.cardToken)?.mask, json.mask, 'the merchant hook saw the same pair');
    } finally {
      await proxy.close();
    }
  });

  it('holds a per-address limit exactly when 200 requests arrive at once', async () => {
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      rateLimits: { perAddress: { limit: 50, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } },
    });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 200 }, () => post(proxy.url, cardBody(), from('203.0.113.7')).then((r) => r.status)),
      );
      assert.equal(statuses.filter((s) => s === 200).length, 50);
      assert.equal(statuses.filter((s) => s === 429).length, 150);
    } finally {
      await proxy.close();
    }
  });
});

describe('card testing', () => {
  it('cuts off a burst of invalid cards from one address while another address keeps working', async () => {
    const proxy = await startProxy(sim.url, {
      trustProxy: true,
      rateLimits: { perAddress: { limit: 10, windowMs: 60_000 }, global: { limit: 1000, windowMs: 60_000 } },
    });
    try {
      const calls = sim.calls.length;
      const burst = await Promise.all(
        distinctCards(100).map((cardNo) =>
          post(proxy.url, cardBody({ cardNo: cardNo.slice(0, -1) + ((Number(cardNo.at(-1)) + 1) % 10) }), from('198.51.100.9')).then(
            (r) => r.status,
          ),
        ),
      );
      assert.equal(burst.filter((s) => s === 422).length, 10, 'the first ten are checked and refused');
      assert.equal(burst.filter((s) => s === 429).length, 90, 'the rest are cut off');
      assert.equal(sim.calls.length, calls, 'none of them reached Alipay');
      const shopper = await post(proxy.url, cardBody(), from('192.0.2.44'));
      assert.equal(shopper.status, 200, 'another address still works');
      const still = await post(proxy.url, cardBody(), from('198.51.100.9'));
      assert.equal(still.status, 429, 'the tester stays cut off, even with a valid card');
      assert.ok(Number(still.headers.get('retry-after')) > 0);
    } finally {
      await proxy.close();
    }
  });

  it('fails closed when the rate-limit store does not answer', async () => {
    const logs: CapturedLog[] = [];
    const proxy = await startProxy(sim.url, {
      logger: captureLogger(logs),
      rateLimitStore: { hit: () => Promise.reject(new Error('down')) },
      rateLimits: { perAddress: { limit: 10, windowMs: 60_000 } },
    });
    try {
      const calls = sim.calls.length;
      const response = await post(proxy.url, cardBody());
      assert.equal(response.status, 503);
      assert.equal((await response.json()).error.code, 'processor_unavailable');
      assert.equal(sim.calls.length, calls);
      assert.ok(
        logs.some((l) => l.event === 'rate_limit_store_failed' && l.level === 'error'),
        'the merchant is told',
      );
    } finally {
      await proxy.close();
    }
  });
});
