// The package as a user gets it: `npm pack`, installed into a fresh project, used through its public entries.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const project = mkdtempSync(join(tmpdir(), 'cache-card-user-'));
let files: string[] = [];

/** Type-checks `args` (files and options) in the consumer project, strictly, as an app on ES2022 with a bundler would. */
function typecheck(project: string, args: string[]): void {
  const strict = ['--noEmit', '--strict', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022'];
  const types = ['--lib', 'es2023,dom,dom.iterable', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types')];
  const result = spawnSync(join(root, 'node_modules/.bin/tsc'), ['--ignoreConfig', ...args, ...strict, ...types], {
    cwd: project,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
}

describe('the npm package', () => {
  before(() => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], { cwd: root, encoding: 'utf8' }),
    );
    files = packed[0].files.map((f: { path: string }) => f.path);
    const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
    execFileSync('npm', ['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
      stdio: 'ignore',
    });
  });

  it('holds the builds, types, manifest and README, and no tests, demo, sources or keys', () => {
    for (const expected of [
      'dist/cache-card-form.js',
      'dist/cache-card-form.js.sri',
      'dist/cache-card-form.isolated.js',
      'dist/cache-card-form.isolated.js.sri',
      'dist/cache-card-form.zh-CN.js',
      'dist/cache-card-form.ar.js.sri',
      'dist/cache-card-form.locale-loader.js',
      'dist/browser/locales/de.js',
      'dist/types/locales/de.d.ts',
      'dist/browser/define.js',
      'dist/frame/frame.js',
      'dist/node/server/cli.js',
      'dist/types/index.d.ts',
      'dist/custom-elements.json',
      'README.md',
    ]) {
      assert.ok(files.includes(expected), expected);
    }
    for (const file of files) assert.match(file, /^(dist\/|README\.md$|LICENSE$|package\.json$)/, file);
    assert.ok(!files.some((f) => /\.(pem|key)$/.test(f)), 'no keys');
  });

  it("starts each script tag and the frame's script with V8's compile hint, under the SRI hash it ships with", () => {
    const installed = join(project, 'node_modules/cache-card-form/dist');
    for (const name of ['cache-card-form.js', 'cache-card-form.isolated.js', 'frame/frame.js']) {
      const code = readFileSync(join(installed, name));
      assert.ok(code.toString('utf8').startsWith('//# allFunctionsCalledOnLoad\n'), `${name} starts with the hint`);
      if (name.startsWith('frame/')) continue; // the frame page names its script by a digest of it instead
      const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
      assert.equal(readFileSync(join(installed, `${name}.sri`), 'utf8').trim(), integrity, `${name}.sri`);
    }
  });

  it('serves the proxy and the simulator from their entries', () => {
    const script = `
      import { createCacheCardHandler, readFrameScript, generateRsaKeyPair } from 'cache-card-form/server';
      import { startSimulator } from 'cache-card-form/simulator';
      const merchant = generateRsaKeyPair(), alipay = generateRsaKeyPair();
      const sim = await startSimulator({ clientId: 'SANDBOX_X', merchantPublicKey: merchant.publicKey, privateKey: alipay.privateKey });
      console.log(typeof createCacheCardHandler, readFrameScript().length > 1000, sim.url.startsWith('http://127.0.0.1:'));
      await sim.close();`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    assert.equal(out.trim(), 'function true true');
  });

  it('resolves every script-tag file and its hash through the exports, for a build that copies them', () => {
    const names = ['cache-card-form.js', 'cache-card-form.isolated.js', 'cache-card-form.de.js', 'cache-card-form.locale-loader.js'];
    const files = names.flatMap((name) => [name, `${name}.sri`]);
    const script = `for (const file of ${JSON.stringify(files)})
      console.log(new URL(import.meta.resolve('cache-card-form/' + file)).pathname);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    const installed = join(project, 'node_modules/cache-card-form/dist');
    assert.deepEqual(
      out.trim().split('\n'),
      files.map((file) => join(installed, file)),
    );
  });

  it("resolves the frame's script through the exports, for a Worker that imports it as text", () => {
    // A bundler (wrangler's esbuild) honours the exports: `cache-card-form/dist/frame/frame.js` does not resolve.
    const script = `console.log(new URL(import.meta.resolve('cache-card-form/frame.js')).pathname);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    assert.equal(out.trim(), join(project, 'node_modules/cache-card-form/dist/frame/frame.js'));
  });

  it('installs the commands', () => {
    const result = spawnSync('npx', ['--no-install', 'cache-card-proxy'], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ALIPAY_ENDPOINT is not set/);
  });

  it('gives TypeScript the element, its events, the locale packs and the server API', () => {
    writeFileSync(
      join(project, 'checkout.ts'),
      `import 'cache-card-form/define';
       import type { TokenizeResult } from 'cache-card-form';
       import { createCacheCardHandler } from 'cache-card-form/server';
       import { es419 } from 'cache-card-form/locales/es-419';
       import 'cache-card-form/locales/on-demand';
       const placeholder: string | undefined = es419['placeholder.expiry'];
       void placeholder;
       const card = document.createElement('cache-card-form');
       card.billingAddress = 'full';
       card.addEventListener('tokenized', (event) => { const result: TokenizeResult = event.detail; void result.cardToken; });
       card.addEventListener('tokenize-error', (event) => void event.detail.code);
       const pending: Promise<TokenizeResult> = card.tokenize();
       void pending; void createCacheCardHandler;
       // @ts-expect-error the element has no such property
       card.cardNumber = '4111';`,
    );
    typecheck(project, ['checkout.ts']);
  });

  it('makes the element known to JSX in React 19 and to Vue templates', () => {
    execFileSync(
      'npm',
      ['install', 'react@19', '@types/react@19', 'vue@3', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { cwd: project, stdio: 'ignore' },
    );
    writeFileSync(
      join(project, 'Checkout.tsx'),
      `import type {} from 'cache-card-form/react';
       export const checkout = (
         <cache-card-form name="cardToken" endpoint="/cache-card" billingAddress="full" required
                          ontokenized={(event) => void event.detail.cardToken} />
       );
       // @ts-expect-error billingAddress takes full, postal or none
       export const wrong = <cache-card-form billingAddress="everything" />;`,
    );
    writeFileSync(
      join(project, 'vue-check.ts'),
      `import type {} from 'cache-card-form/vue';
       import type { GlobalComponents } from 'vue';
       type Props = InstanceType<GlobalComponents['cache-card-form']>['$props'];
       export const props: Props = { billingAddress: 'postal', onTokenized: (event) => void event.detail.mask };
       // @ts-expect-error billingAddress takes full, postal or none
       export const wrong: Props = { billingAddress: 'everything' };`,
    );
    typecheck(project, ['Checkout.tsx', 'vue-check.ts', '--jsx', 'react-jsx', '--skipLibCheck']);
  });
  it('makes the element known to Svelte templates and Solid JSX, and catches a typo', () => {
    execFileSync('npm', ['install', 'svelte@5', 'solid-js@1', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
      stdio: 'ignore',
    });
    // What svelte-check asks of an element's attributes: the same interface, here without a .svelte file.
    writeFileSync(
      join(project, 'svelte-check.ts'),
      `import type {} from 'cache-card-form/svelte';
       import type { SvelteHTMLElements } from 'svelte/elements';
       type Attributes = SvelteHTMLElements['cache-card-form'];
       export const attributes: Attributes = {
         name: 'cardToken', 'billing-address': 'full', billingAddress: 'full', required: true, isolated: true,
         ontokenized: (event) => void event.detail.cardToken, 'ontokenize-error': (event) => void event.detail.code,
       };
       // @ts-expect-error a typo of endpoint
       export const typo: Attributes = { endpont: '/cache-card' };
       // @ts-expect-error billing-address takes full, postal or none
       export const wrong: Attributes = { 'billing-address': 'everything' };`,
    );
    writeFileSync(
      join(project, 'SolidCheckout.tsx'),
      `import type {} from 'cache-card-form/solid';
       export const checkout = (
         <cache-card-form name="cardToken" endpoint="/cache-card" billing-address="full" required
                          on:tokenized={(event) => void event.detail.mask} />
       );
       // @ts-expect-error a typo of endpoint
       export const typo = <cache-card-form endpont="/cache-card" />;`,
    );
    typecheck(project, ['svelte-check.ts', 'SolidCheckout.tsx', '--jsx', 'preserve', '--jsxImportSource', 'solid-js', '--skipLibCheck']);
  });
});
