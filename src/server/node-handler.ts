/**
 * The proxy handler on Node: the same as every runtime's, with the per-card limit's fingerprints made by node:crypto
 * (the same bytes as Web Crypto's, a tenth of the CPU). The Node build's `createCacheCardHandler`.
 */
import { createCacheCardHandler as createHandler, type CacheCardHandler, type ProxyOptions } from './handler.ts';
import { nodeCardFingerprinter } from './node-crypto.ts';

/**
 * The card proxy as a Fetch-API handler (see the runtime-neutral `createCacheCardHandler`), with node:crypto's card
 * fingerprints; mount it with `toNodeListener` or `expressMiddleware`.
 */
export const createCacheCardHandler = (options: ProxyOptions): CacheCardHandler =>
  createHandler({ cardFingerprinter: nodeCardFingerprinter(options.cardFingerprintSecret), ...options });
