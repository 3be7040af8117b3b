// A checkout that is cross-origin isolated (Cross-Origin-Embedder-Policy and Cross-Origin-Opener-Policy: same-origin),
// for the end-to-end tests of test/e2e/coep.spec.ts and test/webkit/coep.test.ts. Three servers on loopback: the
// shop's pages with the built bundles on its own origin; the proxy (inline mode's endpoint, and the isolated frame's)
// in front of a simulator on another; and a CDN on a third, serving the same bundles as a merchant's own CDN would:
// under `/cors/` with `Access-Control-Allow-Origin: *`, under `/bare/` with no header of the kind (no CORS, no CORP).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { readFrameLocales, readFrameScript } from '../../src/server/frame-script.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { toNodeListener } from '../../src/server/node.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import { alipay, CLIENT_ID, merchant, OFF, simulator } from './fixtures.ts';

export const EMBEDDER_POLICIES = ['require-corp', 'credentialless'] as const;
export type EmbedderPolicy = (typeof EMBEDDER_POLICIES)[number];
/** Where the page's scripts come from: the shop itself, or the CDN with CORS or without. */
export type Scripts = 'self' | 'cdn-cors' | 'cdn-bare';

const dist = new URL('../../dist/', import.meta.url);
const bundle = (file: string) => readFileSync(new URL(file, dist), 'utf8');
const integrity = (file: string) => readFileSync(new URL(`${file}.sri`, dist), 'utf8').trim();

export interface CoepShop {
  shopOrigin: string;
  proxyOrigin: string;
  cdnOrigin: string;
  /**
   * A checkout page under `policy`, in German (so that a locale pack loads: the frame's from the proxy, or the
   * script tag's through its locale loader). `isolated`: the isolated host's script tag and the frame; `inline`: the
   * script tag with its locale loader, posting to the proxy. Scripts from the shop itself, or from the CDN (with
   * CORS, or bare), each tag with `crossorigin` and SRI as the README writes them.
   */
  page(policy: EmbedderPolicy, mode: 'isolated' | 'inline', scripts?: Scripts): string;
  close(): Promise<void>;
}

const listen = async (server: Server, host: string) => {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
};

/** `proxyHost`: `localhost` for an origin of the shop's own site, `127.0.0.1` for another site (the CDN's). */
export async function startCoepShop(options: { proxyHost?: string } = {}): Promise<CoepShop> {
  const sim: RunningSimulator = await simulator();
  const proxyListener: { current?: ReturnType<typeof toNodeListener> } = {};
  const proxy = createServer((req, res) => void proxyListener.current?.(req, res));
  const proxyOrigin = await listen(proxy, options.proxyHost ?? '127.0.0.1');

  const scripts = (req: string) => {
    const match = /^\/(cache-card-form(?:\.[\w-]+)?\.js)$/.exec(req);
    return match ? match[1]! : null;
  };
  const cdn = createServer((req, res) => {
    const [, folder, rest] = /^\/(cors|bare)(\/.*)$/.exec(req.url ?? '') ?? [];
    const file = rest && scripts(rest);
    if (!file) return void res.writeHead(404).end();
    const cors = folder === 'cors' ? { 'access-control-allow-origin': '*' } : {};
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...cors }).end(bundle(file));
  });
  const cdnOrigin = await listen(cdn, '127.0.0.1');

  const shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    const file = scripts(url.pathname);
    if (file) return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle(file));
    const [, policy, mode, from] =
      /^\/(require-corp|credentialless)\/(isolated|inline)\/(self|cdn-cors|cdn-bare)$/.exec(url.pathname) ?? [];
    if (!policy) return void res.writeHead(404).end();
    const base = from === 'self' ? '/' : `${cdnOrigin}/${from!.slice(4)}/`;
    const tag = (name: string) => `<script src="${base}${name}" integrity="${integrity(name)}" crossorigin="anonymous" defer></script>`;
    const head =
      mode === 'isolated' ? tag('cache-card-form.isolated.js') : tag('cache-card-form.js') + tag('cache-card-form.locale-loader.js');
    const form =
      mode === 'isolated'
        ? `<cache-card-form isolated frame-timeout="5000" name="cardToken" required endpoint="${proxyOrigin}/cache-card"></cache-card-form>`
        : `<cache-card-form name="cardToken" required endpoint="${proxyOrigin}/cache-card"></cache-card-form>`;
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cross-origin-embedder-policy': policy,
        'cross-origin-opener-policy': 'same-origin',
      })
      .end(`<!doctype html><html lang="de"><title>Kasse</title>${head}<a href="#card">Zur Karte</a><form id="card">${form}</form>`);
  });
  const shopOrigin = await listen(shop, 'localhost');

  proxyListener.current = toNodeListener(
    createCacheCardHandler({
      alipay: createAlipayClient({
        endpoint: sim.url,
        clientId: CLIENT_ID,
        privateKey: merchant.privateKey,
        alipayPublicKey: alipay.publicKey,
      }),
      allowedOrigins: [shopOrigin],
      billingAddress: 'postal',
      frame: { script: readFrameScript(), publicOrigin: proxyOrigin, locales: readFrameLocales() },
      rateLimits: { perAddress: OFF, perCard: OFF, declinesPerAddress: OFF, global: OFF },
      logger: silentLogger,
    }),
  );

  return {
    shopOrigin,
    proxyOrigin,
    cdnOrigin,
    page: (policy, mode, from = 'self') => `${shopOrigin}/${policy}/${mode}/${from}`,
    async close() {
      for (const server of [shop, proxy, cdn]) {
        server.closeAllConnections();
        server.close();
      }
      await sim.close();
    },
  };
}
