// Mounts the real proxy at /cache-card on the web test runner's own server, in front of a real simulator
// on loopback, so component tests tokenize over real HTTP with real RSA keys. A second proxy, on another port
// (another origin than the test pages'), serves the isolated frame, as a proxy does in production. A third, at
// /legacy-cache-card, answers tokenizations only: a proxy whose policy and BIN lookup the form cannot read (an
// older version, or a CDN that passes only POSTs), so tests can see what only the proxy refuses. A fourth, at
// /strict-cache-card, has a policy of its own (five brands, the full address, a security code always) and a BIN
// service that knows a Korean issuer, for the tests of the form following its proxy. At /echoing-cache-card is a
// hostile middlebox: it refuses every card with a 422 that echoes the whole request in every place of its answer.
// At /padding-cache-card another one answers 200 with a good token and mask and the whole request beside them, and
// at /garbling-cache-card one answers 200 with a body that is not JSON; at /stalling-cache-card one answers 200 and
// never finishes its body. At /answering-cache-card a gateway, or a
// proxy not ours, answers every card with the status (429 unless `?status=`) and Retry-After (`&retry-after=`) the
// query names, and a page of its own, or with `&code=` a JSON error of that code. At /observed-cache-card/<id> is
// the proxy at /cache-card behind a recorder that keeps each request's path and Referer by the id
// (`executeServerCommand('observed', id)`): an id per test keeps what the engines run at once apart. POST /order is a merchant's order page: it
// keeps each form post it gets (`executeServerCommand('orders')`) and answers with a page that shows it. On a port
// of its own (`executeServerCommand('once-an-hour-endpoint')`, another origin than the test pages') is a proxy
// that takes each card once an hour, as a merchant may set it (`rateLimits.perCard`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { readFrameLocales, readFrameScript } from '../../src/server/frame-script.ts';
import { fieldsFor } from '../../src/card/contract.ts';
import { defaultBrandLookup } from '../../src/server/brand-lookup.ts';
import { createCacheCardHandler, type ProxyOptions } from '../../src/server/handler.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.ts';
import { alipay, CLIENT_ID, merchant } from './fixtures.ts';

interface KoaLikeContext {
  path: string;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

/** Answers with the request it got, in the error's message, in each field's problem, and beside them. */
async function echoCard(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const echo = Buffer.concat(chunks).toString();
  const fields = fieldsFor('full').map((field) => ({ field, problem: echo, echo }));
  const error = { code: 'invalid_card', message: echo, echo, fields: [...fields, { field: 'securityCode', problem: 'invalid', echo }] };
  res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ error, echo }));
}

/** A 200 from a middlebox: a good token and mask, and beside them the whole request it got. */
async function padToken(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const echo = Buffer.concat(chunks).toString();
  const answer = { cardToken: `PYMT${'0'.repeat(32)}`, mask: '411111******1111', echo, request: JSON.parse(echo) as unknown };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
}

