// The proxy's rows of `npm run bench`: CPU per tokenization against the crypto floor (both paths, both signers,
// concurrency 1 and 16), what validation, logging, limits and Redis each cost, and the built proxy over real HTTP
// (throughput, latency, CPU and memory). Figures are CPU time, not wall time: this machine's cores are shared.
import { sign, verify } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Redis } from 'ioredis';
import { DEFAULT_BRAND_POLICY } from '../../src/card/brands.ts';
import { readCacheCardRequest } from '../../src/card/contract.ts';
import { createAlipayClient as createNeutralClient } from '../../src/server/alipay-client.ts';
import { parseJson } from '../../src/server/body.ts';
import { createCacheCardHandler, type ProxyRequest } from '../../src/server/handler.ts';
import { jsonLineLogger, silentLogger } from '../../src/server/logger.ts';
import { createAlipayClient as createNodeClient } from '../../src/server/node-alipay.ts';
import { cardFingerprinter } from '../../src/server/card-fingerprint.ts';
import { nodeCardFingerprinter } from '../../src/server/node-crypto.ts';
import { memoryRateLimitStore, rateLimiter, type RateLimiter } from '../../src/server/rate-limit.ts';
import { redisRateLimitStore } from '../../src/server/redis-store.ts';
import { importPrivateKey, importPublicKey, signWithWebCrypto, verifyWithWebCrypto } from '../../src/server/web-crypto.ts';
import { distinctCards } from '../support/cards.ts';
import { cardBody } from '../support/fixtures.ts';
import { startRedis } from '../runtimes/launch.ts';
import { drive, pem, startBenchSimulator, startBuiltProxy } from './built-proxy.ts';

