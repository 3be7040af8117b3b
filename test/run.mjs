// `npm test`: every suite, one after another, then one closing line `N passed, N failed`.
// Exits non-zero when any test fails or any runner fails to report. ENGINES=chromium,firefox,webkit (the
// default) picks the browser engines; each suite's time is printed in the summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ENGINE_NEEDS, wantedEngines } from './support/browsers.mjs';
import { stripVTControlCharacters } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'cache-card-test-'));
const engines = wantedEngines();

function testFiles(dir, suffix) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/**
 * What the suites need from the system: the browser engines (Chromium, Firefox ESR, and WebKitGTK's driver under
 * Xvfb) and redis-server (the shared rate-limit store). On a Debian machine as root, missing ones are installed
 * with apt-get, saying so; elsewhere a missing engine stops the run with what to install.
 */
function ensureSystemPackages() {
  for (const [variable, engine] of [
    ['CHROME_PATH', 'chromium'],
    ['FIREFOX_PATH', 'firefox'],
  ]) {
    if (process.env[variable] && engines.includes(engine) && !ENGINE_NEEDS[engine].found()) {
      console.error(`${variable} is set to ${process.env[variable]}, which does not exist.`);
      process.exit(1);
    }
  }
  const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  const missingEngines = engines.filter((engine) => !ENGINE_NEEDS[engine].found());
  const missing = [...missingEngines.flatMap((engine) => ENGINE_NEEDS[engine].packages), ...(has('redis-server') ? [] : ['redis-server'])];
  if (!missing.length) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    for (const engine of missingEngines) console.error(`No ${engine} found: ${ENGINE_NEEDS[engine].hint} (or leave it out with ENGINES).`);
    if (missingEngines.length) process.exit(1);
    console.warn('redis-server is not installed: the tests of limits shared through Redis will be skipped.');
    return;
  }
  console.log(`Installing Debian's ${missing.join(', ')} with apt-get (needs root; about 30 s for Chromium, a minute or two for all)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      console.error(
        `apt-get ${args.join(' ')} failed: install ${missing.join(', ')} yourself (CHROME_PATH or FIREFOX_PATH for a browser elsewhere).`,
      );
      process.exit(1);
    }
  }
}

/**
 * Runs one suite; its runner writes `{passed, failed, skipped}` to countsFile. A suite that reports no test at all
 * counts as one failure.
 */
function runSuite(name, command, args, countsFile, env = {}) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env, COUNTS_FILE: countsFile } });
  let counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const unreported = (why) => {
    counts.failed += 1;
    counts.failures.push(why);
    console.error(`${name}: ${why}; counted as one failure.`);
  };
  try {
    counts = { ...counts, ...JSON.parse(readFileSync(countsFile, 'utf8')) };
  } catch {
    unreported(`the runner reported no counts (exit ${result.status})`);
  }
  if (result.status !== 0 && counts.failed === 0) unreported(`the runner exited ${result.status} with no failed test`);
  // A suite that reports nothing at all has vanished (a filter, a describe gone, a runner that found no file): that
  // is no pass. One whose every test was skipped (a runtime or redis-server not installed) is shown, not failed.
  if (counts.passed + counts.failed + counts.skipped === 0) unreported('it ran no test at all: none passed, failed or was skipped');
  else if (counts.passed + counts.failed === 0) console.warn(`${name}: ran no test, all ${counts.skipped} skipped.`);
  return { name, ...counts, ms: Date.now() - started };
}

/** Runs a whole-project check (a type check, a linter): one result, passed or failed. */
function runCheck(name, command, args) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}\n`);
  const started = Date.now();
  const ok = spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;
  return {
    name,
    passed: ok ? 1 : 0,
    failed: ok ? 0 : 1,
    skipped: 0,
    failures: ok ? [] : ['see its output above'],
    ms: Date.now() - started,
  };
}

