import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeOrigin, originChecker, preflightHeaders } from '../../src/server/cors.ts';

describe('origin check', () => {
  const check = originChecker(['https://shop.example/', 'http://localhost:5173'], null);

  it('allows a listed origin exactly, with its CORS header', () => {
    assert.deepEqual(check('https://shop.example'), {
      allowed: true,
      headers: { 'access-control-allow-origin': 'https://shop.example', vary: 'Origin' },
    });
  });

  for (const origin of [
    'https://shop.example.evil',
    'http://shop.example',
    'https://SHOP.example:443x',
    'null',
    'https://localhost:5173',
  ]) {
    it(`refuses ${origin}, with Vary and no allow header`, () =>
      assert.deepEqual(check(origin), { allowed: false, headers: { vary: 'Origin' } }));
  }

  it('refuses a request without an origin', () => assert.equal(check(null).allowed, false));

  it("allows the frame's origin as configured, whole: never by the Host header a client sends", () => {
    assert.equal(check('https://pay.example').allowed, false);
    const withFrame = originChecker([], 'https://pay.example');
    assert.equal(withFrame('https://pay.example').allowed, true);
    for (const other of ['http://pay.example', 'https://pay.example:8443', 'https://evil.example'])
      assert.equal(withFrame(other).allowed, false, other);
  });

  it('normalizes listed origins and rejects what is not one', () => {
    assert.equal(normalizeOrigin('https://shop.example:443/path'), 'https://shop.example');
    assert.throws(() => normalizeOrigin('shop.example'), /not an origin/);
  });

  it('answers a preflight for POST with a JSON body only', () => {
    const headers = preflightHeaders({ 'access-control-allow-origin': 'https://shop.example', vary: 'Origin' });
    assert.equal(headers['access-control-allow-methods'], 'POST');
    assert.equal(headers['access-control-allow-headers'], 'content-type');
  });
});
