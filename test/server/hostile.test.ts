// Hostile input, generated: thousands of requests to the proxy handler. Every one is answered with a 4xx and a
// stable code without reaching Alipay (or, when a mutation happens to leave a valid card, a 200 after exactly
// one call); none gets a 5xx or makes the handler throw, and memory stays flat.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { MAX_FIELD_LENGTH } from '../../src/card/contract.ts';
import { TOKENIZE_ERRORS } from '../../src/card/errors.ts';
import { createCacheCardHandler, type CacheCardHandler } from '../../src/server/handler.ts';
import type { Logger } from '../../src/server/logger.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  alipay,
  alipayClient,
  assertNoCardDataLogged,
  captureLogger,
  cardBody,
  CLIENT_ID,
  merchant,
  ORIGIN,
  simulator,
  type CapturedLog,
} from '../support/fixtures.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let sim: RunningSimulator;
let handler: CacheCardHandler;
/** Every line the handler logs is checked for card data as it comes, and not kept (the memory test counts). */
let linesLogged = 0;
const leaks: string[] = [];
/** Every leak found, beyond the first ten kept in `leaks`: send() checks that its own request added none. */
let leaksFound = 0;
let lastLeak = '';
const checkingLogger: Logger = {
  log(level, event, fields) {
    linesLogged++;
    const line: CapturedLog[] = [];
    captureLogger(line).log(level, event, fields);
    try {
      assertNoCardDataLogged(line);
    } catch (error) {
      leaksFound++;
      lastLeak = (error as Error).message;
      if (leaks.length < 10) leaks.push((error as Error).message);
    }
  },
};
before(async () => {
  sim = await simulator();
  handler = createCacheCardHandler({
    alipay: alipayClient({
      endpoint: sim.url,
      clientId: CLIENT_ID,
      privateKey: merchant.privateKey,
      alipayPublicKey: alipay.publicKey,
    }),
    allowedOrigins: [ORIGIN],
    billingAddress: 'postal',
    rateLimits: {
      perAddress: { limit: 0, windowMs: 60_000 },
      perCard: { limit: 0, windowMs: 60_000 },
      declinesPerAddress: { limit: 0, windowMs: 60_000 },
      global: { limit: 0, windowMs: 60_000 },
    },
    logger: checkingLogger,
  });
});
after(() => sim.close());

const STABLE_CODES = new Set(Object.keys(TOKENIZE_ERRORS));

