// Mounts the real proxy at /cache-card on the web test runner's own server, in front of a real simulator
// on loopback, so component tests tokenize over real HTTP with real RSA keys.
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.ts';
import { alipay, CLIENT_ID, merchant } from './fixtures.ts';

interface KoaLikeContext {
  path: string;
  req: import('node:http').IncomingMessage;
  res: import('node:http').ServerResponse;
  respond?: boolean;
  origin: string;
}

/** A plugin that starts the simulator and proxy with the server, and the middleware that serves the proxy first. */
export function proxyForTests() {
  let simulator: RunningSimulator | undefined;
  let listener: ReturnType<typeof toNodeListener> | undefined;
  let origin = '';
  const middleware = async (ctx: KoaLikeContext, next: () => Promise<void>) => {
    if (ctx.path !== '/cache-card' || !listener) return next();
    ctx.respond = false;
    await listener(ctx.req, ctx.res);
  };
  const plugin = {
    name: 'cache-card-proxy',
    async serverStart({ config }: { config: { port: number; hostname: string } }) {
      origin = `http://${config.hostname}:${config.port}`;
      simulator = await startSimulator({ clientId: CLIENT_ID, merchantPublicKey: merchant.publicKey, privateKey: alipay.privateKey, slowMs: 3000 });
      const handler = createCacheCardHandler({
        alipay: createAlipayClient({ endpoint: simulator.url, clientId: CLIENT_ID, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
        allowedOrigins: [origin],
        // Narrower than the element's default, so tests can see a refusal that only the proxy makes.
        policy: { acceptedBrands: ALL_ALIPAY_BRANDS.filter((brand) => brand !== 'TROY'), allowUnknownBrands: false },
        rateLimits: { perAddress: { limit: 0, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } },
        deadlineMs: 2000,
        logger: silentLogger,
      });
      listener = toNodeListener(handler);
    },
    async serverStop() {
      await simulator?.close();
    },
  };
  return { plugin, middleware };
}
