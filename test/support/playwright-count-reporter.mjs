// A Playwright reporter that writes `{"passed":N,"failed":N,"skipped":N}` to COUNTS_FILE for test/run.mjs.
import { writeFileSync } from 'node:fs';

export default class CountReporter {
  onBegin(_config, suite) {
    this.suite = suite;
  }
  onEnd(result) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const test of this.suite.allTests()) {
      const outcome = test.outcome();
      if (outcome === 'skipped') counts.skipped++;
      else if (outcome === 'expected' || outcome === 'flaky') counts.passed++;
      else counts.failed++;
    }
    // A run that broke before its tests (a server that did not start) is a failure, not "0 failed".
    if (result.status !== 'passed' && counts.failed === 0) counts.failed++;
    if (process.env.COUNTS_FILE) writeFileSync(process.env.COUNTS_FILE, JSON.stringify(counts));
  }
  printsToStdio() {
    return false;
  }
}
