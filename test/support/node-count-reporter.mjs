// A reporter for node's test runner that writes `{"passed":N,"failed":N,"skipped":N}` for test/run.mjs.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    const details = event.data?.details;
    if (details?.type === 'suite') continue;
    if (event.type === 'test:pass') counts[event.data.skip || event.data.todo ? 'skipped' : 'passed']++;
    if (event.type === 'test:fail') counts.failed++;
  }
  yield `${JSON.stringify(counts)}\n`;
}