/** Sends one request straight to the handler and checks the answer's shape and what reached Alipay. */
async function send(body: BodyInit, contentType = 'application/json', mustRefuse = false): Promise<number> {
  const calls = sim.calls.length;
  const leaksBefore = leaksFound;
  let response: Response;
  try {
    response = await handler(
      new Request('http://proxy.test/cache-card', { method: 'POST', headers: { origin: ORIGIN, 'content-type': contentType }, body }),
    );
  } catch (error) {
    assert.fail(`the handler threw: ${String(error)}`);
  }
  const reached = sim.calls.length - calls;
  // What this request handed the logger, checked as it was logged: a leak fails the request that caused it.
  assert.equal(leaksFound, leaksBefore, `card data handed to the logger (${lastLeak}) for ${String(body).slice(0, 200)}`);
  const json = await response.json();
  if (response.status === 200) {
    assert.ok(!mustRefuse, `accepted a body it must refuse: ${String(body).slice(0, 300)}`);
    assert.equal(reached, 1, 'a valid card reaches Alipay once');
    assert.match(json.cardToken, /^PYMT/);
  } else {
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status} for ${String(body).slice(0, 200)}`);
    assert.ok(STABLE_CODES.has(json.error?.code), `a stable code, not ${JSON.stringify(json)}`);
    assert.ok(typeof json.error.message === 'string' && json.error.message.length > 10, `a message, not ${JSON.stringify(json)}`);
    assert.deepEqual(Object.keys(json), ['error']);
    // A refusal says what is wrong, never what was sent: no value of the body comes back in the answer.
    const answer = [JSON.stringify(json), json.error.message].join('\n');
    for (const value of stringsOf(body)) assert.ok(!answer.includes(value), `the answer echoes ${JSON.stringify(value)}: ${answer}`);
    assert.equal(reached, 0, 'nothing reached Alipay');
  }
  return response.status;
}

/** The body's string values of six characters or more, if it is JSON (shorter ones may be words of any message). */
function stringsOf(body: BodyInit): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(body));
  } catch {
    return [];
  }
  const found: string[] = [];
  // A loop, not recursion: the deepest bodies below nest past the call stack.
  for (const pending = [parsed]; pending.length;) {
    const value = pending.pop();
    if (typeof value === 'string' && value.trim().length >= 6) found.push(value);
    else if (value && typeof value === 'object') pending.push(...Object.values(value));
  }
  return found;
}

const PATHS = [
  [],
  ['paymentMethodDetail'],
  ['paymentMethodDetail', 'paymentMethodDetailType'],
  ['paymentMethodDetail', 'card'],
  ...['cardNo', 'brand', 'securityCode', 'expiryYear', 'expiryMonth', 'instUserName', 'billingAddress'].map((k) => [
    'paymentMethodDetail',
    'card',
    k,
  ]),
  ['paymentMethodDetail', 'card', 'instUserName', 'firstName'],
  ['paymentMethodDetail', 'card', 'instUserName', 'lastName'],
  ...['region', 'state', 'city', 'zipCode', 'address1', 'address2'].map((k) => ['paymentMethodDetail', 'card', 'billingAddress', k]),
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'cardNumber', 'cvv', ''];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A valid body with one change at one place: a new value of any type, a deleted key, or an extra (hostile) key. */
const mutatedBody = fc
  .record({
    path: fc.constantFrom(...PATHS),
    change: fc.oneof(
      fc.record({ kind: fc.constant('set' as const), value: fc.jsonValue({ maxDepth: 4 }) }),
      fc.record({ kind: fc.constant('set' as const), value: fc.string({ unit: 'binary', maxLength: 40 }) }),
      fc.record({ kind: fc.constant('set' as const), value: fc.stringMatching(/^[0-9 -]{0,25}$/) }),
      fc.record({ kind: fc.constant('delete' as const) }),
      fc.record({ kind: fc.constant('extra' as const), key: fc.constantFrom(...HOSTILE_KEYS), value: fc.jsonValue({ maxDepth: 2 }) }),
    ),
  })
  .map(({ path, change }): { text: string; mustRefuse: boolean } => {
    const body = cardBody({ billingAddress: { zipCode: 'SW1A 1AA' } }) as unknown as Json;
    let parent: Json = body;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string, Json>)[key]!;
    const last = path.at(-1);
    const target = parent as Record<string, Json>;
    const isLeaf = last !== undefined && STRING_FIELDS.has(last);
    // Extra keys, a missing required key, a value that is not a string where a string belongs, or anything in
    // place of a container: the contract refuses all of these. Other changes may still leave a valid card.
    const mustRefuse =
      change.kind === 'extra' ||
      (change.kind === 'delete' && !OPTIONAL.has(last ?? '')) ||
      (change.kind === 'set' && (!isLeaf ? last !== 'billingAddress' || !isEmptyObject(change.value) : typeof change.value !== 'string'));
    let text: string;
    if (change.kind === 'extra') {
      // Into the object at the path, or the one holding it when the path ends at a string.
      const atPath = last === undefined ? target : target[last];
      const holder = typeof atPath === 'object' && atPath !== null && !Array.isArray(atPath) ? atPath : target;
      // Written into the JSON text, so `__proto__` arrives as an own key, as it would from an attacker.
      text = JSON.stringify(body);
      const marker = JSON.stringify(holder).slice(0, 1) === '{' ? JSON.stringify(holder) : null;
      if (marker)
        text = text.replace(
          marker,
          `{${JSON.stringify(change.key)}:${JSON.stringify(change.value)},${marker.slice(1)}`.replace(/,}$/, '}'),
        );
      return { text, mustRefuse };
    }
    if (last === undefined) return { text: JSON.stringify(change.kind === 'set' ? change.value : {}), mustRefuse: true };
    if (change.kind === 'delete') delete target[last];
    else target[last] = change.value as Json;
    return { text: JSON.stringify(body), mustRefuse };
  });

/** The contract's string fields (present in the base body or not). */
const STRING_FIELDS = new Set([
  'paymentMethodDetailType',
  'cardNo',
  'brand',
  'securityCode',
  'expiryYear',
  'expiryMonth',
  'firstName',
  'lastName',
  'region',
  'state',
  'city',
  'zipCode',
  'address1',
  'address2',
]);

/** Keys the contract lets the browser leave out (the proxy here asks for the postal code only). */
const OPTIONAL = new Set(['brand', 'billingAddress', 'region', 'state', 'city', 'address1', 'address2']);
const isEmptyObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

describe('hostile input, generated', () => {
  it('any one change to a valid body: a 4xx with a stable code and nothing sent, or a valid card tokenized', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBody, async ({ text, mustRefuse }) => void (await send(text, 'application/json', mustRefuse))),
      { numRuns: 1500 },
    );
  });

  it('arbitrary bytes, invalid UTF-8 included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => void (await send(bytes, 'application/json', true))),
      { numRuns: 500 },
    );
  });

  it('arbitrary content types', async () => {
    const types = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'application/jsonp',
        'application/json-patch+json',
        '',
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(types, async (type) => {
        const status = await send(JSON.stringify(cardBody()), type);
        if (!/^application\/json\s*(;|$)/i.test(type)) assert.equal(status, 415);
      }),
      { numRuns: 300 },
    );
  });

  it('deep nesting and huge strings', async () => {
    for (const depth of [10, 1000, 100_000]) await send(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'application/json', true);
    for (const depth of [1000, 100_000]) await send(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, 'application/json', true);
    assert.equal(await send(JSON.stringify(cardBody({ cardNo: '4'.repeat(1_000_000) })), 'application/json', true), 413);
    assert.equal(
      await send(JSON.stringify(cardBody({ instUserName: { firstName: 'A'.repeat(MAX_FIELD_LENGTH + 1), lastName: 'L' } }))),
      400,
    );
    assert.equal(
      await send(JSON.stringify(cardBody({ billingAddress: { zipCode: 'SW1A 1AA', address1: 'x'.repeat(MAX_FIELD_LENGTH) } }))),
      422,
    );
  });

  it('every field at its limits', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ cardNo: '4'.repeat(11) + '1' }, 422],
      [{ cardNo: '6205500000000000004', brand: 'CUP' }, 200],
      [{ cardNo: '62055000000000000040' }, 422],
      [{ expiryMonth: '01', expiryYear: String(new Date().getFullYear() + 20) }, 200],
      [{ expiryYear: String(new Date().getFullYear() + 21) }, 422],
      [{ expiryMonth: '00' }, 422],
      [{ expiryMonth: '13' }, 422],
      [{ securityCode: '12' }, 422],
      [{ securityCode: '1234' }, 422],
      [{ instUserName: { firstName: 'A'.repeat(255), lastName: 'L' } }, 200],
      [{ instUserName: { firstName: 'A'.repeat(256), lastName: 'L' } }, 422],
      [{ billingAddress: { zipCode: 'SW1A 1AA', city: 'c'.repeat(128) } }, 200],
      [{ billingAddress: { zipCode: 'SW1A 1AA', city: 'c'.repeat(129) } }, 422],
      [{ billingAddress: { zipCode: '12' } }, 422],
    ];
    for (const [card, status] of cases)
      assert.equal(
        await send(JSON.stringify(cardBody({ billingAddress: { zipCode: 'SW1A 1AA' }, ...card }))),
        status,
        JSON.stringify(card).slice(0, 80),
      );
  });

  it('keeps memory flat over thousands of refusals', async () => {
    const refuse = () =>
      send(JSON.stringify(cardBody({ cardNo: '4111111111111112', instUserName: { firstName: 'x'.repeat(200), lastName: 'y' } })));
    for (let i = 0; i < 500; i++) await refuse();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 5000; i++) await refuse();
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(1)} MiB over 5000 refusals`);
  });

  // Every request above is checked in send(); this one stands alone (it needs no other test to have run first), and
  // makes sure the check is not empty: the logger is handed many lines, each of a request that held a card. Refusals
  // are logged at most 20 a minute (the handler's throttle, shared with the tests above), a tokenized card each time:
  // 110 of those are over 100 lines whatever ran before.
  it('hands the logger no card data, on requests of each kind it logs', async () => {
    const before = linesLogged;
    const cards: [Record<string, unknown>, number][] = [
      [{}, 200],
      [{ cardNo: '4111111111111112' }, 422],
      [{ securityCode: '12' }, 422],
      [{ expiryMonth: '13' }, 422],
      [{ instUserName: { firstName: 'Ada', lastName: 'L'.repeat(256) } }, 422],
    ];
    for (let round = 0; round < 110; round++)
      for (const [card, status] of cards)
        assert.equal(
          await send(JSON.stringify(cardBody({ billingAddress: { zipCode: 'SW1A 1AA' }, ...card }))),
          status,
          JSON.stringify(card),
        );
    assert.ok(linesLogged - before > 100, `${linesLogged - before} lines logged by this test's ${110 * cards.length} requests`);
    assert.deepEqual(leaks, []);
  });
});
