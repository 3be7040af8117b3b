/**
 * The proxy from a record of settings, for runtimes that have no files or Node APIs: Deno's `Deno.env`, Bun's
 * `process.env`, a Worker's `env` (secrets and text bindings). The same variables as the `cache-card-proxy` command
 * (README, "Run the proxy"), keys given as text (PEM or base64, imported once with Web Crypto), the frame script
 * given as text. Throws one error listing every problem, never at the first shopper. No `node:*` here.
 */
import { LOCALE_PACKS } from '../card/locale.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './body.ts';
import { cardChecksFromEnv } from './card-checks-env.ts';
import { FINGERPRINT_SECRET_CONTENT } from './card-fingerprint.ts';
import { checkAlipayEndpoint, createAlipayClient } from './alipay-client.ts';
import { forwardedAddress } from './client-address.ts';
import { normalizeOrigin, plainHttpProblem } from './cors.ts';
import { createCacheCardHandler, type CacheCardHandler } from './handler.ts';
import { KeyError } from './key-text.ts';
import { atLeast, consoleLogger, type Logger, type LogLevel } from './logger.ts';
import { DEFAULT_RATE_LIMITS, rateLimitsOfCounts, type RateLimitStore } from './rate-limit.ts';
import { DEFAULT_DEADLINE_MS } from './upstream.ts';
import { importPrivateKey, importPublicKey, signWithWebCrypto } from './web-crypto.ts';

/** What `createProxyFromEnv` resolves to: the handler, and how to read a request's client address. */
export interface ProxyFromEnv {
  /** The proxy as a Fetch-API handler; give it `{ clientAddress }` from `clientAddress(request, peer)`. */
  handler: CacheCardHandler;
  /** The client's address: the peer the runtime reports, or with TRUST_PROXY=true what the trusted hops appended. */
  clientAddress(request: Request, peer: string | undefined): string | undefined;
}

/**
 * The proxy from the `cache-card-proxy` command's variables in `env` (a runtime's environment, a Worker's bindings):
 * its handler, and how to read a request's client address as the variables say (`TRUST_PROXY`). Keys are given as
 * text: `*_FILE` variables are the Node command's alone, and `REDIS_URL` is not read here (pass a store built on it
 * as `extra.rateLimitStore`). Rejects with one error listing every problem.
 */
