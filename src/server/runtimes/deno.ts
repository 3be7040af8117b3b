// The card proxy on Deno: `deno run --allow-net --allow-env --allow-read=<dist> deno.ts`. Configured from the
// environment as the `cache-card-proxy` command is; FRAME_SCRIPT_FILE is the built frame script (dist/frame/frame.js),
// FRAME_LOCALES_DIR the folder of its locale packs (dist/), REDIS_URL shares the rate limits between instances (ioredis).
import { createProxyFromEnv, readFrameLocalesFrom, redisRateLimitStore } from '../index.ts';

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
  frameLocales: env.FRAME_LOCALES_DIR ? await readFrameLocalesFrom(env.FRAME_LOCALES_DIR, Deno.readTextFile) : undefined,
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
