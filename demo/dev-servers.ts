/**
 * The demo's back end, wired into Vite's dev server: a simulator on loopback with keys made at start, and the
 * proxy mounted at `/cache-card` on the page's own origin. Nothing to configure, no account.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Plugin } from 'vite';
import { createAlipayClient } from '../src/server/alipay-client.ts';
import { createCacheCardHandler } from '../src/server/handler.ts';
import { jsonLineLogger } from '../src/server/logger.ts';
import { toNodeListener } from '../src/server/node.ts';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.ts';

export const DEMO_CLIENT_ID = 'SANDBOX_CACHE_CARD_DEMO';

export function cacheCardDemo(port: number): Plugin {
  let simulator: RunningSimulator | undefined;
  return {
    name: 'cache-card-demo',
    async configureServer(server) {
      const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
      simulator = await startSimulator({ clientId: DEMO_CLIENT_ID, merchantPublicKey: merchant.publicKey, privateKey: alipay.privateKey });
      const handler = createCacheCardHandler({
        alipay: createAlipayClient({ endpoint: simulator.url, clientId: DEMO_CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
        allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
        logger: jsonLineLogger((line) => process.stderr.write(line)),
        // The demo is for trying things: a generous limit, still on.
        rateLimits: { perAddress: { limit: 60, windowMs: 60_000 } },
      });
      const listener = toNodeListener(handler);
      server.middlewares.use('/cache-card', (req, res) => void listener(req, res));
      server.httpServer?.once('close', () => void simulator?.close());
      server.config.logger.info(`  cache-card demo: proxy at /cache-card -> simulator at ${simulator.url} (keys generated for this run)`);
    },
  };
}
