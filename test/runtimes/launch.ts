// Starts the proxy's entry for one runtime as a real process on 127.0.0.1, on a port the runtime picks, and says
// where it listens: the built `cache-card-proxy` on Node, src/server/runtimes/deno.ts on Deno, bun.ts on Bun, and
// worker.ts bundled into a workerd config this file writes. The binaries come from the npm packages `deno`, `bun`
// and `workerd` (devDependencies), resolved in their platform packages so that a skipped postinstall still works.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { LOCALE_PACKS } from '../../src/card/locale.ts';

export type Runtime = 'node' | 'deno' | 'bun' | 'workerd';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
export const FRAME_SCRIPT = join(root, 'dist/frame/frame.js');
/** Where the frame's locale packs are built: `dist/cache-card-form.<tag>.js`. */
export const FRAME_LOCALES_DIR = join(root, 'dist');

function resolveFirst(...candidates: string[]): string | null {
  for (const candidate of candidates) {
    try {
      return require.resolve(candidate);
    } catch {
      // the next layout
    }
  }
  return null;
}

/** The runtime's binary, or null on a platform its package does not ship. */
export function binary(runtime: Runtime): string | null {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  switch (runtime) {
    case 'node':
      return process.execPath;
    case 'deno':
      return resolveFirst(`@deno/${process.platform}-${arch}-glibc/deno`, `@deno/${process.platform}-${arch}/deno`, 'deno/deno');
    case 'bun':
      // bun's postinstall moves the binary out of its platform package into bun/bin/bun.exe.
      return resolveFirst(`@oven/bun-${process.platform}-${arch === 'x64' ? 'x64' : 'aarch64'}/bin/bun`, 'bun/bin/bun.exe');
    case 'workerd':
      try {
        return (require('workerd') as { default: string }).default;
      } catch {
        return null;
      }
  }
}

/** The settings every runtime gets, as text: the same variables on each. */
export type Settings = Record<string, string>;

const CF_FROM_ENV = ['ALIPAY_ENDPOINT', 'ALIPAY_CLIENT_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'];

/** The `uniqueKey` of the rate-limit objects' namespace in the tests' workerd configs: on disk, its directory. */
export const RATE_LIMITS_KEY = 'cache-card-form-rate-limits';

/** worker.ts bundled as workerd runs it, to `<dir>/worker.js`. */
export async function bundleWorker(dir: string): Promise<void> {
  await esbuild.build({
    entryPoints: [join(root, 'src/server/runtimes/worker.ts')],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'warning',
  });
}

/** The worker bundle and a workerd config beside it: secrets from the environment, the rest as text bindings. */
async function workerdConfig(dir: string, settings: Settings): Promise<string> {
  await bundleWorker(dir);
  writeFileSync(join(dir, 'frame.js'), readFileSync(FRAME_SCRIPT));
  const packs = Object.fromEntries(
    LOCALE_PACKS.map((tag) => [tag, readFileSync(join(FRAME_LOCALES_DIR, `cache-card-form.${tag}.js`), 'utf8')]),
  );
  writeFileSync(join(dir, 'locales.json'), JSON.stringify(packs));
  const text = Object.entries(settings)
    .filter(([name]) => !CF_FROM_ENV.includes(name) && name !== 'FRAME_SCRIPT_FILE' && name !== 'FRAME_LOCALES_DIR')
    .map(([name, value]) => `    (name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)}),`);
  const config = join(dir, 'proxy.capnp');
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "proxy", worker = .proxy),
    # global fetch() leaves through "internet"; the default allows public addresses only, and the simulator is local.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", service = "proxy", http = ())],
);
const proxy :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  bindings = [
${CF_FROM_ENV.map((name) => `    (name = "${name}", fromEnvironment = "${name}"),`).join('\n')}
${text.join('\n')}
    (name = "FRAME_SCRIPT", text = embed "frame.js"),
    (name = "FRAME_LOCALES", json = embed "locales.json"),
    (name = "RATE_LIMITS", durableObjectNamespace = "RateLimitCounter"),
  ],
  durableObjectNamespaces = [(className = "RateLimitCounter", uniqueKey = "${RATE_LIMITS_KEY}")],
  durableObjectStorage = (inMemory = void),
  globalOutbound = "internet",
);
`,
  );
  return config;
}

export interface RunningRuntime {
  url: string;
  /** Everything the process wrote on stderr: its log lines. */
  log(): string;
  stop(): Promise<void>;
}

export async function launch(runtime: Runtime, settings: Settings): Promise<RunningRuntime> {
  const bin = binary(runtime);
  if (!bin) throw new Error(`no ${runtime} binary for ${process.platform}-${process.arch}`);
  const dir = mkdtempSync(join(tmpdir(), `cache-card-${runtime}-`));
  const entry = (name: string) => join(root, 'src/server/runtimes', name);
  const args: Record<Runtime, () => Promise<string[]>> = {
    node: async () => [join(root, 'dist/node/server/cli.js')],
    deno: async () => [
      'run',
      '--quiet',
      '--no-config',
      '--node-modules-dir=manual',
      '--allow-net=127.0.0.1',
      '--allow-env',
      `--allow-read=${FRAME_SCRIPT},${FRAME_LOCALES_DIR}`,
      entry('deno.ts'),
    ],
    bun: async () => ['--no-env-file', entry('bun.ts')],
    workerd: async () => ['serve', await workerdConfig(dir, settings), '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'],
  };
  const child: ChildProcess = spawn(bin, await args[runtime](), {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, DENO_DIR: join(dir, 'deno'), NO_COLOR: '1', ...settings, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${runtime} did not listen within 20 s:\n${log}`)), 20_000);
    const found = (port: number) => (clearTimeout(timer), resolve(port));
    // workerd says where it listens on the control pipe; the entries say it in their first log line.
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      const listen = /"event":"listen","socket":"http","port":(\d+)/.exec(String(chunk));
      if (listen) found(Number(listen[1]));
    });
    child.stderr!.on('data', () => {
      const listening = /"event":"proxy_listening".*?(?:"port":|127\.0\.0\.1:)(\d+)/.exec(log);
      if (listening) found(Number(listening[1]));
    });
    child.once(
      'exit',
      (code, signal) => (clearTimeout(timer), reject(new Error(`${runtime} exited (${code ?? signal}) before listening:\n${log}`))),
    );
  });
  return {
    url: `http://127.0.0.1:${port}/cache-card`,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await once(child, 'exit');
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redis-server of the test's own on loopback, when one is installed (npm test installs it on Debian). */
export async function startRedis(): Promise<{ url: string; stop(): void } | null> {
  const server = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!server) return null;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const child = spawn(server, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // Ready, or a failure said so: a redis-server that exits, cannot be started or never gets ready fails the test
  // that needs it, within 15 s, instead of leaving it waiting.
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`redis-server on ${port} ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail('was not ready within 15 s'), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += String(d);
      if (/Ready to accept/.test(output)) {
        clearTimeout(timer);
        child.removeAllListeners('close');
        resolve();
      }
    });
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    child.once('close', (code, signal) => fail(`exited (${code ?? signal}) before it was ready`));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => void child.kill() };
}
