// A web-test-runner reporter that writes `{"passed":N,"failed":N,"skipped":N,"failures":[...]}` to COUNTS_FILE
// for test/run.mjs, which prints the failures' names last, where a CI log's tail shows them.
// A test file that fails to load counts as one failure, so a broken import cannot pass as "0 failed".
import { relative } from 'node:path';
import { writeFileSync } from 'node:fs';

const firstLine = (error) =>
  String(error?.message ?? error ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 200);

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const session of sessions) {
        const where = `[${session.browser.name}] ${relative(process.cwd(), session.testFile)}`;
        const walk = (suite, path) => {
          for (const test of suite?.tests ?? []) {
            counts[test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed']++;
            if (!test.skipped && !test.passed)
              counts.failures.push(`${where} › ${[...path, test.name].join(' › ')}: ${firstLine(test.error)}`);
          }
          for (const child of suite?.suites ?? []) walk(child, [...path, child.name]);
        };
        const before = counts.failed;
        walk(session.testResults, []);
        if (!session.passed && counts.failed === before) {
          counts.failed++;
          counts.failures.push(`${where}: ${firstLine(session.errors[0]) || 'the file failed outside its tests'}`);
        }
      }
      if (process.env.COUNTS_FILE) writeFileSync(process.env.COUNTS_FILE, JSON.stringify(counts));
    },
  };
}
