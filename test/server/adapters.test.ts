// The adapters as merchants mount them: a real Express app with a body parser after the proxy, and node:http.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createCacheCardHandler, Refusal } from '../../src/server/index.ts';
import { expressMiddleware } from '../../src/server/node.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  alipay,
  alipayClient,
  assertNoCardDataLogged,
  captureLogger,
  cardBody,
  CLIENT_ID,
  merchant,
  ORIGIN,
  post,
  PROXY_PATH,
  simulator,
  type CapturedLog,
} from '../support/fixtures.ts';

describe('Express', () => {
  let sim: RunningSimulator;
  let url: string;
  let close: () => void;
  const logs: CapturedLog[] = [];
  before(async () => {
    sim = await simulator();
    const handler = createCacheCardHandler({
      alipay: alipayClient({
        endpoint: sim.url,
        clientId: CLIENT_ID,
        privateKey: merchant.privateKey,
        alipayPublicKey: alipay.publicKey,
      }),
      allowedOrigins: ['https://shop.example'],
      rateLimits: { perAddress: { limit: 2, windowMs: 60_000 } },
      logger: captureLogger(logs),
    });
    const app = express();
    app.use('/cache-card', expressMiddleware(handler));
    app.use(express.json());
    app.post('/orders', (req, res) => void res.json({ got: req.body }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(async () => {
    close();
    await sim.close();
  });

  it("tokenizes through the mounted middleware, and leaves the app's other routes alone", async () => {
    const response = await post(`${url}/cache-card`, cardBody());
    assert.equal(response.status, 200);
    assert.match((await response.json()).cardToken, /^PYMT/);
    const order = await post(`${url}/orders`, { cardToken: 'PYMTx' });
    assert.deepEqual(await order.json(), { got: { cardToken: 'PYMTx' } });
  });

  it('limits by the socket address the adapter passes on', async () => {
    await post(`${url}/cache-card`, cardBody());
    const third = await post(`${url}/cache-card`, cardBody());
    assert.equal(third.status, 429);
  });
});

describe('Express, with a body parser mounted before the proxy', () => {
  it('refuses every card with a 400 and logs the fix; nothing reaches Alipay, and the rest of the app works', async () => {
    const sim = await simulator();
    const logs: CapturedLog[] = [];
    const handler = createCacheCardHandler({
      alipay: alipayClient({ endpoint: sim.url, clientId: CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
      allowedOrigins: [ORIGIN],
      logger: captureLogger(logs),
    });
    const adapterLogs: CapturedLog[] = [];
    const app = express();
    // The common mistake: the app's JSON parser first, for every route, the proxy's among them.
    app.use(express.json());
    app.use(
      '/cache-card',
      expressMiddleware(PROXY_PATH === 'node' ? handler : (request, context) => handler(request, context), {
        logger: captureLogger(adapterLogs),
      }),
    );
    app.post('/orders', (req, res) => void res.json({ got: req.body }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const calls = sim.calls.length;
      const answer = await post(`${url}/cache-card`, cardBody());
      assert.equal(answer.status, 400);
      assert.equal((await answer.json()).error.code, 'invalid_request');
      assert.equal(sim.calls.length, calls, 'nothing reached Alipay');
      // The Node fast path logs through the handler's logger; a Fetch-API handler's adapter through its own.
      const line = [...logs, ...adapterLogs].find((l) => l.event === 'request_unreadable');
      assert.match(String(line?.fields.reason), /mount the proxy before express\.json\(\)/);
      assertNoCardDataLogged([...logs, ...adapterLogs]);
      const order = await post(`${url}/orders`, { cardToken: 'PYMTx' });
      assert.deepEqual(await order.json(), { got: { cardToken: 'PYMTx' } });
    } finally {
      server.close();
      await sim.close();
    }
  });
});

describe('the Fetch-API handler, given a Request whose body was read before it', () => {
  it('refuses it with a 400 and logs the fix, not as its own failure (502); nothing reaches Alipay', async () => {
    let calls = 0;
    const logs: CapturedLog[] = [];
    const handler = createCacheCardHandler({
      alipay: { cacheCard: async () => (calls++, { kind: 'failure', failure: 'timeout' }) },
      allowedOrigins: [ORIGIN],
      logger: captureLogger(logs),
    });
    // What a middleware that reads the body (Hono's `c.req.json()`) leaves the handler after it.
    const request = new Request('http://127.0.0.1/cache-card', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(cardBody()),
    });
    await request.json();
    const answer = await handler(request, { clientAddress: '192.0.2.1' });
    assert.equal(answer.status, 400);
    assert.equal((await answer.json()).error.code, 'invalid_request');
    assert.equal(calls, 0);
    const line = logs.find((l) => l.event === 'request_unreadable');
    assert.match(String(line?.fields.reason), /body was read before the proxy/);
    assert.equal(logs.filter((l) => l.event === 'proxy_failed').length, 0);
  });
});

describe('an adapter of your own, on the core', () => {
  it('a body past its bound, refused with the exported Refusal, is answered 413; nothing reaches Alipay', async () => {
    let calls = 0;
    const handler = createCacheCardHandler({
      alipay: { cacheCard: async () => (calls++, { kind: 'failure', failure: 'timeout' }) },
      allowedOrigins: [ORIGIN],
      logger: captureLogger([]),
    });
    const headers: Record<string, string> = { origin: ORIGIN, 'content-type': 'application/json' };
    const answer = await handler.core({
      method: 'POST',
      path: '/cache-card',
      header: (name) => headers[name] ?? null,
      // What an adapter reading a stream does once it has more than maxBytes.
      body: () => Promise.reject(new Refusal('payload_too_large')),
      clientAddress: '192.0.2.1',
    });
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body!).error.code, 'payload_too_large');
    assert.equal(calls, 0);
  });

  it("a body that fails otherwise is the proxy's own failure: 502, for the card and for a BIN question alike", async () => {
    const handler = createCacheCardHandler({
      alipay: { cacheCard: async () => ({ kind: 'failure', failure: 'timeout' }) },
      allowedOrigins: [ORIGIN],
      logger: captureLogger([]),
    });
    const headers: Record<string, string> = { origin: ORIGIN, 'content-type': 'application/json' };
    for (const path of ['/cache-card', '/cache-card/brands']) {
      const answer = await handler.core({
        method: 'POST',
        path,
        header: (name) => headers[name] ?? null,
        body: () => Promise.reject(new Error('the stream broke')),
        clientAddress: '192.0.2.1',
      });
      assert.deepEqual([path, answer.status, JSON.parse(answer.body!).error.code], [path, 502, 'processor_error']);
    }
  });
});
