// `npm run bench`: one table of figures anyone can reproduce on their machine. Run after `npm run build`.
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { createAlipayClient } from '../../src/server/alipay-client.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { distinctCards } from '../support/cards.ts';
import { cardBody } from '../support/fixtures.ts';
import { bundleBytes, floorBytes } from '../size.mjs';
import { browserFigures } from './browser.ts';

const here = new URL('.', import.meta.url).pathname;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : 1)} ms`;
const rows: [string, string, string][] = [];
const row = (measure: string, figure: string, reading: string) => rows.push([measure, figure, reading]);

// Bundles
const floor = await floorBytes();
const bundles = await bundleBytes();
const gz = (code: Buffer) => gzipSync(code, { level: 9 }).length;
const readings: Record<string, string> = {
  'script tag: dist/cache-card-form.js': 'inline mode, lit and card-validator inside; must stay within 20,000 B',
  'script tag, isolated: dist/cache-card-form.isolated.js': 'what an isolated page loads',
  'ESM define entry, minified (lit and card-validator not included)':
    'what a bundler adds to the lit and card-validator an app already has',
};
for (const [name, reading] of Object.entries(readings)) {
  const size = gz(bundles[name as keyof typeof bundles]);
  row(`bundle, ${name}`, `${size} B gzip (${(size / floor.gzip).toFixed(2)}x floor)`, reading);
}
row('bundle, dependency floor (lit + card-validator)', `${floor.gzip} B gzip (1.00x)`, 'built the same way as the script tag');

// Browser
const browser = await browserFigures(floor.code);
row(
  'keystroke -> formatted field, median',
  ms(quantile(browser.latencies, 0.5)),
  `${browser.latencies.length} keystrokes; a frame is 16.7 ms`,
);
row('keystroke -> formatted field, p95', ms(quantile(browser.latencies, 0.95)), 'goal: at most 2 ms');
const renderFloor = quantile(browser.renders.floor, 0.5);
row('first render floor: lit + card-validator, trivial element, median', ms(renderFloor), 'bundle evaluated -> laid out, CPU');
for (const [kind, goal] of [
  ['postal', 10],
  ['full', 15],
] as const) {
  const median = quantile(browser.renders[kind], 0.5);
  row(
    `first render, inline, ${kind} address, median`,
    `${ms(median)} (${(median / renderFloor).toFixed(1)}x floor)`,
    `goal: at most ${goal} ms; ${browser.renders[kind].length} fresh pages`,
  );
}
row('script executed -> form interactive, median', ms(quantile(browser.starts, 0.5)), `${browser.starts.length} page loads`);

// Keys, shared by the processes
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }) as string;
const clientId = 'SANDBOX_BENCH';
const spawnTs = (file: string, env: Record<string, string>) =>
  fork(`${here}${file}`, { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, ...env }, stdio: 'ignore' });
const first = <T>(child: ChildProcess) => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));

const simulatorProcess = spawnTs('simulator-process.ts', {
  ALIPAY_CLIENT_ID: clientId,
  MERCHANT_PUBLIC_KEY: pem(merchant.publicKey),
  SIMULATOR_PRIVATE_KEY: pem(alipay.privateKey),
});
const { url: alipayUrl } = await first<{ url: string }>(simulatorProcess);

// CPU of one tokenization in the proxy (the simulator's work is in its own process) against the crypto floor.
const N = 400;
const cpu = (run: () => Promise<void> | void) => async () => {
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / N;
};
const content = Buffer.from(`POST /ams/api/v1/paymentMethods/cacheCard\n${clientId}.1700000000000.${JSON.stringify(cardBody())}`);
const cryptoFloor = await cpu(() => {
  if (!verify('sha256', content, merchant.publicKey, sign('sha256', content, merchant.privateKey))) throw new Error('bad signature');
})();
const handler = createCacheCardHandler({
  alipay: createAlipayClient({ endpoint: alipayUrl, clientId, privateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey }),
  allowedOrigins: ['https://shop.example'],
  rateLimits: { perAddress: { limit: 0, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } },
  logger: silentLogger,
});
const body = JSON.stringify(cardBody());
const tokenize = async () => {
  const response = await handler(
    new Request('http://proxy/cache-card', {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
      body,
    }),
  );
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  await response.text();
};
for (let i = 0; i < 50; i++) await tokenize(); // warm up
const proxyCpu = await cpu(tokenize)();
row('proxy CPU per tokenization', ms(proxyCpu), `${N} tokenizations, the proxy's own work only`);
row('crypto floor: one RSA-2048 sign + one verify', ms(cryptoFloor), 'measured in the same run');
row('proxy CPU / crypto floor', `${(proxyCpu / cryptoFloor).toFixed(2)}x`, 'how much the proxy adds to the unavoidable signing');

