// The proxy in Fastify, Koa and Hono on Node, mounted as the README shows ("In your own server"): a real app of
// each on loopback, with a JSON route of its own (`POST /orders`) whose body the framework parses, and the proxy at
// /cache-card in front of the simulator. Then the mistake each framework invites: its own body parsing ahead of the
// proxy's routes.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { bodyParser } from '@koa/bodyparser';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Hono } from 'hono';
import { mount } from 'hono/mount';
import Koa from 'koa';
import { createCacheCardHandler, memoryRateLimitStore, type CacheCardHandler, type RateLimitStore } from '../../src/server/index.ts';
import { toNodeListener, type NodeAdapterOptions } from '../../src/server/node.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  alipay,
  alipayClient,
  assertNoCardDataLogged,
  captureLogger,
  cardBody,
  CLIENT_ID,
  from,
  merchant,
  OFF,
  ORIGIN,
  post,
  PROXY_PATH,
  simulator,
  type CapturedLog,
} from '../support/fixtures.ts';

interface App {
  url: string;
  close(): Promise<void>;
}

/** The node:http listener of the path under test: straight to the core, or through the Fetch-API handler. */
const listenerOf = (handler: CacheCardHandler, options: NodeAdapterOptions) =>
  toNodeListener(PROXY_PATH === 'node' ? handler : (request, context) => handler(request, context), options);

async function listening(server: Server): Promise<App> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function fastifyApp(app: FastifyInstance): Promise<App> {
  app.post('/orders', async (request) => ({ got: request.body }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { ...(await listening(app.server)), close: () => app.close() };
}

function koaApp(app: Koa): Promise<App> {
  app.silent = true;
  app.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/orders') ctx.body = { got: ctx.request.body };
    else await next();
  });
  return listening(app.listen(0, '127.0.0.1'));
}

function honoApp(app: Hono<{ Bindings: HttpBindings }>): Promise<App> {
  app.post('/orders', async (c) => c.json({ got: await c.req.json() }));
  return listening(serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
}

/** A middleware that parses every JSON body, as a request logger or a validator for every route might. */
const honoBodyReader = async (
  c: { req: { header(name: string): string | undefined; json(): Promise<unknown> } },
  next: () => Promise<void>,
) => {
  if (c.req.header('content-type')?.startsWith('application/json')) await c.req.json().catch(() => undefined);
  await next();
};

interface Framework {
  name: string;
  /** The app, the proxy mounted as the README shows. */
  mount(handler: CacheCardHandler, options: NodeAdapterOptions): Promise<App>;
  /** The app with its own body parsing ahead of the proxy's routes. */
  mistake(handler: CacheCardHandler, options: NodeAdapterOptions): Promise<App>;
  /** Whether the mounting reads the client's address from X-Forwarded-For with `trustProxy`. */
  trustProxy: boolean;
}

const FRAMEWORKS: Framework[] = [
  {
    name: 'Fastify',
    trustProxy: true,
    mount(handler, options) {
      const listener = listenerOf(handler, options);
      const app = Fastify();
      // In onRequest, before Fastify parses the body: the proxy reads it, and answers on the raw response.
      const proxy = {
        onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
          reply.hijack();
          await listener(request.raw, reply.raw);
        },
      };
      app.all('/cache-card', proxy, () => {});
      app.all('/cache-card/*', proxy, () => {});
      return fastifyApp(app);
    },
    mistake(handler, options) {
      const listener = listenerOf(handler, options);
      const app = Fastify();
      // In the route's handler: Fastify has parsed the body by then.
      app.post('/cache-card', async (request, reply) => {
        reply.hijack();
        await listener(request.raw, reply.raw);
      });
      return fastifyApp(app);
    },
  },
  {
    name: 'Koa',
    trustProxy: true,
    mount(handler, options) {
      const listener = listenerOf(handler, options);
      const app = new Koa();
      app.use(async (ctx, next) => {
        if (ctx.path !== '/cache-card' && !ctx.path.startsWith('/cache-card/')) return next();
        ctx.respond = false;
        await listener(ctx.req, ctx.res);
      });
      app.use(bodyParser());
      return koaApp(app);
    },
    mistake(handler, options) {
      const listener = listenerOf(handler, options);
      const app = new Koa();
      app.use(bodyParser());
      app.use(async (ctx, next) => {
        if (ctx.path !== '/cache-card' && !ctx.path.startsWith('/cache-card/')) return next();
        ctx.respond = false;
        await listener(ctx.req, ctx.res);
      });
      return koaApp(app);
    },
  },
  {
    name: 'Hono',
    trustProxy: true,
    mount(handler, options) {
      const listener = listenerOf(handler, options);
      const app = new Hono<{ Bindings: HttpBindings }>();
      app.all('/cache-card/*', async (c) => {
        await listener(c.env.incoming, c.env.outgoing);
        return RESPONSE_ALREADY_SENT;
      });
      return honoApp(app);
    },
    mistake(handler, options) {
      const listener = listenerOf(handler, options);
      const app = new Hono<{ Bindings: HttpBindings }>();
      app.use(honoBodyReader);
      app.all('/cache-card/*', async (c) => {
        await listener(c.env.incoming, c.env.outgoing);
        return RESPONSE_ALREADY_SENT;
      });
      return honoApp(app);
    },
  },
  {
    // The way that also runs on Bun, Deno and Workers: the Fetch-API handler, given the route's Request.
    name: 'Hono, through the Fetch-API handler',
    trustProxy: false,
    mount(handler) {
      const app = new Hono<{ Bindings: HttpBindings }>();
      app.all('/cache-card/*', (c) => handler(c.req.raw, { clientAddress: getConnInfo(c).remote.address }));
      return honoApp(app);
    },
    mistake(handler) {
      const app = new Hono<{ Bindings: HttpBindings }>();
      app.use(honoBodyReader);
      app.all('/cache-card/*', (c) => handler(c.req.raw, { clientAddress: getConnInfo(c).remote.address }));
      return honoApp(app);
    },
  },
];

