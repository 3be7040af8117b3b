// A web-test-runner reporter that writes `{"passed":N,"failed":N,"skipped":N}` to COUNTS_FILE for test/run.mjs.
// A test file that fails to load counts as one failure, so a broken import cannot pass as "0 failed".
import { writeFileSync } from 'node:fs';

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite?.tests ?? []) counts[test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed']++;
        for (const child of suite?.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        const before = counts.failed;
        walk(session.testResults);
        if (!session.passed && counts.failed === before) counts.failed++;
      }
      if (process.env.COUNTS_FILE) writeFileSync(process.env.COUNTS_FILE, JSON.stringify(counts));
    },
  };
}