type Row = (measure: string, figure: string, reading: string) => void;

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const median = (values: number[]) => quantile(values, 0.5);
const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : 1)} ms`;
const us = (valueMs: number) => `${(valueMs * 1000).toFixed(1)} µs`;
const goal = (value: number, limit: number) => `goal ≤ ${limit}x: ${value <= limit ? 'met' : 'NOT met'}`;

/** This process's CPU (every thread: Web Crypto signs on libuv's pool) per run of `task`, `count` at a time. */
async function cpuPer(count: number, concurrency: number, task: (i: number) => Promise<unknown> | unknown): Promise<number> {
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

/** The median of `rounds` interleaved measurements of each candidate: drift on a shared machine hits all alike. */
async function interleaved(rounds: number, candidates: Record<string, () => Promise<number>>): Promise<Record<string, number>> {
  const seen: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(candidates)) seen[name]!.push(await run());
  return Object.fromEntries(Object.entries(seen).map(([name, values]) => [name, median(values)]));
}

export async function proxyFigures(row: Row): Promise<void> {
  const simulator = await startBenchSimulator();
  const { merchant, alipay, clientId, endpoint } = simulator;
  const redis = await startRedis();

  try {
    // The floor: one RSA-2048 sign and one verify of a real request's text, each signer, each concurrency.
    const content = `POST /ams/sandbox/api/v1/paymentMethods/cacheCard\n${clientId}.1700000000000.${JSON.stringify(cardBody())}`;
    const bytes = Buffer.from(content);
    const webKeys = { private: await importPrivateKey(pem(merchant.privateKey)), public: await importPublicKey(pem(merchant.publicKey)) };
    const nodeFloor = () => {
      if (!verify('sha256', bytes, merchant.publicKey, sign('sha256', bytes, merchant.privateKey))) throw new Error('bad signature');
    };
    const webFloor = async () => {
      if (!(await verifyWithWebCrypto(content, await signWithWebCrypto(content, webKeys.private), webKeys.public)))
        throw new Error('bad signature');
    };
    await cpuPer(50, 4, webFloor);

    // The proxy in this process, as its adapters call it: CPU per tokenization, its own work only (the simulator is
    // in its own process). The Node fast path: the core on a plain request, as node.ts calls it. The Fetch path:
    // the Fetch-API handler on a Request, as Deno, Bun and Workers call it.
    const body = new TextEncoder().encode(JSON.stringify(cardBody()));
    const headers: Record<string, string> = {
      origin: 'https://shop.example',
      'content-type': 'application/json',
      'content-length': String(body.length),
    };
    const proxyRequest = (): ProxyRequest => ({
      method: 'POST',
      path: '/cache-card',
      header: (name) => headers[name] ?? null,
      body: async () => body,
      clientAddress: '127.0.0.1',
    });
    const options = {
      allowedOrigins: ['https://shop.example'],
      logger: silentLogger,
      rateLimits: {
        perAddress: { limit: 0, windowMs: 60_000 },
        perCard: { limit: 0, windowMs: 60_000 },
        declinesPerAddress: { limit: 0, windowMs: 60_000 },
        global: { limit: 0, windowMs: 60_000 },
      },
    };
    const keys = { endpoint, clientId, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey };
    const webSigner = { privateKey: webKeys.private, alipayPublicKey: await importPublicKey(pem(alipay.publicKey)) };
    const nodeFast = createCacheCardHandler({ ...options, alipay: createNodeClient(keys) }).core;
    const nodeFastWeb = createCacheCardHandler({ ...options, alipay: createNodeClient({ ...keys, ...webSigner }) }).core;
    const fetchPath = createCacheCardHandler({ ...options, alipay: createNeutralClient({ ...keys, ...webSigner }) });
    const viaCore = (core: typeof nodeFast) => async () => {
      const answer = await core(proxyRequest());
      if (answer.status !== 200) throw new Error(`status ${answer.status}: ${answer.body}`);
    };
    const viaFetch = async () => {
      const response = await fetchPath(new Request('http://proxy/cache-card', { method: 'POST', headers, body }));
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      await response.text();
    };
    for (const run of [viaCore(nodeFast), viaCore(nodeFastWeb), viaFetch]) await cpuPer(300, 8, run); // warm up
    // Each measurement is paired with a measurement of the floor just before it, and the ratio is the median of the
    // pairs' ratios: the load other work puts on the machine changes within seconds, and hits both halves of a pair.
    const N = 300;
    const ROUNDS = 9;
    const candidates: Record<string, () => Promise<number>> = {
      fast1: () => cpuPer(N, 1, viaCore(nodeFast)),
      fast16: () => cpuPer(N, 16, viaCore(nodeFast)),
      fastWeb1: () => cpuPer(N, 1, viaCore(nodeFastWeb)),
      fastWeb16: () => cpuPer(N, 16, viaCore(nodeFastWeb)),
      fetch1: () => cpuPer(N, 1, viaFetch),
      fetch16: () => cpuPer(N, 16, viaFetch),
      node16: () => cpuPer(N, 16, nodeFloor),
      web1: () => cpuPer(N, 1, webFloor),
      web16: () => cpuPer(N, 16, webFloor),
    };
    const values: Record<string, number[]> = {};
    const ratios: Record<string, number[]> = {};
    const floorsSeen: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(candidates)) {
        const floorNow = await cpuPer(N, 1, nodeFloor);
        const value = await run();
        floorsSeen.push(floorNow);
        (values[name] ??= []).push(value);
        (ratios[name] ??= []).push(value / floorNow);
      }
    }
    const floor = median(floorsSeen);
    const ratioOf = (name: string) => median(ratios[name]!);
    const figure = (name: string) => `${ratioOf(name).toFixed(2)}x (${ms(median(values[name]!))})`;
    const spread = (name: string) => `${Math.min(...ratios[name]!).toFixed(2)}–${Math.max(...ratios[name]!).toFixed(2)}x`;
    row('crypto floor: one RSA-2048 sign + one verify (node:crypto)', ms(floor), 'CPU in this process, the unit of the ratios below');
    row(
      'the same on Web Crypto, concurrency 1 / 16',
      `${figure('web1')} / ${figure('web16')}`,
      `node:crypto at 16: ${figure('node16')}; Web Crypto signs on libuv's threads`,
    );
    row(
      'proxy CPU per tokenization / floor, concurrency 16',
      figure('fast16'),
      `${goal(ratioOf('fast16'), 2)} (${ROUNDS} pairs: ${spread('fast16')}); Node fast path: node:crypto, node:http keep-alive`,
    );
    row(
      'proxy CPU per tokenization / floor, concurrency 1',
      figure('fast1'),
      `${goal(ratioOf('fast1'), 3)} (${ROUNDS} pairs: ${spread('fast1')}); the same path, one at a time`,
    );
    row(
      '  the same with the Web Crypto signer, c=1 / c=16',
      `${figure('fastWeb1')} / ${figure('fastWeb16')}`,
      'the fallback signer on Node: the faster one by CPU is kept',
    );
    row(
      '  the Fetch-API path (Web Crypto, fetch), c=1 / c=16',
      `${figure('fetch1')} / ${figure('fetch16')}`,
      'Request, Response and undici: what Deno, Bun and Workers run',
    );

    // What each concern costs on its own, per request.
    const parsed = () => readCacheCardRequest(parseJson(body), { policy: DEFAULT_BRAND_POLICY, billingAddress: 'none', now: new Date() });
    const validation = await interleaved(3, { v: () => cpuPer(20_000, 1, parsed) });
    row('validation: parse and check one request', us(validation.v!), 'JSON, the card and address checks, the rebuilt request');
    const devNull = openSync('/dev/null', 'w');
    const logger = jsonLineLogger((line) => void writeSync(devNull, line));
    const logging = await interleaved(3, { l: () => cpuPer(20_000, 1, () => logger.log('info', 'tokenized', { brand: 'VISA', ms: 12 })) });
    closeSync(devNull);
    row(
      'logging: one JSON line written',
      us(logging.l!),
      'the line per tokenization (LOG_LEVEL=warn leaves it out); a write(2) to /dev/null',
    );
    const allOn = {
      perAddress: { limit: 1e9, windowMs: 60_000 },
      perCard: { limit: 1e9, windowMs: 3_600_000 },
      declinesPerAddress: { limit: 1e9, windowMs: 3_600_000 },
      global: { limit: 1e9, windowMs: 60_000 },
    };
    const byNode = nodeCardFingerprinter('bench');
    const byWeb = cardFingerprinter('bench');
    const fingerprints = await interleaved(3, {
      n: () => cpuPer(20_000, 1, (i) => byNode(`41111111${String(i).padStart(8, '0')}`)),
      w: () => cpuPer(20_000, 1, (i) => byWeb(`41111111${String(i).padStart(8, '0')}`)),
    });
    row(
      'card fingerprint: one HMAC-SHA-256, node:crypto / Web Crypto',
      `${us(fingerprints.n!)} / ${us(fingerprints.w!)}`,
      'the key of the per-card limit: the Node build / every other runtime',
    );
    // One request's counts, and its answer (not a decline): what each tokenization asks of the limiter.
    const admitted = async (on: RateLimiter, address: string, card: string) => {
      const counted = on.forRequest(address);
      await counted.admit(card);
      await counted.answered(false);
    };
    const limiter = rateLimiter(memoryRateLimitStore(), allOn, silentLogger, Date.now);
    const limits = await interleaved(3, {
      m: () => cpuPer(20_000, 1, (i) => admitted(limiter, `198.51.${(i >> 8) & 255}.${i & 255}`, `card${i & 4095}`)),
    });
    row(
      'limits: the four counts in the in-memory store',
      us(limits.m!),
      "per address, per card and global, and the address's declines read, one request",
    );
    if (redis) {
      const client = new Redis(redis.url);
      const shared = rateLimiter(redisRateLimitStore(client), allOn, silentLogger, Date.now);
      await cpuPer(200, 16, () => admitted(shared, 'warm', 'warm'));
      const round = await interleaved(3, {
        r: () => cpuPer(4000, 16, (i) => admitted(shared, `198.51.100.${i & 255}`, `card${i & 4095}`)),
      });
      const started = performance.now();
      for (let i = 0; i < 500; i++) await admitted(shared, '203.0.113.1', `card${i}`);
      row(
        'Redis: the four counts in one EVALSHA',
        us(round.r!),
        `this process's CPU (ioredis) per request at c=16; ${ms((performance.now() - started) / 500)} round trip on loopback`,
      );
      client.disconnect();
    } else row('Redis: the four counts in one EVALSHA', 'not measured', 'no redis-server installed');

    // The built proxy as merchants run it: plain node, no tsx, dist/node/server/cli.js, over real HTTP on loopback.
    // The young generation kept small (1 MiB semi-spaces, V8's default is 16) and the old one capped (96 MiB, far
    // above the ~12 MiB the proxy keeps): V8 then collects before it grows the heap. README, "Run the proxy".
    const heapFlags = ['--max-semi-space-size=1', '--max-old-space-size=96'];
    const env = simulator.proxyEnv;
    const cards = distinctCards(1000);
    for (const flags of [heapFlags, []]) {
      const proxy = await startBuiltProxy(env, flags);
      const label = flags.length ? `node ${heapFlags.join(' ')}` : 'node, default heap';
      let sent = 0;
      const load = async (concurrency: number, total: number) => {
        const cpu = proxy.cpuMs();
        const result = await drive(proxy.url, cards, concurrency, total);
        sent += total;
        return { ...result, cpuMs: (proxy.cpuMs() - cpu) / total, throughput: total / result.seconds };
      };
      await load(8, 300);
      if (flags.length) {
        for (const concurrency of [1, 16, 64]) {
          const result = await load(concurrency, concurrency === 1 ? 600 : 2000);
          row(
            `built proxy, concurrency ${concurrency}: throughput, p50 / p99`,
            `${result.throughput.toFixed(0)}/s, ${ms(quantile(result.latencies, 0.5))} / ${ms(quantile(result.latencies, 0.99))}`,
            `${result.errors} errors; ${ms(result.cpuMs)} CPU per tokenization (${(result.cpuMs / floor).toFixed(1)}x floor) with the HTTP server and the log line; client, proxy and simulator share the cores`,
          );
        }
      }
      await load(32, Math.max(0, 10_000 - sent));
      const rss = proxy.rssMiB();
      await proxy.stop();
      row(
        `built proxy RSS after 10,000 tokenizations, ${label}`,
        `${rss.toFixed(0)} MiB`,
        flags.length ? `goal ≤ 80 MiB: ${rss <= 80 ? 'met' : 'NOT met'}` : 'for comparison: the young generation V8 picks',
      );
    }

    // Address churn: 20,000 requests, each from a new forwarded address behind a 15 KB X-Forwarded-For, against the
    // default limits. The store keeps a bounded number of windows, so the proxy's memory stays flat.
    const churn = await startBuiltProxy({ ...env, RATE_LIMIT_PER_ADDRESS: '10', RATE_LIMIT_GLOBAL: '600', TRUST_PROXY: 'true' }, heapFlags);
    const churnBefore = churn.rssMiB();
    const padding = Array.from({ length: 1000 }, (_, i) => `198.18.${i >> 8}.${i & 255}`)
      .join(', ')
      .slice(0, 15_000);
    let churned = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (churned < 20_000) {
          const i = churned++;
          const response = await fetch(churn.url, {
            method: 'POST',
            headers: {
              origin: 'https://shop.example',
              'content-type': 'application/json',
              'x-forwarded-for': `${padding}, 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
            },
            body: '{}',
          });
          await response.arrayBuffer();
        }
      }),
    );
    const churnAfter = churn.rssMiB();
    await churn.stop();
    row(
      'built proxy RSS after 20,000 new forwarded addresses',
      `${churnAfter.toFixed(0)} MiB (${churnBefore.toFixed(0)} before)`,
      'each from a new address behind a 15 KB X-Forwarded-For; the limit store is bounded',
    );
  } finally {
    simulator.stop();
    redis?.stop();
  }
}