/** A node --test run of some files, with the spec reporter on screen and the counts for the summary. */
function nodeSuite(name, files) {
  const counts = join(scratch, `${name.replace(/\W+/g, '-')}.json`);
  return runSuite(
    name,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(root, 'test/support/node-count-reporter.mjs')}`,
      `--test-reporter-destination=${counts}`,
      ...files,
    ],
    counts,
  );
}

ensureSystemPackages();
const started = Date.now();
// The proxy commands, the isolated frame and the bundles are served from dist/: build it from the sources under test.
if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) {
  console.error('npm run build failed: the build is broken.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const results = [];

results.push(runCheck('typecheck (tsc --noEmit)', join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(root, 'tsconfig.json')]));
results.push(runCheck('lint (eslint, prettier --check)', 'npm', ['run', '--silent', 'lint']));
results.push(runCheck('the package as users get it (publint, attw, knip)', 'npm', ['run', '--silent', 'check:package']));

const nodeTests = [
  ...testFiles('test/card', '.test.ts'),
  ...testFiles('test/locales', '.test.ts'),
  ...testFiles('test/package', '.test.ts'),
  ...testFiles('test/server', '.test.ts'),
  ...testFiles('test/simulator', '.test.ts'),
];
if (nodeTests.length) results.push(nodeSuite('card core, locales, proxy, simulator and package (node --test)', nodeTests));

// The proxy's tokenization suite on each server runtime, each started as a real process: a count per runtime.
for (const file of testFiles('test/runtimes', '.test.ts')) {
  results.push(nodeSuite(`proxy on ${file.replace(/^.*\/|\.test\.ts$/g, '')} (a real process; node --test)`, [file]));
}

results.push(
  runSuite(
    `component (web-test-runner: ${engines.join(', ')})`,
    process.execPath,
    ['--import', 'tsx', join(root, 'node_modules/@web/test-runner/dist/bin.js')],
    join(scratch, 'wtr.json'),
  ),
);

const playwrightEngines = engines.filter((engine) => engine !== 'webkit');
if (playwrightEngines.length && testFiles('test/e2e', '.spec.ts').length) {
  results.push(
    runSuite(
      `end to end (Playwright: ${playwrightEngines.join(', ')})`,
      process.execPath,
      [join(root, 'node_modules/@playwright/test/cli.js'), 'test'],
      join(scratch, 'e2e.json'),
      { ENGINES: playwrightEngines.join(',') },
    ),
  );
}
if (engines.includes('webkit')) results.push(nodeSuite('end to end (WebKit over WebDriver)', testFiles('test/webkit', '.test.ts')));

// Each framework app is installed (once per lock), built and served in turn: about 3 minutes, 5 from a fresh clone.
if (testFiles('test/frameworks', '.test.ts').length) {
  results.push(
    nodeSuite(
      'framework apps: Next.js, Nuxt, Angular, SvelteKit (node --test, Chromium and Firefox)',
      testFiles('test/frameworks', '.test.ts'),
    ),
  );
}

results.push(runSuite('size budget (npm run size)', process.execPath, [join(root, 'test/size.mjs')], join(scratch, 'size.json')));

rmSync(scratch, { recursive: true, force: true });
const seconds = (ms) => `${Math.round(ms / 1000)} s`;
// What failed, by name, where the tail of a long log shows it (ANSI colours stripped: a log is read as text).
const failing = results.filter((r) => r.failures?.length);
if (failing.length) {
  console.log('\n=== Failed');
  for (const r of failing) for (const failure of r.failures) console.log(`${r.name}: ${stripVTControlCharacters(failure)}`);
}
const ranNone = results.filter((r) => r.passed + r.failed === 0);
if (ranNone.length) {
  console.log('\n=== Ran no test (every one skipped)');
  for (const r of ranNone) console.log(`${r.name}: ${r.skipped} skipped, none ran`);
}
console.log('\n=== Summary');
for (const r of results) {
  const skipped = r.skipped ? `, ${r.skipped} skipped${r.passed + r.failed === 0 ? ' (ran no test)' : ''}` : '';
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${skipped} (${seconds(r.ms)})`);
}
console.log(`all of it, the build included: ${seconds(Date.now() - started)}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
