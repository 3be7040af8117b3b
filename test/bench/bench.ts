// `npm run bench`: one table of figures anyone can reproduce on their machine. Run after `npm run build`.
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { bundleBytes, floorBytes } from '../size.mjs';
import { browserFigures } from './browser.ts';
import { isolatedFigures } from './isolated.ts';
import { proxyFigures } from './proxy.ts';

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : 1)} ms`;
const rows: [string, string, string][] = [];
const row = (measure: string, figure: string, reading: string) => rows.push([measure, figure, reading]);

// Bundles
const floor = await floorBytes();
const bundles = await bundleBytes();
const gz = (code: Buffer) => gzipSync(code, { level: 9 }).length;
const readings: Record<string, string> = {
  'script tag: dist/cache-card-form.js': 'inline mode, lit and card-validator inside; must stay within 20,000 B',
  'script tag, isolated: dist/cache-card-form.isolated.js': 'what an isolated page loads',
  'ESM define entry, minified (lit and card-validator not included)':
    'what a bundler adds to the lit and card-validator an app already has',
};
for (const [name, reading] of Object.entries(readings)) {
  const size = gz(bundles[name as keyof typeof bundles]);
  row(`bundle, ${name}`, `${size} B gzip (${(size / floor.gzip).toFixed(2)}x floor)`, reading);
}
row('bundle, dependency floor (lit + card-validator)', `${floor.gzip} B gzip (1.00x)`, 'built the same way as the script tag');

// Browser
const browser = await browserFigures(floor.code);
row(
  'keystroke -> formatted field, median',
  ms(quantile(browser.latencies, 0.5)),
  `${browser.latencies.length} keystrokes; a frame is 16.7 ms`,
);
row('keystroke -> formatted field, p95', ms(quantile(browser.latencies, 0.95)), 'goal: at most 2 ms');
const renderFloor = quantile(browser.renders.floor, 0.5);
row(
  'first render floor: lit + card-validator, trivial element, median',
  ms(renderFloor),
  'main-thread CPU, script tag evaluated -> first paint (trace)',
);
for (const [kind, goal] of [
  ['postal', 10],
  ['full', 15],
] as const) {
  const median = quantile(browser.renders[kind], 0.5);
  row(
    `first render, inline, ${kind} address, median`,
    `${ms(median)} (${(median / renderFloor).toFixed(1)}x floor)`,
    `goal: at most ${goal} ms; ${browser.renders[kind].length} fresh browser contexts`,
  );
}
row('script executed -> form interactive, median', ms(quantile(browser.starts, 0.5)), `${browser.starts.length} page loads`);

// Isolated mode: the host script to the frame shown at its form's height (test/bench/isolated.ts).
const isolated = await isolatedFigures();
const frameFloor = quantile(
  isolated.floor.map((t) => t.shown),
  0.5,
);
row(
  'isolated floor: host script -> a bare cross-site frame up, median',
  ms(frameFloor),
  'mostly the browser starting a process for the other site',
);
const agentClusterFloor = quantile(
  isolated.floorOac.map((t) => t.shown),
  0.5,
);
row(
  '  the same bare frame sent with Origin-Agent-Cluster: ?1, median',
  `${ms(agentClusterFloor)} (+${ms(agentClusterFloor - frameFloor)})`,
  "the frame page's header: Chromium starts a process for the frame's own origin once the answer is in",
);
for (const [kind, label] of [
  ['cold', 'first visit (frame script fetched)'],
  ['warm', 'returning (frame script cached)'],
] as const) {
  const median = quantile(
    isolated[kind].map((t) => t.shown),
    0.5,
  );
  row(
    `isolated: host script -> frame shown, ${label}, median`,
    `${ms(median)} (${(median / frameFloor).toFixed(1)}x floor)`,
    `goal: at most 200 ms; ${isolated[kind].length} page loads, on loopback`,
  );
}

// The proxy (test/bench/proxy.ts).
await proxyFigures(row);

const machine = `${cpus()[0]?.model.trim()} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${browser.version}`;
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'figure', 'how to read it'][i]!.length));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\ncache-card-form benchmarks, ${new Date().toISOString().slice(0, 10)}, on ${machine}\n`);
console.log(line(['measure', 'figure', 'how to read it']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
process.exit(0);
