// The tokenization suite on workerd (see suite.ts), and what the rate-limit objects keep in their storage.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { alipay, CLIENT_ID } from '../support/fixtures.ts';
import { binary, bundleWorker, launch, RATE_LIMITS_KEY } from './launch.ts';
import { runtimeSuite } from './suite.ts';

runtimeSuite('workerd');

// The Worker is built at its first request (env is known only then): a missing setting cannot stop a start.
describe('a Worker deployed with a setting missing', { skip: binary('workerd') ? false : 'no workerd binary' }, () => {
  // The bound is met only if the line never comes.
  it("answers workerd's plain 500, with no CORS header, and writes what is missing to its log", { timeout: 60_000 }, async () => {
    const worker = await launch('workerd', {
      ALIPAY_ENDPOINT: 'http://127.0.0.1:9/',
      ALIPAY_CLIENT_ID: CLIENT_ID,
      ALIPAY_PRIVATE_KEY: '',
      ALIPAY_PUBLIC_KEY: alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      ALLOWED_ORIGINS: 'https://shop.example',
    });
    try {
      const response = await fetch(worker.url, {
        method: 'POST',
        headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
        body: '{}',
      });
      await response.arrayBuffer();
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      // Written as the request fails: waited for, not timed.
      while (!/ALIPAY_PRIVATE_KEY/.test(worker.log())) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.match(worker.log(), /cannot start:\n\s+- ALIPAY_PRIVATE_KEY is not set/);
    } finally {
      await worker.stop();
    }
  });
});

/**
 * `workerd test <config>` in `dir`: each worker's `test()` handler runs once, and the process exits. Needs no
 * socket. Resolves with what the handlers logged (stdout), rejects with all the process wrote when a test failed.
 */
function workerdTest(dir: string, config: string): Promise<string> {
  writeFileSync(join(dir, 'config.capnp'), config);
  const child = spawn(binary('workerd')!, ['test', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk), (output += chunk)));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', (error) => (clearTimeout(timer), reject(error)));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`workerd test exited (${code ?? signal}):\n${output}`));
    });
  });
}

/** The one line a test handler below logs, `RESULT <json>`. */
const result = <T>(stdout: string): T => JSON.parse(/^RESULT (.*)$/m.exec(stdout)?.[1] ?? 'null') as T;

type Window = { count: number; resetAt: number } | null;

