// The standalone commands as a merchant runs them: real processes, real ports, real key files. Settings that
// createProxyFromEnv reads too (Deno, Bun) are checked on it beside the command.
import assert from 'node:assert/strict';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createProxyFromEnv } from '../../src/server/from-env.ts';
import { silentLogger } from '../../src/server/logger.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import { freePort } from '../support/browsers.mjs';
import { alipay, cardBody, cardRequest, merchant, ORIGIN, post, proxySettings, simulator } from '../support/fixtures.ts';
import { assertFramePageHeaders } from '../support/frame-headers.ts';

const root = new URL('../..', import.meta.url).pathname;
const running: ChildProcess[] = [];
after(() => running.forEach((child) => child.kill()));

/** Starts a command (through tsx, from src/) and resolves once its output matches `ready`. */
function start(script: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line from ${script}:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ child, output: () => output });
    });
  });
}

/** A proxy's settings with the fixtures' keys in files and an Alipay no request reaches (port 9, discard). */
function sandboxProxyEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'cache-card-cli-'));
  writeFileSync(join(dir, 'merchant.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  writeFileSync(join(dir, 'alipay.pem'), alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  return {
    ALIPAY_ENDPOINT: 'http://127.0.0.1:9',
    ALIPAY_CLIENT_ID: 'SANDBOX_X',
    ALLOWED_ORIGINS: ORIGIN,
    ALIPAY_PRIVATE_KEY_FILE: join(dir, 'merchant.pem'),
    ALIPAY_PUBLIC_KEY_FILE: join(dir, 'alipay.pem'),
  };
}

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code ?? -1))));