/** A plugin that starts the simulator and both proxies with the server, and the middleware that serves the proxy first. */
export function proxyForTests() {
  let simulator: RunningSimulator | undefined;
  let listener: ReturnType<typeof toNodeListener> | undefined;
  let legacyListener: ReturnType<typeof toNodeListener> | undefined;
  let strictListener: ReturnType<typeof toNodeListener> | undefined;
  let frameProxy: Server | undefined;
  let onceAnHourProxy: Server | undefined;
  let isolatedEndpoint = '';
  let onceAnHourEndpoint = '';
  const orders: string[] = [];
  const observed = new Map<string, { path: string; referer: string | null }[]>();
  const middleware = async (ctx: KoaLikeContext, next: () => Promise<void>) => {
    if (ctx.path.startsWith('/echoing-cache-card')) {
      ctx.respond = false;
      return echoCard(ctx.req, ctx.res);
    }
    if (ctx.path === '/padding-cache-card' && ctx.req.method === 'POST') {
      ctx.respond = false;
      return padToken(ctx.req, ctx.res);
    }
    if (ctx.path === '/garbling-cache-card' && ctx.req.method === 'POST') {
      ctx.respond = false;
      ctx.req.resume();
      return void ctx.res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service temporarily unavailable</html>');
    }
    if (ctx.path === '/stalling-cache-card' && ctx.req.method === 'POST') {
      // A 200 whose body starts and never ends (a proxy stuck half way): ended when the browser gives up, or after 30 s.
      ctx.respond = false;
      ctx.req.resume();
      ctx.res.writeHead(200, { 'content-type': 'application/json' }).write('{"cardToken":');
      const end = setTimeout(() => ctx.res.destroy(), 30_000);
      end.unref();
      return void ctx.res.on('close', () => clearTimeout(end));
    }
    if (ctx.path === '/answering-cache-card' && ctx.req.method === 'POST') {
      ctx.respond = false;
      ctx.req.resume();
      const query = new URL(ctx.req.url!, 'http://localhost').searchParams;
      const code = query.get('code');
      const headers: Record<string, string> = { 'content-type': code ? 'application/json' : 'text/html' };
      if (query.has('retry-after')) headers['retry-after'] = query.get('retry-after')!;
      ctx.res.writeHead(Number(query.get('status') ?? 429), headers);
      return void ctx.res.end(code ? JSON.stringify({ error: { code, message: 'Refused.' } }) : '<html>Refused</html>');
    }
    if (ctx.path === '/order' && ctx.req.method === 'POST') {
      ctx.respond = false;
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      orders.push(`${ctx.req.headers['content-type']}\n${body}`);
      return void ctx.res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    }
    const recorded = /^\/observed-cache-card\/([\w-]+)(\/.*)?$/.exec(ctx.path);
    if (recorded) {
      const [, id, route = ''] = recorded;
      if (!observed.has(id!)) observed.set(id!, []);
      observed.get(id!)!.push({ path: `/cache-card${route}`, referer: ctx.req.headers.referer ?? null });
      ctx.req.url = `/cache-card${route}`;
      ctx.respond = false;
      return listener!(ctx.req, ctx.res);
    }
    const proxy =
      ctx.path === '/cache-card' || ctx.path.startsWith('/cache-card/')
        ? listener
        : ctx.path === '/legacy-cache-card'
          ? legacyListener
          : ctx.path.startsWith('/strict-cache-card')
            ? strictListener
            : undefined;
    if (!proxy) return next();
    ctx.respond = false;
    await proxy(ctx.req, ctx.res);
  };
  const plugin = {
    name: 'cache-card-proxy',
    async serverStart({ config }: { config: { port: number; hostname: string } }) {
      const origin = `http://${config.hostname}:${config.port}`;
      simulator = await startSimulator({
        clientId: CLIENT_ID,
        merchantPublicKey: merchant.publicKey,
        privateKey: alipay.privateKey,
        // The slow test card: past the proxy's deadline below, which is well past the form's 800 ms in the slow-proxy
        // test, so the form is what gives up first however slow the machine.
        slowMs: 12_000,
      });
      const options: ProxyOptions = {
        alipay: createAlipayClient({
          endpoint: simulator.url,
          clientId: CLIENT_ID,
          privateKey: merchant.privateKey,
          alipayPublicKey: alipay.publicKey,
        }),
        allowedOrigins: [origin],
        // Narrower than the element's default: the form follows it once it has read it (the legacy proxy's, never).
        policy: { acceptedBrands: ALL_ALIPAY_BRANDS.filter((brand) => brand !== 'TROY'), allowUnknownBrands: false },
        billingAddress: 'postal',
        rateLimits: {
          perAddress: { limit: 0, windowMs: 60_000 },
          perCard: { limit: 0, windowMs: 60_000 },
          declinesPerAddress: { limit: 0, windowMs: 60_000 },
          global: { limit: 0, windowMs: 60_000 },
        },
        deadlineMs: 10_000,
        logger: silentLogger,
      };
      listener = toNodeListener(createCacheCardHandler(options));
      legacyListener = toNodeListener(createCacheCardHandler({ ...options, path: '/legacy-cache-card' }));
      strictListener = toNodeListener(
        createCacheCardHandler({
          ...options,
          path: '/strict-cache-card',
          policy: { acceptedBrands: ['VISA', 'MASTERCARD', 'CARTES_BANCAIRES', 'MAESTRO', 'BC'], allowUnknownBrands: false },
          billingAddress: 'full',
          requireSecurityCode: true,
          lookupBrands: async (bin) => (bin.startsWith('949022') ? ['BC'] : defaultBrandLookup(bin)),
        }),
      );
      // The frame proxy's public origin is known once it listens.
      const isolated: { listener?: ReturnType<typeof toNodeListener> } = {};
      frameProxy = createServer((req, res) => void isolated.listener?.(req, res));
      await new Promise<void>((resolve) => frameProxy!.listen(0, 'localhost', resolve));
      // Another origin on the same site, as the demo has it: Playwright's BiDi keyboard cannot type into a Firefox
      // frame of another site (another process), though a shopper's keyboard can.
      const publicOrigin = `http://localhost:${(frameProxy.address() as AddressInfo).port}`;
      isolated.listener = toNodeListener(
        createCacheCardHandler({ ...options, frame: { script: readFrameScript(), publicOrigin, locales: readFrameLocales() } }),
      );
      isolatedEndpoint = `${publicOrigin}/cache-card`;
      const onceAnHour = toNodeListener(
        createCacheCardHandler({ ...options, rateLimits: { ...options.rateLimits, perCard: { limit: 1, windowMs: 3_600_000 } } }),
      );
      onceAnHourProxy = createServer((req, res) => void onceAnHour(req, res));
      await new Promise<void>((resolve) => onceAnHourProxy!.listen(0, 'localhost', resolve));
      onceAnHourEndpoint = `http://localhost:${(onceAnHourProxy.address() as AddressInfo).port}/cache-card`;
    },
    async serverStop() {
      for (const server of [frameProxy, onceAnHourProxy]) {
        server?.closeAllConnections();
        server?.close();
      }
      await simulator?.close();
    },
    /** `executeServerCommand('isolated-endpoint')`: where the frame proxy's endpoint is. */
    async executeCommand({ command, payload }: { command: string; payload?: unknown }) {
      if (command === 'isolated-endpoint') return isolatedEndpoint;
      if (command === 'observed') return observed.get(String(payload)) ?? [];
      if (command === 'once-an-hour-endpoint') return onceAnHourEndpoint;
      if (command === 'orders') return orders;
      return undefined;
    },
  };
  return { plugin, middleware };
}
