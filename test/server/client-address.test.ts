import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addressKey, forwardedAddress, isLoopbackHost, parseAddress, reachesLoopback } from '../../src/server/client-address.ts';

describe('client addresses', () => {
  const cases: [string, string | null][] = [
    ['203.0.113.7', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['010.001.002.003', '10.1.2.3'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['1::2::3', null],
    ['evil', null],
    [`${'1'.repeat(70)}`, null],
  ];
  for (const [text, expected] of cases) it(`${text} -> ${expected}`, () => assert.equal(parseAddress(text), expected));

  it('agrees with net.isIP on every address it gives, for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string({ maxLength: 50 })), (text) => {
        const parsed = parseAddress(text);
        if (parsed !== null) assert.notEqual(isIP(parsed), 0, `${text} -> ${parsed}`);
        if (isIP(text) === 6 && !text.includes('%')) assert.notEqual(parsed, null, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the address the trusted hops appended, not what the client wrote', () => {
    assert.equal(forwardedAddress('6.6.6.6, 7.7.7.7, 203.0.113.7', 1), '203.0.113.7');
    assert.equal(forwardedAddress('6.6.6.6, 203.0.113.7, 10.0.0.2', 2), '203.0.113.7');
    assert.equal(forwardedAddress('203.0.113.7', 2), null, 'fewer entries than trusted hops');
    assert.equal(forwardedAddress('6.6.6.6, not-an-address', 1), null);
    assert.equal(forwardedAddress(`${'9.9.9.9, '.repeat(2000)}203.0.113.7`, 1), '203.0.113.7', 'a huge header: only its tail is read');
  });

  it('keys IPv6 clients on their /64, IPv4 clients on their address', () => {
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
    assert.equal(addressKey('2001:db8:1:2::1', 48), addressKey('2001:db8:1:3::1', 48));
    assert.notEqual(addressKey('203.0.113.7'), addressKey('203.0.113.8'));
    assert.equal(addressKey('::ffff:203.0.113.7'), addressKey('203.0.113.7'));
    assert.equal(addressKey('junk'), 'unknown');
  });

  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['example.com', '10.0.0.1', 'localhost.example.com', '[2001:db8::1]'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  it('knows which hosts a connection of its own certainly reaches on this machine: no name under .localhost', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])
      assert.equal(reachesLoopback(host), true, host);
    for (const host of ['app.localhost', 'alipay.localhost', 'localhost.example.com', 'example.com', '10.0.0.1', '[2001:db8::1]'])
      assert.equal(reachesLoopback(host), false, host);
  });
});