// What a RateLimitCounter of worker.ts stores, read back from workerd's own disk storage, not through the object: it
// answers only `?windowMs=` and `?peek`, and a peek says null once a window has ended, deleted or not. A driver worker
// counts through the objects as durableObjectStore does, with windows of 300 ms (the proxy's are a minute or an hour
// long), and exits once they have ended. A second workerd then opens each object that has a file in the storage
// directory, as the counter's own class with a way to list what it holds (the counter's alarm, if still due, runs
// there), under the same uniqueKey, until every ended window is gone: an object whose window is still open shows that
// this reads the counter's data.
describe('the rate-limit objects on workerd', { skip: binary('workerd') ? false : 'no workerd binary' }, () => {
  const SHORT = 300;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cache-card-objects-'));
    mkdirSync(join(dir, 'storage'));
    await bundleWorker(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Both workerds keep the objects (localDisk) in the same directory: a service named `storage`.
  const config = (services: string, workers: string) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${services}, (name = "storage", disk = (path = ${JSON.stringify(join(dir, 'storage'))}, writable = true))],
);
${workers}`;

  it('deletes what an object stores when its window ends, and counts as before until then', async () => {
    writeFileSync(
      join(dir, 'driver.js'),
      `const SHORT = ${SHORT};
// Until a window's end has passed (workerd's clock moves on at each I/O, a wait included).
const past = async (time) => { while (Date.now() <= time) await scheduler.wait(time - Date.now() + 1); };
export default {
  async test(controller, env) {
    const ask = async (key, query) =>
      (await env.RATE_LIMITS.get(env.RATE_LIMITS.idFromName(key)).fetch('https://rate-limit/?' + query)).json();
    const keys = {
      address: 'cache-card:address:192.0.2.1',
      card: 'cache-card:card:00c0ffee',
      declines: 'cache-card:declines:192.0.2.1',
      again: 'cache-card:address:192.0.2.2',
      open: 'cache-card:address:192.0.2.3',
    };
    const ids = Object.fromEntries(Object.entries(keys).map(([name, key]) => [name, env.RATE_LIMITS.idFromName(key).toString()]));
    const address = [];
    for (let i = 0; i < 3; i++) address.push(await ask(keys.address, 'windowMs=' + SHORT));
    const during = await ask(keys.address, 'peek');
    await ask(keys.card, 'windowMs=' + SHORT);
    await ask(keys.declines, 'windowMs=' + SHORT);
    await ask(keys.again, 'windowMs=' + SHORT);
    const open = await ask(keys.open, 'windowMs=600000');
    await past(Math.max(address[0].resetAt, (await ask(keys.again, 'peek')).resetAt));
    const ended = await ask(keys.address, 'peek');
    // A second window in an object whose first one has ended.
    const again = await ask(keys.again, 'windowMs=' + SHORT);
    await past(again.resetAt);
    console.log('RESULT ' + JSON.stringify({ ids, address, during, ended, again, open }));
  },
};
`,
    );
    const driven = result<{
      ids: Record<string, string>;
      address: Window[];
      during: Window;
      ended: Window;
      again: Window;
      open: Window;
    }>(
      await workerdTest(
        dir,
        config(
          '(name = "proxy", worker = .proxy), (name = "driver", worker = .driver)',
          `const proxy :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  durableObjectNamespaces = [(className = "RateLimitCounter", uniqueKey = "${RATE_LIMITS_KEY}")],
  durableObjectStorage = (localDisk = "storage"),
);
const driver :Workerd.Worker = (
  modules = [(name = "driver.js", esModule = embed "driver.js")],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "RATE_LIMITS", durableObjectNamespace = (className = "RateLimitCounter", serviceName = "proxy"))],
);`,
        ),
      ),
    );
    // The counting, as before: exact counts in one window, which ends for all its hits at once.
    const resetAt = driven.address[0]!.resetAt;
    assert.deepEqual(
      driven.address,
      [1, 2, 3].map((count) => ({ count, resetAt })),
    );
    assert.deepEqual(driven.during, { count: 3, resetAt });
    assert.equal(driven.ended, null, 'a peek after the window answers null');
    assert.equal(driven.again?.count, 1, 'a window after an ended one starts over');

    // Every object that has a file, read by a class of the test's own over the same directory.
    const files = readdirSync(join(dir, 'storage', RATE_LIMITS_KEY))
      .filter((name) => /^[0-9a-f]{64}\.sqlite$/.test(name))
      .map((name) => name.slice(0, 64));
    assert.deepEqual(files.sort(), Object.values(driven.ids).sort(), 'one file for each object, and no other');
    writeFileSync(
      join(dir, 'reader.js'),
      `import { RateLimitCounter } from 'worker.js';
export class Reader extends RateLimitCounter {
  async fetch() {
    return Response.json({ stored: Object.fromEntries(await this.state.storage.list()), alarm: await this.state.storage.getAlarm() });
  }
}
const gone = (held) => Object.keys(held.stored).length === 0 && held.alarm === null;
export default {
  async test(controller, env) {
    const read = {};
    for (const id of env.IDS) {
      const object = env.OBJECTS.get(env.OBJECTS.idFromString(id));
      const deadline = Date.now() + 20000;
      // An ended window whose alarm has not run yet (a loaded machine) is due: its alarm runs here, and it goes.
      do read[id] = await (await object.fetch('https://reader/')).json();
      while (!gone(read[id]) && read[id].alarm !== null && read[id].alarm <= Date.now() && Date.now() < deadline && (await scheduler.wait(20), true));
    }
    console.log('RESULT ' + JSON.stringify(read));
  },
};
`,
    );
    const read = result<Record<string, { stored: Record<string, unknown>; alarm: number | null }>>(
      await workerdTest(
        dir,
        config(
          '(name = "reader", worker = .reader)',
          `const reader :Workerd.Worker = (
  modules = [(name = "reader.js", esModule = embed "reader.js"), (name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "OBJECTS", durableObjectNamespace = "Reader"), (name = "IDS", json = ${JSON.stringify(JSON.stringify(files))})],
  durableObjectNamespaces = [(className = "Reader", uniqueKey = "${RATE_LIMITS_KEY}")],
  durableObjectStorage = (localDisk = "storage"),
);`,
        ),
      ),
    );
    const held = (name: string) => [name, read[driven.ids[name]!]];
    for (const name of ['address', 'card', 'declines', 'again'])
      assert.deepEqual(held(name), [name, { stored: {}, alarm: null }], `${name}: its ended window is deleted, and no alarm is left`);
    // A window still open keeps its count, and the alarm that deletes it at its end.
    assert.deepEqual(held('open'), ['open', { stored: { window: driven.open }, alarm: driven.open!.resetAt }]);
  });
});
