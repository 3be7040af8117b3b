// A reporter for node's test runner that writes `{"passed":N,"failed":N,"skipped":N,"failures":[...]}` for
// test/run.mjs, which prints the failures' names last.
//
// Skips are counted where node reports them: a test skipped by option or t.skip() is one skipped, and so is a
// describe skipped by option (`{ skip: 'why' }`, describe.skip), whose tests node 20 does not report one by one, so
// that a suite skipped whole shows as skipped instead of vanishing. A file that registers no test at all (node
// reports the file itself as one passing test) is no pass: it counts as a failure, by name.
import { relative } from 'node:path';

const firstLine = (error) =>
  String(error?.message ?? error ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 200);

export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    const file = data.file ? relative(process.cwd(), data.file) : '';
    const skipped = Boolean(data.skip || data.todo);
    if (data.details?.type === 'suite') {
      // A suite's pass or fail is its tests'; only a suite skipped whole stands for tests not reported.
      if (event.type === 'test:pass' && skipped) counts.skipped++;
      continue;
    }
    if (event.type === 'test:pass' && data.nesting === 0 && data.file && data.name === data.file && !skipped) {
      counts.failed++;
      counts.failures.push(`${file}: the file registered no test, so none ran`);
      continue;
    }
    if (event.type === 'test:pass') counts[skipped ? 'skipped' : 'passed']++;
    if (event.type === 'test:fail') {
      counts.failed++;
      const error = data.details?.error?.cause ?? data.details?.error;
      counts.failures.push(`${file} › ${data.name}: ${firstLine(error)}`);
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
