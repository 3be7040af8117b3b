// The proxy in a process of its own for the benchmark: an HTTP server on loopback, limits off, or (LIMITS=on) with
// the default limits and the client's address taken from X-Forwarded-For, as behind a load balancer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { readPrivateKey, readPublicKey } from '../../src/server/keys.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { toNodeListener } from '../../src/server/node.ts';

const env = process.env;
const handler = createCacheCardHandler({
  alipay: createAlipayClient({
    endpoint: env.ALIPAY_ENDPOINT!,
    clientId: env.ALIPAY_CLIENT_ID!,
    privateKey: readPrivateKey(env.ALIPAY_PRIVATE_KEY!),
    alipayPublicKey: readPublicKey(env.ALIPAY_PUBLIC_KEY!),
  }),
  allowedOrigins: ['https://shop.example'],
  ...(env.LIMITS === 'on' ? {} : { rateLimits: { perAddress: { limit: 0, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } } }),
  logger: silentLogger,
});
const server = createServer(toNodeListener(handler, { trustProxy: env.LIMITS === 'on' })).listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ memory: process.memoryUsage() });
  }
  if (message.type === 'stop') server.close(() => process.exit(0));
});
