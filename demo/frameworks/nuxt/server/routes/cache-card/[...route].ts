// The card proxy, mounted in this app at /cache-card (see ../cache-card.ts) and its sub-paths (/cache-card/policy,
// /cache-card/brands): its Fetch-API handler takes the request as a web Request.
// Configured from the environment (ALIPAY_ENDPOINT, ALIPAY_CLIENT_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY,
// ALLOWED_ORIGINS...), read at the first request rather than at build time.
import { createCacheCardHandler, readProxyConfig, type CacheCardHandler } from 'cache-card-form/server';

let handler: CacheCardHandler | undefined;

function proxy(): CacheCardHandler {
  if (!handler) {
    const config = readProxyConfig(process.env);
    handler = createCacheCardHandler({ alipay: config.alipay, ...config.options });
  }
  return handler;
}

export default defineEventHandler((event) => proxy()(toWebRequest(event), { clientAddress: getRequestIP(event) }));