describe('npx cache-card-simulator and npx cache-card-proxy', () => {
  it('tokenize end to end with the keys the simulator generates', async () => {
    const sim = await start('src/simulator/cli.ts', { PORT: '0' }, /removed when it stops/);
    const text = sim.output();
    assert.ok(!/BEGIN/.test(text), 'prints where the keys are, never the keys');
    // The command it prints, pasted into a shell as it is (with \`env\` in place of the proxy, to see what it gets).
    const printed = /with:\n([\s\S]*?npx cache-card-proxy)\n/.exec(text)![1]!;
    const pasted = spawnSync('sh', ['-c', printed.replace(/npx cache-card-proxy$/, 'env')], { encoding: 'utf8', env: {} });
    const env = Object.fromEntries(
      pasted.stdout
        .split('\n')
        .filter((line) => /^(ALIPAY|ALLOWED)_/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    assert.deepEqual(Object.keys(env).sort(), [
      'ALIPAY_CLIENT_ID',
      'ALIPAY_ENDPOINT',
      'ALIPAY_PRIVATE_KEY_FILE',
      'ALIPAY_PUBLIC_KEY_FILE',
      'ALLOWED_ORIGINS',
    ]);

    // The frame is served from the proxy's public origin, which must be known before it starts.
    const port = await freePort();
    const proxy = await start(
      'src/server/cli.ts',
      {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ALLOWED_ORIGINS: ORIGIN,
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        BILLING_ADDRESS: 'postal',
        ALLOW_UNKNOWN_BRANDS: 'true',
        REQUIRE_SECURITY_CODE: 'true',
      },
      /proxy_listening/,
    );
    const url = /POST (http:\/\/\S+)"/.exec(proxy.output())![1]!;
    const response = await post(url, cardBody());
    assert.equal(response.status, 200);
    assert.match((await response.json()).cardToken, /^PYMT[0-9a-f]{32}$/);
    const refused = await post(url, cardBody(), { origin: 'https://evil.example' });
    assert.equal(refused.status, 403);
    const policy = await (await fetch(`${url}/policy`, { headers: { origin: ORIGIN } })).json();
    assert.deepEqual(policy, {
      acceptedBrands: [...ALL_ALIPAY_BRANDS],
      allowUnknownBrands: true,
      billingAddress: 'postal',
      requireSecurityCode: true,
    });
    const policyPosted = await post(`${url}/policy`, {});
    assert.equal(policyPosted.status, 405);
    assert.equal(policyPosted.headers.get('allow'), 'GET, OPTIONS');
    assert.match((await policyPosted.json()).error.message, /^Use GET/);
    // What Node cannot parse gets the proxy's JSON error too, not Node's empty 400.
    const exchange = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => void socket.write(text));
        let answer = '';
        socket
          .on('data', (d) => (answer += d))
          .on('close', () => resolve(answer))
          .on('error', reject);
      });
    const unreadable = await exchange('FOO /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    assert.match(unreadable, /^HTTP\/1\.1 400 /);
    assert.equal(JSON.parse(unreadable.split('\r\n\r\n')[1]!).error.code, 'invalid_request');
    // A card behind a Host that is no host, or none at all, or an Expect the proxy cannot meet, or TRACE: a 4xx with
    // the usual error body, and the card goes nowhere.
    const card = JSON.stringify(cardBody());
    const posted = (head: string) =>
      `POST /cache-card HTTP/1.1\r\n${head}Origin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${card.length}\r\nConnection: close\r\n\r\n${card}`;
    for (const [what, text, status] of [
      ['a Host with a space', posted('Host: a b\r\n'), 400],
      ['a Host of half an address', posted('Host: [::1\r\n'), 400],
      ['a Host with a path', posted('Host: pay.example/cache-card\r\n'), 400],
      ['no Host', posted(''), 400],
      ['an Expect other than 100-continue', posted('Host: 127.0.0.1\r\nExpect: foo\r\n'), 417],
      ['TRACE', 'TRACE /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 405],
    ] as const) {
      const answer = await exchange(text);
      assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `), what);
      assert.match(answer, /content-type: application\/json/i, what);
      assert.ok(JSON.parse(/\{.*\}/s.exec(answer)![0]).error.message, what); // whole or in chunks
    }
    assert.equal((await exchange(posted('Host: 127.0.0.1:80\r\n'))).slice(0, 12), 'HTTP/1.1 200', 'a Host with its port is one');
    const frame = await fetch(url.replace(/\/cache-card$/, '/cache-card/frame'));
    assert.equal(frame.status, 200);
    // Every header the README lists for the frame page, whole: loosening any one of them fails here.
    assertFramePageHeaders(frame.headers, [ORIGIN]);
    const script = await fetch(url.replace(/\/cache-card$/, '/cache-card/frame.js'));
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type')!, /javascript/);
    // The frame fetches its locale's pack beside its script.
    const pack = await fetch(url.replace(/\/cache-card$/, '/cache-card/frame.ja.js'));
    assert.equal(pack.status, 200);
    assert.match(await pack.text(), /カード番号/);
    assert.ok(!proxy.output().includes('4111111111111111'), 'the proxy log holds no card number');

    // Stopped, the simulator takes the keys it generated with it: the merchant's private half included.
    assert.ok(existsSync(env.ALIPAY_PRIVATE_KEY_FILE!));
    sim.child.kill('SIGTERM');
    assert.equal(await exited(sim.child), 0);
    assert.ok(!existsSync(dirname(env.ALIPAY_PRIVATE_KEY_FILE!)), 'the generated keys are gone');
  });

  it('the proxy refuses to start, listing every missing setting', async () => {
    const { child, output } = await start('src/server/cli.ts', {}, /$^/);
    assert.equal(await exited(child), 1);
    for (const name of ['ALIPAY_ENDPOINT', 'ALIPAY_CLIENT_ID', 'ALLOWED_ORIGINS', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY']) {
      assert.match(output(), new RegExp(`${name}.* is not set`), name);
    }
  });

  it('the proxy refuses to start with a key it cannot read, naming the file and not the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-card-cli-'));
    writeFileSync(join(dir, 'bad.pem'), '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
    const { child, output } = await start(
      'src/server/cli.ts',
      {
        ALIPAY_ENDPOINT: 'https://open-sea-global.alipay.com',
        ALIPAY_CLIENT_ID: 'X',
        ALLOWED_ORIGINS: 'https://shop.example,not an origin',
        ALIPAY_PRIVATE_KEY_FILE: join(dir, 'bad.pem'),
        ALIPAY_PUBLIC_KEY: 'AAAA',
        RATE_LIMIT_PER_ADDRESS: '-1',
        REQUEST_TIMEOUT_MS: '5',
      },
      /$^/,
    );
    assert.equal(await exited(child), 1);
    assert.match(output(), /ALIPAY_PRIVATE_KEY_FILE \(.*bad\.pem\) is not an RSA private key/);
    assert.match(output(), /ALIPAY_PUBLIC_KEY is not an RSA public key/);
    assert.match(output(), /ALLOWED_ORIGINS: not an origin/);
    assert.match(output(), /RATE_LIMIT_PER_ADDRESS must be a whole number/);
    assert.match(output(), /REQUEST_TIMEOUT_MS must be the milliseconds a client has to send its request/);
  });

  it('the proxy cuts off a client that trickles its request, after REQUEST_TIMEOUT_MS, with its JSON 408', async () => {
    const port = await freePort();
    const proxy = await start(
      'src/server/cli.ts',
      {
        ...sandboxProxyEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        REQUEST_TIMEOUT_MS: '400',
      },
      /proxy_listening/,
    );
    // A slow-request flood: the headers and most of the body at once, the card number in it, then the rest a byte
    // at a time, each in time to keep a read timeout from firing, so that the request would end 10 s later.
    const body = JSON.stringify(cardBody());
    const held = 200;
    assert.ok(body.indexOf('4111111111111111') + 16 < body.length - held, 'the card number is in what is sent at once');
    const answer = await new Promise<string>((resolve, reject) => {
      let trickle: NodeJS.Timeout | undefined;
      let sent = body.length - held;
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /cache-card HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, sent)}`,
        );
        trickle = setInterval(() => socket.writable && sent < body.length && socket.write(body[sent++]!), 50);
      });
      let text = '';
      socket
        .on('data', (d) => (text += d))
        .on('close', () => (clearInterval(trickle), resolve(text)))
        .on('error', (error) => (clearInterval(trickle), reject(error)));
    });
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.equal(JSON.parse(answer.split('\r\n\r\n')[1]!).error.code, 'invalid_request');
    // The proxy still answers, and the card it held in part is not in its log.
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    // Load balancers and uptime checks that ask with HEAD get the same answer, without its body.
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'HEAD' })).status, 200);
    assert.ok(!proxy.output().includes('4111111111111111'));
    proxy.child.kill();
  });

  it('the proxy refuses to start when REDIS_URL does not answer', async () => {
    const { child, output } = await start(
      'src/server/cli.ts',
      {
        ...sandboxProxyEnv(),
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: '0',
      },
      /$^/,
    );
    assert.equal(await exited(child), 1);
    assert.match(output(), /REDIS_URL does not answer/);
  });

  it('refuses plain-http checkout origins, the frame on a checkout origin, and an http Alipay; warns of a readable key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-card-cli-'));
    writeFileSync(join(dir, 'merchant.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o644 });
    writeFileSync(join(dir, 'alipay.pem'), alipay.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    const keys = {
      ALIPAY_PRIVATE_KEY_FILE: join(dir, 'merchant.pem'),
      ALIPAY_PUBLIC_KEY_FILE: join(dir, 'alipay.pem'),
      ALIPAY_CLIENT_ID: 'X',
    };
    const refused = await start(
      'src/server/cli.ts',
      {
        ...keys,
        ALIPAY_ENDPOINT: 'http://open-sea-global.alipay.com',
        ALLOWED_ORIGINS: 'http://shop.example,https://pay.example',
        PUBLIC_ORIGIN: 'https://pay.example',
      },
      /$^/,
    );
    assert.equal(await exited(refused.child), 1);
    assert.match(refused.output(), /ALIPAY_ENDPOINT must be an https URL/);
    assert.match(refused.output(), /ALLOWED_ORIGINS: http:\/\/shop.example is plain http/);
    assert.match(refused.output(), /PUBLIC_ORIGIN \(https:\/\/pay.example\) is also a checkout origin/);

    const port = await freePort();
    const warned = await start(
      'src/server/cli.ts',
      {
        ...keys,
        ALIPAY_ENDPOINT: 'http://127.0.0.1:9',
        ALLOWED_ORIGINS: 'http://shop.example',
        ALLOW_INSECURE_ORIGINS: '1',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      /proxy_listening/,
    );
    assert.match(warned.output(), /merchant.pem\) can be read by other users/);
    assert.match(warned.output(), /PUBLIC_ORIGIN is not set: the isolated frame is not served/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/cache-card/frame`)).status, 404);
    warned.child.kill();
  });

  it('warns of a readable key and of no PUBLIC_ORIGIN at start even with LOG_LEVEL=error', async () => {
    const env = sandboxProxyEnv();
    chmodSync(env.ALIPAY_PRIVATE_KEY_FILE!, 0o644);
    const proxy = await start('src/server/cli.ts', { ...env, LOG_LEVEL: 'error', PORT: '0', HOST: '127.0.0.1' }, /proxy_listening/);
    try {
      assert.match(
        proxy.output(),
        /"level":"warn","event":"config_warning","reason":"ALIPAY_PRIVATE_KEY_FILE \(.*merchant.pem\) can be read by other users/,
      );
      assert.match(proxy.output(), /"event":"config_warning","reason":"PUBLIC_ORIGIN is not set: the isolated frame is not served/);
    } finally {
      proxy.child.kill();
    }
  });
});

describe('TRUSTED_PROXY_HOPS and RATE_LIMIT_IPV6_PREFIX, as the command and createProxyFromEnv read them', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  const settings = () => ({
    ...proxySettings(sim.url),
    TRUST_PROXY: 'true',
    TRUSTED_PROXY_HOPS: '2',
    RATE_LIMIT_IPV6_PREFIX: '48',
    RATE_LIMIT_PER_ADDRESS: '2',
    // One card, sent many times: only the per-address limit is looked at here.
    RATE_LIMIT_PER_CARD: '0',
  });

  /**
   * Cards sent from behind two balancers, each appending to X-Forwarded-For: the outer one the client's address, the
   * inner one (10.0.0.1) the outer's. `through(header)` sends one and says its status.
   */
  async function countsAsTheReadmeSays(through: (forwarded: string) => Promise<number>) {
    // A client that writes a new address of its own on the left each time is counted by what the outer balancer saw.
    const rotating: number[] = [];
    for (let i = 1; i <= 3; i++) rotating.push(await through(`203.0.113.${i}, 198.51.100.7, 10.0.0.1`));
    assert.deepEqual(rotating, [200, 200, 429], 'the second entry from the right is counted, never the left-most');
    // Another client behind the same inner balancer has a count of its own: the right-most entry is not the client.
    assert.equal(await through('198.51.100.8, 10.0.0.1'), 200, 'the right-most entry is not counted');
    // Two hosts in one /48 (each in a /64 of its own) share one count; a host of another /48 has its own.
    const network: number[] = [];
    for (const host of ['2001:db8:1:a::1', '2001:db8:1:b::2', '2001:db8:1:c::3']) network.push(await through(`${host}, 10.0.0.1`));
    assert.deepEqual(network, [200, 200, 429], 'one /48, one count');
    assert.equal(await through('2001:db8:2:a::1, 10.0.0.1'), 200, 'another /48');
  }

  it('the command counts the address the trusted hops appended, IPv6 clients by their /48', async () => {
    const proxy = await start('src/server/cli.ts', { ...settings(), PORT: '0', HOST: '127.0.0.1' }, /proxy_listening/);
    try {
      const url = /POST (http:\/\/\S+)"/.exec(proxy.output())?.[1];
      assert.ok(url, proxy.output());
      await countsAsTheReadmeSays(async (forwarded) => {
        const response = await post(url, cardBody(), { 'x-forwarded-for': forwarded });
        await response.arrayBuffer();
        return response.status;
      });
    } finally {
      proxy.child.kill();
    }
  });

  it('createProxyFromEnv (Deno, Bun) counts the same addresses', async () => {
    const proxy = await createProxyFromEnv(settings(), { logger: silentLogger });
    await countsAsTheReadmeSays(async (forwarded) => {
      const request = cardRequest();
      request.headers.set('x-forwarded-for', forwarded);
      // As the runtimes' entries pass it on: the peer here is the inner balancer.
      return (await proxy.handler(request, { clientAddress: proxy.clientAddress(request, '10.0.0.1') })).status;
    });
  });
});
