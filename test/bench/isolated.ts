// Isolated mode, host script to interactive frame: a checkout page on one origin loads the host-only script tag;
// the built proxy, on another site, serves the frame. Measured in headless Chromium on loopback, with the frame's
// script not yet cached (a new browser context each time) and cached (the same context, the page loaded again).
// The floor, in the same run: a one-line host script that frames a bare page on another site, which says it is up;
// most of it is the browser starting a process for the other site. The same bare frame under the header
// `Origin-Agent-Cluster: ?1`, which the proxy's frame page sends, shows what that header costs a first visit.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright';
import { chromiumLaunchOptions, freePort } from '../support/browsers.mjs';
import { startBenchSimulator, startBuiltProxy } from './built-proxy.ts';

const root = new URL('../..', import.meta.url).pathname;

/**
 * The clock starts when the host script has arrived (its resource entry's responseEnd) and stops when the element
 * has taken the frame's height: the frame has rendered the form, connected and said how tall it is, so the shopper
 * sees the fields and can type. `marks.shown` is on the page's clock.
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

const FLOOR_PAGE = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<script>
window.marks = {};
addEventListener('message', () => (window.marks.shown = performance.now()));
</script>
<script src="${script}"></script>
</body></html>`;
/** The floor's host script: it frames `src`, and nothing else. */
const framing = (src: string) => `const f = document.createElement('iframe'); f.src = ${JSON.stringify(src)}; document.body.append(f);`;
const FLOOR_FRAME = `<!doctype html><html><head><meta charset="utf-8"><title>frame</title></head><body><p>frame</p>
<script>parent.postMessage('up', '*');</script></body></html>`;

export interface FrameTimes {
  /** Host script received -> frame shown, ms. */
  shown: number;
  /** The frame's own moments on the page's clock, from the host script received, ms: navigation start, its script received, its load event. */
  frameStart: number;
  frameScript: number;
  frameLoaded: number;
  /** When the frame heard its host's first message (the connect). */
  frameConnected: number;
}

async function measure(page: Page, url: string, script: string): Promise<FrameTimes> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { marks: { shown?: number } }).marks.shown !== undefined);
  const host = await page.evaluate((name) => {
    const entry = performance.getEntriesByName(new URL(name, location.href).href)[0] as PerformanceResourceTiming;
    const { shown } = (window as unknown as { marks: { shown: number } }).marks;
    return { origin: performance.timeOrigin, scriptAt: entry.responseEnd, shown };
  }, script);
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  const inFrame = await frame.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const script = resources.find((e) => /frame(\.[0-9a-f]{16})?\.js$/.test(e.name));
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const { firstMessage } = globalThis as unknown as { firstMessage?: number };
    return {
      origin: performance.timeOrigin,
      script: script?.responseEnd ?? 0,
      loaded: navigation.loadEventStart,
      connected: firstMessage ?? 0,
    };
  });
  // The frame's clock on the page's: its time origin is later than the page's by the difference.
  const shift = inFrame.origin - host.origin - host.scriptAt;
  return {
    shown: host.shown - host.scriptAt,
    frameStart: shift,
    frameScript: shift + inFrame.script,
    frameLoaded: shift + inFrame.loaded,
    frameConnected: shift + inFrame.connected,
  };
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

export async function isolatedFigures(runs = 12) {
  const simulator = await startBenchSimulator();
  const pageServer = createServer();
  const pageOrigin = `http://localhost:${await listen(pageServer)}`;
  const floorServer = createServer((req, res) => {
    const agentCluster = req.url === '/own-agent-cluster' ? { 'origin-agent-cluster': '?1' } : {};
    res.writeHead(200, { 'content-type': 'text/html', ...agentCluster }).end(FLOOR_FRAME);
  });
  const floorFrame = `http://127.0.0.1:${await listen(floorServer)}/`;
  const proxyPort = await freePort();
  const proxy = await startBuiltProxy({
    ...simulator.proxyEnv,
    PORT: String(proxyPort),
    ALLOWED_ORIGINS: pageOrigin,
    PUBLIC_ORIGIN: `http://127.0.0.1:${proxyPort}`,
  });
  const scripts: Record<string, string | Buffer> = {
    '/cache-card-form.isolated.js': readFileSync(`${root}dist/cache-card-form.isolated.js`),
    '/floor-host.js': framing(floorFrame),
    '/floor-oac-host.js': framing(`${floorFrame}own-agent-cluster`),
  };
  const page = PAGE(proxy.url);
  pageServer.on('request', (req, res) => {
    const script = scripts[req.url!];
    if (script) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    const floorHost = ({ '/floor': '/floor-host.js', '/floor-oac': '/floor-oac-host.js' } as Record<string, string>)[req.url!];
    res.writeHead(200, { 'content-type': 'text/html' }).end(floorHost ? FLOOR_PAGE(floorHost) : page);
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const times: Record<'floor' | 'floorOac' | 'cold' | 'warm', FrameTimes[]> = { floor: [], floorOac: [], cold: [], warm: [] };
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      // In every frame: when its first message arrived.
      await context.addInitScript(() =>
        addEventListener('message', () => ((globalThis as unknown as { firstMessage?: number }).firstMessage ??= performance.now()), {
          once: true,
        }),
      );
      const tab = await context.newPage();
      times.floor.push(await measure(tab, `${pageOrigin}/floor`, '/floor-host.js'));
      times.cold.push(await measure(tab, `${pageOrigin}/`, '/cache-card-form.isolated.js'));
      times.warm.push(await measure(tab, `${pageOrigin}/?again`, '/cache-card-form.isolated.js'));
      await context.close();
      // The bare frame under Origin-Agent-Cluster, first in a context of its own as the plain floor is in its own.
      const apart = await browser.newContext();
      times.floorOac.push(await measure(await apart.newPage(), `${pageOrigin}/floor-oac`, '/floor-oac-host.js'));
      await apart.close();
    }
    return times;
  } finally {
    await browser.close();
    await proxy.stop();
    simulator.stop();
    pageServer.close();
    floorServer.close();
  }
}

// `node --import tsx test/bench/isolated.ts`: these rows alone, with the frame's moments in between.
if (import.meta.url === `file://${process.argv[1]}`) {
  const times = await isolatedFigures(Number(process.env.RUNS ?? 12));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [name, list] of Object.entries(times)) {
    const keys = ['frameStart', 'frameScript', 'frameLoaded', 'frameConnected', 'shown'] as const;
    console.log(name.padEnd(6), keys.map((k) => `${k} ${median(list.map((t) => t[k])).toFixed(1)} ms`).join(', '));
  }
  process.exit(0);
}
