// The card proxy, mounted in this app at /cache-card and its sub-paths (/cache-card/policy, /cache-card/brands),
// hence the optional catch-all folder: its Fetch-API handler takes the route's Request as it is.
// Configured from the environment (ALIPAY_ENDPOINT, ALIPAY_CLIENT_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY,
// ALLOWED_ORIGINS...), read at the first request rather than at build time. Next.js gives a route no client
// address: behind a load balancer, pass the address it appends to X-Forwarded-For as `clientAddress`.
import { createCacheCardHandler, readProxyConfig, type CacheCardHandler } from 'cache-card-form/server';

let handler: CacheCardHandler | undefined;

function proxy(): CacheCardHandler {
  if (!handler) {
    const config = readProxyConfig(process.env);
    handler = createCacheCardHandler({ alipay: config.alipay, ...config.options });
  }
  return handler;
}

export const POST = (request: Request) => proxy()(request);
export const GET = POST;
export const OPTIONS = POST;
