/** The server entry: the proxy handler, its adapters, the Alipay client and the pieces to assemble them. */
export {
  createCacheCardHandler,
  type CacheCardHandler,
  type ProxyCore,
  type ProxyRequest,
  type ProxyOptions,
  type RequestContext,
  type TokenizedRecord,
} from './handler.ts';
export { toNodeListener, expressMiddleware, type NodeAdapterOptions } from './node.ts';
export { createAlipayClient, type AlipayClient, type AlipayClientOptions, type AlipayAnswer } from './alipay-client.ts';
export { readPrivateKey, readPublicKey, keyFromEnv, generateRsaKeyPair, KeyError } from './keys.ts';
export { DEFAULT_RATE_LIMITS, memoryRateLimitStore, type RateLimitStore, type RateLimit } from './rate-limit.ts';
export type { ProxyAnswer } from './refusal.ts';
export { jsonLineLogger, silentLogger, type Logger, type LogFields } from './logger.ts';
export { RESULT_CODES } from './result-codes.ts';
export { readProxyConfig, ConfigError } from './config.ts';
export { readFrameScript, readFrameLocales } from './frame-script.ts';
export { framePageHtml, framePageHeaders } from './frame-page.ts';
export { redisRateLimitStore, type RedisEvalClient } from './redis-store.ts';
