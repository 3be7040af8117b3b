/** `cache-card-proxy`: the proxy as a standalone server, configured from the environment. */
import { createServer } from 'node:http';
import { readProxyConfig, ConfigError } from './config.ts';
import { createCacheCardHandler } from './node-handler.ts';
import { atLeast, jsonLineLogger } from './logger.ts';
import { refuseUnreadableRequests, toNodeListener } from './node.ts';
import { redisRateLimitStore } from './redis-store.ts';
import type { RateLimitStore } from './rate-limit.ts';

const write = (line: string) => void process.stderr.write(line);

let config;
try {
  config = readProxyConfig(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.stderr.write('See the README, "Run the proxy", for every variable.\n');
  process.exit(1);
}

const allLines = jsonLineLogger(write);
// LOG_LEVEL=warn leaves out the line per tokenization; the start-up lines (the configuration's warnings and
// proxy_listening) are written whatever the level.
const logger = atLeast(config.logLevel, allLines);
let rateLimitStore: RateLimitStore | undefined;
if (config.redisUrl) {
  // ioredis is an optional peer dependency: only a proxy that shares its limits through Redis needs it.
  const { Redis } = await import('ioredis').catch(() => {
    process.stderr.write('REDIS_URL is set but ioredis is not installed: npm install ioredis\n');
    process.exit(1);
  });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: true });
  try {
    await redis.connect();
  } catch {
    process.stderr.write('cache-card-proxy cannot start: REDIS_URL does not answer\n');
    process.exit(1);
  }
  rateLimitStore = redisRateLimitStore(redis);
}
const handler = createCacheCardHandler({ ...config.options, alipay: config.alipay, logger, rateLimitStore });
const listener = toNodeListener(handler, { ...config.client, logger });
// Said once, at start, and about what the operator must fix (a key other users can read): LOG_LEVEL=error keeps them.
for (const warning of config.warnings) allLines.log('warn', 'config_warning', { reason: warning });
// Node checks its timeouts every `connectionsCheckingInterval` (30 s by default): a short timeout is checked often.
const timeouts = {
  // A request without a Host is answered by the proxy, with its JSON error, not by Node with an empty 400.
  requireHostHeader: false,
  requestTimeout: config.requestTimeoutMs,
  headersTimeout: config.requestTimeoutMs,
  connectionsCheckingInterval: Math.min(30_000, Math.ceil(config.requestTimeoutMs / 4)),
};
const server = createServer(timeouts, (req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD'))
    return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  // Everything else goes to the proxy, which answers its own paths and 404s the rest.
  void listener(req, res);
});
refuseUnreadableRequests(server);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  allLines.log('info', 'proxy_listening', { reason: `POST http://${config.host}:${port}${config.path}` });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
