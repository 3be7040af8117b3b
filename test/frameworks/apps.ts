// The framework apps under demo/frameworks/: how each is installed, built and served, one at a time (two cores).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

export interface App {
  name: string;
  dir: string;
  /** The command that serves the production build; PORT and HOST come from the environment as well. */
  serve: (port: number) => string[];
}

const app = (name: string, serve: App['serve']): App => ({ name, dir: join(root, 'demo/frameworks', name), serve });

export const APPS: App[] = [
  app('next', (port) => ['node_modules/.bin/next', 'start', '-p', String(port), '-H', '127.0.0.1']),
  app('nuxt', () => ['node', '.output/server/index.mjs']),
  app('angular', () => ['node', 'dist/checkout/server/server.mjs']),
  app('sveltekit', () => ['node', 'build']),
];

/** Runs a command in an app's folder, its output kept for the error message only. */
function run(dir: string, command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${dir} (exit ${result.status}):\n${(result.stdout + result.stderr).slice(-4000)}`,
    );
  }
}

const hash = (...parts: (string | Buffer)[]) => parts.reduce((h, part) => h.update(part), createHash('sha256')).digest('hex');

/** The package as merchants get it: `npm pack` of this checkout (built already), in a folder of its own. */
export function pack(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cache-card-pack-'));
  run(root, 'npm', ['pack', '--ignore-scripts', '--pack-destination', folder]);
  return join(
    folder,
    readdirSync(folder).find((file) => file.endsWith('.tgz'))!,
  );
}

/**
 * The app's dependencies, then the packed package over the `file:../../..` link its lock holds. Through the link,
 * bundlers would follow it into the repository and find a second copy of React's or Vue's types in the
 * repository's node_modules; the tarball is what a merchant installs. Each step is skipped when a stamp says
 * node_modules already holds exactly that lock (`npm ci` always starts from nothing: 5 to 40 s an app) or that
 * tarball. Returns what it did.
 */
export function install(app: App, tarball: string): string {
  const done: string[] = [];
  const lockStamp = join(app.dir, 'node_modules/.cache-card-lock');
  const lock = hash(readFileSync(join(app.dir, 'package-lock.json')), readFileSync(join(app.dir, 'package.json')), process.version);
  if (!existsSync(lockStamp) || readFileSync(lockStamp, 'utf8') !== lock) {
    run(app.dir, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
    writeFileSync(lockStamp, lock);
    done.push('npm ci');
  }
  const packageStamp = join(app.dir, 'node_modules/.cache-card-package');
  const contents = hash(readFileSync(tarball));
  if (!existsSync(packageStamp) || readFileSync(packageStamp, 'utf8') !== contents) {
    run(app.dir, 'npm', ['install', '--no-save', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball]);
    writeFileSync(packageStamp, contents);
    done.push('packed package');
  }
  return done.join(' + ') || 'up to date';
}

/** The framework's own production build (`npm run build` in the app). */
export function build(app: App): void {
  run(app.dir, 'npm', ['run', 'build'], { NEXT_TELEMETRY_DISABLED: '1', NUXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false' });
}

export interface Served {
  origin: string;
  /** What the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Serves the build on 127.0.0.1:port in its own process group, and waits until it answers. */
export async function serve(app: App, port: number, env: Record<string, string>): Promise<Served> {
  const [command, ...args] = app.serve(port);
  const child: ChildProcess = spawn(command!, args, {
    cwd: app.dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app.name} server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${origin}/`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${app.name} server did not answer on ${origin} within 30 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { origin, output: () => output, stop };
}
