// The proxy attacked as it is deployed: behind a load balancer, next to a hostile or compromised upstream, with
// clients that lie about their address. Everything over real HTTP on loopback, against the real simulator.
// None of them gets a token for another card, another shopper's rate budget, a redirect followed, or a 5xx.
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { contentToSign, signatureHeader } from '../../src/server/ams-signature.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { expressMiddleware, refuseUnreadableRequests, toNodeListener } from '../../src/server/node.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  alipay,
  alipayClient,
  assertNoCardDataLogged,
  CARD_SECRETS,
  captureLogger,
  cardBody,
  CLIENT_ID,
  listenerFor,
  merchant,
  ORIGIN,
  post,
  simulator,
  startProxy,
  type CapturedLog,
  type RunningProxy,
} from '../support/fixtures.ts';

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A load balancer as nginx's `$proxy_add_x_forwarded_for` works: it passes the request on and appends the address
 * it saw to X-Forwarded-For. The address it "saw" is the socket's, or, to play clients on many addresses from one
 * test, the one in `x-test-client` (which the balancer removes). With `ownAddress`, it appends that too, after the
 * client's, as Google Cloud's external Application Load Balancer appends its forwarding rule's address.
 */
function balancer(target: string, ownAddress?: string) {
  return listen((req, res) => {
    const client = (req.headers['x-test-client'] as string | undefined) ?? req.socket.remoteAddress!;
    const seen = ownAddress ? `${client}, ${ownAddress}` : client;
    const headers = { ...req.headers };
    delete headers['x-test-client'];
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${seen}` : seen;
    const url = new URL(req.url!, target);
    const upstream = httpRequest(url, { method: req.method, headers: { ...headers, host: url.host } }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
}

/** A Luhn-valid number of `length` digits that starts with `first` and ends with `last`, its middle filled in. */
function luhnComplete(first: string, last: string, length: number): string {
  const middle = length - first.length - last.length;
  for (let n = 0; n < 10 ** Math.min(middle, 4); n++) {
    const pan = first + String(n).padStart(middle, '0') + last;
    const sum = [...pan].reverse().reduce((total, digit, i) => total + (i % 2 ? [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][+digit]! : +digit), 0);
    if (sum % 10 === 0) return pan;
  }
  throw new Error(`no Luhn-valid number ${first}…${last}`);
}

const junk = (i: number) => ({ paymentMethodDetail: { paymentMethodDetailType: 'card', card: { cardNo: String(i) } } });

describe('behind a load balancer that appends X-Forwarded-For', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  let lb: Awaited<ReturnType<typeof balancer>>;
  const logs: CapturedLog[] = [];

  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, {
      trustProxy: true,
      logger: captureLogger(logs),
      rateLimits: { perAddress: { limit: 5, windowMs: 60_000 }, global: { limit: 20, windowMs: 60_000 } },
    });
    lb = await balancer(proxy.url.replace(/\/cache-card$/, ''));
  });
  after(async () => {
    await lb.close();
    await proxy.close();
    await sim.close();
  });

  const through = (body: unknown, headers: Record<string, string> = {}) => post(`${lb.url}/cache-card`, body, headers);

  it('a client that writes its own X-Forwarded-For gets no fresh bucket per request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await through(cardBody(), { 'x-forwarded-for': `10.0.0.${i}`, 'x-test-client': '198.51.100.20' })).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('a client rotating addresses within its IPv6 /64 shares one budget', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++)
      statuses.push((await through(cardBody(), { 'x-test-client': `2001:db8:1234:5678::${i.toString(16)}` })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const neighbour = await through(cardBody(), { 'x-test-client': '2001:db8:1234:9999::1' });
    assert.equal(neighbour.status, 200, 'another /64 is another client');
  });

  it('junk from rotating addresses, all refused, does not use up the global ceiling', async () => {
    const calls = sim.calls.length;
    const refused = await Promise.all(
      Array.from({ length: 60 }, (_, i) => through(junk(i), { 'x-test-client': `203.0.113.${i + 1}` }).then((r) => r.status)),
    );
    assert.ok(
      refused.every((s) => s === 400),
      refused.join(),
    );
    assert.equal(sim.calls.length, calls, 'none reached Alipay');
    const shopper = await through(cardBody(), { 'x-test-client': '192.0.2.200' });
    assert.equal(shopper.status, 200, 'a shopper still gets through');
  });

  it('an address that is not one is no key of its own: it counts against the balancer', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await through(cardBody(), { 'x-test-client': `not-an-address-${i}` })).status);
    assert.deepEqual(statuses.slice(5), [429, 429]);
  });

  it('a flood of refused origins writes a few log lines, then says how many it left out', async () => {
    const before = logs.filter((l) => l.event === 'origin_refused').length;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        through(cardBody(), { origin: 'https://evil.example', 'x-test-client': `100.64.0.${i % 250}` }),
      ),
    );
    const lines = logs.filter((l) => l.event === 'origin_refused').length - before;
    assert.ok(lines <= 20, `${lines} lines for 200 refusals`);
  });

  it('a flood of refused cards writes a few log lines too', async () => {
    const before = logs.filter((l) => l.event === 'card_refused').length;
    for (let i = 0; i < 40; i++) await through(cardBody({ cardNo: '4111111111111112' }), { 'x-test-client': `100.65.0.${i}` });
    const lines = logs.filter((l) => l.event === 'card_refused').length - before;
    assert.ok(lines <= 20, `${lines} lines for 40 refusals`);
  });

  it('logs no card data on any path above', () => {
    assert.ok(logs.length > 0);
    assertNoCardDataLogged(logs);
  });
});

describe("behind a load balancer that appends the client's address and its own (Google Cloud's), two trusted hops", () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  let lb: Awaited<ReturnType<typeof balancer>>;

  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, {
      trustProxy: true,
      trustedHops: 2,
      rateLimits: { perAddress: { limit: 2, windowMs: 60_000 }, global: { limit: 100, windowMs: 60_000 } },
    });
    // X-Forwarded-For: <what the client wrote>, <client>, 203.0.113.250 (the balancer's forwarding rule).
    lb = await balancer(proxy.url.replace(/\/cache-card$/, ''), '203.0.113.250');
  });
  after(async () => {
    await lb.close();
    await proxy.close();
    await sim.close();
  });

  const through = (client: string, headers: Record<string, string> = {}) =>
    post(`${lb.url}/cache-card`, cardBody(), { 'x-test-client': client, ...headers }).then((r) => r.status);

  it('counts each client, not the balancer: two clients behind it have a count each', async () => {
    const first: number[] = [];
    // What the client writes on the left is never believed.
    for (let i = 1; i <= 3; i++) first.push(await through('198.51.100.41', { 'x-forwarded-for': `10.9.9.${i}` }));
    assert.deepEqual(first, [200, 200, 429]);
    const second: number[] = [];
    for (let i = 1; i <= 3; i++) second.push(await through('198.51.100.42'));
    assert.deepEqual(second, [200, 200, 429], 'another client behind the same balancer has a count of its own');
  });
});

describe('what counts against an address', () => {
  it('the frame page and script, the policy and CORS preflights do not; tokenizing and BIN lookups do', async () => {
    const sim = await simulator();
    const proxy = await startProxy(sim.url, {
      rateLimits: { perAddress: { limit: 2, windowMs: 60_000 }, global: { limit: 100, windowMs: 60_000 } },
      frame: { script: 'void 0;', publicOrigin: 'http://127.0.0.1:9' },
    });
    const base = proxy.url;
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal((await fetch(`${base}/frame`)).status, 200);
        assert.equal((await fetch(`${base}/frame.js`)).status, 200);
        assert.equal((await fetch(`${base}/policy`, { headers: { origin: ORIGIN } })).status, 200);
        const preflight = await fetch(base, {
          method: 'OPTIONS',
          headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        assert.equal(preflight.status, 204);
      }
      // Twenty requests above, and the address still has its two: one BIN lookup and one card.
      assert.equal((await post(`${base}/brands`, { bin: '411111' })).status, 200);
      assert.equal((await post(base, cardBody())).status, 200);
      const third = await post(base, cardBody());
      assert.equal(third.status, 429);
      assert.equal((await third.json()).error.code, 'rate_limited');
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});

/** Sends `text` on a socket of its own to the server at `url`, for what fetch() will not send; the answer's status. */
function statusOf(url: string, text: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])));
    socket.on('error', reject);
  });
}

describe('with the rate-limit store down', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  const logs: CapturedLog[] = [];
  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, {
      logger: captureLogger(logs),
      rateLimitStore: { hit: () => Promise.reject(new Error('down')) },
      rateLimits: { perAddress: { limit: 10, windowMs: 60_000 } },
    });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  it('bad input keeps its own 4xx, never a 5xx; a card that would reach Alipay is held back with a 503', async () => {
    const statuses = {
      'a method not allowed': (await fetch(proxy.url, { method: 'PUT', headers: { origin: ORIGIN } })).status,
      'an origin not allowed': (await post(proxy.url, cardBody(), { origin: 'https://evil.example' })).status,
      'a body not JSON': (await post(proxy.url, cardBody(), { 'content-type': 'text/plain' })).status,
      'a card that is not one': (await post(proxy.url, cardBody({ cardNo: '4111111111111112' }))).status,
      'a body that does not parse': (await post(proxy.url, '{"paymentMethodDetail":')).status,
      'a Host that names no host': await statusOf(
        proxy.url,
        `POST /cache-card HTTP/1.1\r\nHost: a b\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      ),
      'a BIN question that is not one': (await post(`${proxy.url}/brands`, { bin: 'abc' })).status,
      'a good card': (await post(proxy.url, cardBody())).status,
      'a good BIN question': (await post(`${proxy.url}/brands`, { bin: '40000025' })).status,
    };
    assert.deepEqual(statuses, {
      'a method not allowed': 405,
      'an origin not allowed': 403,
      'a body not JSON': 415,
      'a card that is not one': 422,
      'a body that does not parse': 400,
      'a Host that names no host': 400,
      'a BIN question that is not one': 400,
      'a good card': 503,
      'a good BIN question': 503,
    });
    assert.equal(sim.calls.length, 0, 'nothing reached Alipay');
    assert.ok(logs.some((line) => line.event === 'rate_limit_store_failed'));
  });
});

