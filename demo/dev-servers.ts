/**
 * The demo's back end, wired into Vite's dev server: a simulator on loopback with keys made at start, and the
 * proxy mounted at `/cache-card` on the page's own origin. Nothing to configure, no account.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
        rateLimits: { perAddress: { limit: 120, windowMs: 60_000 } },
        // Short, so the slow test card shows the timeout in a few seconds.
        deadlineMs: 3000,
      };
      server.middlewares.use(servePlainPages);
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

const here = (path: string) => new URL(path, import.meta.url);

/** The strict policy the script-tag page is served under: no inline script or style, no eval, scripts from self. */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The pages Vite must not touch: the script-tag page (served as written, with the built bundles' SRI hashes
 * filled in and a strict CSP), the built bundles, and its plain page script.
 */
function servePlainPages(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) {
  const path = (req.url ?? '/').split('?')[0];
  const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    void res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...headers }).end(body);
  try {
    if (path === '/script-tag.html') {
      const html = readFileSync(here('./script-tag.html'), 'utf8').replace(/%SRI:([\w.-]+)%/g, (_, file: string) =>
        readFileSync(here(`../dist/${file}.sri`), 'utf8').trim(),
      );
      return send('text/html; charset=utf-8', html, { 'content-security-policy': STRICT_CSP });
    }
    if (path === '/dist/cache-card-form.js' || path === '/dist/cache-card-form.zh-CN.js') {
      return send('text/javascript; charset=utf-8', readFileSync(here(`..${path}`)));
    }
    if (path === '/checkout.js') return send('text/javascript; charset=utf-8', readFileSync(here('./checkout.js')));
  } catch {
    return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Run `npm run build` first: the script-tag page serves the built bundle.');
  }
  next();
}
