// What stands behind the framework apps while they are tested: the Alipay simulator with keys made for this run,
// and the isolated mode's proxy on an origin of its own, serving the card frame, as a merchant runs it in
// production (`pay.shop.example`). Each app mounts the inline mode's proxy itself, on its own origin, configured
// from the environment this returns (`readProxyConfig`, as the standalone proxy is).
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { readFrameScript } from '../../src/server/frame-script.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { toPem } from '../../src/server/keys.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { startSimulator } from '../../src/simulator/simulator.ts';

export { freePort } from '../support/browsers.mjs';

const CLIENT_ID = 'SANDBOX_CACHE_CARD_FRAMEWORKS';

export interface Backend {
  /** The environment every app server gets: its own proxy's settings, and where the isolated mode's proxy is. */
  env: Record<string, string>;
  /** The isolated mode's endpoint, on another origin than any app. */
  isolatedEndpoint: string;
  close(): Promise<void>;
}

/** `appOrigins`: every checkout origin that may use the isolated proxy (each app also allows its own). */
export async function startBackend(appOrigins: string[]): Promise<Backend> {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const simulator = await startSimulator({ clientId: CLIENT_ID, merchantPublicKey: merchant.publicKey, privateKey: alipay.privateKey });

  // The isolated proxy listens on 127.0.0.1 and is reached as localhost: another origin than the apps' 127.0.0.1.
  const isolated: { listener?: ReturnType<typeof toNodeListener> } = {};
  const server: Server = createServer((req, res) => void isolated.listener?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicOrigin = `http://localhost:${(server.address() as AddressInfo).port}`;
  isolated.listener = toNodeListener(
    createCacheCardHandler({
      alipay: createAlipayClient({
        endpoint: simulator.url,
        clientId: CLIENT_ID,
        privateKey: merchant.privateKey,
        alipayPublicKey: alipay.publicKey,
      }),
      allowedOrigins: appOrigins,
      billingAddress: 'postal',
      frame: { script: readFrameScript(), publicOrigin },
      rateLimits: {
        perAddress: { limit: 0, windowMs: 60_000 },
        perCard: { limit: 0, windowMs: 60_000 },
        declinesPerAddress: { limit: 0, windowMs: 60_000 },
        global: { limit: 0, windowMs: 60_000 },
      },
      logger: silentLogger,
    }),
  );
  const isolatedEndpoint = `${publicOrigin}/cache-card`;
  return {
    isolatedEndpoint,
    env: {
      ALIPAY_ENDPOINT: simulator.url,
      ALIPAY_CLIENT_ID: CLIENT_ID,
      ALIPAY_PRIVATE_KEY: toPem(merchant.privateKey),
      ALIPAY_PUBLIC_KEY: toPem(alipay.publicKey),
      BILLING_ADDRESS: 'postal',
      // Every test tokenizes from one address; the limits themselves are tested with the proxy.
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_CARD: '0',
      RATE_LIMIT_DECLINES_PER_ADDRESS: '0',
      // The apps' way to learn where the isolated mode's proxy is (each reads it on the server).
      CACHE_CARD_ISOLATED_ENDPOINT: isolatedEndpoint,
      NUXT_PUBLIC_CACHE_CARD_ISOLATED_ENDPOINT: isolatedEndpoint,
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await simulator.close();
    },
  };
}
