// The built proxy (`dist/node/server/cli.js`) as merchants run it: plain `node`, no tsx, configured from the
// environment, in a process of its own. Its CPU and memory are read from /proc, from outside, so nothing in the
// proxy is there for the benchmark. Used by `npm run bench` and `npm run bench:profile`.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cardBody } from '../support/fixtures.ts';

const root = new URL('../..', import.meta.url).pathname;
const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface BuiltProxy {
  url: string;
  child: ChildProcess;
  /** User + system CPU of the process so far, in ms (from /proc/<pid>/stat). */
  cpuMs(): number;
  /** Resident set size now, in MiB (from /proc/<pid>/status). */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** A key as PEM text, as merchants keep theirs. */
export const pem = (key: KeyObject) => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }) as string;

/**
 * The simulator in a process of its own, with keys made for this run: the merchant's pair, Alipay's pair, and the
 * environment a built proxy needs to call it (its limits off: the bench measures work, not refusals).
 */
export async function startBenchSimulator() {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = 'SANDBOX_BENCH';
  const child = fork(new URL('simulator-process.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ALIPAY_CLIENT_ID: clientId,
      MERCHANT_PUBLIC_KEY: pem(merchant.publicKey),
      SIMULATOR_PRIVATE_KEY: pem(alipay.privateKey),
    },
    stdio: 'ignore',
  });
  const [{ url: endpoint }] = (await once(child, 'message')) as [{ url: string }];
  return {
    merchant,
    alipay,
    clientId,
    endpoint,
    proxyEnv: {
      ALIPAY_ENDPOINT: endpoint,
      ALIPAY_CLIENT_ID: clientId,
      ALIPAY_PRIVATE_KEY: pem(merchant.privateKey),
      ALIPAY_PUBLIC_KEY: pem(alipay.publicKey),
      ALLOWED_ORIGINS: 'https://shop.example',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_GLOBAL: '0',
      RATE_LIMIT_PER_CARD: '0',
      RATE_LIMIT_DECLINES_PER_ADDRESS: '0',
    },
    stop: () => void child.send({ type: 'stop' }),
  };
}

export async function startBuiltProxy(
  env: Record<string, string>,
  nodeFlags: string[] = [],
  cli = `${root}dist/node/server/cli.js`,
): Promise<BuiltProxy> {
  const child = spawn(process.execPath, [...nodeFlags, cli], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      if (log.length > 100_000) return; // the proxy's log lines after start-up are read and dropped
      log += chunk;
      const listening = /"event":"proxy_listening".*?:(\d+)\/cache-card/.exec(log);
      if (listening) resolve(Number(listening[1]));
    });
    child.once('exit', (code) => reject(new Error(`the built proxy exited (${code}) before listening:\n${log}`)));
  });
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}/cache-card`,
    child,
    cpuMs() {
      // The fields after the command's name, which is in parentheses and may hold spaces.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    },
    rssMiB() {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
      return Number(kb) / 1024;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** `total` tokenizations, `concurrency` at a time, each a distinct card; the latencies and the errors. */
export async function drive(url: string, cards: string[], concurrency: number, total: number) {
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
          const response = await fetch(url, {
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
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}