describe('a flood of requests whose Host names no host', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await simulator();
  });
  after(() => sim.close());

  const FLOOD = 30;
  const hostless = `POST /cache-card HTTP/1.1\r\nHost: a b\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;

  /** The proxy, its clock stopped: the flood is one window of the per-address limit and of the log's throttle. */
  function handler(logs: CapturedLog[]) {
    const at = Date.now();
    return createCacheCardHandler({
      alipay: alipayClient({ endpoint: sim.url, clientId: CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
      allowedOrigins: [ORIGIN],
      rateLimits: { perAddress: { limit: 5, windowMs: 60_000 } },
      logger: captureLogger(logs),
      now: () => at,
    });
  }

  const unreadableLines = (logs: readonly CapturedLog[]) => logs.filter((l) => l.event === 'request_unreadable');

  it("node:http: each counts against the socket's address, and the log has 20 lines of them a minute", async () => {
    const logs: CapturedLog[] = [];
    // One logger for the core and the adapter, as `npx cache-card-proxy` has.
    const server = await listen(toNodeListener(handler(logs), { logger: captureLogger(logs) }));
    try {
      const calls = sim.calls.length;
      const statuses: number[] = [];
      for (let i = 0; i < FLOOD; i++) statuses.push(await statusOf(server.url, hostless));
      assert.deepEqual(statuses, [...Array<number>(5).fill(400), ...Array<number>(FLOOD - 5).fill(429)]);
      // The flood used up the address's budget: a card from it is refused too.
      const card = await post(`${server.url}/cache-card`, cardBody());
      assert.equal(card.status, 429);
      assert.equal(sim.calls.length, calls, 'nothing reached Alipay');
      assert.equal(unreadableLines(logs).length, 20, `${unreadableLines(logs).length} lines for ${FLOOD} requests`);
    } finally {
      await server.close();
    }
  });

  it('the Fetch-API handler (Deno, Bun, Workers) counts them against the address it is given, and logs 20 a minute', async () => {
    const logs: CapturedLog[] = [];
    const proxy = handler(logs);
    const statuses: number[] = [];
    for (let i = 0; i < FLOOD; i++) {
      const request = new Request('http://127.0.0.1/cache-card', {
        method: 'POST',
        headers: { host: 'a b', origin: ORIGIN, 'content-type': 'application/json' },
        body: '{}',
      });
      statuses.push((await proxy(request, { clientAddress: '198.51.100.9' })).status);
    }
    assert.deepEqual(statuses, [...Array<number>(5).fill(400), ...Array<number>(FLOOD - 5).fill(429)]);
    const other = new Request('http://127.0.0.1/cache-card', { method: 'POST', headers: { host: 'a b' }, body: '{}' });
    assert.equal((await proxy(other, { clientAddress: '198.51.100.10' })).status, 400, 'another address has a count of its own');
    assert.equal(unreadableLines(logs).length, 20);
  });

  it('node:http through a Fetch-API handler of another making: the adapter logs them, 20 a minute', async () => {
    const logs: CapturedLog[] = [];
    const proxy = handler([]);
    const server = await listen(toNodeListener((request, context) => proxy(request, context), { logger: captureLogger(logs) }));
    try {
      // The adapter's throttle reads the real clock: a flood sent over n minutes has at most 20 lines for each.
      const began = Date.now();
      const statuses: number[] = [];
      for (let i = 0; i < FLOOD; i++) statuses.push(await statusOf(server.url, hostless));
      const minutes = Math.floor((Date.now() - began) / 60_000) + 1;
      assert.deepEqual(new Set(statuses), new Set([400]));
      const lines = unreadableLines(logs).length;
      assert.ok(lines >= 20 && lines <= 20 * minutes, `${lines} lines for ${FLOOD} requests over ${minutes} minute(s)`);
    } finally {
      await server.close();
    }
  });
});

describe('a hostile or compromised upstream', () => {
  let sim: RunningSimulator;
  const logs: CapturedLog[] = [];

  before(async () => {
    sim = await simulator();
  });
  after(() => sim.close());

  /** A proxy whose Alipay endpoint is `upstream`. */
  async function proxyTo(upstream: string, clientNow?: () => number) {
    const handler = createCacheCardHandler({
      alipay: alipayClient({
        endpoint: upstream,
        clientId: CLIENT_ID,
        privateKey: merchant.privateKey,
        alipayPublicKey: alipay.publicKey,
        now: clientNow,
      }),
      allowedOrigins: [ORIGIN],
      rateLimits: {
        perAddress: { limit: 0, windowMs: 60_000 },
        perCard: { limit: 0, windowMs: 60_000 },
        declinesPerAddress: { limit: 0, windowMs: 60_000 },
        global: { limit: 0, windowMs: 60_000 },
      },
      // Never the deadline: what these tests look at is what comes back, however slowly on a loaded machine.
      deadlineMs: 15_000,
      maxAttempts: 1,
      logger: captureLogger(logs),
    });
    return listen(listenerFor(handler));
  }

  it('a signed success replayed in answer to another card is never a token', async () => {
    // In the middle: passes the first request on, keeps Alipay's signed answer, and replays it to every later one.
    let recorded: { status: number; headers: Record<string, string>; body: Buffer } | undefined;
    const mitm = await listen((req, res) => {
      if (recorded) {
        req.resume();
        return void res.writeHead(recorded.status, recorded.headers).end(recorded.body);
      }
      const upstream = httpRequest(new URL(req.url!, sim.url), { method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          recorded = { status: answer.statusCode!, headers: answer.headers as Record<string, string>, body: Buffer.concat(chunks) };
          res.writeHead(recorded.status, recorded.headers).end(recorded.body);
        });
      });
      req.pipe(upstream);
    });
    const proxy = await proxyTo(mitm.url);
    try {
      const first = await post(`${proxy.url}/cache-card`, cardBody({ cardNo: '4111111111111111' }));
      assert.equal(first.status, 200);
      const replayed = await post(`${proxy.url}/cache-card`, cardBody({ cardNo: '4242424242424242' }));
      assert.equal(replayed.status, 502);
      assert.equal((await replayed.json()).error.code, 'processor_error');
      assert.equal(logs.at(-1)!.fields.reason, 'wrong_card');
      // Cards that share part of what the answer shows: each part is compared, not only one of them.
      for (const [what, cardNo] of [
        ['the same first six, other last four', luhnComplete('411111', '1234', 16)],
        ['other first six, the same last four', luhnComplete('400000', '1111', 16)],
        ['the same first six and last four, another length', luhnComplete('411111', '1111', 19)],
      ] as const) {
        const other = await post(`${proxy.url}/cache-card`, cardBody({ cardNo }));
        assert.equal(other.status, 502, what);
        assert.equal(logs.at(-1)!.fields.reason, 'wrong_card', what);
      }
      // Another shopper's card with the first six, last four and length of the first: its expiry tells it apart.
      const lookalike = cardBody({ cardNo: luhnComplete('411111', '1111', 16), expiryMonth: '09', expiryYear: '2033' });
      assert.notEqual(lookalike.paymentMethodDetail.card.cardNo, '4111111111111111');
      assert.equal((await post(`${proxy.url}/cache-card`, lookalike)).status, 502);
      assert.equal(logs.at(-1)!.fields.reason, 'wrong_card');
    } finally {
      await proxy.close();
      await mitm.close();
    }
  });

  it("sends Alipay a body it rebuilt from the checked values, never the browser's as it came", async () => {
    let received = '';
    const relay = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received = Buffer.concat(chunks).toString();
        const upstream = httpRequest(new URL(req.url!, sim.url), { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        upstream.end(received);
      });
    });
    const proxy = await proxyTo(relay.url);
    try {
      // As a browser might send it: no brand, spaces around the names, the postal code in lower case, keys in
      // another order.
      const sent = {
        paymentMethodDetail: {
          card: {
            instUserName: { lastName: ' Lovelace ', firstName: '  Ada' },
            expiryMonth: '07',
            expiryYear: '2031',
            securityCode: '123',
            billingAddress: { zipCode: 'sw1a 1aa' },
            cardNo: '4111111111111111',
          },
          paymentMethodDetailType: 'card',
        },
      };
      const answer = await post(`${proxy.url}/cache-card`, sent);
      assert.equal(answer.status, 200, await answer.clone().text());
      // The proxy's own text: the brand the number names, names trimmed, the postal code upper-cased, its key order.
      // (cardBody's order and values, with only the postal code of its address, which this proxy asks for.)
      assert.equal(received, JSON.stringify(cardBody({ billingAddress: { zipCode: 'SW1A 1AA' } })));
    } finally {
      await proxy.close();
      await relay.close();
    }
  });

  it('a validly signed answer whose card differs in one part only is never a token', async () => {
    // In the middle, holding Alipay's key (as a compromised upstream would): each answer's card edited in one place
    // and signed again, so that the check of that part alone must refuse it.
    let edit: (card: Record<string, unknown>) => void = () => undefined;
    let retime = (time: string) => time;
    const forger = await listen((req, res) => {
      const upstream = httpRequest(new URL(req.url!, sim.url), { method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString());
          if (parsed.paymentMethodDetail?.card) edit(parsed.paymentMethodDetail.card);
          const body = JSON.stringify(parsed);
          const headers = { ...answer.headers } as Record<string, string>;
          delete headers['content-length'];
          headers['response-time'] = retime(headers['response-time']!);
          const content = contentToSign('POST', new URL(req.url!, sim.url).pathname, CLIENT_ID, headers['response-time']!, body);
          headers.signature = signatureHeader(sign('sha256', Buffer.from(content), alipay.privateKey).toString('base64'));
          res.writeHead(answer.statusCode!, headers).end(body);
        });
      });
      req.pipe(upstream);
    });
    const proxy = await proxyTo(forger.url);
    try {
      // Signed again but untouched: a token. The forger's signatures are good, so each refusal below is the card's.
      assert.equal((await post(`${proxy.url}/cache-card`, cardBody())).status, 200);
      const changes: [string, (card: Record<string, unknown>) => void][] = [
        ['a mask with other first six', (card) => (card.mask = '400000******1111')],
        ['a mask with other last four', (card) => (card.mask = '411111******1234')],
        ['a mask of another length', (card) => (card.mask = '411111*********1111')],
        ['the last4 of another card', (card) => (card.last4 = '1234')],
        ['another brand', (card) => (card.brand = 'MASTERCARD')],
        // The expiry Alipay echoes: another shopper's card of the same first six and last four has its own.
        ['another expiry month', (card) => (card.expiryMonth = '08')],
        ['another expiry year', (card) => (card.expiryYear = '2032')],
        ['an expiry month that is not a number', (card) => (card.expiryMonth = 'July')],
        // What Number() reads as 7 or as year 31, but no month or year written in digits of the card's.
        ...['0x7', ' 7 ', '7.0', '07 ', '+7', '007'].map((month): [string, (card: Record<string, unknown>) => void] => [
          `month "${month}"`,
          (card) => (card.expiryMonth = month),
        ]),
        ...['2131', '1931', '031', ' 31', '31.0', '0x1f'].map((year): [string, (card: Record<string, unknown>) => void] => [
          `year "${year}"`,
          (card) => (card.expiryYear = year),
        ]),
        [
          'no last four to compare (a mask without them, no last4)',
          (card) => {
            card.mask = '411111**********';
            delete card.last4;
          },
        ],
      ];
      for (const [what, change] of changes) {
        edit = change;
        const answer = await post(`${proxy.url}/cache-card`, cardBody());
        assert.equal(answer.status, 502, what);
        assert.equal(logs.at(-1)!.fields.reason, 'wrong_card', what);
      }
      // The same expiry written another way is the same card; a part given as null is a part not given.
      edit = (card) => Object.assign(card, { expiryMonth: '7', expiryYear: '31' });
      assert.equal((await post(`${proxy.url}/cache-card`, cardBody())).status, 200, 'month 7 and year 31');
      edit = (card) => Object.assign(card, { last4: null, brand: null, expiryMonth: null });
      assert.equal((await post(`${proxy.url}/cache-card`, cardBody())).status, 200, 'parts given as null');
      // A part of another type is not skipped as if it were not there: the answer is not a cacheCard result.
      for (const [key, value] of [
        ['last4', 1111],
        ['brand', 7],
        ['expiryYear', 2031],
        ['expiryMonth', ['07']],
      ] as const) {
        edit = (card) => (card[key] = value);
        const answer = await post(`${proxy.url}/cache-card`, cardBody());
        assert.equal(answer.status, 502, key);
        assert.equal(logs.at(-1)!.fields.reason, 'bad_body', key);
      }
      // The time it was answered, in the shapes Alipay writes (its offset, or epoch milliseconds); a time without an
      // offset, or in a shape of Date's own, is no answer's time: it would be read hours off.
      edit = () => undefined;
      const now = new Date();
      for (const [time, status] of [
        [now.toISOString(), 200],
        [now.toISOString().replace('Z', '+00:00'), 200],
        [String(now.getTime()), 200],
        [now.toISOString().replace(/\.\d+Z$/, ''), 502],
        [now.toString(), 502],
        [now.toUTCString(), 502],
      ] as const) {
        retime = () => time;
        const answer = await post(`${proxy.url}/cache-card`, cardBody());
        assert.equal(answer.status, status, time);
        if (status === 502) assert.equal(logs.at(-1)!.fields.reason, 'stale_answer', time);
      }
      retime = (time) => time;
      // A token that holds the card number would put it in the page and the merchant's records.
      for (const token of ['4111111111111111', 'PYMT4111111111111111x']) {
        edit = (card) => (card.cardToken = token);
        const answer = await post(`${proxy.url}/cache-card`, cardBody());
        assert.equal(answer.status, 502, token);
        assert.deepEqual(await answer.json(), {
          error: { code: 'processor_error', message: 'Your card could not be saved. Try again later or use another card.' },
        });
        assert.equal(logs.at(-1)!.fields.reason, 'card_in_token', token);
        assert.ok(!JSON.stringify(logs).includes('4111111111111111'), 'the log has no card number');
      }
    } finally {
      await proxy.close();
      await forger.close();
    }
  });

  it("an unsigned refusal is taken as one, as Alipay's SDKs do; a badly signed one is not taken at all", async () => {
    // In the middle: passes each answer on without its signature header, or with its signature spoiled.
    const relay = (rewrite: (headers: Record<string, string | string[] | undefined>) => void) =>
      listen((req, res) => {
        const upstream = httpRequest(new URL(req.url!, sim.url), { method: req.method, headers: req.headers }, (answer) => {
          const headers = { ...answer.headers };
          rewrite(headers);
          res.writeHead(answer.statusCode!, headers as Record<string, string>);
          answer.pipe(res);
        });
        req.pipe(upstream);
      });
    const unsigned = await relay((headers) => delete headers.signature);
    const spoiled = await relay((headers) => {
      headers.signature = String(headers.signature).replace(/signature=.{8}/, 'signature=AAAAAAAA');
    });
    const [viaUnsigned, viaSpoiled] = [await proxyTo(unsigned.url), await proxyTo(spoiled.url)];
    try {
      // F: the card is refused, never a token. U: taken as U (retried, then unavailable), never a token.
      const refused = await post(`${viaUnsigned.url}/cache-card`, cardBody({ cardNo: '4000000000000002' }));
      assert.equal(refused.status, 422);
      assert.equal((await refused.json()).error.code, 'card_rejected');
      const unknown = await post(`${viaUnsigned.url}/cache-card`, cardBody({ cardNo: '4000000000000119' }));
      assert.equal(unknown.status, 503);
      assert.equal((await unknown.json()).error.code, 'processor_unavailable');
      const success = await post(`${viaUnsigned.url}/cache-card`, cardBody());
      assert.equal(success.status, 502, 'an unsigned success is never a token');
      assert.equal((await success.json()).error.code, 'processor_error');
      // A signature that is there must be right, whatever the answer says.
      const badlySigned = await post(`${viaSpoiled.url}/cache-card`, cardBody({ cardNo: '4000000000000002' }));
      assert.equal(badlySigned.status, 502);
      assert.equal((await badlySigned.json()).error.code, 'processor_error');
      assert.equal(logs.at(-1)!.fields.reason, 'bad_signature');
    } finally {
      await viaUnsigned.close();
      await viaSpoiled.close();
      await unsigned.close();
      await spoiled.close();
    }
  });

  it("a refusal's result code is logged only in the shape of one: other text could hold what the shopper typed", async () => {
    // Unsigned, as a refusal or an unknown outcome may come: anyone on the path could write it. The shopper's card
    // echoed in it, then a code of 60 KB.
    const { card } = cardBody().paymentMethodDetail;
    const echoed = `${card.cardNo} ${card.securityCode} ${card.instUserName.firstName} ${card.instUserName.lastName} ${card.billingAddress.city}`;
    let answer: { resultStatus: string; resultCode: string } = { resultStatus: 'F', resultCode: '' };
    const upstream = await listen((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: answer })));
    });
    const proxy = await proxyTo(upstream.url);
    try {
      for (const [resultStatus, status, code] of [
        ['F', 502, 'processor_error'],
        ['U', 503, 'processor_unavailable'],
      ] as const) {
        for (const resultCode of [echoed, 'A'.repeat(60_000), 'card_declined']) {
          answer = { resultStatus, resultCode };
          const refused = await post(`${proxy.url}/cache-card`, cardBody());
          assert.deepEqual([refused.status, (await refused.json()).error.code], [status, code], resultStatus);
          const line = logs.at(-1)!;
          assert.equal(line.fields.resultCode, '(not a result code)', `${resultStatus} ${resultCode.slice(0, 20)}`);
          assert.ok(line.line.length < 1_000, `a line of ${line.line.length} characters`);
        }
      }
      // A code of the spec's shape that it does not list is logged as it came, for the merchant to ask Alipay.
      answer = { resultStatus: 'F', resultCode: 'CARD_NOT_SUPPORTED' };
      await post(`${proxy.url}/cache-card`, cardBody());
      assert.equal(logs.at(-1)!.fields.resultCode, 'CARD_NOT_SUPPORTED');
      // An Alipay client of the merchant's own, which passes on what it was given: the proxy reads its code the same.
      const own = await listen(
        listenerFor(
          createCacheCardHandler({
            alipay: { cacheCard: async () => ({ kind: 'result', resultStatus: 'F', resultCode: echoed }) },
            allowedOrigins: [ORIGIN],
            logger: captureLogger(logs),
          }),
        ),
      );
      try {
        assert.equal((await post(`${own.url}/cache-card`, cardBody())).status, 502);
        assert.equal(logs.at(-1)!.fields.resultCode, '(not a result code)');
      } finally {
        await own.close();
      }
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('an answer whose response-time is not fresh, or for another client id, is never a token', async () => {
    const late = await proxyTo(sim.url, () => Date.now() + 10 * 60_000);
    const rewriter = await listen((req, res) => {
      const upstream = httpRequest(new URL(req.url!, sim.url), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, { ...answer.headers, 'client-id': 'SANDBOX_SOMEONE_ELSE' });
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    const other = await proxyTo(rewriter.url);
    try {
      const stale = await post(`${late.url}/cache-card`, cardBody());
      assert.equal(stale.status, 502);
      assert.equal(logs.at(-1)!.fields.reason, 'stale_answer');
      const wrong = await post(`${other.url}/cache-card`, cardBody());
      assert.equal(wrong.status, 502);
      assert.equal(logs.at(-1)!.fields.reason, 'wrong_client');
    } finally {
      await late.close();
      await other.close();
      await rewriter.close();
    }
  });

  it("an answer is fresh within five minutes of this machine's clock, either way, and stale past them", async () => {
    for (const [minutes, status] of [
      [4, 200],
      [-4, 200],
      [6, 502],
      [-6, 502],
    ] as const) {
      const skewed = await proxyTo(sim.url, () => Date.now() + minutes * 60_000);
      try {
        const answer = await post(`${skewed.url}/cache-card`, cardBody());
        assert.equal(answer.status, status, `this clock ${minutes} minutes off Alipay's`);
        if (status === 502) assert.equal(logs.at(-1)!.fields.reason, 'stale_answer');
      } finally {
        await skewed.close();
      }
    }
  });

  it('a redirect is never followed: the card goes nowhere else', async () => {
    let elsewhere = 0;
    const attacker = await listen((req, res) => {
      elsewhere++;
      req.resume();
      res.end('{}');
    });
    const redirecting = await listen((req, res) => {
      req.resume();
      res.writeHead(307, { location: `${attacker.url}/steal` }).end();
    });
    const proxy = await proxyTo(redirecting.url);
    try {
      const answer = await post(`${proxy.url}/cache-card`, cardBody());
      assert.equal(answer.status, 502);
      assert.equal((await answer.json()).error.code, 'processor_error');
      assert.equal(elsewhere, 0);
      assert.equal(logs.at(-1)!.fields.reason, 'redirect');
    } finally {
      await proxy.close();
      await redirecting.close();
      await attacker.close();
    }
  });

  it('an endless answer is cut off and refused', async () => {
    let written = 0;
    const endless = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const proxy = await proxyTo(endless.url);
    try {
      const answer = await post(`${proxy.url}/cache-card`, cardBody());
      assert.equal(answer.status, 502);
      assert.equal(logs.at(-1)!.fields.reason, 'too_large');
      assert.ok(written < 8 * 1024 * 1024, `${written} bytes written before the proxy stopped reading`);
    } finally {
      await proxy.close();
      await endless.close();
    }
  });

  it('an answer is read up to 64 KiB, as the README says, and refused past it, sent whole or in chunks', async () => {
    // Alipay's own answer, signed again after trailing spaces (still the same JSON) brought it to `size` bytes.
    let size = 0;
    let chunked = false;
    const padder = await listen((req, res) => {
      const upstream = httpRequest(new URL(req.url!, sim.url), { method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const body = Buffer.from(text.padEnd(size, ' '));
          assert.equal(body.length, size);
          const headers = { ...answer.headers } as Record<string, string>;
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          const content = contentToSign('POST', new URL(req.url!, sim.url).pathname, CLIENT_ID, headers['response-time']!, body.toString());
          headers.signature = signatureHeader(sign('sha256', Buffer.from(content), alipay.privateKey).toString('base64'));
          if (!chunked) headers['content-length'] = String(size);
          res.writeHead(answer.statusCode!, headers);
          if (chunked) res.write(body.subarray(0, 1000));
          res.end(chunked ? body.subarray(1000) : body);
        });
      });
      req.pipe(upstream);
    });
    const proxy = await proxyTo(padder.url);
    try {
      for (chunked of [false, true]) {
        size = 64 * 1024;
        assert.equal((await post(`${proxy.url}/cache-card`, cardBody())).status, 200, `64 KiB, chunked: ${chunked}`);
        size = 64 * 1024 + 1;
        const over = await post(`${proxy.url}/cache-card`, cardBody());
        assert.equal(over.status, 502, `64 KiB and a byte, chunked: ${chunked}`);
        assert.equal((await over.json()).error.code, 'processor_error');
        assert.equal(logs.at(-1)!.fields.reason, 'too_large');
      }
    } finally {
      await proxy.close();
      await padder.close();
    }
  });

  it('plain http to anything but this machine is refused when the client is made', () => {
    const make = (endpoint: string) => () =>
      alipayClient({ endpoint, clientId: CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey });
    assert.throws(make('http://open-sea-global.alipay.com'), /must be an https URL/);
    assert.throws(make('ftp://example.com'), /must be an https URL/);
    // A name under .localhost is resolved through DNS like any other: it may answer with any address.
    assert.throws(make('http://alipay.localhost:8788'), /must be an https URL/);
    for (const ok of ['https://open-sea-global.alipay.com', 'http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9']) make(ok)();
  });

  it('logs no card data on any path above, the replayed and refused cards included', () => {
    assert.ok(logs.length > 5, `${logs.length} lines captured`);
    assertNoCardDataLogged(logs, [...CARD_SECRETS, '4242424242424242', '4000000000000002', '4000000000000119']);
  });
});

