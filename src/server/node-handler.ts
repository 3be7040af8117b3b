/**
 * The proxy handler on Node: the same as every runtime's, with the per-card limit's fingerprints made by node:crypto
 * (the same bytes as Web Crypto's, a tenth of the CPU). The Node build's `createCacheCardHandler`.
 */
import { createCacheCardHandler as createHandler, type CacheCardHandler, type ProxyOptions } from './handler.ts';
import { nodeCardFingerprinter } from './node-crypto.ts';

export const createCacheCardHandler = (options: ProxyOptions): CacheCardHandler =>
  createHandler({ cardFingerprinter: nodeCardFingerprinter(options.cardFingerprintSecret), ...options });
