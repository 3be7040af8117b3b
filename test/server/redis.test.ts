// Two proxy instances sharing one limit through a real redis-server, which this test starts on loopback.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { cardFingerprinter } from '../../src/server/card-fingerprint.ts';
import { redisRateLimitStore } from '../../src/server/redis-store.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import { freePort } from '../support/browsers.mjs';
import { cardBody, post, simulator, startProxy, type RunningProxy } from '../support/fixtures.ts';

const redisServer = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();

/**
 * Resolves once something listens on the port (redis-server takes a moment to start); rejects as soon as the server
 * has exited or could not be started, and after 15 s at most.
 */
async function listening(port: number, server: ChildProcess): Promise<void> {
  let failed: Error | undefined;
  server.once('error', (error) => (failed = new Error(`redis-server could not be started: ${error.message}`)));
  server.once('exit', (code, signal) => (failed = new Error(`redis-server exited (${code ?? signal}) before listening on ${port}`)));
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    if (failed) throw failed;
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true)).on('error', () => resolve(false));
    });
    // Listening, and by this server: a port that another process took meanwhile is no redis of this test's.
    if (up && server.exitCode === null && server.signalCode === null && !failed) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw failed ?? new Error(`redis-server did not start on ${port} within 15 s`);
}

describe(
  'rate limits shared through Redis',
  { skip: redisServer ? false : 'redis-server is not installed (npm test installs it on Debian as root)' },
  () => {
    let redis: ChildProcess;
    let port: number;
    let sim: RunningSimulator;
    const clients: Redis[] = [];
    const proxies: RunningProxy[] = [];

    before(async () => {
      port = await freePort();
      redis = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await listening(port, redis);
      const probe = new Redis(port, '127.0.0.1');
      await probe.ping();
      clients.push(probe);
      sim = await simulator();
      for (let i = 0; i < 2; i++) {
        const client = new Redis(port, '127.0.0.1');
        clients.push(client);
        proxies.push(
          await startProxy(sim.url, {
            trustProxy: true,
            rateLimitStore: redisRateLimitStore(client),
            rateLimits: { perAddress: { limit: 20, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } },
          }),
        );
      }
    });

    after(async () => {
      await Promise.all(proxies.map((p) => p.close()));
      clients.forEach((c) => c.disconnect());
      await sim?.close();
      redis?.kill();
    });

    it('two instances together let exactly the limit through, however the requests are spread', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 80 }, (_, i) =>
          post(proxies[i % 2]!.url, cardBody(), { 'x-forwarded-for': '203.0.113.50' }).then((r) => r.status),
        ),
      );
      assert.equal(statuses.filter((s) => s === 200).length, 20);
      assert.equal(statuses.filter((s) => s === 429).length, 60);
      const other = await post(proxies[1]!.url, cardBody(), { 'x-forwarded-for': '203.0.113.51' });
      assert.equal(other.status, 200, 'another address has its own count');
    });

    it('counts a tokenization against its address and the ceiling in one EVALSHA', async () => {
      const calls: string[] = [];
      const client = clients[0]!;
      const counting = {
        eval: (...args: Parameters<Redis['eval']>) => (calls.push('eval'), client.eval(...args)),
        evalsha: (...args: Parameters<Redis['evalsha']>) => (calls.push('evalsha'), client.evalsha(...args)),
      };
      const proxy = await startProxy(sim.url, {
        trustProxy: true,
        rateLimitStore: redisRateLimitStore(counting),
        rateLimits: { perAddress: { limit: 5, windowMs: 60_000 }, global: { limit: 1000, windowMs: 60_000 } },
      });
      proxies.push(proxy);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(proxy.url, cardBody(), { 'x-forwarded-for': '203.0.113.60' })).status);
      assert.deepEqual(statuses, [200, 200, 200]);
      // The script is already in Redis (the instances above loaded it): no EVAL, one EVALSHA per tokenization.
      assert.deepEqual(calls, ['evalsha', 'evalsha', 'evalsha']);
      assert.ok(Number(await client.get('cache-card:global')) >= 3);
    });

    it('two instances with one fingerprint secret count a card together, by a key that holds no card data', async () => {
      const shared = { cardFingerprintSecret: 'one secret for every instance', trustProxy: true };
      const limits = { perAddress: { limit: 0, windowMs: 60_000 }, perCard: { limit: 3, windowMs: 3_600_000 } };
      for (let i = 0; i < 2; i++)
        proxies.push(await startProxy(sim.url, { ...shared, rateLimitStore: redisRateLimitStore(clients[i + 1]!), rateLimits: limits }));
      const [a, b] = proxies.slice(-2);
      const card = cardBody({ cardNo: '4012888888881881' });
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post((i % 2 ? a : b)!.url, card, { 'x-forwarded-for': `198.51.100.${i}` }).then((r) => r.status),
        ),
      );
      assert.equal(statuses.filter((s) => s === 200).length, 3, statuses.join());
      const keys = await clients[0]!.keys('cache-card:card:*');
      assert.equal(keys.length, 1, keys.join());
      assert.ok(!/4012888888881881|40128888|1881/.test(keys[0]!), keys[0]);
      const ttl = await clients[0]!.pttl(keys[0]!);
      assert.ok(ttl > 60_000 && ttl <= 3_600_000, `ttl ${ttl}`);
    });

    it("two instances count an address's declines together, read in each tokenization's one EVALSHA", async () => {
      const calls: string[] = [];
      const counting = (client: Redis) => ({
        eval: (...args: Parameters<Redis['eval']>) => (calls.push('eval'), client.eval(...args)),
        evalsha: (...args: Parameters<Redis['evalsha']>) => (calls.push('evalsha'), client.evalsha(...args)),
      });
      const limits = { perAddress: { limit: 0, windowMs: 60_000 }, declinesPerAddress: { limit: 2, windowMs: 3_600_000 } };
      for (let i = 0; i < 2; i++)
        proxies.push(
          await startProxy(sim.url, {
            trustProxy: true,
            rateLimitStore: redisRateLimitStore(counting(clients[i + 1]!)),
            rateLimits: limits,
          }),
        );
      const [a, b] = proxies.slice(-2);
      const tester = { 'x-forwarded-for': '198.51.100.70' };
      const shopper = { 'x-forwarded-for': '198.51.100.71' };
      assert.equal((await post(a!.url, cardBody(), shopper)).status, 200);
      assert.deepEqual(calls.splice(0), ['evalsha'], 'the declines read with the other counts, in one call');
      assert.deepEqual(await clients[0]!.keys('cache-card:declines:*'), [], 'reading makes no key');

      const declined = cardBody({ cardNo: '4000000000000002' });
      const statuses = [(await post(a!.url, declined, tester)).status, (await post(b!.url, declined, tester)).status];
      statuses.push((await post(a!.url, cardBody(), tester)).status, (await post(b!.url, cardBody(), tester)).status);
      assert.deepEqual(statuses, [422, 422, 429, 429]);
      assert.equal((await post(b!.url, cardBody(), shopper)).status, 200, 'another address has its own count');
      assert.equal(await clients[0]!.get('cache-card:declines:198.51.100.70'), '2');
      const ttl = await clients[0]!.pttl('cache-card:declines:198.51.100.70');
      assert.ok(ttl > 60_000 && ttl <= 3_600_000, `ttl ${ttl}`);
    });

    it('reads declines to come with the count: a request refused there counts against neither its card nor the ceiling', async () => {
      // Alipay answers after 1.5 s: the five are all in flight at once.
      const slow = await simulator({ latencyMs: 1500 });
      const proxy = await startProxy(slow.url, {
        trustProxy: true,
        deadlineMs: 30_000,
        cardFingerprintSecret: 'one secret',
        rateLimitStore: redisRateLimitStore(clients[1]!),
        rateLimits: {
          perAddress: { limit: 0, windowMs: 60_000 },
          perCard: { limit: 100, windowMs: 3_600_000 },
          declinesPerAddress: { limit: 2, windowMs: 3_600_000 },
          global: { limit: 1000, windowMs: 60_000 },
        },
      });
      try {
        const before = Number(await clients[0]!.get('cache-card:global'));
        const card = cardBody({ cardNo: '4000000000000002' });
        const statuses = await Promise.all(
          Array.from({ length: 5 }, () => post(proxy.url, card, { 'x-forwarded-for': '198.51.100.72' }).then((r) => r.status)),
        );
        assert.deepEqual(statuses.sort(), [422, 422, 429, 429, 429]);
        assert.equal(slow.calls.length, 2);
        assert.equal(Number(await clients[0]!.get('cache-card:global')) - before, 2);
        const fingerprint = await cardFingerprinter('one secret')('4000000000000002');
        assert.equal(await clients[0]!.get(`cache-card:card:${fingerprint}`), '2');
        assert.equal(await clients[0]!.get('cache-card:declines:198.51.100.72'), '2');
      } finally {
        await proxy.close();
        await slow.close();
      }
    });

    it('keeps the window in Redis, with an expiry', async () => {
      const keys = await clients[0]!.keys('cache-card:address:*');
      assert.ok(keys.includes('cache-card:address:203.0.113.50'), keys.join(','));
      const ttl = await clients[0]!.pttl('cache-card:address:203.0.113.50');
      assert.ok(ttl > 0 && ttl <= 60_000, `ttl ${ttl}`);
    });
  },
);