describe('adapters and paths', () => {
  let sim: RunningSimulator;
  const servers: { close(): Promise<void> }[] = [];
  before(async () => {
    sim = await simulator();
  });
  after(async () => {
    for (const server of servers) await server.close();
    await sim.close();
  });

  function handler() {
    return createCacheCardHandler({
      alipay: alipayClient({
        endpoint: sim.url,
        clientId: CLIENT_ID,
        privateKey: merchant.privateKey,
        alipayPublicKey: alipay.publicKey,
      }),
      allowedOrigins: [ORIGIN],
      frame: { script: '/* frame */', publicOrigin: 'https://pay.example', locales: { de: '/* de */' } },
      logger: captureLogger([]),
    });
  }

  /** Sends a raw request, for what fetch() will not send (TRACE, a malformed Host). */
  function raw(url: string, text: string): Promise<string> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      import('node:net').then(({ connect }) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
        let answer = '';
        socket.on('data', (d) => (answer += d));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    });
  }

  for (const [name, mount] of [
    ['node:http', (h: ReturnType<typeof handler>) => listen(toNodeListener(h))],
    [
      'node:http through the Fetch-API handler',
      (h: ReturnType<typeof handler>) => listen(toNodeListener((request, context) => h(request, context))),
    ],
    [
      'Express',
      async (h: ReturnType<typeof handler>) => {
        const { default: express } = await import('express');
        const app = express();
        app.use('/cache-card', expressMiddleware(h));
        app.use((_req, res) => void res.status(404).json({ app: 'not found' }));
        const server = app.listen(0, '127.0.0.1');
        await new Promise((resolve) => server.once('listening', resolve));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
      },
    ],
  ] as const) {
    it(`${name}: a TRACE or a malformed Host gets a 4xx with the usual body, never a 500 or a stack trace`, async () => {
      const server = await mount(handler());
      servers.push(server);
      for (const text of [
        'TRACE /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
        'POST /cache-card HTTP/1.1\r\nHost: [not a host\r\nOrigin: https://shop.example\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
      ]) {
        const answer = await raw(server.url, text);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
        assert.ok(status >= 400 && status < 500, answer.slice(0, 200));
        assert.doesNotMatch(answer, /at .*\.(ts|js):\d+|node_modules|Error:/, 'no stack trace');
      }
    });

    it(`${name}: reads the request as Deno, Bun and Workers do: every Content-Type given, a target in absolute form`, async () => {
      const server = await mount(handler());
      servers.push(server);
      const calls = sim.calls.length;
      const body = JSON.stringify(cardBody());
      const head = (target: string, ...more: string[]) =>
        [
          `POST ${target} HTTP/1.1`,
          'Host: 127.0.0.1',
          `Origin: ${ORIGIN}`,
          ...more,
          `Content-Length: ${body.length}`,
          'Connection: close',
        ].join('\r\n');
      // Written, not ended: a client that half-closes before the answer may get none (as it may from Node).
      const sent = (text: string) => statusOf(server.url, `${text}\r\n\r\n${body}`);
      // Node keeps the first of two Content-Types; the other runtimes join them, and the proxy refuses what they join.
      assert.equal(await sent(head('/cache-card', 'Content-Type: application/json', 'Content-Type: text/plain')), 415);
      assert.equal(sim.calls.length, calls, 'the card did not reach Alipay');
      assert.equal(await sent(head(`${server.url}/cache-card`, 'Content-Type: application/json')), 200);
      assert.equal(await sent(head(`${server.url}/elsewhere`, 'Content-Type: application/json')), 404);
      // HTTP allows one Host (RFC 9112): Node keeps the first of two, which no Request can carry.
      assert.equal(await sent(head('/cache-card', 'Host: other.example', 'Content-Type: application/json')), 400);
      // A target that begins with two slashes is a path, not the name of another host.
      assert.equal(await sent(head('//127.0.0.1/cache-card', 'Content-Type: application/json')), 404);
      assert.equal(sim.calls.length, calls + 1, 'only the request in absolute form reached Alipay');
    });

    it(`${name}: only the proxy's own paths answer`, async () => {
      const server = await mount(handler());
      servers.push(server);
      const status = async (method: string, path: string) =>
        (await fetch(`${server.url}${path}`, { method, headers: { origin: ORIGIN } })).status;
      assert.equal(await status('GET', '/cache-card/frame'), 200);
      assert.equal(await status('GET', '/cache-card/frame.js'), 200);
      // A HEAD as a GET (a link checker, a CDN warming its cache), without the body.
      for (const path of ['/cache-card/frame', '/cache-card/frame.js', '/cache-card/frame.de.js']) {
        const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
        const get = await fetch(`${server.url}${path}`);
        assert.deepEqual([head.status, head.headers.get('content-type'), await head.text()], [200, get.headers.get('content-type'), '']);
        assert.equal(head.headers.get('content-security-policy'), get.headers.get('content-security-policy'));
      }
      assert.equal(await status('HEAD', '/cache-card/frame.fr.js'), 404);
      // The locale packs it was given, and nothing else of that shape.
      assert.equal(await status('GET', '/cache-card/frame.de.js'), 200);
      assert.equal(await status('GET', '/cache-card/frame.fr.js'), 404);
      assert.equal(await status('GET', '/cache-card/frame.de.js.sri'), 404);
      assert.equal(await status('GET', '/cache-card/frame.constructor.js'), 404);
      assert.equal(await status('GET', '/cache-card/frame.__proto__.js'), 404);
      // The script under the digest the page names, and no other digest.
      const page = await (await fetch(`${server.url}/cache-card/frame`)).text();
      const name = /src="(frame\.[0-9a-f]{16}\.js)"/.exec(page)![1]!;
      assert.equal(await status('GET', `/cache-card/${name}`), 200);
      const other = name.replace(/^frame\.(.)/, (_, first: string) => `frame.${first === '0' ? '1' : '0'}`);
      assert.equal(await status('GET', `/cache-card/${other}`), 404);
      assert.equal(await status('POST', '/cache-card/frame'), 404);
      assert.equal(await status('GET', '/cache-card/frame/x'), 404);
      assert.equal(await status('GET', '/cache-card/anything'), 404);
      assert.equal(await status('GET', '/cache-card'), 405);
    });
  }

  it("refuses to serve the frame on a checkout page's own origin", () => {
    assert.throws(
      () =>
        createCacheCardHandler({
          alipay: alipayClient({
            endpoint: sim.url,
            clientId: CLIENT_ID,
            privateKey: merchant.privateKey,
            alipayPublicKey: alipay.publicKey,
          }),
          allowedOrigins: [ORIGIN],
          frame: { script: '', publicOrigin: `${ORIGIN}/` },
        }),
      /isolates nothing/,
    );
  });

  it("takes the frame's posts from the configured public origin only, not from whatever Host the request names", async () => {
    const server = await listen(listenerFor(handler()));
    servers.push(server);
    const from = (origin: string, host: string) => post(`${server.url}/cache-card`, cardBody(), { origin, host });
    assert.equal((await from('https://pay.example', 'pay.example')).status, 200);
    const rebinding = await from('http://evil.example', 'evil.example');
    assert.equal(rebinding.status, 403);
    assert.equal(rebinding.headers.get('access-control-allow-origin'), null);
    assert.equal((await from('https://evil.example', 'evil.example')).status, 403);
  });
});

