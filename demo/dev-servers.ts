/**
 * The demo's back end, wired into Vite's dev server: a simulator on loopback with keys made at start, and the
 * proxy mounted at `/cache-card` on the page's own origin. Nothing to configure, no account.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';
import { createAlipayClient } from '../src/server/alipay-client.ts';
import { createCacheCardHandler } from '../src/server/handler.ts';
import { jsonLineLogger } from '../src/server/logger.ts';
import { readFrameLocales, readFrameScript } from '../src/server/frame-script.ts';
import { expressMiddleware, toNodeListener } from '../src/server/node.ts';
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
        alipay: createAlipayClient({
          endpoint: simulator.url,
          clientId: DEMO_CLIENT_ID,
          privateKey: merchant.privateKey,
          alipayPublicKey: alipay.publicKey,
        }),
        logger: jsonLineLogger((line) => process.stderr.write(line)),
        // The demo is for trying things, with the test cards over and over: generous limits, still on.
        rateLimits: {
          perAddress: { limit: 120, windowMs: 60_000 },
          perCard: { limit: 500, windowMs: 3_600_000 },
          declinesPerAddress: { limit: 500, windowMs: 3_600_000 },
        },
        // Short, so the slow test card shows the timeout in a few seconds.
        deadlineMs: 3000,
      };
      server.middlewares.use(servePages(server, `http://localhost:${port + 1}`));
      // Mounted like Express middleware: the proxy reads the whole path from originalUrl.
      const inline = expressMiddleware(
        createCacheCardHandler({ ...common, allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] }),
      );
      server.middlewares.use('/cache-card', (req, res) => void inline(req, res));

      const isolated = toNodeListener(
        createCacheCardHandler({
          ...common,
          allowedOrigins: [`http://localhost:${port}`],
          frame: { script: readFrameScript(), publicOrigin: `http://localhost:${port + 1}`, locales: readFrameLocales() },
        }),
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
      server.config.logger.info(
        `  isolated mode: http://localhost:${port}/isolated.html, its proxy and frame at http://localhost:${port + 1}/cache-card`,
      );
    },
  };
}

const here = (path: string) => new URL(path, import.meta.url);

/**
 * The strict policy the script-tag page is served under: no inline script or style, no eval, scripts from self, and
 * Trusted Types required, with two policies allowed: lit's (`lit-html`) and the locale loader's (`cache-card-form`).
 */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html cache-card-form',
].join('; ');

/**
 * The policy the isolated script-tag page is served under: the strict one, with the proxy's origin allowed as a
 * frame and nothing allowed to connect (the page itself never talks to the proxy), and no Trusted Types policy at
 * all: the isolated host, without lit, makes none. `%PROXY_ORIGIN%` is filled in.
 */
const ISOLATED_CSP = STRICT_CSP.replace("connect-src 'self'", "connect-src 'none'; frame-src %PROXY_ORIGIN%").replace(
  'trusted-types lit-html cache-card-form',
  "trusted-types 'none'",
);

const SCRIPT = '<script type="module" src="./main.ts"></script>';
const TITLE = '<title>Checkout · cache-card-form demo</title>';
const NOTE = /<p class="note">[^]*?<\/p>/;
const FORM = '<cache-card-form id="card" name="cardToken" endpoint="/cache-card" billing-address="full" required></cache-card-form>';
const MAIN = /<main>[^]*<\/main>/;
const NAV = /\s*<nav aria-label="Language">[^]*?<\/nav>/;

/**
 * The demo's other pages, made from the one checkout in index.html: the same markup with another script,
 * element or body. Each replacement must find its text, so a change to index.html cannot break a page quietly.
 */