// Throughput and latency over real HTTP on loopback: proxy and simulator each in their own process.
const proxyProcess = spawnTs('proxy-process.ts', {
  ALIPAY_ENDPOINT: alipayUrl,
  ALIPAY_CLIENT_ID: clientId,
  ALIPAY_PRIVATE_KEY: pem(merchant.privateKey),
  ALIPAY_PUBLIC_KEY: pem(alipay.publicKey),
});
const { port } = await first<{ port: number }>(proxyProcess);
const proxyUrl = `http://127.0.0.1:${port}/cache-card`;
const cards = distinctCards(1000);
let sent = 0;
async function load(concurrency: number, total: number) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const cardNo = cards[next++ % cards.length]!;
        const t0 = performance.now();
        try {
          const response = await fetch(proxyUrl, {
            method: 'POST',
            headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
            body: JSON.stringify(cardBody({ cardNo })),
          });
          if (response.status !== 200) errors++;
          await response.arrayBuffer();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
        sent++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { throughput: total / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), errors };
}
await load(8, 200); // warm up
for (const concurrency of [1, 16, 64]) {
  const result = await load(concurrency, concurrency === 1 ? 500 : 2000);
  row(
    `concurrency ${concurrency}: throughput`,
    `${result.throughput.toFixed(0)} tokenizations/s`,
    `${result.errors} errors; three processes share the machine's cores`,
  );
  row(
    `concurrency ${concurrency}: latency p50 / p99`,
    `${ms(result.p50)} / ${ms(result.p99)}`,
    'client -> proxy -> simulator -> back, over loopback',
  );
}
const remaining = Math.max(0, 10_000 - sent);
await load(32, remaining);
proxyProcess.send({ type: 'memory' });
const { memory } = await first<{ memory: NodeJS.MemoryUsage }>(proxyProcess);
row(
  'proxy memory after 10,000 tokenizations',
  `${(memory.rss / 1048576).toFixed(0)} MiB RSS, ${(memory.heapUsed / 1048576).toFixed(1)} MiB heap`,
  'after a full GC; flat means nothing is kept per request',
);
proxyProcess.send({ type: 'stop' });
simulatorProcess.send({ type: 'stop' });

// Address churn: 20,000 requests, each from a new forwarded address behind a 15 KB X-Forwarded-For, against the
// default limits. The store keeps a bounded number of windows, so the proxy's memory stays flat.
const churnProcess = spawnTs('proxy-process.ts', {
  LIMITS: 'on',
  ALIPAY_ENDPOINT: alipayUrl,
  ALIPAY_CLIENT_ID: clientId,
  ALIPAY_PRIVATE_KEY: pem(merchant.privateKey),
  ALIPAY_PUBLIC_KEY: pem(alipay.publicKey),
});
const { port: churnPort } = await first<{ port: number }>(churnProcess);
const memoryOf = async (child: ChildProcess) => {
  child.send({ type: 'memory' });
  return (await first<{ memory: NodeJS.MemoryUsage }>(child)).memory;
};
const churnBefore = await memoryOf(churnProcess);
const padding = Array.from({ length: 1000 }, (_, i) => `198.18.${i >> 8}.${i & 255}`)
  .join(', ')
  .slice(0, 15_000);
let churned = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (churned < 20_000) {
      const i = churned++;
      const response = await fetch(`http://127.0.0.1:${churnPort}/cache-card`, {
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
const churnAfter = await memoryOf(churnProcess);
churnProcess.send({ type: 'stop' });
row(
  'proxy memory after 20,000 new forwarded addresses',
  `${(churnAfter.rss / 1048576).toFixed(0)} MiB RSS (${(churnBefore.rss / 1048576).toFixed(0)} before), ${(churnAfter.heapUsed / 1048576).toFixed(1)} MiB heap`,
  'each from a new address behind a 15 KB X-Forwarded-For; the limit store is bounded',
);

const machine = `${cpus()[0]?.model.trim()} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${browser.version}`;
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'figure', 'how to read it'][i]!.length));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\ncache-card-form benchmarks, ${new Date().toISOString().slice(0, 10)}, on ${machine}\n`);
console.log(line(['measure', 'figure', 'how to read it']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
process.exit(0);
