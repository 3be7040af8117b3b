/**
 * The server entry on every runtime (Node, Deno, Bun, Workers): the proxy handler, the Alipay client on Web Crypto
 * and `fetch`, keys from PEM or base64, the rate-limit stores. Nothing it imports uses `node:*`. On Node the
 * package resolves `cache-card-form/server` to `node-index.ts` instead: all of this, plus the Node adapters and
 * Node's faster signer and transport.
 */
export {
  createCacheCardHandler,
  type CacheCardHandler,
  type ProxyCore,
  type ProxyRequest,
  type ProxyOptions,
  type RequestContext,
  type TokenizedRecord,
} from './handler.ts';
export { createAlipayClient, type AlipayClient, type AlipayClientOptions, type AlipayAnswer, type CachedCard } from './alipay-client.ts';
export { fetchTransport, type AlipayTransport, type TransportRequest, type TransportResponse } from './transport.ts';
export { importPrivateKey, importPublicKey, webCryptoSigner, type AmsSigner, type RsaKeyInput } from './web-crypto.ts';
export { KeyError } from './key-text.ts';
export {
  DEFAULT_RATE_LIMITS,
  memoryRateLimitStore,
  type RateLimit,
  type RateLimitHit,
  type RateLimits,
  type RateLimitStore,
  type StoreHit,
} from './rate-limit.ts';
export { Refusal, type ProxyAnswer, type RefusalDetail } from './refusal.ts';
export { jsonLineLogger, silentLogger, type Logger, type LogFields } from './logger.ts';
export { RESULT_CODES, type Outcome, type TransportFailure } from './result-codes.ts';
export type { BrandPolicy } from '../card/brands.ts';
export { framePageHtml, framePageHeaders } from './frame-page.ts';
export { redisRateLimitStore, type RedisEvalClient } from './redis-store.ts';
export { createProxyFromEnv, readFrameLocalesFrom, type ProxyFromEnv } from './from-env.ts';
export type { BrandLookup } from './brand-lookup.ts';