describe('what Node cannot read, and bodies that end too soon', () => {
  let sim: RunningSimulator;
  const servers: { close(): Promise<void> }[] = [];
  before(async () => {
    sim = await simulator();
  });
  after(async () => {
    for (const server of servers) await server.close();
    await sim.close();
  });

  function handler(logs: CapturedLog[]) {
    return createCacheCardHandler({
      alipay: alipayClient({ endpoint: sim.url, clientId: CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
      allowedOrigins: [ORIGIN],
      logger: captureLogger(logs),
    });
  }

  /** Writes `text` on a new connection and reads the answer until the server closes it. */
  function exchange(url: string, text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1', () => void socket.write(text));
      let answer = '';
      socket.on('data', (d) => (answer += d));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  const jsonError = (answer: string) => {
    const [head, body] = answer.split('\r\n\r\n');
    assert.match(head!, /content-type: application\/json/i, answer);
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head!)?.[1]), head: head!, error: JSON.parse(body!).error };
  };

  it('a client that keeps writing behind its unreadable request, while an earlier answer is held, is refused once', async () => {
    // Node's parser, once failed, reports each later chunk as another error: each must not add listeners.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let socket!: Duplex & { bytesRead: number };
    const http = createServer((req, res) => {
      req.resume();
      void held.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"held":true}'));
    });
    http.on('connection', (accepted) => (socket = accepted));
    refuseUnreadableRequests(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))) });
    const client = connect((http.address() as AddressInfo).port, '127.0.0.1');
    let answer = '';
    client.on('data', (d) => (answer += d));
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    const head = 'POST /order HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}GARBAGE \u0001\r\n';
    // Each byte sent once the server has read the last, so that each is a read of its own: one more error each.
    const readAll = async (bytes: number) => {
      while (socket?.bytesRead !== bytes) await new Promise((resolve) => setImmediate(resolve));
    };
    let sent = Buffer.byteLength(head);
    client.write(head);
    await readAll(sent);
    for (let i = 0; i < 50; i++) {
      client.write('x');
      await readAll(++sent);
    }
    assert.ok(socket.listenerCount('error') < 5, `${socket.listenerCount('error')} error listeners`);
    const response = (socket as Duplex & { _httpMessage?: { listenerCount(event: string): number } })._httpMessage!;
    assert.ok(response.listenerCount('finish') < 5, `${response.listenerCount('finish')} finish listeners`);
    release();
    await closed;
    assert.deepEqual(
      [...answer.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1]),
      ['200', '400'],
    );
  });

  for (const [name, viaFetch] of [
    ['node:http', false],
    ['node:http through the Fetch-API handler', true],
  ] as const) {
    it(`${name}: a request Node cannot parse, or too slow to arrive, gets the proxy's JSON error`, async () => {
      const h = handler([]);
      const start = async (options: ServerOptions) => {
        const http = createServer(options, toNodeListener(viaFetch ? (request, context) => h(request, context) : h));
        refuseUnreadableRequests(http);
        // A client that resets its connection as its CONNECT is answered: the socket's error must not go uncaught.
        http.on('connect', (req: IncomingMessage, socket: Duplex) => {
          if (req.url === 'reset.example:443') socket.emit('error', new Error('read ECONNRESET'));
        });
        await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
        const started = {
          url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
          close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
        };
        servers.push(started);
        return started;
      };
      // Node's own timeouts for the requests that are not about time: on a busy machine a short timeout could
      // answer 408 before the parser's error came.
      const server = await start({});
      // Short timeouts, checked often, only where the timeout is what is tested: the slow request is answered by
      // the server's own timeout within a second.
      const impatient = await start({ requestTimeout: 500, headersTimeout: 500, connectionsCheckingInterval: 50 });
      const post = 'POST /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://shop.example\r\nContent-Type: application/json\r\n';
      const cases: [string, string, number, string, { url: string }][] = [
        ['an unknown method', 'FOO /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 400, 'invalid_request', server],
        ['a negative length', `${post}Content-Length: -1\r\n\r\n{}`, 400, 'invalid_request', server],
        ['headers of 20 KB', `${post}X-Pad: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n\r\n{}`, 431, 'invalid_request', server],
        [
          'a chunk extension of 20 KB',
          `${post}Transfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`,
          413,
          'payload_too_large',
          server,
        ],
        ['a request that never ends', `${post}Content-Length: 100\r\n\r\n{"a":`, 408, 'invalid_request', impatient],
        ['CONNECT', 'CONNECT alipay.com:443 HTTP/1.1\r\nHost: alipay.com:443\r\n\r\n', 405, 'method_not_allowed', server],
      ];
      for (const [what, text, status, code, to] of cases) {
        const answer = jsonError(await exchange(to.url, text));
        assert.equal(answer.status, status, what);
        assert.equal(answer.error.code, code, what);
        assert.ok(answer.error.message.length > 0, what);
        if (code === 'method_not_allowed') assert.match(answer.head, /allow: POST, OPTIONS/i);
      }
      await exchange(server.url, 'CONNECT reset.example:443 HTTP/1.1\r\nHost: reset.example:443\r\n\r\n').catch(() => '');
      const after = jsonError(await exchange(server.url, 'FOO /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      assert.equal(after.status, 400, 'the server still answers');
      assert.equal(sim.calls.length, 0, 'nothing reached Alipay');
    });

    it(`${name}: a request pipelined behind a card gets its refusal after the card's answer, which is not lost`, async () => {
      // An Alipay of its own: the card reaches it, where the other tests here count that nothing reaches theirs.
      const alipaySim = await simulator();
      const h = createCacheCardHandler({
        alipay: alipayClient({
          endpoint: alipaySim.url,
          clientId: CLIENT_ID,
          privateKey: merchant.privateKey,
          alipayPublicKey: alipay.publicKey,
        }),
        allowedOrigins: [ORIGIN],
        logger: captureLogger([]),
      });
      const http = createServer(toNodeListener(viaFetch ? (request, context) => h(request, context) : h));
      refuseUnreadableRequests(http);
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      servers.push({ close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))) }, alipaySim);
      const body = JSON.stringify(cardBody());
      const card = `POST /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const answers = (await exchange(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, `${card}GARBAGE NONSENSE\r\n\r\n`))
        .split(/(?=HTTP\/1\.1 \d{3} )/)
        // Each answer's JSON, whether sent whole or in chunks.
        .map((answer) => ({ status: Number(answer.slice(9, 12)), body: JSON.parse(/\{.*\}/s.exec(answer)![0]) }));
      assert.equal(alipaySim.calls.length, 1, 'the card reached Alipay once');
      assert.deepEqual(
        answers.map(({ status }) => status),
        [200, 400],
      );
      assert.match(answers[0]!.body.cardToken, /^PYMT/);
      assert.equal(answers[1]!.body.error.code, 'invalid_request');
    });

    it(`${name}: a body cut off by its client is refused as the client's doing, not logged as the proxy's failure`, async () => {
      const logs: CapturedLog[] = [];
      const h = handler(logs);
      const listener = toNodeListener(viaFetch ? (request, context) => h(request, context) : h);
      let arrived!: () => void;
      const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
      let answered!: Promise<number>;
      const server = await listen((req, res) => {
        answered = listener(req, res).then(() => res.statusCode);
        arrived();
      });
      servers.push(server);
      const body = JSON.stringify(cardBody());
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(
        `POST /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 40)}`,
      );
      // The proxy has the request and is reading its body when the client goes away.
      await requestArrived;
      socket.resetAndDestroy();
      assert.equal(await answered, 400);
      assert.deepEqual(
        logs.filter((line) => line.level === 'error'),
        [],
      );
      assert.equal(sim.calls.length, 0);
      assertNoCardDataLogged(logs);
    });
  }
});
