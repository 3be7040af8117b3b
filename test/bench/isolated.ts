// Isolated mode, host script to interactive frame: a checkout page on one origin loads the host-only script tag;
// the built proxy, on another origin, serves the frame. Measured in headless Chromium on loopback, with the frame's
// script not yet cached (a new browser context each time) and cached (the same context, the page loaded again).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Frame, type Page } from 'playwright';
import { chromiumLaunchOptions, freePort } from '../support/browsers.mjs';
import { startBenchSimulator, startBuiltProxy } from './built-proxy.ts';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The clock starts when the host script has arrived (its resource entry's responseEnd) and stops when the element
 * has taken the frame's height: the frame has connected, rendered the form and said how tall it is, so the shopper
 * sees the fields and can type. `window.marks` keeps the moments in between, on the page's clock.
 */
const PAGE = (endpoint: string) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<cache-card-form id="card" isolated endpoint="${endpoint}" billing-address="none"></cache-card-form>
<script>
window.marks = {};
new ResizeObserver(() => {
  if (window.marks.shown || document.getElementById('card').getBoundingClientRect().height < 40) return;
  window.marks.shown = performance.now();
}).observe(document.getElementById('card'));
</script>
<script src="/cache-card-form.isolated.js"></script>
</body></html>`;

export interface FrameTimes {
  /** Host script received -> frame shown, ms. */
  shown: number;
  /** The frame's own moments on the page's clock, relative to the host script received, ms. */
  frameStart: number;
  frameScript: number;
  frameLoaded: number;
}

async function measure(page: Page, url: string): Promise<FrameTimes> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { marks: { shown?: number } }).marks.shown !== undefined);
  const host = await page.evaluate(() => {
    const entry = performance.getEntriesByName(new URL('/cache-card-form.isolated.js', location.href).href)[0] as PerformanceResourceTiming;
    return {
      origin: performance.timeOrigin,
      scriptAt: entry.responseEnd,
      shown: (window as unknown as { marks: { shown: number } }).marks.shown,
    };
  });
  const frame = page.frames().find((f: Frame) => f.url().includes('/cache-card/frame'))!;
  const inFrame = await frame.evaluate(() => {
    const script = performance
      .getEntriesByType('resource')
      .find((e) => /frame(\.[0-9a-f]{16})?\.js$/.test(e.name)) as PerformanceResourceTiming;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { origin: performance.timeOrigin, script: script?.responseEnd ?? 0, loaded: navigation.loadEventStart };
  });
  // Both clocks to the page's: the frame's time origin is later than the page's by the difference.
  const shift = inFrame.origin - host.origin - host.scriptAt;
  return {
    shown: host.shown - host.scriptAt,
    frameStart: shift,
    frameScript: shift + inFrame.script,
    frameLoaded: shift + inFrame.loaded,
  };
}

export async function isolatedFigures(runs = 12) {
  const simulator = await startBenchSimulator();
  const pageServer: Server = createServer();
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
  const proxyPort = await freePort();
  const proxy = await startBuiltProxy({
    ...simulator.proxyEnv,
    PORT: String(proxyPort),
    ALLOWED_ORIGINS: pageOrigin,
    PUBLIC_ORIGIN: `http://127.0.0.1:${proxyPort}`,
  });
  const host = readFileSync(`${root}dist/cache-card-form.isolated.js`);
  const page = PAGE(proxy.url);
  pageServer.on('request', (req, res) => {
    if (req.url === '/cache-card-form.isolated.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(host);
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const cold: FrameTimes[] = [];
    const warm: FrameTimes[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      cold.push(await measure(tab, `${pageOrigin}/`));
      warm.push(await measure(tab, `${pageOrigin}/?again`));
      await context.close();
    }
    return { cold, warm };
  } finally {
    await browser.close();
    await proxy.stop();
    simulator.stop();
    pageServer.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { cold, warm } = await isolatedFigures(Number(process.env.RUNS ?? 12));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [name, times] of [
    ['cold', cold],
    ['warm', warm],
  ] as const) {
    const keys = ['frameStart', 'frameScript', 'frameLoaded', 'shown'] as const;
    console.log(name, Object.fromEntries(keys.map((k) => [k, median(times.map((t) => t[k])).toFixed(1)])));
  }
  process.exit(0);
}
