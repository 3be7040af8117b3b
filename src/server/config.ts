/**
 * The standalone proxy's configuration, read from the environment once at start-up. Anything missing or
 * unreadable is reported then, all at once, never at the first shopper.
 */
import { statSync } from 'node:fs';
import { checkAlipayEndpoint, type AlipayClient } from './alipay-client.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './body.ts';
import { createAlipayClient } from './node-alipay.ts';
import { cardChecksFromEnv } from './card-checks-env.ts';
import { normalizeOrigin, plainHttpProblem } from './cors.ts';
import type { ProxyOptions } from './handler.ts';
import type { NodeAdapterOptions } from './node.ts';
import { DEFAULT_RATE_LIMITS, rateLimitsOfCounts } from './rate-limit.ts';
import { DEFAULT_DEADLINE_MS } from './upstream.ts';
import { readFrameLocales, readFrameScript } from './frame-script.ts';
import { keyFromEnv, KeyError } from './keys.ts';
import { FINGERPRINT_SECRET_CONTENT } from './card-fingerprint.ts';
import { nodeCardFingerprinter, signContent } from './node-crypto.ts';
import type { LogLevel } from './logger.ts';

/** Every problem of a configuration at once (`problems`), thrown by `readProxyConfig` before any shopper comes. */
export class ConfigError extends Error {
  /** `'ConfigError'`. */
  override name = 'ConfigError';
  constructor(
    /** Every problem found, one sentence each; the message lists them too. */
    readonly problems: string[],
  ) {
    super(`cache-card-proxy cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** What `readProxyConfig` reads from the environment: what `npx cache-card-proxy` runs with. */
export interface ProxyConfig {
  /** LOG_LEVEL: the least level written (info, warn, error). */
  logLevel: LogLevel;
  /** REDIS_URL: rate limits shared by every instance through this Redis. */
  redisUrl?: string;
  /** PORT: the port to listen on (8787). */
  port: number;
  /** HOST: the address to listen on (0.0.0.0). */
  host: string;
  /** REQUEST_TIMEOUT_MS: the time a client has to send its whole request, headers and body. */
  requestTimeoutMs: number;
  /** The path the proxy answers under: `/cache-card`. */
  path: string;
  /** The Alipay client, from ALIPAY_ENDPOINT, ALIPAY_CLIENT_ID and the keys. */
  alipay: AlipayClient;
  /** The handler's other options: origins, brands, limits, the frame, the logger. */
  options: Omit<ProxyOptions, 'alipay'>;
  /** How the Node adapter reads the client's address (TRUST_PROXY, TRUSTED_PROXY_HOPS). */
  client: NodeAdapterOptions;
  /** Set-up that works but deserves a look, written at start-up (a key file others can read, no frame). */
  warnings: string[];
}

/**
 * The `cache-card-proxy` command's configuration from its environment variables (README, "Run the proxy"): the
 * Alipay client, the handler's options and how to read client addresses. On Node; keys from text or `*_FILE`.
 * Throws a `ConfigError` listing every problem.
 */
export function readProxyConfig(env: Record<string, string | undefined>): ProxyConfig {
  const problems: string[] = [];
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const endpoint = need('ALIPAY_ENDPOINT');
  const clientId = need('ALIPAY_CLIENT_ID');
  const origins = need('ALLOWED_ORIGINS');
  const key = (name: string, kind: 'private' | 'public') => {
    try {
      const found = keyFromEnv(env, name, kind);
      if (!found) problems.push(`${name} (or ${name}_FILE) is not set`);
      return found;
    } catch (error) {
      problems.push(error instanceof KeyError ? error.message : `${name}: unreadable`);
      return undefined;
    }
  };
  const privateKey = key('ALIPAY_PRIVATE_KEY', 'private');
  const alipayPublicKey = key('ALIPAY_PUBLIC_KEY', 'public');
  const warnings: string[] = [];
  const keyFile = env.ALIPAY_PRIVATE_KEY_FILE?.trim();
  if (keyFile && privateKey && readableByOthers(keyFile)) {
    warnings.push(`ALIPAY_PRIVATE_KEY_FILE (${keyFile}) can be read by other users of this machine: chmod 600 it`);
  }
  if (endpoint) {
    try {
      checkAlipayEndpoint(endpoint);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const insecureAllowed = env.ALLOW_INSECURE_ORIGINS === '1';
  const origin = (name: string, text: string): string | null => {
    try {
      const normalized = normalizeOrigin(text);
      const problem = plainHttpProblem(name, normalized, insecureAllowed);
      if (problem) problems.push(problem);
      return normalized;
    } catch {
      problems.push(`${name}: ${text} is not an origin like https://shop.example`);
      return null;
    }
  };
  const allowedOrigins = origins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => origin('ALLOWED_ORIGINS', o))
    .filter((o): o is string => o !== null);
  const publicOrigin = env.PUBLIC_ORIGIN?.trim() ? origin('PUBLIC_ORIGIN', env.PUBLIC_ORIGIN.trim()) : null;
  if (publicOrigin && allowedOrigins.includes(publicOrigin)) {
    problems.push(`PUBLIC_ORIGIN (${publicOrigin}) is also a checkout origin: a frame on the checkout page's own origin isolates nothing`);
  }
  if (!env.PUBLIC_ORIGIN?.trim()) warnings.push('PUBLIC_ORIGIN is not set: the isolated frame is not served (inline mode only)');
  const count = (
    name: string,
    fallback: number,
    what = 'a whole number of requests a minute (0 turns it off)',
    min = 0,
    max = Infinity,
  ) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be ${what}`);
    return n;
  };
  const perAddress = count('RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress.limit);
  const global = count('RATE_LIMIT_GLOBAL', DEFAULT_RATE_LIMITS.global.limit);
  const perCard = count(
    'RATE_LIMIT_PER_CARD',
    DEFAULT_RATE_LIMITS.perCard.limit,
    'a whole number of attempts an hour for one card (0 turns it off)',
  );
  const declinesPerAddress = count(
    'RATE_LIMIT_DECLINES_PER_ADDRESS',
    DEFAULT_RATE_LIMITS.declinesPerAddress.limit,
    "a whole number of Alipay's declines an hour for one address (0 turns it off)",
  );
  const ipv6Prefix = count('RATE_LIMIT_IPV6_PREFIX', 64, 'a prefix length from 16 to 128', 16, 128);
  const hops = count('TRUSTED_PROXY_HOPS', 1, 'the number of proxies in front of this one that append X-Forwarded-For (1 or more)', 1, 16);
  const port = count('PORT', 8787, 'a port number', 0, 65535);
  const keyVersion = count('ALIPAY_KEY_VERSION', 1, 'the version of your key at Alipay, a whole number from 1', 1);
  const deadlineMs = count(
    'DEADLINE_MS',
    DEFAULT_DEADLINE_MS,
    'the milliseconds one tokenization may take, retries included (500 to 60000)',
    500,
    60_000,
  );
  const requestTimeoutMs = count(
    'REQUEST_TIMEOUT_MS',
    DEFAULT_REQUEST_TIMEOUT_MS,
    'the milliseconds a client has to send its request (100 to 300000)',
    100,
    300_000,
  );
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['info', 'warn', 'error'].includes(logLevel)) problems.push('LOG_LEVEL must be info, warn or error');
  const checks = cardChecksFromEnv((name) => env[name]?.trim() ?? '', problems);
  if (problems.length) throw new ConfigError(problems);
  const fingerprintSecret = signContent(FINGERPRINT_SECRET_CONTENT, privateKey!);

  return {
    logLevel: logLevel as LogLevel,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    requestTimeoutMs,
    path: '/cache-card',
    client: { trustProxy: env.TRUST_PROXY === 'true', trustedHops: hops },
    warnings,
    alipay: createAlipayClient({ endpoint, clientId, privateKey: privateKey!, alipayPublicKey: alipayPublicKey!, keyVersion }),
    options: {
      allowedOrigins,
      ...checks,
      ipv6Prefix,
      deadlineMs,
      ...(publicOrigin ? { frame: { script: readFrameScript(), publicOrigin, locales: readFrameLocales() } } : {}),
      rateLimits: rateLimitsOfCounts({ perAddress, perCard, declinesPerAddress, global }),
      // The same on every instance that holds the key, on every runtime (see card-fingerprint.ts).
      cardFingerprintSecret: fingerprintSecret,
      cardFingerprinter: nodeCardFingerprinter(fingerprintSecret),
    },
  };
}

function readableByOthers(file: string): boolean {
  try {
    return (statSync(file).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}
