// `npm run test:frameworks` (and `npm test`): each checkout app under demo/frameworks/ installed, built with its
// framework's production build, served, and shopped at in real browsers, inline and isolated. One app at a time:
// builds take both cores. FRAMEWORKS=next,sveltekit picks apps; ENGINES=chromium picks browsers.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright';
import { APPS, build, install, pack, serve, type Served } from './apps.ts';
import { freePort, startBackend, type Backend } from './backend.ts';
import { checkout, engines, launch, type Engine } from './checkout.ts';
import { angularTypos, svelteTypos, TYPOS, vueTypos } from './typings.ts';

const wanted = process.env.FRAMEWORKS?.split(',').map((name) => name.trim());
const apps = APPS.filter((app) => !wanted || wanted.includes(app.name));
const ports = new Map<string, number>();
const browsers = new Map<Engine, Browser>();
let backend: Backend;
let tarball: string;
const timings: string[] = [];

/** Runs one step and notes how long it took, for the table printed at the end. */
async function timed<T>(what: string, step: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  let note = '';
  try {
    const result = await step();
    if (typeof result === 'string' && what.endsWith('install')) note = `  (${result})`;
    return result;
  } finally {
    timings.push(`${what.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s${note}`);
  }
}

describe('framework apps', () => {
  before(async () => {
    for (const app of apps) ports.set(app.name, await freePort());
    backend = await startBackend([...ports.values()].map((port) => `http://127.0.0.1:${port}`));
    tarball = await timed('npm pack', pack);
  });

  after(async () => {
    for (const browser of browsers.values()) await browser.close();
    await backend?.close();
    if (tarball) rmSync(dirname(tarball), { recursive: true, force: true });
    console.log(`\nTimes (framework apps):\n${timings.join('\n')}`);
  });

  for (const app of apps) {
    describe(app.name, () => {
      let server: Served | undefined;

      before(async () => {
        await timed(`${app.name}: install`, () => install(app, tarball));
        await timed(`${app.name}: production build`, () => build(app));
        const port = ports.get(app.name)!;
        server = await timed(`${app.name}: serve`, () => serve(app, port, { ...backend.env, ALLOWED_ORIGINS: `http://127.0.0.1:${port}` }));
      });

      after(async () => {
        await server?.stop();
      });

      // Next.js's build checks its JSX (with the React typings) and Angular's build its templates (strictTemplates).
      if (app.name === 'sveltekit') {
        it('svelte-check passes the app and reports typos in a template', async () => {
          const { typos } = await timed(`${app.name}: svelte-check`, () => svelteTypos(app));
          assert.match(typos, new RegExp(`${TYPOS.property}\\W+ does not exist in type 'CacheCardFormSvelteProps'`), typos);
          assert.match(typos, new RegExp(`Property '${TYPOS.detail}' does not exist on type 'TokenizeResult'`), typos);
        });
      }
      if (app.name === 'nuxt') {
        it('vue-tsc passes the app and reports a wrong attribute value and a typo in a template', async () => {
          const { typos } = await timed(`${app.name}: vue-tsc`, () => vueTypos(app));
          assert.match(typos, /Type '"everything"' is not assignable to type 'BillingAddressMode \| undefined'/, typos);
          assert.match(typos, new RegExp(`Property '${TYPOS.detail}' does not exist on type 'TokenizeResult'`), typos);
        });
      }
      if (app.name === 'angular') {
        it("Angular's template check reports a typo in what a handler reads of $event", async () => {
          const output = await timed(`${app.name}: template check (ngc)`, () => angularTypos(app));
          assert.match(output, new RegExp(`Property '${TYPOS.detail}' does not exist on type 'TokenizeResult'`), output);
        });
      }

      for (const engine of engines()) {
        for (const isolated of [false, true]) {
          it(`${engine}: ${isolated ? 'isolated' : 'inline'} checkout, server-rendered and hydrated`, async () => {
            if (!browsers.has(engine)) browsers.set(engine, await timed(`launch ${engine}`, () => launch(engine)));
            const url = `${server!.origin}${isolated ? '/isolated' : '/'}`;
            const visit = await timed(`${app.name}: ${engine} ${isolated ? 'isolated' : 'inline'}`, () =>
              checkout(browsers.get(engine)!, url, isolated),
            ).catch((error: Error) => {
              throw new Error(`${error.message}\n--- ${app.name} server output ---\n${server!.output().slice(-3000)}`, { cause: error });
            });
            assert.deepEqual(visit.problems, [], 'no page errors, console errors or warnings, or hydration mismatches');
            assert.match(visit.detail?.cardToken ?? '', /\S{8,}/, 'the element fired tokenized with a token');
            assert.match(visit.detail.mask, /1111$/);
            assert.equal(visit.saved, `${visit.detail.mask} ${visit.detail.cardToken}`, "the framework's state holds { cardToken, mask }");
            assert.equal(visit.submitted, visit.detail.cardToken, 'the submitted form carries the token');
            if (visit.formValue !== null) assert.equal(visit.formValue, visit.detail.cardToken, "the framework's form holds the token");
          });
        }
      }
    });
  }
});
