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
 * First render, in a fresh browser context each time (nothing cached, no code cache): the bundle loads by a script
 * tag after the element, as on a checkout page, and Chromium's trace gives the main thread's CPU time (each task's
 * thread time) from the task that evaluates the bundle to the end of the task that first paints after it. Chromium
 * compiles a streamed script on a background thread: what is counted is what the page's own thread does. The floor
 * does the same with lit and card-validator alone behind a trivial element (test/support/floor-entry.ts).
 */
const RENDER_PAGE = (tag: string, attributes: string, script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<${tag} id="card" ${attributes}></${tag}>
<script src="${script}"></script>
</body></html>`;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
}

/** Main-thread CPU, ms, from the task evaluating `script` to the end of the first task that paints after it. */
function firstRenderCpu(events: TraceEvent[], script: string): number {
  const evaluate = events.find((e) => e.name === 'EvaluateScript' && e.ph === 'X' && e.args?.data?.url?.endsWith(script));
  if (!evaluate) throw new Error(`the trace shows no evaluation of ${script}`);
  const evaluated = evaluate.ts + evaluate.dur!;
  const thread = events.filter((e) => e.pid === evaluate.pid && e.tid === evaluate.tid && e.ph === 'X');
  const tasks = thread.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
  const taskAt = (ts: number) => tasks.find((t) => t.ts <= ts && ts <= t.ts + t.dur!);
  const paint = thread.filter((e) => e.name === 'Paint' && e.ts > evaluated).sort((a, b) => a.ts - b.ts)[0];
  const first = taskAt(evaluate.ts);
  const last = paint && taskAt(paint.ts);
  if (!first || !last) throw new Error(`the trace shows no task around ${script}'s evaluation or its first paint`);
  return tasks.filter((t) => t.ts >= first.ts && t.ts <= last.ts).reduce((sum, t) => sum + (t.tdur ?? t.dur!), 0) / 1000;
}

export async function browserFigures(floorCode: string) {
  const bundle = readFileSync(`${root}dist/cache-card-form.js`);
  const pages: Record<string, string> = {
    '/': PAGE,
    '/render-postal': RENDER_PAGE('cache-card-form', 'billing-address="postal"', '/cache-card-form.js'),
    '/render-full': RENDER_PAGE('cache-card-form', 'billing-address="full"', '/cache-card-form.js'),
    '/render-floor': RENDER_PAGE('floor-element', '', '/floor.js'),
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
        const context = await browser.newContext();
        const page = await context.newPage();
        await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
        await page.goto(`${url}render-${kind}`);
        // Rendered, then two frames later: the first paint is in the trace.
        await page.waitForFunction(() => document.getElementById('card')?.shadowRoot?.firstElementChild);
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
        renders[kind].push(firstRenderCpu(trace.traceEvents, kind === 'floor' ? '/floor.js' : '/cache-card-form.js'));
        await context.close();
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
