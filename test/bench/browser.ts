// Keystroke latency, start time and first render of the script-tag bundle, measured inside headless Chromium.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../support/browsers.mjs';

const root = new URL('../..', import.meta.url).pathname;

// The page records, for every keystroke, the time from the key event to the field showing its formatted value.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<cache-card-form id="card" billing-address="none"></cache-card-form>
<script src="/cache-card-form.js"></script>
<script src="/harness.js"></script>
</body></html>`;
const HARNESS = `
const card = document.getElementById('card');
window.startMs = null;
card.updateComplete.then(() => {
  const entry = performance.getEntriesByName(new URL('/cache-card-form.js', location.href).href)[0];
  if (card.shadowRoot.querySelector('input')) window.startMs = performance.now() - entry.responseEnd;
});
window.latencies = [];
let keyAt = 0;
addEventListener('keydown', () => { keyAt = performance.now(); }, true);
card.addEventListener('input', async () => { await card.updateComplete; latencies.push(performance.now() - keyAt); });
`;

/**
 * First render, on a fresh page each time: the main thread's work from evaluating the bundle to the form laid out
 * (its layout forced at the end), all of it synchronous, so its wall time is its CPU time. The page has fetched
 * the code beforehand, so no network wait is in it. The floor does the same with lit and card-validator alone
 * behind a trivial element (test/support/floor-entry.ts).
 */
const RENDER_PAGE = (tag: string, attributes: string) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<${tag} id="card" ${attributes}></${tag}>
<script type="module">
const code = await (await fetch('/${tag === 'floor-element' ? 'floor' : 'cache-card-form'}.js')).text();
await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
const card = document.getElementById('card');
const start = performance.now();
(0, eval)(code);
await card.updateComplete;
card.shadowRoot.firstElementChild?.getBoundingClientRect();
window.renderMs = performance.now() - start;
</script></body></html>`;

export async function browserFigures(floorCode: string) {
  const bundle = readFileSync(`${root}dist/cache-card-form.js`);
  const pages: Record<string, string> = {
    '/': PAGE,
    '/render-postal': RENDER_PAGE('cache-card-form', 'billing-address="postal"'),
    '/render-full': RENDER_PAGE('cache-card-form', 'billing-address="full"'),
    '/render-floor': RENDER_PAGE('floor-element', ''),
  };
  const server = createServer((req, res) => {
    if (req.url === '/cache-card-form.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    if (req.url === '/floor.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(floorCode);
    if (req.url === '/harness.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HARNESS);
    res.writeHead(200, { 'content-type': 'text/html' }).end(pages[req.url!] ?? PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const starts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { startMs: number | null }).startMs !== null);
      starts.push(await page.evaluate(() => (window as unknown as { startMs: number }).startMs));
      await page.close();
    }

    const renders: Record<'postal' | 'full' | 'floor', number[]> = { postal: [], full: [], floor: [] };
    for (let i = 0; i < 15; i++) {
      for (const kind of ['floor', 'postal', 'full'] as const) {
        const page = await browser.newPage();
        await page.goto(`${url}render-${kind}`);
        await page.waitForFunction(() => (window as unknown as { renderMs?: number }).renderMs !== undefined);
        renders[kind].push(await page.evaluate(() => (window as unknown as { renderMs: number }).renderMs));
        await page.close();
      }
    }

    const page = await browser.newPage();
    await page.goto(url);
    const field = (name: string) => page.locator(`cache-card-form input[name=${name}]`);
    let keys = 0;
    const cards = ['4111111111111111', '378282246310005', '5555555555554444', '6200000000000005'];
    for (let i = 0; keys < 1000; i++) {
      const number = cards[i % cards.length]!;
      await field('cardNumber').focus();
      await page.keyboard.type(number);
      await field('expiry').focus();
      await page.keyboard.type('1234');
      await field('securityCode').focus();
      await page.keyboard.type(number.length === 15 ? '1234' : '123');
      keys += number.length + 4 + (number.length === 15 ? 4 : 3);
      await page.evaluate(() => document.querySelector('cache-card-form')!.reset());
    }
    const latencies = await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies);
    return { starts, latencies, renders, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}
