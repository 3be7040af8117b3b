// Keystroke latency and start time of the script-tag bundle, measured inside headless Chromium.
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

export async function browserFigures() {
  const bundle = readFileSync(`${root}dist/cache-card-form.js`);
  const server = createServer((req, res) => {
    if (req.url === '/cache-card-form.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    if (req.url === '/harness.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HARNESS);
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
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
    return { starts, latencies, version: browser.version() };
  } finally {
    await browser.close();
    server.close();
  }
}