const VARIANTS: Record<string, { vite: boolean; csp?: string; edits: [string | RegExp, string][] }> = {
  '/isolated.html': {
    vite: true,
    edits: [
      [TITLE, '<title>Checkout, isolated fields · cache-card-form demo</title>'],
      [SCRIPT, '<script type="module" src="./isolated.ts"></script>'],
      [
        NOTE,
        '<p class="note">The card fields below live in a frame served by the proxy from its own origin, in a closed shadow root: no script on this page can read them, or point the frame elsewhere. Isolation does not make the page trustworthy: a script here could still draw a look-alike form, so PCI DSS 6.4.3 and 11.6.1 (an inventory and change detection of this page\'s scripts) still apply. <a href="./">Inline mode</a></p>',
      ],
      [
        FORM,
        '<cache-card-form id="card" name="cardToken" isolated frame-timeout="5000" billing-address="full" required></cache-card-form>',
      ],
    ],
  },
  '/script-tag.html': {
    vite: false,
    csp: STRICT_CSP,
    edits: [
      [TITLE, '<title>Checkout, script tag · cache-card-form demo</title>'],
      [
        SCRIPT,
        '<script src="/dist/cache-card-form.js" integrity="%SRI:cache-card-form.js%" crossorigin="anonymous" defer></script>\n' +
          '    <script src="/dist/cache-card-form.locale-loader.js" integrity="%SRI:cache-card-form.locale-loader.js%" crossorigin="anonymous" defer></script>\n' +
          '    <script src="/checkout.js" defer></script>',
      ],
      [
        NOTE,
        '<p class="note">The built script-tag bundle with Subresource Integrity, served under a strict Content-Security-Policy (no inline script or style, no eval). Its locale loader fetches the pack a language needs from the same folder, each checked against its hash. <a href="./">ESM page</a></p>',
      ],
    ],
  },
  // The same page under a policy that allows scripts by nonce alone, a fresh one each time the page is served.
  '/script-tag-nonce.html': {
    vite: false,
    csp: STRICT_CSP.replace("script-src 'self'", "script-src 'nonce-%NONCE%'"),
    edits: [
      [TITLE, '<title>Checkout, script tag under a nonce policy · cache-card-form demo</title>'],
      [
        SCRIPT,
        '<script src="/dist/cache-card-form.js" integrity="%SRI:cache-card-form.js%" crossorigin="anonymous" nonce="%NONCE%" defer></script>\n' +
          '    <script src="/dist/cache-card-form.locale-loader.js" integrity="%SRI:cache-card-form.locale-loader.js%" crossorigin="anonymous" nonce="%NONCE%" defer></script>\n' +
          '    <script src="/checkout.js" nonce="%NONCE%" defer></script>',
      ],
      [
        NOTE,
        '<p class="note">The script-tag page under a Content-Security-Policy that allows scripts by nonce alone: the locale loader gives each pack it adds the nonce it was given. <a href="./script-tag.html">Script-tag page</a></p>',
      ],
    ],
  },
  '/isolated-script-tag.html': {
    vite: false,
    csp: ISOLATED_CSP,
    edits: [
      [TITLE, '<title>Checkout, isolated script tag · cache-card-form demo</title>'],
      [
        SCRIPT,
        '<script src="/dist/cache-card-form.isolated.js" integrity="%SRI:cache-card-form.isolated.js%" crossorigin="anonymous" defer></script>\n' +
          '    <script src="/checkout.js" defer></script>',
      ],
      [
        NOTE,
        '<p class="note">The isolated host from its script tag, with Subresource Integrity, under a strict Content-Security-Policy that lets the proxy\'s origin in as a frame and nothing connect. <a href="./isolated.html">Isolated page</a></p>',
      ],
      [
        FORM,
        '<cache-card-form id="card" name="cardToken" isolated endpoint="%PROXY_ORIGIN%/cache-card" frame-timeout="5000" billing-address="full" required></cache-card-form>',
      ],
    ],
  },
  // A checkout with no script: tests put the element in and set its properties before any script defines it.
  '/late.html': {
    vite: false,
    edits: [
      [TITLE, '<title>Checkout, element defined late · cache-card-form demo</title>'],
      [SCRIPT, ''],
      [FORM, ''],
    ],
  },
  '/react.html': {
    vite: true,
    edits: [
      [TITLE, '<title>Checkout, React 19 · cache-card-form demo</title>'],
      [SCRIPT, '<script type="module" src="./react/main.tsx"></script>'],
      [NAV, ''],
      [MAIN, '<main id="app"></main>'],
    ],
  },
  '/vue.html': {
    vite: true,
    edits: [
      [TITLE, '<title>Checkout, Vue 3 · cache-card-form demo</title>'],
      [SCRIPT, '<script type="module" src="./vue/main.ts"></script>'],
      [NAV, ''],
      [MAIN, '<main id="app"></main>'],
    ],
  },
};

function variantHtml(path: string, proxyOrigin: string): string {
  let html = readFileSync(here('./index.html'), 'utf8');
  for (const [from, to] of VARIANTS[path]!.edits) {
    if (!(typeof from === 'string' ? html.includes(from) : from.test(html)))
      throw new Error(`demo/index.html no longer has ${String(from)}`);
    html = html.replace(from, to);
  }
  return html
    .replace(/%SRI:([\w.-]+)%/g, (_, file: string) => readFileSync(here(`../dist/${file}.sri`), 'utf8').trim())
    .replaceAll('%PROXY_ORIGIN%', proxyOrigin);
}

/**
 * The variant pages, the built bundles the script-tag page loads, and its plain page script. The script-tag
 * page is served as written (not through Vite), with the bundles' SRI hashes and a strict CSP.
 */
function servePages(server: ViteDevServer, proxyOrigin: string) {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) =>
      void res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...headers }).end(body);
    try {
      const variant = VARIANTS[path];
      if (variant) {
        const nonce = randomBytes(16).toString('base64');
        const html = variantHtml(path, proxyOrigin).replaceAll('%NONCE%', nonce);
        const csp = variant.csp?.replaceAll('%PROXY_ORIGIN%', proxyOrigin).replaceAll('%NONCE%', nonce);
        return send(
          'text/html; charset=utf-8',
          variant.vite ? await server.transformIndexHtml(path, html) : html,
          csp ? { 'content-security-policy': csp } : {},
        );
      }
      // The bundles (inline, isolated), the locale loader and the packs it fetches.
      if (/^\/dist\/cache-card-form(\.[\w-]+)?\.js$/.test(path)) {
        return send('text/javascript; charset=utf-8', readFileSync(here(`..${path}`)));
      }
      if (path === '/checkout.js') return send('text/javascript; charset=utf-8', readFileSync(here('./checkout.js')));
    } catch (error) {
      const text =
        error instanceof Error && error.message.startsWith('demo/')
          ? error.message
          : 'Run `npm run build` first: the script-tag page serves the built bundle.';
      return void res.writeHead(500, { 'content-type': 'text/plain' }).end(text);
    }
    next();
  };
}
