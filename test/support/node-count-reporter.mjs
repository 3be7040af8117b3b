// A reporter for node's test runner that writes `{"passed":N,"failed":N,"skipped":N,"failures":[...]}` for
// test/run.mjs, which prints the failures' names last.
import { relative } from 'node:path';

export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for await (const event of source) {
    const details = event.data?.details;
    if (details?.type === 'suite') continue;
    if (event.type === 'test:pass') counts[event.data.skip || event.data.todo ? 'skipped' : 'passed']++;
    if (event.type === 'test:fail') {
      counts.failed++;
      const error = details?.error?.cause ?? details?.error;
      const file = event.data.file ? relative(process.cwd(), event.data.file) : '';
      counts.failures.push(
        `${file} › ${event.data.name}: ${String(error?.message ?? error ?? '')
          .replace(/\s+/g, ' ')
          .slice(0, 200)}`,
      );
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