export async function createProxyFromEnv(
  env: Record<string, unknown>,
  extra: {
    /** The built frame script (`dist/frame/frame.js`) as text: needed with `PUBLIC_ORIGIN`. */
    frameScript?: string;
    /** The locale packs the frame fetches, by tag (`readFrameLocalesFrom`); without them the frame speaks English. */
    frameLocales?: Readonly<Record<string, string>>;
    /** Where the counts live (Redis, Durable Objects); in this isolate's memory by default. */
    rateLimitStore?: RateLimitStore;
    /** Where log lines go (at `LOG_LEVEL` and above); JSON lines on `console.error` by default. */
    logger?: Logger;
  } = {},
): Promise<ProxyFromEnv> {
  const text = (name: string) => (typeof env[name] === 'string' ? (env[name] as string).trim() : '');
  const problems: string[] = [];
  // The Node command reads keys from files too; here a key is given as text (a runtime may have no files).
  const fileNotRead = (name: string) =>
    text(`${name}_FILE`) ? ` (${name}_FILE is read by the Node command only: give the key itself, as text, in ${name})` : '';
  const insecureAllowed = text('ALLOW_INSECURE_ORIGINS') === '1';
  const need = (name: string) => text(name) || void problems.push(`${name} is not set${fileNotRead(name)}`) || '';
  const whole = (name: string, fallback: number, min = 0, max = Infinity) => {
    if (!text(name)) return fallback;
    const n = Number(text(name));
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be a whole number from ${min}`);
    return n;
  };
  const origin = (name: string, value: string) => {
    try {
      const normalized = normalizeOrigin(value);
      const problem = plainHttpProblem(name, normalized, insecureAllowed);
      if (problem) problems.push(problem);
      return normalized;
    } catch {
      problems.push(`${name}: ${value} is not an origin like https://shop.example`);
      return null;
    }
  };
  const key = async <T>(name: string, read: (t: string, setting: string) => Promise<T>) => {
    try {
      return await read(need(name), name);
    } catch (error) {
      if (text(name)) problems.push(error instanceof KeyError ? error.message : `${name}: unreadable`);
      return undefined;
    }
  };

  const endpoint = need('ALIPAY_ENDPOINT');
  const clientId = need('ALIPAY_CLIENT_ID');
  const allowedOrigins = need('ALLOWED_ORIGINS')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => origin('ALLOWED_ORIGINS', o))
    .filter((o): o is string => o !== null);
  const publicOrigin = text('PUBLIC_ORIGIN') ? origin('PUBLIC_ORIGIN', text('PUBLIC_ORIGIN')) : null;
  const [privateKey, alipayPublicKey] = await Promise.all([
    key('ALIPAY_PRIVATE_KEY', importPrivateKey),
    key('ALIPAY_PUBLIC_KEY', importPublicKey),
  ]);
  if (endpoint) {
    try {
      checkAlipayEndpoint(endpoint);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const checks = cardChecksFromEnv(text, problems);
  if (publicOrigin && !extra.frameScript) problems.push('PUBLIC_ORIGIN is set but no frame script was given');
  const perAddress = whole('RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress.limit);
  const global = whole('RATE_LIMIT_GLOBAL', DEFAULT_RATE_LIMITS.global.limit);
  const perCard = whole('RATE_LIMIT_PER_CARD', DEFAULT_RATE_LIMITS.perCard.limit);
  const declinesPerAddress = whole('RATE_LIMIT_DECLINES_PER_ADDRESS', DEFAULT_RATE_LIMITS.declinesPerAddress.limit);
  const ipv6Prefix = whole('RATE_LIMIT_IPV6_PREFIX', 64, 16, 128);
  const hops = whole('TRUSTED_PROXY_HOPS', 1, 1, 16);
  const deadlineMs = whole('DEADLINE_MS', DEFAULT_DEADLINE_MS, 500, 60_000);
  const keyVersion = whole('ALIPAY_KEY_VERSION', 1, 1);
  const requestTimeoutMs = whole('REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 100, 300_000);
  const logLevel = text('LOG_LEVEL') || 'info';
  if (!['info', 'warn', 'error'].includes(logLevel)) problems.push('LOG_LEVEL must be info, warn or error');
  if (problems.length) throw new Error(`cache-card-form proxy cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const handler = createCacheCardHandler({
    alipay: createAlipayClient({ endpoint, clientId, privateKey: privateKey!, alipayPublicKey: alipayPublicKey!, keyVersion }),
    allowedOrigins,
    ...checks,
    ipv6Prefix,
    deadlineMs,
    requestTimeoutMs,
    rateLimits: rateLimitsOfCounts({ perAddress, perCard, declinesPerAddress, global }),
    rateLimitStore: extra.rateLimitStore,
    // The same on every instance that holds the key, on every runtime (see card-fingerprint.ts).
    cardFingerprintSecret: await signWithWebCrypto(FINGERPRINT_SECRET_CONTENT, privateKey!),
    logger: atLeast(logLevel as LogLevel, extra.logger ?? consoleLogger()),
    ...(publicOrigin && extra.frameScript ? { frame: { script: extra.frameScript, publicOrigin, locales: extra.frameLocales } } : {}),
  });
  const trustProxy = text('TRUST_PROXY') === 'true';
  return {
    handler,
    clientAddress: (request, peer) => (trustProxy ? (forwardedAddress(request.headers.get('x-forwarded-for'), hops) ?? peer) : peer),
  };
}

/**
 * The frame's locale packs, every tag, read from `dir` (the package's `dist/`, where `cache-card-form.<tag>.js` are)
 * with the runtime's own reader: `Deno.readTextFile`, `(path) => Bun.file(path).text()`.
 */
export async function readFrameLocalesFrom(dir: string, read: (path: string) => Promise<string>): Promise<Record<string, string>> {
  const base = dir.replace(/\/+$/, '');
  return Object.fromEntries(
    await Promise.all(LOCALE_PACKS.map(async (tag) => [tag, await read(`${base}/cache-card-form.${tag}.js`)] as const)),
  );
}
