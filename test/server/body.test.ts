import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDeclaredLength, collect, collectStreamWithin, parseJson, streamChunks } from '../../src/server/body.ts';
import { Refusal } from '../../src/server/refusal.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

async function* chunks(...parts: string[]) {
  for (const part of parts) yield bytes(part);
}

const refusedWith = (code: string) => (error: unknown) => error instanceof Refusal && error.code === code;

describe('request body', () => {
  it('joins the chunks as they come', async () => {
    assert.equal(new TextDecoder().decode(await collect(chunks('{"a":', '"b"}'), 100, () => undefined)), '{"a":"b"}');
  });

  it('stops at the first chunk past the limit, and stops the source', async () => {
    let cancelled = false;
    let read = 0;
    async function* endless() {
      for (;;) {
        read++;
        yield new Uint8Array(1024);
      }
    }
    await assert.rejects(
      collect(endless(), 4096, () => (cancelled = true)),
      refusedWith('payload_too_large'),
    );
    assert.equal(cancelled, true);
    assert.equal(read, 5);
  });

  it('refuses a declared length past the limit before reading, and ignores a missing or odd one', () => {
    assert.throws(() => checkDeclaredLength('20000', 16384), refusedWith('payload_too_large'));
    assert.throws(() => checkDeclaredLength('16385', 16384), refusedWith('payload_too_large'));
    for (const value of [null, undefined, '', 'abc', '100', '16384']) checkDeclaredLength(value, 16384);
  });

  it('reads a web stream', async () => {
    const stream = new Blob(['{"x":', '1}']).stream();
    assert.deepEqual(parseJson(await collect(streamChunks(stream), 100, () => undefined)), { x: 1 });
  });

  it('reads a web stream within its time, and refuses one that trickles or stops with a 408, its source stopped', async () => {
    const whole = new Blob(['{"x":', '1}']).stream();
    assert.deepEqual(parseJson(await collectStreamWithin(whole, 100, 1000)), { x: 1 });
    // A client that sends a little, then nothing, with no end: the read pending when time runs out is not waited for.
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(bytes('{"x"')),
      cancel: () => void (cancelled = true),
    });
    const started = Date.now();
    await assert.rejects(
      collectStreamWithin(stalled, 100, 50),
      (e) => refusedWith('invalid_request')(e) && (e as Refusal).detail.status === 408,
    );
    assert.ok(Date.now() - started < 1000);
    assert.equal(cancelled, true);
    // Past the limit it is still a 413, however fast.
    await assert.rejects(collectStreamWithin(new Blob([new Uint8Array(200)]).stream(), 100, 1000), refusedWith('payload_too_large'));
  });

  it('takes strict UTF-8 JSON only', () => {
    assert.deepEqual(parseJson(bytes('{"name":"Zoë"}')), { name: 'Zoë' });
    assert.throws(
      () => parseJson(new Uint8Array([0x7b, 0xff, 0x7d])),
      (e) => refusedWith('invalid_request')(e) && /UTF-8/.test((e as Refusal).detail.message!),
    );
    assert.throws(
      () => parseJson(bytes('{"a":')),
      (e) => refusedWith('invalid_request')(e) && /JSON/.test((e as Refusal).detail.message!),
    );
  });

  it('refuses an object that names a key twice, however the second is written; the same key in two objects is no repeat', () => {
    const twice = (e: unknown) => refusedWith('invalid_request')(e) && /twice/.test((e as Refusal).detail.message!);
    for (const text of [
      '{"cardNo":"4111111111111111","cardNo":"5555555555554444"}',
      '{"cardNo":"1","\\u0063ardNo":"2"}',
      '{"a":{"b":1},\n  "c" : [1, {"d":2}],\t"a"\r\n:\n3}',
      '[{"x":[{"y":1,"y":2}]}]',
      '{"a\\"":1,"a\\u0022":2}',
    ])
      assert.throws(() => parseJson(bytes(text)), twice, text);
    for (const text of [
      '{"a":{"b":1},"c":{"b":2},"b":3}',
      '{"a":[{"b":1},{"b":2}]}',
      '{"a":"\\"a\\":1, \\"a\\":2","b":"a"}',
      '{"a\\\\":1,"a":2}',
      '["a","a",{"a":"a"}]',
    ])
      assert.deepEqual(parseJson(bytes(text)), JSON.parse(text), text);
  });
});