/** A rate-limit store that keeps the keys it is asked to count: the address the proxy was given is in them. */
function keyRecordingStore(keys: string[]): RateLimitStore {
  const store = memoryRateLimitStore();
  return {
    hit: (key, windowMs) => (keys.push(key), store.hit(key, windowMs)),
    hitAll: store.hitAll && ((hits) => (keys.push(...hits.map((h) => h.key)), store.hitAll!(hits))),
    peek: store.peek && ((key) => store.peek!(key)),
  };
}

/** Sends a raw request, for what fetch() will not send (TRACE, a malformed Host); the whole answer as text. */
function raw(url: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

for (const framework of FRAMEWORKS) {
  describe(framework.name, () => {
    let sim: RunningSimulator;
    const apps: App[] = [];
    before(async () => (sim = await simulator()));
    after(async () => {
      await Promise.all(apps.map((app) => app.close()));
      await sim.close();
    });

    /** The app with the proxy mounted; `perAddress` the per-address limit (off by default), `trustProxy` as given. */
    async function start(
      logs: CapturedLog[],
      { perAddress = OFF.limit, trustProxy = false, keys = [] as string[], mistake = false } = {},
    ): Promise<App> {
      const handler = createCacheCardHandler({
        alipay: alipayClient({
          endpoint: sim.url,
          clientId: CLIENT_ID,
          privateKey: merchant.privateKey,
          alipayPublicKey: alipay.publicKey,
        }),
        allowedOrigins: [ORIGIN],
        frame: { script: '/* frame */', publicOrigin: 'https://pay.example' },
        rateLimits: { perAddress: { limit: perAddress, windowMs: 60_000 }, perCard: OFF, declinesPerAddress: OFF, global: OFF },
        rateLimitStore: keyRecordingStore(keys),
        logger: captureLogger(logs),
      });
      const options = { trustProxy, logger: captureLogger(logs) };
      const app = await (mistake ? framework.mistake(handler, options) : framework.mount(handler, options));
      apps.push(app);
      return app;
    }

    it("tokenizes a card, serves the frame page, its script and the policy, and leaves the app's JSON route to the app", async () => {
      const logs: CapturedLog[] = [];
      const { url } = await start(logs);
      const card = await post(`${url}/cache-card`, cardBody());
      assert.equal(card.status, 200);
      assert.match((await card.json()).cardToken, /^PYMT/);

      const page = await fetch(`${url}/cache-card/frame`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      const script = /frame\.[0-9a-f]{16}\.js/.exec(await page.text())?.[0];
      assert.ok(script, 'the page names its script');
      const js = await fetch(`${url}/cache-card/${script}`);
      assert.equal(js.status, 200);
      assert.equal(await js.text(), '/* frame */');

      const policy = await fetch(`${url}/cache-card/policy`, { headers: { origin: ORIGIN } });
      assert.equal(policy.status, 200);
      assert.ok(Array.isArray((await policy.json()).acceptedBrands));

      const order = await post(`${url}/orders`, { cardToken: 'PYMTx' });
      assert.deepEqual(await order.json(), { got: { cardToken: 'PYMTx' } });
      assertNoCardDataLogged(logs);
    });

    it("answers bad input with the proxy's JSON 4xx, never the framework's error or a 500; nothing reaches Alipay", async () => {
      const { url } = await start([]);
      const calls = sim.calls.length;
      const refused = async (answer: Promise<Response>) => {
        const response = await answer;
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
        return [response.status, (await response.json()).error.code];
      };
      assert.deepEqual(await refused(post(`${url}/cache-card`, '{"paymentMethodDetail": ')), [400, 'invalid_request']);
      assert.deepEqual(await refused(post(`${url}/cache-card`, 'x'.repeat(64 * 1024))), [413, 'payload_too_large']);
      assert.deepEqual(await refused(post(`${url}/cache-card`, '{}', { 'content-type': 'text/plain' })), [415, 'unsupported_media_type']);
      assert.deepEqual(await refused(fetch(`${url}/cache-card`)), [405, 'method_not_allowed']);
      assert.deepEqual(await refused(post(`${url}/cache-card/elsewhere`, cardBody())), [404, 'not_found']);
      const answers: [string, string[]][] = [
        // A 405 where the proxy's core reads the method; a 400 where a Request had to be made of it (undici's refuses
        // TRACE) and the proxy was handed a request it could not read.
        ['TRACE /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', ['method_not_allowed', 'invalid_request']],
        [
          'POST /cache-card HTTP/1.1\r\nHost: [not a host\r\nOrigin: https://shop.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
          ['invalid_request'],
        ],
      ];
      for (const [text, codes] of answers) {
        const answer = await raw(url, text);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
        assert.ok(status >= 400 && status < 500, answer.slice(0, 200));
        assert.doesNotMatch(answer, /text\/html|at .*\.(ts|js):\d+|node_modules|Error:/, 'no error page or stack trace');
        // The JSON as sent, whole or in one chunk.
        const body = /\{.*\}/s.exec(answer.slice(answer.indexOf('\r\n\r\n') + 4))?.[0] ?? '';
        // @hono/node-server answers a Host it cannot make a URL of itself, before Hono: an empty 400.
        if (framework.name.startsWith('Hono') && text.startsWith('POST') && body === '') continue;
        // The proxy's own answer, not the framework's 4xx.
        assert.ok(codes.includes(JSON.parse(body).error.code), answer.slice(0, 300));
      }
      assert.equal(sim.calls.length, calls);
    });

    it("limits per address on the client's own address, whatever X-Forwarded-For it writes", async () => {
      const keys: string[] = [];
      const { url } = await start([], { perAddress: 2, keys });
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push((await post(`${url}/cache-card`, cardBody(), from(address))).status);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      const addresses = new Set(keys.filter((key) => key.includes('address:')).map((key) => key.replace(/^.*address:/, '')));
      assert.deepEqual([...addresses], ['127.0.0.1']);
    });

    // Only where the mounting reads X-Forwarded-For: the Fetch-API route passes on the socket's address alone.
    if (framework.trustProxy)
      it('behind a load balancer (trustProxy), limits on the address it appended to X-Forwarded-For', async () => {
        const keys: string[] = [];
        const { url } = await start([], { perAddress: 2, trustProxy: true, keys });
        const statuses = [];
        for (const address of ['203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.8']) {
          statuses.push((await post(`${url}/cache-card`, cardBody(), from(address))).status);
        }
        assert.deepEqual(statuses, [200, 200, 429, 200]);
        const addresses = new Set(keys.filter((key) => key.includes('address:')).map((key) => key.replace(/^.*address:/, '')));
        assert.deepEqual([...addresses], ['203.0.113.7', '203.0.113.8']);
      });

    it("with the framework's own body parsing ahead of the proxy, refuses every card and logs the fix", async () => {
      const logs: CapturedLog[] = [];
      const { url } = await start(logs, { mistake: true });
      const calls = sim.calls.length;
      const answer = await post(`${url}/cache-card`, cardBody());
      assert.equal(answer.status, 400);
      assert.equal((await answer.json()).error.code, 'invalid_request');
      assert.equal(sim.calls.length, calls, 'nothing reached Alipay');
      const line = logs.find((l) => l.event === 'request_unreadable');
      assert.match(String(line?.fields.reason), /body was read before the proxy/);
      assertNoCardDataLogged(logs);
      const order = await post(`${url}/orders`, { cardToken: 'PYMTx' });
      assert.deepEqual(await order.json(), { got: { cardToken: 'PYMTx' } });
    });
  });
}

describe("Hono's mount()", () => {
  it('strips the prefix, and the proxy answers 404 to what is left, unless given replaceRequest: false', async () => {
    const handler = createCacheCardHandler({
      alipay: { cacheCard: async () => ({ kind: 'failure', failure: 'timeout' }) },
      allowedOrigins: [ORIGIN],
      logger: captureLogger([]),
    });
    const status = async (app: Hono) => (await app.request('/cache-card/policy', { headers: { origin: ORIGIN } })).status;
    assert.equal(await status(new Hono().all('/cache-card/*', mount(handler))), 404);
    assert.equal(await status(new Hono().all('/cache-card/*', mount(handler, { replaceRequest: false }))), 200);
  });
});
