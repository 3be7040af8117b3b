// `npm test`: every suite, one after another, then one closing line `N passed, N failed`.
// Exits non-zero when any test fails or any runner fails to report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findChromium } from './support/chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'cache-card-test-'));

function testFiles(dir, suffix) {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/**
 * What the suites need from the system: a Chromium (browser tests) and redis-server (the shared rate-limit
 * store). On a Debian machine as root, missing ones are installed with apt-get, saying so.
 */
function ensureSystemPackages() {
  if (process.env.CHROME_PATH && !findChromium()) {
    console.error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist.`);
    process.exit(1);
  }
  const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  const missing = [...(findChromium() ? [] : ['chromium']), ...(has('redis-server') ? [] : ['redis-server'])];
  if (!missing.length) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    if (missing.includes('chromium')) {
      console.error("No Chromium found: set CHROME_PATH, run `npx playwright install chromium`, or install your system's chromium.");
      process.exit(1);
    }
    console.warn('redis-server is not installed: the shared rate-limit test will be skipped.');
    return;
  }
  console.log(`Installing Debian's ${missing.join(' and ')} with apt-get (needs root; about 30 s)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed: install ${missing.join(' and ')} yourself (CHROME_PATH for a browser elsewhere).`);
      process.exit(1);
    }
  }
}

/** Runs one suite; its runner writes `{passed, failed, skipped}` to countsFile. */
function runSuite(name, command, args, countsFile, env = {}) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env, COUNTS_FILE: countsFile } });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = { ...counts, ...JSON.parse(readFileSync(countsFile, 'utf8')) };
  } catch {
    counts.failed += 1;
    console.error(`${name}: the runner reported no counts (exit ${result.status}); counted as one failure.`);
  }
  if (result.status !== 0 && counts.failed === 0) {
    counts.failed += 1;
    console.error(`${name}: the runner exited ${result.status} with no failed test; counted as one failure.`);
  }
  return { name, ...counts };
}

ensureSystemPackages();
// The proxy commands, the isolated frame and the bundles are served from dist/: build it from the sources under test.
if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) {
  console.error('npm run build failed: the build is broken.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const results = [];

/** Runs a whole-project check (a type check, a linter): one result, passed or failed. */
function runCheck(name, command, args) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}\n`);
  const ok = spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
}

results.push(runCheck('typecheck (tsc --noEmit)', join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(root, 'tsconfig.json')]));
results.push(runCheck('lint (eslint, prettier --check)', 'npm', ['run', '--silent', 'lint']));
results.push(runCheck('the package as users get it (publint, attw, knip)', 'npm', ['run', '--silent', 'check:package']));

const nodeTests = [
  ...testFiles('test/card', '.test.ts'),
  ...testFiles('test/frame', '.test.ts'),
  ...testFiles('test/package', '.test.ts'),
  ...testFiles('test/server', '.test.ts'),
  ...testFiles('test/simulator', '.test.ts'),
];
if (nodeTests.length) {
  const counts = join(scratch, 'node.json');
  results.push(
    runSuite(
      'card core, proxy, simulator and package (node --test)',
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${join(root, 'test/support/node-count-reporter.mjs')}`,
        `--test-reporter-destination=${counts}`,
        ...nodeTests,
      ],
      counts,
    ),
  );
}

results.push(
  runSuite(
    'component (web-test-runner, Chromium)',
    process.execPath,
    ['--import', 'tsx', join(root, 'node_modules/@web/test-runner/dist/bin.js')],
    join(scratch, 'wtr.json'),
  ),
);

if (testFiles('test/e2e', '.spec.ts').length) {
  const counts = join(scratch, 'e2e.json');
  results.push(
    runSuite('end to end (Playwright, Chromium)', process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test'], counts),
  );
}

// Each framework app is installed (once per lock), built and served in turn: about 3 minutes, 5 from a fresh clone.
if (testFiles('test/frameworks', '.test.ts').length) {
  const counts = join(scratch, 'frameworks.json');
  results.push(
    runSuite(
      'framework apps: Next.js, Nuxt, Angular, SvelteKit (node --test, Chromium and Firefox)',
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${join(root, 'test/support/node-count-reporter.mjs')}`,
        `--test-reporter-destination=${counts}`,
        ...testFiles('test/frameworks', '.test.ts'),
      ],
      counts,
    ),
  );
}

results.push(runSuite('size budget (npm run size)', process.execPath, [join(root, 'test/size.mjs')], join(scratch, 'size.json')));

rmSync(scratch, { recursive: true, force: true });
console.log('\n=== Summary');
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
