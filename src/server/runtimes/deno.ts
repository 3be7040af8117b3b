// The card proxy on Deno: `deno run --allow-net --allow-env --allow-read=<frame.js> deno.ts`. Configured from the
// environment as the `cache-card-proxy` command is; FRAME_SCRIPT_FILE is the built frame script (dist/frame/frame.js),
// REDIS_URL shares the rate limits between instances (ioredis).
import { createProxyFromEnv, redisRateLimitStore } from '../index.ts';

declare const Deno: {
  env: { toObject(): Record<string, string> };
  readTextFile(path: string): Promise<string>;
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response>,
  ): { shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', listener: () => void): void;
  exit(code: number): never;
};

const env = Deno.env.toObject();
const redis = env.REDIS_URL ? new (await import('ioredis')).Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
const proxy = await createProxyFromEnv(env, {
  frameScript: env.FRAME_SCRIPT_FILE ? await Deno.readTextFile(env.FRAME_SCRIPT_FILE) : undefined,
  rateLimitStore: redis ? redisRateLimitStore(redis) : undefined,
});
const server = Deno.serve(
  {
    hostname: env.HOST ?? '0.0.0.0',
    port: Number(env.PORT ?? 8787),
    onListen: ({ port }) => console.error(JSON.stringify({ event: 'proxy_listening', port })),
  },
  (request, info) => proxy.handler(request, { clientAddress: proxy.clientAddress(request, info.remoteAddr.hostname) }),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  Deno.addSignalListener(signal, () => void server.shutdown().then(() => (redis?.disconnect(), Deno.exit(0))));
}
