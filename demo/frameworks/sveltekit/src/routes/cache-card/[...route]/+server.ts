// The card proxy, mounted in this app at /cache-card and its sub-paths (/cache-card/policy, /cache-card/brands),
// hence the rest parameter, which also matches nothing: its Fetch-API handler takes SvelteKit's Request as it is.
// Configured from the environment (ALIPAY_ENDPOINT, ALIPAY_CLIENT_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY,
// ALLOWED_ORIGINS...), read at the first request rather than at build time.
import { env } from '$env/dynamic/private';
import { createCacheCardHandler, readProxyConfig, type CacheCardHandler } from 'cache-card-form/server';
import type { RequestHandler } from './$types';

let handler: CacheCardHandler | undefined;

function proxy(): CacheCardHandler {
  if (!handler) {
    const config = readProxyConfig(env);
    handler = createCacheCardHandler({ alipay: config.alipay, ...config.options });
  }
  return handler;
}

export const fallback: RequestHandler = ({ request, getClientAddress }) => proxy()(request, { clientAddress: getClientAddress() });
