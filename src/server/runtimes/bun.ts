// The card proxy on Bun: `bun --no-env-file bun.ts`. Configured from the environment as the `cache-card-proxy`
// command is; FRAME_SCRIPT_FILE is the built frame script (dist/frame/frame.js), FRAME_LOCALES_DIR the folder of its
// locale packs (dist/), REDIS_URL shares the rate limits between instances (ioredis).
import { createProxyFromEnv, readFrameLocalesFrom, redisRateLimitStore } from '../index.ts';

declare const Bun: {
  env: Record<string, string | undefined>;
  file(path: string): { text(): Promise<string> };
  serve(options: {
    hostname: string;
    port: number;
    fetch(request: Request, server: { requestIP(request: Request): { address: string } | null }): Promise<Response>;
  }): { port: number; stop(closeActive?: boolean): void };
};

const env = Bun.env;
const redis = env.REDIS_URL ? new (await import('ioredis')).Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 }) : undefined;
const proxy = await createProxyFromEnv(env, {
  frameScript: env.FRAME_SCRIPT_FILE ? await Bun.file(env.FRAME_SCRIPT_FILE).text() : undefined,
  frameLocales: env.FRAME_LOCALES_DIR ? await readFrameLocalesFrom(env.FRAME_LOCALES_DIR, (path) => Bun.file(path).text()) : undefined,
  rateLimitStore: redis ? redisRateLimitStore(redis) : undefined,
});
const server = Bun.serve({
  hostname: env.HOST ?? '0.0.0.0',
  port: Number(env.PORT ?? 8787),
  fetch: (request, bun) => proxy.handler(request, { clientAddress: proxy.clientAddress(request, bun.requestIP(request)?.address) }),
});
console.error(JSON.stringify({ event: 'proxy_listening', port: server.port }));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.stop(true);
    redis?.disconnect();
    process.exit(0);
  });
}
