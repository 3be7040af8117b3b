/**
 * The standalone proxy's configuration, read from the environment once at start-up. Anything missing or
 * unreadable is reported then, all at once, never at the first shopper.
 */
import type { BillingAddressMode } from '../card/contract.ts';
import { parseAcceptedBrands, type BrandPolicy } from '../card/brands.ts';
import { createAlipayClient, type AlipayClient } from './alipay-client.ts';
import { normalizeOrigin } from './cors.ts';
import type { ProxyOptions } from './handler.ts';
import { DEFAULT_RATE_LIMITS } from './rate-limit.ts';
import { readFrameScript } from './frame-script.ts';
import { keyFromEnv, KeyError } from './keys.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`cache-card-proxy cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface ProxyConfig {
  /** REDIS_URL: rate limits shared by every instance through this Redis. */
  redisUrl?: string;
  port: number;
  host: string;
  path: string;
  alipay: AlipayClient;
  options: Omit<ProxyOptions, 'alipay'>;
  trustProxy: boolean;
}

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
  if (endpoint && !/^https?:\/\//.test(endpoint)) problems.push(`ALIPAY_ENDPOINT must be an http(s) URL, not ${endpoint}`);
  const allowedOrigins: string[] = [];
  for (const origin of origins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)) {
    try {
      allowedOrigins.push(normalizeOrigin(origin));
    } catch {
      problems.push(`ALLOWED_ORIGINS: ${origin} is not an origin like https://shop.example`);
    }
  }
  const count = (name: string, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) problems.push(`${name} must be a whole number of requests a minute (0 turns it off)`);
    return n;
  };
  const perAddress = count('RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress.limit);
  const global = count('RATE_LIMIT_GLOBAL', DEFAULT_RATE_LIMITS.global.limit);
  const port = count('PORT', 8787);
  const billing = env.BILLING_ADDRESS?.trim() || 'none';
  if (!['full', 'postal', 'none'].includes(billing)) problems.push('BILLING_ADDRESS must be full, postal or none');
  const policy: BrandPolicy | undefined = env.ACCEPTED_BRANDS
    ? { acceptedBrands: parseAcceptedBrands(env.ACCEPTED_BRANDS), allowUnknownBrands: env.ALLOW_UNKNOWN_BRANDS === 'true' }
    : undefined;
  if (problems.length) throw new ConfigError(problems);

  return {
    redisUrl: env.REDIS_URL?.trim() || undefined,
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    path: '/cache-card',
    trustProxy: env.TRUST_PROXY === 'true',
    alipay: createAlipayClient({ endpoint, clientId, privateKey: privateKey!, alipayPublicKey: alipayPublicKey! }),
    options: {
      allowedOrigins,
      policy,
      billingAddress: billing as BillingAddressMode,
      frame: { script: readFrameScript() },
      rateLimits: {
        perAddress: { limit: perAddress, windowMs: 60_000 },
        global: { limit: global, windowMs: 60_000 },
      },
    },
  };
}
