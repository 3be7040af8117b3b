// The tokenization suite, the same on every runtime: the runtime's own entry started once as a real process, the
// simulator in this (Node) process, the keys in the layouts Alipay's SDKs hand out (the merchant's as PKCS#1 PEM,
// Alipay's as bare base64 SPKI). Success, every refusal, the simulator's faults, the frame page and its headers, its
// locale packs, the policy and the BIN lookup, and the per-address limit (in Redis on Node, Deno and Bun when
// redis-server is installed; in a Durable Object on workerd).
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.ts';
import { assertFramePageHeaders } from '../support/frame-headers.ts';
import { binary, FRAME_LOCALES_DIR, FRAME_SCRIPT, launch, startRedis, type RunningRuntime, type Runtime } from './launch.ts';

const ORIGIN = 'https://shop.example';
const FRAME_ORIGIN = 'https://pay.example';
const CLIENT_ID = 'SANDBOX_RUNTIMES';

// securityCode null: a card sent without one.
const card = (cardNo = '4111111111111111', brand = 'VISA', securityCode: string | null = '123') => ({
  paymentMethodDetail: {
    paymentMethodDetailType: 'card',
    card: {
      cardNo,
      brand,
      securityCode: securityCode ?? undefined,
      expiryYear: '2031',
      expiryMonth: '07',
      instUserName: { firstName: 'Ada', lastName: 'Lovelace' },
      billingAddress: { region: 'GB', zipCode: 'SW1A 1AA' },
    },
  },
});

