// Mounts the real proxy at /cache-card on the web test runner's own server, in front of a real simulator
// on loopback, so component tests tokenize over real HTTP with real RSA keys. A second proxy, on another port
// (another origin than the test pages'), serves the isolated frame, as a proxy does in production.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { readFrameLocales, readFrameScript } from '../../src/server/frame-script.ts';
import { createCacheCardHandler, type ProxyOptions } from '../../src/server/handler.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.ts';
import { alipay, CLIENT_ID, merchant } from './fixtures.ts';

interface KoaLikeContext {
  path: string;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

/** A plugin that starts the simulator and both proxies with the server, and the middleware that serves the proxy first. */
export function proxyForTests() {
  let simulator: RunningSimulator | undefined;
  let listener: ReturnType<typeof toNodeListener> | undefined;
  let frameProxy: Server | undefined;
  let isolatedEndpoint = '';
  const middleware = async (ctx: KoaLikeContext, next: () => Promise<void>) => {
    if (ctx.path !== '/cache-card' || !listener) return next();
    ctx.respond = false;
    await listener(ctx.req, ctx.res);
  };
  const plugin = {
    name: 'cache-card-proxy',
    async serverStart({ config }: { config: { port: number; hostname: string } }) {
      const origin = `http://${config.hostname}:${config.port}`;
      simulator = await startSimulator({
        clientId: CLIENT_ID,
        merchantPublicKey: merchant.publicKey,
        privateKey: alipay.privateKey,
        slowMs: 3000,
      });
      const options: ProxyOptions = {
        alipay: createAlipayClient({
          endpoint: simulator.url,
          clientId: CLIENT_ID,
          privateKey: merchant.privateKey,
          alipayPublicKey: alipay.publicKey,
        }),
        allowedOrigins: [origin],
        // Narrower than the element's default, so tests can see a refusal that only the proxy makes.
        policy: { acceptedBrands: ALL_ALIPAY_BRANDS.filter((brand) => brand !== 'TROY'), allowUnknownBrands: false },
        rateLimits: { perAddress: { limit: 0, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } },
        deadlineMs: 2000,
        logger: silentLogger,
      };
      listener = toNodeListener(createCacheCardHandler(options));
      // The frame proxy's public origin is known once it listens.
      const isolated: { listener?: ReturnType<typeof toNodeListener> } = {};
      frameProxy = createServer((req, res) => void isolated.listener?.(req, res));
      await new Promise<void>((resolve) => frameProxy!.listen(0, 'localhost', resolve));
      // Another origin on the same site, as the demo has it: Playwright's BiDi keyboard cannot type into a Firefox
      // frame of another site (another process), though a shopper's keyboard can.
      const publicOrigin = `http://localhost:${(frameProxy.address() as AddressInfo).port}`;
      isolated.listener = toNodeListener(
        createCacheCardHandler({ ...options, frame: { script: readFrameScript(), publicOrigin, locales: readFrameLocales() } }),
      );
      isolatedEndpoint = `${publicOrigin}/cache-card`;
    },
    async serverStop() {
      frameProxy?.closeAllConnections();
      frameProxy?.close();
      await simulator?.close();
    },
    /** `executeServerCommand('isolated-endpoint')`: where the frame proxy's endpoint is. */
    async executeCommand({ command }: { command: string }) {
      if (command === 'isolated-endpoint') return isolatedEndpoint;
      return undefined;
    },
  };
  return { plugin, middleware };
}
