// The proxy's suites once more, in the same `npm test`, through the runtime-neutral path: the Fetch-API handler
// behind Request and Response, the Alipay client on Web Crypto and `fetch` (what Deno, Bun and Workers run). The
// files themselves run the Node fast path; `PROXY_PATH` (read by test/support/fixtures.ts) picks the path, so it is
// set before they load.
import { describe } from 'node:test';

process.env.PROXY_PATH = 'fetch';

describe('through the Fetch-API handler, Web Crypto and fetch', async () => {
  await import('./alipay-client.test.ts');
  await import('./proxy.test.ts');
  await import('./brands.test.ts');
  await import('./card-limit.test.ts');
  await import('./decline-limit.test.ts');
  await import('./attacker.test.ts');
  await import('./load.test.ts');
  await import('./hostile.test.ts');
  await import('./adapters.test.ts');
  await import('./redis.test.ts');
  // Last: @hono/node-server puts its own Request and Response on globalThis once it serves.
  await import('./frameworks.test.ts');
});
