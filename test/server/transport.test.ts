// The two transports of the Alipay call under the same rules (no redirect followed, 64 KiB at most, the deadline),
// and what only the Node one does: keep its connection alive, and send again once when a kept-alive connection
// was closed under it before any answer.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { nodeTransport } from '../../src/server/node-transport.ts';
import { Refusal } from '../../src/server/refusal.ts';
import { fetchTransport, type AlipayTransport } from '../../src/server/transport.ts';

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: URL; server: Server; connections: () => number }> {
  let connections = 0;
  const server = createServer(handler).on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ams`), server, connections: () => connections };
}

const servers: Server[] = [];
after(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));

// A generous deadline by default, so a busy machine slows a call and never fails it: only the deadline test sets a
// short one, as that is what it tests.
const call = (transport: AlipayTransport, url: URL, signal = AbortSignal.timeout(30_000)) =>
  transport({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"a":"ü"}',
    signal,
    maxBytes: 64 * 1024,
  });

for (const [name, make] of [
  ['fetch', () => fetchTransport()],
  ['node:http', () => nodeTransport()],
] as const) {
  describe(`${name} transport`, () => {
    it('sends the body and headers, and gives back the status, headers and text', async () => {
      const { url, server } = await serve((req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (c) => (body += c));
        req.on('end', () =>
          res
            .writeHead(200, { 'response-time': '1', 'x-echo': req.headers['content-type'] })
            .end(`${body}:${req.headers['content-length']}`),
        );
      });
      servers.push(server);
      const answer = await call(make(), url);
      assert.equal(answer.status, 200);
      assert.equal(answer.header('x-echo'), 'application/json');
      assert.equal(answer.header('absent'), null);
      assert.equal(answer.text, '{"a":"ü"}:10');
    });

    it('gives a redirect back as itself, unfollowed and unread', async () => {
      let elsewhere = 0;
      const target = await serve((_req, res) => void (elsewhere++, res.end('{}')));
      const { url, server } = await serve(
        (req, res) => void (req.resume(), res.writeHead(307, { location: target.url.href }).end('x'.repeat(100_000))),
      );
      servers.push(server, target.server);
      const answer = await call(make(), url);
      assert.equal(answer.status, 307);
      assert.equal(answer.text, '');
      assert.equal(elsewhere, 0);
    });

    it('stops reading past the cap with a Refusal', async () => {
      const { url, server } = await serve((req, res) => void (req.resume(), res.writeHead(200).end('x'.repeat(200_000))));
      servers.push(server);
      await assert.rejects(call(make(), url), Refusal);
    });

    it('stops at the deadline, before the answer or in its middle', async () => {
      const { url, server } = await serve((req, res) => {
        req.resume();
        if (req.url === '/ams/slow-body') res.writeHead(200).write('{"partial":');
      });
      servers.push(server);
      for (const path of ['/ams', '/ams/slow-body']) {
        // The server never finishes: the call ends only because its deadline passes (without it, the test times out).
        const deadline = AbortSignal.timeout(300);
        await assert.rejects(call(make(), new URL(path, url), deadline));
        assert.ok(deadline.aborted, `${path}: given up before the deadline`);
      }
    });
  });
}

describe('node:http transport, kept alive', () => {
  it('sends one call after another on one connection', async () => {
    const { url, server, connections } = await serve((req, res) => void (req.resume(), res.end('{}')));
    servers.push(server);
    const transport = nodeTransport();
    for (let i = 0; i < 20; i++) assert.equal((await call(transport, url)).status, 200);
    assert.equal(connections(), 1);
    transport.close();
  });

  it('opens at most 64 connections: calls past them wait for one to be free', async () => {
    const held: ServerResponse[] = [];
    let arrived!: () => void;
    const sixtyFour = new Promise<void>((resolve) => (arrived = resolve));
    const { url, server, connections } = await serve((req, res) => {
      req.resume();
      // The first 64 are held until all have come, so that all 70 calls are out at once; later ones are answered.
      if (held.length < 64) {
        held.push(res);
        if (held.length === 64) arrived();
      } else res.end('{}');
    });
    servers.push(server);
    const transport = nodeTransport();
    const calls = Array.from({ length: 70 }, () => call(transport, url));
    await sixtyFour;
    for (const res of held) res.end('{}');
    assert.deepEqual(
      (await Promise.all(calls)).map((answer) => answer.status),
      Array(70).fill(200),
    );
    assert.equal(connections(), 64);
    transport.close();
  });

  // The bound is met only if the connection is never closed.
  it('closes a kept-alive connection once it has been idle for `idleMs`', { timeout: 30_000 }, async () => {
    const { url, server } = await serve((req, res) => void (req.resume(), res.end('{}')));
    servers.push(server);
    server.keepAliveTimeout = 0; // the server keeps an idle connection for good
    const closed = new Promise<void>((resolve) => server.on('connection', (socket) => socket.on('close', () => resolve())));
    const transport = nodeTransport({ idleMs: 50 });
    assert.equal((await call(transport, url)).status, 200);
    // Ended by the client's idle timer: the server never closes it, and the test never calls close().
    await closed;
    transport.close();
  });

  it('sends again, once, on a new connection when the kept-alive one was closed under the request', async () => {
    let requests = 0;
    const { url, server, connections } = await serve((req, res) => {
      requests++;
      req.resume();
      // The second request arrives on the kept-alive connection, which the server drops without a word.
      if (requests === 2) return void req.socket.destroy();
      res.end('{}');
    });
    servers.push(server);
    const transport = nodeTransport();
    assert.equal((await call(transport, url)).status, 200);
    assert.equal((await call(transport, url)).status, 200);
    assert.deepEqual([requests, connections()], [3, 2]);
    transport.close();
  });
});
