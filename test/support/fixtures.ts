// Keys, cards and running servers shared by the proxy and simulator tests: real RSA-2048 keys, real HTTP on loopback.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlipayClient as createNeutralClient, type AlipayClientOptions } from '../../src/server/alipay-client.ts';
import { createCacheCardHandler, type CacheCardHandler, type ProxyOptions } from '../../src/server/handler.ts';
import { toPem } from '../../src/server/keys.ts';
import type { Logger, LogFields, LogLevel } from '../../src/server/logger.ts';
import { redact, silentLogger } from '../../src/server/logger.ts';
import { createAlipayClient as createNodeClient } from '../../src/server/node-alipay.ts';
import { toNodeListener, type NodeAdapterOptions } from '../../src/server/node.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/simulator.ts';

/**
 * Which of the proxy's two paths the proxy tests run through (`fetch-path.test.ts` runs them again the other way):
 * - `node` (the default): the Node fast path: the adapter calls the core on plain values, the Alipay client signs
 *   with node:crypto and calls through node:http and a keep-alive Agent.
 * - `fetch`: the runtime-neutral path every other runtime takes: the Fetch-API handler behind Request and Response,
 *   and the Alipay client on Web Crypto and `fetch`.
 */
export const PROXY_PATH: 'node' | 'fetch' = process.env.PROXY_PATH === 'fetch' ? 'fetch' : 'node';

/** The Alipay client of the path under test. */
export const alipayClient = (options: AlipayClientOptions) =>
  PROXY_PATH === 'fetch' ? createNeutralClient(options) : createNodeClient(options);

/** The node:http listener of the path under test: straight to the core, or through the Fetch-API handler. */
export const listenerFor = (handler: CacheCardHandler, options: NodeAdapterOptions = {}) =>
  PROXY_PATH === 'fetch' ? toNodeListener((request, context) => handler(request, context), options) : toNodeListener(handler, options);

export const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
export const merchant = pair();
export const alipay = pair();
export const CLIENT_ID = 'SANDBOX_TEST_CLIENT';
export const ORIGIN = 'https://shop.example';

export function cardBody(card: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    paymentMethodDetail: {
      paymentMethodDetailType: 'card',
      card: {
        cardNo: '4111111111111111',
        brand: 'VISA',
        securityCode: '123',
        expiryYear: '2031',
        expiryMonth: '07',
        instUserName: { firstName: 'Ada', lastName: 'Lovelace' },
        billingAddress: { region: 'GB', city: 'London', zipCode: 'SW1A 1AA', address1: '1 Horse Guards Rd' },
        ...card,
      },
      ...extra,
    },
  };
}

/**
 * The settings every way of starting the proxy reads (the command's `readProxyConfig`, `createProxyFromEnv`), for
 * a proxy that calls `endpoint` with the fixtures' keys and takes the checkout's origin.
 */
export const proxySettings = (endpoint: string, privateKey: KeyObject = merchant.privateKey): Record<string, string> => ({
  ALIPAY_ENDPOINT: endpoint,
  ALIPAY_CLIENT_ID: CLIENT_ID,
  ALIPAY_PRIVATE_KEY: toPem(privateKey),
  ALIPAY_PUBLIC_KEY: toPem(alipay.publicKey),
  ALLOWED_ORIGINS: ORIGIN,
});

/** A card posted by the checkout's page, as the Fetch-API handler receives it. */
export const cardRequest = (card: unknown = cardBody()): Request =>
  new Request('http://127.0.0.1/cache-card', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify(card),
  });

/** Every value of the default card: none may appear in a log line. */
export const CARD_SECRETS = ['4111111111111111', '411111', '123', '2031', 'Ada', 'Lovelace', 'London', 'SW1A 1AA', 'Horse Guards'];

export function simulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startSimulator({ clientId: CLIENT_ID, merchantPublicKey: merchant.publicKey, privateKey: alipay.privateKey, ...options });
}

export interface CapturedLog {
  level: LogLevel;
  event: string;
  fields: Record<string, string | number>;
  line: string;
  /** The fields as the code handed them over, before redaction. */
  raw: Record<string, unknown>;
}

/**
 * Fails if a line's fields, as the code handed them to the logger (before redaction, which is tested on its own in
 * logger.test.ts), hold any of `secrets`. Numbers are the proxy's own counts and times: only a secret of six digits
 * or more is looked for in them (`"ms":1123` holds no security code).
 */
export function assertNoCardDataLogged(logs: readonly CapturedLog[], secrets: readonly string[] = CARD_SECRETS): void {
  for (const { event, raw, line } of logs) {
    for (const secret of secrets) {
      const texts = [
        event,
        ...Object.values(raw).map((value) => (typeof value === 'number' && secret.length < 6 ? '' : (JSON.stringify(value) ?? ''))),
      ];
      assert.ok(!texts.some((text) => text.includes(secret)), `"${secret}" handed to the logger in ${line}`);
    }
  }
}

/** A logger that keeps every line, as the real one would write it, so tests can read them all. */
export function captureLogger(into: CapturedLog[]): Logger {
  return {
    log(level, event, fields?: LogFields) {
      const safe = redact(fields);
      into.push({ level, event, fields: safe, line: JSON.stringify({ level, event, ...safe }), raw: { ...fields } });
    },
  };
}

export interface RunningProxy {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A rate limit turned off, an hour's window, and the header a trusted load balancer sets for a client's address. */
export const OFF = { limit: 0, windowMs: 60_000 };
export const HOUR = 3_600_000;
export const from = (address: string) => ({ 'x-forwarded-for': address });

/**
 * The proxy's Fetch-API handler in front of a simulator, in this process, with no server around it: for tests that
 * move its clock or send it tens of thousands of requests. `send(address, body?)` POSTs `body` (or, without one,
 * makes a GET, which the proxy refuses) from that client address; the answer's status.
 */
export function inProcessProxy(alipayUrl: string, options: Partial<ProxyOptions> = {}) {
  const handler = createCacheCardHandler({
    alipay: alipayClient({ endpoint: alipayUrl, clientId: CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
    allowedOrigins: [ORIGIN],
    logger: silentLogger,
    ...options,
  });
  const send = async (address: string, body?: unknown) => {
    const request = new Request('http://127.0.0.1/cache-card', {
      method: body === undefined ? 'GET' : 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await handler(request, { clientAddress: address })).status;
  };
  return { send };
}

export async function startProxy(
  alipayUrl: string,
  options: Partial<ProxyOptions> & {
    clientId?: string;
    privateKey?: KeyObject;
    alipayPublicKey?: KeyObject;
    keyVersion?: number;
    trustProxy?: boolean;
    trustedHops?: number;
  } = {},
): Promise<RunningProxy> {
  const { clientId, privateKey, alipayPublicKey, keyVersion, trustProxy, trustedHops, ...rest } = options;
  const handler = createCacheCardHandler({
    alipay: alipayClient({
      endpoint: alipayUrl,
      clientId: clientId ?? CLIENT_ID,
      privateKey: privateKey ?? merchant.privateKey,
      alipayPublicKey: alipayPublicKey ?? alipay.publicKey,
      keyVersion,
    }),
    allowedOrigins: [ORIGIN],
    ...rest,
    // Off unless a test sets one: the limits are tested on their own, and most tests send one card many times.
    rateLimits: { perAddress: OFF, perCard: OFF, declinesPerAddress: OFF, global: OFF, ...rest.rateLimits },
  });
  const server = createServer(listenerFor(handler, { trustProxy, trustedHops }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cache-card`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