/** One request written as it is, Host and all (fetch writes its own); what came back, read until the server closes. */
function rawRequest(port: number, head: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`${head}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`),
    );
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer within 10 s:\n${text}`)));
    socket.on('data', (chunk: Buffer) => (text += chunk));
    // A runtime that refuses a request may close before reading all of it, and the close arrives as a reset after
    // its answer: the answer read by then is the one to judge.
    socket.on('error', (error) => (/^HTTP\/1\.[01] \d{3}/.test(text) ? socket.destroy() : reject(error)));
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
  });
}

const NO_REDIS = 'redis-server is not installed (npm test installs it on Debian as root)';

export function runtimeSuite(runtime: Runtime): void {
  const missing = binary(runtime) ? false : `no ${runtime} binary for ${process.platform}-${process.arch}`;
  // On CI a runtime that cannot run is a failure, not a skip.
  describe(`the proxy on ${runtime}`, { skip: missing && !process.env.CI ? missing : false }, () => {
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let sim: RunningSimulator;
    let proxy: RunningRuntime;
    let redis: Awaited<ReturnType<typeof startRedis>> = null;
    // Each test is a shopper of its own: an address a load balancer (or Cloudflare's edge) reports for it.
    let shopper = 0;
    const nextAddress = () => `198.51.100.${++shopper}`;
    /** A raw request's address lines: the one each runtime reads (behind TRUST_PROXY, or workerd's edge header). */
    const addressHeaders = (address: string) => `X-Forwarded-For: ${address}\r\nCF-Connecting-IP: ${address}\r\n`;

    before(async () => {
      sim = await startSimulator({
        clientId: CLIENT_ID,
        merchantPublicKey: merchant.publicKey,
        privateKey: alipay.privateKey,
        // Far beyond the deadline, and the deadline far beyond any answer on a loaded machine: no race between them.
        slowMs: 60_000,
      });
      if (runtime !== 'workerd') redis = await startRedis();
      proxy = await launch(runtime, {
        ALIPAY_ENDPOINT: sim.url,
        ALIPAY_CLIENT_ID: CLIENT_ID,
        ALIPAY_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
        ALIPAY_PUBLIC_KEY: alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        ALLOWED_ORIGINS: ORIGIN,
        PUBLIC_ORIGIN: FRAME_ORIGIN,
        FRAME_SCRIPT_FILE: FRAME_SCRIPT,
        FRAME_LOCALES_DIR,
        BILLING_ADDRESS: 'postal',
        ACCEPTED_BRANDS: 'VISA, MASTERCARD, CARTES_BANCAIRES',
        REQUIRE_SECURITY_CODE: 'true',
        DEADLINE_MS: '5000',
        RATE_LIMIT_PER_ADDRESS: '5',
        RATE_LIMIT_GLOBAL: '1000',
        // Above the times the tests before the per-card one send their card.
        RATE_LIMIT_PER_CARD: '25',
        // Above the declines the fault test has from each of its addresses.
        RATE_LIMIT_DECLINES_PER_ADDRESS: '2',
        // Far above what any test above takes to send its request, far below what the trickle below would.
        REQUEST_TIMEOUT_MS: '3000',
        TRUST_PROXY: 'true',
        ...(redis ? { REDIS_URL: redis.url } : {}),
      });
    });
    after(async () => {
      if (process.env.SHOW_LOG) console.log(proxy?.log());
      await proxy?.stop();
      redis?.stop();
      await sim?.close();
    });

    // Node, Deno and Bun count in Redis: without a redis-server, their limit tests are skipped, saying so.
    const withoutRedis = () => runtime !== 'workerd' && !redis;
    const send = async (body: unknown, { headers = {}, method = 'POST', path = '', address = nextAddress() } = {}) => {
      const response = await fetch(`${proxy.url}${path}`, {
        method,
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          'x-forwarded-for': address,
          'cf-connecting-ip': address,
          ...headers,
        },
        body: method === 'GET' || method === 'OPTIONS' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let json: { cardToken?: string; mask?: string; error?: { code: string } } = {};
      try {
        json = JSON.parse(text);
      } catch {
        // the frame page and script are not JSON
      }
      return { status: response.status, headers: response.headers, json, text };
    };

    it('tokenizes a card: signed on the way out, the answer verified on the way back', async () => {
      const { status, json, headers } = await send(card());
      assert.equal(status, 200, JSON.stringify(json) + proxy.log());
      assert.match(json.cardToken!, /^PYMT[0-9a-f]{32}$/);
      assert.equal(json.mask, '411111******1111');
      assert.equal(headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(headers.get('cache-control'), 'no-store');
    });

    it('answers a CORS preflight from an allowed origin', async () => {
      const { status, headers } = await send(null, { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
      assert.equal(status, 204);
      assert.match(headers.get('access-control-allow-methods') ?? '', /POST/);
    });

    it('refuses every bad request before it reaches Alipay, each with its status and code', async () => {
      const calls = sim.calls.length;
      const cases: [string, Awaited<ReturnType<typeof send>>, number, string][] = [
        ['an invalid card', await send(card('4111111111111112')), 422, 'invalid_card'],
        ['another origin', await send(card(), { headers: { origin: 'https://evil.example' } }), 403, 'origin_not_allowed'],
        ['a GET', await send(null, { method: 'GET' }), 405, 'method_not_allowed'],
        ['plain text', await send(card(), { headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type'],
        ['not JSON', await send('{"paymentMethodDetail":'), 400, 'invalid_request'],
        ['not the contract', await send({ hello: 'world' }), 400, 'invalid_request'],
        ['too large', await send({ padding: 'x'.repeat(20_000) }), 413, 'payload_too_large'],
        ['another path', await send(card(), { path: '/elsewhere' }), 404, 'not_found'],
      ];
      for (const [name, answer, status, code] of cases)
        assert.deepEqual([name, answer.status, answer.json.error?.code], [name, status, code]);
      assert.equal(sim.calls.length, calls, 'none reached Alipay');
    });

    it("turns the simulator's faults into the shopper's errors", async () => {
      const faults: [string, string, number, string][] = [
        ['a success signed with the wrong key', '4000000000000275', 502, 'processor_error'],
        ['a success with no signature', '4000000000000283', 502, 'processor_error'],
        ['a refusal (F PARAM_ILLEGAL)', '4000000000000002', 422, 'card_rejected'],
        ['HTTP 500', '4000000000000291', 502, 'processor_unreachable'],
        ['no answer within the deadline', '4000000000000259', 504, 'processor_timeout'],
      ];
      for (const [name, cardNo, status, code] of faults) {
        const answer = await send(card(cardNo));
        assert.deepEqual([name, answer.status, answer.json.error?.code], [name, status, code]);
      }
    });

    it('serves the isolated frame with its headers, and takes its posts from the frame origin', async () => {
      const page = await send(null, { method: 'GET', path: '/frame' });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      // Every header the README lists for the page, whole, as the Node command's test has them (cli.test.ts).
      assertFramePageHeaders(page.headers, [ORIGIN], `the frame page on ${runtime}`);
      // The page names its script by a digest of its content, which browsers may keep for good.
      const name = /<script src="(frame\.[0-9a-f]{16}\.js)"/.exec(page.text)?.[1];
      assert.ok(name, page.text);
      const script = await send(null, { method: 'GET', path: `/${name}` });
      assert.equal(script.status, 200);
      assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.ok(script.text.length > 1000);
      const plain = await send(null, { method: 'GET', path: '/frame.js' });
      assert.equal(plain.text, script.text);
      assert.equal(plain.headers.get('cache-control'), 'no-cache');
      const fromFrame = await send(card(), { headers: { origin: FRAME_ORIGIN } });
      assert.equal(fromFrame.status, 200);
    });

    it('publishes its policy (GET /policy) and the networks a BIN can be paid on (POST /brands)', async () => {
      const policy = await send(null, { method: 'GET', path: '/policy' });
      assert.equal(policy.status, 200, policy.text + proxy.log());
      assert.equal(policy.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(policy.headers.get('cache-control') ?? '', /max-age=\d+/);
      assert.deepEqual(JSON.parse(policy.text), {
        acceptedBrands: ['VISA', 'MASTERCARD', 'CARTES_BANCAIRES'],
        allowUnknownBrands: false,
        billingAddress: 'postal',
        requireSecurityCode: true,
      });
      const elsewhere = await send(null, { method: 'GET', path: '/policy', headers: { origin: 'https://evil.example' } });
      assert.equal(elsewhere.status, 403);
      const cobadged = await send({ bin: '40000025' }, { path: '/brands' });
      assert.deepEqual([cobadged.status, JSON.parse(cobadged.text)], [200, { networks: ['CARTES_BANCAIRES', 'VISA'] }]);
      const amex = await send({ bin: '378282' }, { path: '/brands' });
      assert.deepEqual(JSON.parse(amex.text), { networks: [] }, 'Amex is not taken here');
      assert.equal((await send({ bin: '4111111111111111' }, { path: '/brands' })).status, 400, 'never a whole card number');
    });

    it('refuses a brand the merchant does not take, and a card without the security code it requires', async () => {
      const calls = sim.calls.length;
      const amex = await send(card('378282246310005', 'AMEX', '1234'));
      assert.equal(amex.status, 422, amex.text);
      assert.equal(amex.json.error?.code, 'invalid_card');
      const noCode = await send(card('4111111111111111', 'VISA', null));
      assert.equal(noCode.status, 422, noCode.text);
      assert.deepEqual((JSON.parse(noCode.text) as { error: { fields: unknown } }).error.fields, [
        { field: 'securityCode', problem: 'required' },
      ]);
      assert.equal(sim.calls.length, calls, 'neither reached Alipay');
    });

    it("serves the frame's locale packs, one route each, and nothing else under /frame", async () => {
      const de = await send(null, { method: 'GET', path: '/frame.de.js' });
      assert.equal(de.status, 200);
      assert.equal(de.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(de.text, readFileSync(join(FRAME_LOCALES_DIR, 'cache-card-form.de.js'), 'utf8'));
      assert.equal((await send(null, { method: 'GET', path: '/frame.xx.js' })).status, 404);
    });

    it('limits one address to 5 a minute (in Redis, or a Durable Object on workerd)', async (t) => {
      if (withoutRedis()) return t.skip(NO_REDIS);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await send(card(), { address: '192.0.2.77' })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      const refused = await send(card(), { address: '192.0.2.77' });
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal((await send(card(), { address: '192.0.2.78' })).status, 200, 'another address has its own count');
      if (redis) {
        const client = new Redis(redis.url);
        try {
          assert.equal(await client.get('cache-card:address:192.0.2.77'), '8');
        } finally {
          client.disconnect();
        }
      }
    });

    it('limits one card to 25 an hour from any address, keyed by a fingerprint (in Redis, or a Durable Object)', async (t) => {
      if (withoutRedis()) return t.skip(NO_REDIS);
      const statuses: number[] = [];
      for (let i = 0; i < 27; i++) statuses.push((await send(card('5555555555554444', 'MASTERCARD'))).status);
      assert.deepEqual(statuses, [...Array<number>(25).fill(200), 429, 429]);
      assert.equal((await send(card('2223003122003222', 'MASTERCARD'))).status, 200, 'another card has its own count');
      if (redis) {
        const client = new Redis(redis.url);
        try {
          const keys = await client.keys('cache-card:card:*');
          assert.ok(keys.length >= 2, keys.join());
          for (const key of keys) assert.doesNotMatch(key, /5555555555554444|555555|4444|2223003122003222/);
        } finally {
          client.disconnect();
        }
      }
    });

    it("stops an address's cards after 2 of Alipay's declines an hour (in Redis, or a Durable Object)", async (t) => {
      if (withoutRedis()) return t.skip(NO_REDIS);
      const calls = sim.calls.length;
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await send(card('4000000000000002'), { address: '192.0.2.90' })).status);
      assert.equal(sim.calls.length, calls + 2);
      statuses.push((await send(card(), { address: '192.0.2.90' })).status);
      assert.deepEqual(statuses, [422, 422, 429]);
      assert.equal(sim.calls.length, calls + 2, 'the third did not reach Alipay');
      assert.equal((await send(card(), { address: '192.0.2.91' })).status, 200, 'another address has its own count');
      if (redis) {
        const client = new Redis(redis.url);
        try {
          assert.equal(await client.get('cache-card:declines:192.0.2.90'), '2');
        } finally {
          client.disconnect();
        }
      }
    });

    it('refuses a request whose Host names no host as invalid_request: never a 500, an error page or a stack trace', async () => {
      // A browser never sends these; a client writing its own request can. The runtime builds the Request's URL from
      // the Host (Bun from its path alone when the Host is unusable), and the proxy must answer as Node's adapter does.
      const port = Number(new URL(proxy.url).port);
      const body = JSON.stringify(card());
      const calls = sim.calls.length;
      // An address of its own each, as the runtime reads it (workerd: CF-Connecting-IP): such a request counts.
      const request = (host: string) =>
        `POST /cache-card HTTP/1.1\r\n${host}Origin: ${ORIGIN}\r\nContent-Type: application/json\r\n${addressHeaders(nextAddress())}`;
      for (const host of ['a b', 'shop.example:99999', 'shop.example@evil.example', 'shop.example/path']) {
        const answer = await rawRequest(port, request(`Host: ${host}\r\n`), body);
        const json = answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4);
        assert.deepEqual([host, answer.status, /"code":"(\w+)"/.exec(json)?.[1]], [host, 400, 'invalid_request'], answer.text);
      }
      // Two Hosts (HTTP allows one): refused, by the runtime itself or by the proxy, never read as either of them.
      const twice = await rawRequest(port, request('Host: 127.0.0.1\r\nHost: other.example\r\n'), body);
      assert.ok(twice.status >= 400 && twice.status < 500, twice.text);
      assert.equal(sim.calls.length, calls, 'none reached Alipay');
      // HTTP/1.0 needs no Host: such a request is read, or refused by the runtime itself, never failed.
      const plain = await rawRequest(port, request('').replace('HTTP/1.1', 'HTTP/1.0'), body);
      assert.ok(plain.status >= 200 && plain.status < 500, plain.text);
      assert.doesNotMatch(proxy.log(), /Invalid URL|Uncaught|\n\s+at /);
    });

    it('refuses a body that names a key twice (and, but on workerd, one framed by a length and chunks); answers a HEAD on the frame', async () => {
      const port = Number(new URL(proxy.url).port);
      const calls = sim.calls.length;
      // The card number twice: JSON.parse keeps the second, a gateway in front may keep the first.
      const twice = JSON.stringify(card()).replace('"cardNo"', '"cardNo":"5555555555554444","cardNo"');
      const repeated = await send(twice);
      assert.deepEqual([repeated.status, repeated.json.error?.code], [400, 'invalid_request'], repeated.text);
      assert.equal(sim.calls.length, calls, 'it did not reach Alipay');
      // Content-Length and Transfer-Encoding both (a smuggled request's shape): Node, Deno and Bun refuse it
      // themselves, with an answer of their own. workerd reads it, and gives the Worker one of the two headers only,
      // so the proxy cannot tell (on Cloudflare, the edge reads the request first).
      if (runtime !== 'workerd') {
        const body = JSON.stringify(card());
        const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
        const head = `POST /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\n`;
        const framedTwice = await rawRequest(port, `${head}${addressHeaders(nextAddress())}Transfer-Encoding: chunked\r\n`, chunked);
        assert.equal(framedTwice.status, 400, framedTwice.text);
        assert.equal(sim.calls.length, calls, 'it did not reach Alipay');
      }
      const page = await fetch(`${proxy.url}/frame`, { method: 'HEAD' });
      assert.deepEqual([page.status, page.headers.get('content-type'), await page.text()], [200, 'text/html; charset=utf-8', '']);
    });

    it('cuts off a client that trickles its body, after REQUEST_TIMEOUT_MS, with its JSON 408', async () => {
      // A slow-request flood: the headers and most of the body at once, then a byte every 200 ms, so that the request
      // would end 20 s later. Node's server times it out; the other runtimes' servers wait for it for ever (Bun cuts
      // it off after 10 s of its own, with no answer).
      const port = Number(new URL(proxy.url).port);
      const body = JSON.stringify(card());
      const held = 100;
      const calls = sim.calls.length;
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        let trickle: NodeJS.Timeout | undefined;
        let sent = body.length - held;
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            `POST /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\n` +
              `${addressHeaders(nextAddress())}Content-Length: ${body.length}\r\n\r\n${body.slice(0, sent)}`,
          );
          trickle = setInterval(() => socket.writable && sent < body.length && socket.write(body[sent++]!), 200);
        });
        let text = '';
        socket.setTimeout(15_000, () => socket.destroy());
        socket
          .on('data', (chunk: Buffer) => {
            text += chunk;
            // Node answers and closes; a runtime may keep the connection for what is still to come.
            if (/\r\n\r\n[^]*\}\}$/.test(text)) socket.destroy();
          })
          .on('close', () => (clearInterval(trickle), resolve(text)))
          .on('error', (error) => (clearInterval(trickle), reject(error)));
      });
      assert.match(answer, /^HTTP\/1\.1 408 /, `after ${Date.now() - started} ms: ${answer}`);
      assert.match(answer, /"code":"invalid_request"/);
      assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
      assert.equal(sim.calls.length, calls, 'nothing reached Alipay');
    });

    it('writes no card data to its log, on any request above', () => {
      const log = proxy.log();
      assert.match(log, /"event":"tokenized"/);
      for (const secret of ['4111111111111111', '4111111111111112', '378282246310005', '5555555555554444', 'Ada', 'Lovelace', 'SW1A 1AA'])
        assert.ok(!log.includes(secret), `the ${runtime} proxy's log holds "${secret}"`);
      // The text of each log line (its numbers are its own: durations, statuses).
      const texts = log.split('\n').flatMap((line) => {
        try {
          return Object.values(JSON.parse(line) as Record<string, unknown>).filter((value) => typeof value === 'string');
        } catch {
          return [];
        }
      });
      assert.ok(texts.length > 0);
      // The expiry year and the security codes too, where a duration or a port could not hold their digits by chance.
      for (const text of texts) assert.doesNotMatch(text, /\b(123|1234|2031)\b|411111/);
    });

    it("without TRUST_PROXY, counts the runtime's own client address (workerd: CF-Connecting-IP), never X-Forwarded-For", async () => {
      const own = await launch(runtime, {
        ALIPAY_ENDPOINT: sim.url,
        ALIPAY_CLIENT_ID: CLIENT_ID,
        ALIPAY_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
        ALIPAY_PUBLIC_KEY: alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        ALLOWED_ORIGINS: ORIGIN,
        RATE_LIMIT_PER_ADDRESS: '2',
        RATE_LIMIT_PER_CARD: '0',
      });
      try {
        const statuses: number[] = [];
        // One client (loopback; on workerd, what Cloudflare's edge reports), each time claiming another address.
        for (let i = 1; i <= 3; i++) {
          const response = await fetch(own.url, {
            method: 'POST',
            headers: {
              origin: ORIGIN,
              'content-type': 'application/json',
              'x-forwarded-for': `203.0.113.${i}`,
              'cf-connecting-ip': '192.0.2.200',
            },
            body: JSON.stringify(card()),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
        assert.deepEqual(statuses, [200, 200, 429]);
      } finally {
        await own.stop();
      }
    });
  });
}
