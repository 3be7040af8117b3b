// A Playwright reporter that writes `{"passed":N,"failed":N,"skipped":N,"failures":[...]}` to COUNTS_FILE for
// test/run.mjs, which prints the failures' names last.
import { writeFileSync } from 'node:fs';

export default class CountReporter {
  onBegin(_config, suite) {
    this.suite = suite;
  }
  onEnd(result) {
    const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
    for (const test of this.suite.allTests()) {
      const outcome = test.outcome();
      if (outcome === 'skipped') counts.skipped++;
      else if (outcome === 'expected' || outcome === 'flaky') counts.passed++;
      else {
        counts.failed++;
        const error = test.results.at(-1)?.error?.message ?? '';
        counts.failures.push(`${test.titlePath().filter(Boolean).join(' › ')}: ${error.replace(/\s+/g, ' ').slice(0, 200)}`);
      }
    }
    // A run that broke before its tests (a server that did not start) is a failure, not "0 failed".
    if (result.status !== 'passed' && counts.failed === 0) {
      counts.failed++;
      counts.failures.push(`the run ended ${result.status} before any test failed`);
    }
    if (process.env.COUNTS_FILE) writeFileSync(process.env.COUNTS_FILE, JSON.stringify(counts));
  }
  printsToStdio() {
    return false;
  }
}
