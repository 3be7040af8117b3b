// Every JavaScript entry of the package, imported on a server: Next.js, Nuxt, SvelteKit and Angular evaluate a
// page's imports in Node before any browser sees them. Each entry is imported through the package's exports from
// a packed install, in a fresh Node process (and in Deno and Bun when they are installed), and must not throw,
// add or change a global, or read a browser global from the package's own code.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { binary } from '../runtimes/launch.ts';

const root = new URL('../..', import.meta.url).pathname;
const project = mkdtempSync(join(tmpdir(), 'cache-card-ssr-'));

/**
 * Entries a server never imports: the script-tag bundles (classic scripts with lit's browser build inside), and the
 * isolated frame's script, which a proxy serves to the frame and a Worker reads as text.
 */
const NOT_FOR_SERVERS = new Set(['./cache-card-form.js', './cache-card-form.isolated.js', './frame.js']);

/** Every export with JavaScript behind it: new entries are tested without touching this file. */
function javascriptEntries(): string[] {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const targets = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : [];
  // A pattern (`./locales/*`) stands for each built file it matches.
  const expand = ([entry, value]: [string, unknown]): [string, unknown][] => {
    const pattern = targets(value).find((target) => target.includes('*') && /\.m?js$/.test(target));
    if (!pattern) return [[entry, value]];
    const [dir, suffix] = pattern.split('*') as [string, string];
    return readdirSync(join(root, dir))
      .filter((file) => file.endsWith(suffix) && exports[entry.replace('*', file.slice(0, -suffix.length))] !== null)
      .map((file) => [entry.replace('*', file.slice(0, -suffix.length)), pattern.replace('*', file.slice(0, -suffix.length))]);
  };
  return Object.entries(exports)
    .flatMap(expand)
    .filter(([entry, value]) => !NOT_FOR_SERVERS.has(entry) && targets(value).some((target) => /\.m?js$/.test(target)))
    .map(([entry]) => `cache-card-form${entry.slice(1)}`);
}

// The probe, run in the runtime under test. Browser globals that are missing become getters that note every read
// made from the package's own files (lit-html's node build looks for `document` itself: that is lit's business).
// Every global is read once before the import, so that the runtime's lazily made globals are not taken for changes.
const BROWSER_GLOBALS = ['window', 'document', 'customElements', 'navigator', 'location', 'HTMLElement', 'CSSStyleSheet', 'self'];
const probe = (specifier: string) => `
  const own = (stack) => stack.split('\\n').slice(2).some((line) => /cache-card-form\\/dist\\//.test(line));
  const reads = new Set();
  const missing = ${JSON.stringify(BROWSER_GLOBALS)}.filter((name) => !(name in globalThis));
  for (const name of missing) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { if (own(new Error().stack)) reads.add(name); return undefined; },
    });
  }
  const value = (key) => { try { return globalThis[key]; } catch { return undefined; } };
  const before = new Map(Reflect.ownKeys(globalThis).map((key) => [key, value(key)]));
  let error = null;
  try { await import(${JSON.stringify(specifier)}); } catch (e) { error = String(e && e.stack || e); }
  const after = Reflect.ownKeys(globalThis);
  console.log(JSON.stringify({
    error,
    added: after.filter((key) => !before.has(key)).map(String),
    changed: after.filter((key) => before.has(key) && !Object.is(before.get(key), value(key))).map(String),
    reads: [...reads],
  }));`;

interface Outcome {
  error: string | null;
  added: string[];
  changed: string[];
  reads: string[];
}

function run(command: string, args: (script: string) => string[], specifier: string): Outcome {
  const result = spawnSync(command, args(probe(specifier)), { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  assert.ok(line.startsWith('{'), `${command} printed no outcome: ${result.stdout}${result.stderr}`);
  return JSON.parse(line) as Outcome;
}

/**
 * What importing the package's own dependencies does in a runtime (lit-html keeps a list of its versions on
 * globalThis; Deno sets up its Node layer for card-validator's CommonJS): an entry may do that, and nothing more.
 */
function baseline(command: string, args: (script: string) => string[]): Outcome {
  const outcomes = ['lit/html.js', 'card-validator'].map((specifier) => run(command, args, specifier));
  return {
    error: null,
    added: outcomes.flatMap((o) => o.added),
    changed: outcomes.flatMap((o) => o.changed),
    reads: [],
  };
}

function check(specifier: string, outcome: Outcome, baseline: Outcome): void {
  assert.equal(outcome.error, null, `${specifier} threw on import`);
  assert.deepEqual(
    outcome.added.filter((key) => !baseline.added.includes(key)),
    [],
    `${specifier} added globals`,
  );
  assert.deepEqual(
    outcome.changed.filter((key) => !baseline.changed.includes(key)),
    [],
    `${specifier} changed globals`,
  );
  // Reading these two is how the package tells a server from a browser (the element's base class, `define`).
  assert.deepEqual(
    outcome.reads.filter((name) => name !== 'HTMLElement' && name !== 'customElements'),
    [],
    `${specifier} read browser globals`,
  );
}

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
/**
 * The runtime's binary from its npm package (a devDependency, as the runtime suites use it), else one on PATH: so
 * that running this file by itself, without npm's node_modules/.bin on PATH, still checks Deno and Bun.
 */
const runtimeCommand = (runtime: 'deno' | 'bun') => binary(runtime) ?? (has(runtime) ? runtime : null);
const entries = javascriptEntries();

describe('every entry imports on a server', () => {
  before(() => {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', project], { cwd: root, stdio: 'ignore' });
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
    execFileSync('npm', ['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
      stdio: 'ignore',
    });
  });

  after(() => rmSync(project, { recursive: true, force: true }));

  it('covers the browser entries', () => {
    for (const entry of ['cache-card-form', 'cache-card-form/define', 'cache-card-form/locales/zh-CN'])
      assert.ok(entries.includes(entry), entry);
  });

  const node = (script: string) => ['--input-type=module', '-e', script];
  for (const specifier of entries) {
    it(`Node: ${specifier}`, () => check(specifier, run(process.execPath, node, specifier), baseline(process.execPath, node)));
  }

  it('Node: defining the element is a no-op, and the class is there to extend or read', () => {
    const script = `
      const { CacheCardForm } = await import('cache-card-form/define');
      const { CacheCardForm: same } = await import('cache-card-form');
      console.log(JSON.stringify([typeof CacheCardForm, CacheCardForm === same, 'customElements' in globalThis, typeof CacheCardForm.registerLocale]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), ['function', true, false, 'function']);
  });

  // Deno and Bun resolve the package's `node` conditions (lit's) as Node does; tested where they are installed (their
  // npm packages, or on PATH).
  for (const [runtime, args] of [
    ['deno', (script: string) => ['eval', '--quiet', script]],
    ['bun', (script: string) => ['--eval', script]],
  ] as const) {
    const command = runtimeCommand(runtime);
    it(`${runtime}: every entry`, { skip: command ? false : `${runtime} is not installed` }, () => {
      const allowed = baseline(command!, args);
      for (const specifier of entries) check(`${runtime}: ${specifier}`, run(command!, args, specifier), allowed);
    });
  }
});
