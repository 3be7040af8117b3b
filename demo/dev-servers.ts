/**
 * The demo's back end, wired into Vite's dev server: a simulator on loopback with keys made at start, and the
 * proxy mounted at `/cache-card` on the page's own origin. Nothing to configure, no account.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Plugin } from 'vite';
import { createAlipayClient } from '../src/server/alipay-client.ts';
import { createCacheCardHandler } from '../src/server/handler.ts';
import { jsonLineLogger } from '../src/server/logger.ts';
import { readFrameScript } from '../src/server/frame-script.ts';
import { toNodeListener } from '../src/server/node.ts';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.ts';

export const DEMO_CLIENT_ID = 'SANDBOX_CACHE_CARD_DEMO';

/**
 * Also starts the isolated mode's proxy on the next port: another origin than the page's, as in production,
 * where it serves the card frame and takes the card. It allows only http://localhost:<port>, so the same page
 * opened at http://127.0.0.1:<port> shows what a page on an origin not allowed gets: nothing.
 */
export function cacheCardDemo(port: number): Plugin {
  let simulator: RunningSimulator | undefined;
  let isolatedProxy: Server | undefined;
  return {
    name: 'cache-card-demo',
    async configureServer(server) {
      const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
      simulator = await startSimulator({ clientId: DEMO_CLIENT_ID, merchantPublicKey: merchant.publicKey, privateKey: alipay.privateKey });
      const common = {
        alipay: createAlipayClient({ endpoint: simulator.url, clientId: DEMO_CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
        logger: jsonLineLogger((line) => process.stderr.write(line)),
        // The demo is for trying things: a generous limit, still on.
        rateLimits: { perAddress: { limit: 60, windowMs: 60_000 } },
      };
      const inline = toNodeListener(createCacheCardHandler({ ...common, allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] }));
      server.middlewares.use('/cache-card', (req, res) => void inline(req, res));

      const isolated = toNodeListener(
        createCacheCardHandler({ ...common, allowedOrigins: [`http://localhost:${port}`], frame: { script: readFrameScript() } }),
      );
      isolatedProxy = createServer((req, res) => {
        if ((req.url ?? '').startsWith('/cache-card')) return void isolated(req, res);
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => isolatedProxy!.listen(port + 1, 'localhost', resolve));
      server.httpServer?.once('close', () => {
        void simulator?.close();
        isolatedProxy?.close();
      });
      server.config.logger.info(`  cache-card demo: proxy at /cache-card -> simulator at ${simulator.url} (keys generated for this run)`);
      server.config.logger.info(`  isolated mode: http://localhost:${port}/isolated.html, its proxy and frame at http://localhost:${port + 1}/cache-card`);
    },
  };
}
