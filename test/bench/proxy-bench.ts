// `npm run bench:proxy`: the proxy's rows of `npm run bench` alone (no browser needed).
import { cpus } from 'node:os';
import { proxyFigures } from './proxy.ts';

const rows: string[][] = [];
await proxyFigures((measure, figure, reading) => rows.push([measure, figure, reading]));
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(
  `\ncache-card-form proxy benchmarks, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model.trim()} (${cpus().length} cores), Node ${process.version}\n`,
);
console.log(`| ${['measure', 'figure', 'how to read it'].map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
process.exit(0);
