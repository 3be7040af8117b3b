import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import { TEST_CARD_FAULTS, type Fault } from '../../src/simulator/test-cards.ts';
import { referenceHeaders, referenceVerify } from '../support/ams-reference.ts';
import { alipay, cardBody, CLIENT_ID, merchant, simulator } from '../support/fixtures.ts';

const LIVE = '/ams/api/v1/paymentMethods/cacheCard';
const SANDBOX = '/ams/sandbox/api/v1/paymentMethods/cacheCard';

describe('the simulator, called as Alipay is called', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  async function call(
    body: string,
    variant: Parameters<typeof referenceHeaders>[4] & {
      path?: string;
      clientId?: string;
      headers?: Record<string, string>;
      method?: string;
      tamper?: boolean;
    } = {},
  ) {
    const path = variant.path ?? SANDBOX;
    const clientId = variant.clientId ?? CLIENT_ID;
    const headers = { ...referenceHeaders(path, clientId, body, merchant.privateKey, variant), ...variant.headers };
    const response = await fetch(sim.url + path, {
      method: variant.method ?? 'POST',
      headers,
      body: variant.method === 'GET' ? undefined : variant.tamper ? body.replace('"123"', '"124"') : body,
    });
    const text = await response.text();
    const signed = referenceVerify(
      'POST',
      path,
      clientId,
      response.headers.get('response-time') ?? '',
      text,
      response.headers.get('signature') ?? '',
      alipay.publicKey,
    );
    return { status: response.status, json: JSON.parse(text), signed, headers: response.headers };
  }

  it("takes every one of Alipay's 16 brands, and refuses a brand Alipay does not know", async () => {
    // One number per brand, as the brand table names it (BC and CITI, which no range names, ride on a Visa number).
    const numbers: Record<string, string> = { MASTERCARD: '5555555555554444', AMEX: '378282246310005', CUP: '6200000000000005' };
    for (const brand of ALL_ALIPAY_BRANDS) {
      const cardNo = numbers[brand] ?? '4111111111111111';
      const { json } = await call(JSON.stringify(cardBody({ cardNo, brand, securityCode: brand === 'AMEX' ? '1234' : '123' })));
      assert.equal(json.result.resultStatus, 'S', brand);
      assert.equal(json.paymentMethodDetail.card.brand, brand);
    }
    const { json } = await call(JSON.stringify(cardBody({ brand: 'DANKORT' })));
    assert.equal(json.result.resultStatus, 'F');
  });

  it('tokenizes a pretty-printed body signed with an ISO 8601 time, lowercase escapes and spaces', async () => {
    const body = JSON.stringify(cardBody(), null, 2);
    const { json, signed, headers } = await call(body, { time: '2026-11-26T12:01:01+08:00', lowercaseEscapes: true, spaces: true });
    assert.equal(json.result.resultStatus, 'S');
    assert.equal(json.result.resultCode, 'SUCCESS');
    assert.ok(signed, "the answer verifies with Alipay's public key");
    assert.equal(headers.get('client-id'), CLIENT_ID);
    const card = json.paymentMethodDetail.card;
    assert.match(card.cardToken, /^PYMT[0-9a-f]{32}$/);
    assert.equal(card.mask, '411111******1111');
    assert.equal(card.last4, '1111');
    assert.equal(card.brand, 'VISA');
    assert.deepEqual(card.instUserName, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.equal(card.billingAddress.zipCode, 'SW1A 1AA');
    assert.equal(card.securityCode, undefined, 'the security code is never echoed');
    assert.match(json.expiryTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.ok(Date.parse(json.expiryTime) > Date.now());
  });

  it('mints a new token each time', async () => {
    const body = JSON.stringify(cardBody());
    const a = (await call(body)).json.paymentMethodDetail.card.cardToken;
    const b = (await call(body)).json.paymentMethodDetail.card.cardToken;
    assert.notEqual(a, b);
  });

  const failures: [string, () => Promise<{ json: { result: { resultCode: string; resultStatus: string } }; signed: boolean }>][] = [
    ['INVALID_SIGNATURE for a body changed after signing', () => call(JSON.stringify(cardBody()), { tamper: true })],
    [
      'INVALID_SIGNATURE for a request-time other than the one signed',
      () => call(JSON.stringify(cardBody()), { headers: { 'request-time': '1' } }),
    ],
    ['INVALID_SIGNATURE for a missing signature', () => call(JSON.stringify(cardBody()), { headers: { signature: '' } })],
    ['INVALID_CLIENT for an unknown client id', () => call(JSON.stringify(cardBody()), { clientId: 'SANDBOX_SOMEONE_ELSE' })],
    ['INVALID_CLIENT for a sandbox id on the live path', () => call(JSON.stringify(cardBody()), { path: LIVE })],
    ['KEY_NOT_FOUND for an unknown key version', () => call(JSON.stringify(cardBody()), { keyVersion: '7' })],
    ['METHOD_NOT_SUPPORTED for GET', () => call('', { method: 'GET' })],
    ['INVALID_API for an unknown path', () => call(JSON.stringify(cardBody()), { path: '/ams/api/v1/paymentMethods/cacheCards' })],
    ['INVALID_API for a body sent as text/plain', () => call(JSON.stringify(cardBody()), { headers: { 'content-type': 'text/plain' } })],
    ['INVALID_API for a body with no Content-Type', () => call(JSON.stringify(cardBody()), { headers: { 'content-type': '' } })],
    ['PARAM_ILLEGAL for a number sent as a number', () => call(JSON.stringify(cardBody({ cardNo: 4111111111111111 })))],
    ['PARAM_ILLEGAL for an invalid card number', () => call(JSON.stringify(cardBody({ cardNo: '4111111111111112' })))],
    ['PARAM_ILLEGAL for month 13', () => call(JSON.stringify(cardBody({ expiryMonth: '13' })))],
    ['PARAM_ILLEGAL for a two-digit year', () => call(JSON.stringify(cardBody({ expiryYear: '31' })))],
    ['PARAM_ILLEGAL for a past expiry', () => call(JSON.stringify(cardBody({ expiryYear: '2020' })))],
    ['PARAM_ILLEGAL for a missing card number', () => call(JSON.stringify(cardBody({ cardNo: undefined })))],
    ['PARAM_ILLEGAL for a body that is not JSON', () => call('{"paymentMethodDetail":')],
    // Spec, Request parameters: instUserName holds firstName and lastName, billingAddress its six lines, each a String.
    ['PARAM_ILLEGAL for a name sent as one string', () => call(JSON.stringify(cardBody({ instUserName: 'Ada Lovelace' })))],
    [
      'PARAM_ILLEGAL for a first name that is an object',
      () => call(JSON.stringify(cardBody({ instUserName: { firstName: { given: 'Ada' }, lastName: 'Lovelace' } }))),
    ],
    ['PARAM_ILLEGAL for an address sent as one string', () => call(JSON.stringify(cardBody({ billingAddress: '1 Horse Guards Rd' })))],
    ['PARAM_ILLEGAL for a brand that is an object', () => call(JSON.stringify(cardBody({ brand: { code: 'VISA' } })))],
  ];
  for (const [name, run] of failures) {
    it(name, async () => {
      const { json, signed } = await run();
      assert.equal(json.result.resultStatus, 'F');
      assert.equal(json.result.resultCode, name.split(' ')[0]);
      assert.ok(signed, 'errors are signed too');
    });
  }
});

describe("the simulator's clock", () => {
  // Spec, PARAM_ILLEGAL: "Illegal parameters. For example, non-numeric input, invalid date." The proxy judges expiry in
  // the earliest time zone (UTC-12), so a card is good until its month has ended everywhere; the simulator used to
  // judge it in its host's own time zone and refuse, as PARAM_ILLEGAL, a card the proxy had rightly sent.
  async function callAt(iso: string, card: Record<string, unknown>) {
    const sim = await simulator({ now: () => Date.parse(iso) });
    try {
      const body = JSON.stringify(cardBody(card));
      const response = await fetch(sim.url + SANDBOX, {
        method: 'POST',
        headers: referenceHeaders(SANDBOX, CLIENT_ID, body, merchant.privateKey),
        body,
      });
      return (await response.json()) as { result: { resultStatus: string; resultCode: string } };
    } finally {
      await sim.close();
    }
  }

  it('takes a card of November until November has ended everywhere, whatever its host time zone', async () => {
    const november = { expiryMonth: '11', expiryYear: '2026' };
    assert.equal((await callAt('2026-12-01T10:00:00Z', november)).result.resultStatus, 'S', 'still 30 November at UTC-12');
    assert.equal((await callAt('2026-12-01T13:00:00Z', november)).result.resultCode, 'PARAM_ILLEGAL', '1 December everywhere');
  });
});

describe("the simulator's answers hold what the spec's answers hold", () => {
  let sim: RunningSimulator;
  let fault: Fault | undefined;
  before(async () => (sim = await simulator({ fault: () => fault })));
  after(() => sim.close());

  async function call(card: Record<string, unknown> = {}) {
    const body = JSON.stringify(cardBody(card));
    const response = await fetch(sim.url + SANDBOX, {
      method: 'POST',
      headers: referenceHeaders(SANDBOX, CLIENT_ID, body, merchant.privateKey),
      body,
    });
    return response.json();
  }

  // Spec, Error codes: each code with its result status and its result message.
  const SPEC_RESULTS: [string, 'F' | 'U', string][] = [
    ['PROCESS_FAIL', 'F', "A general business failure occurred. Don't retry."],
    ['PARAM_ILLEGAL', 'F', 'Illegal parameters. For example, non-numeric input, invalid date.'],
    // Spec, Result processing logic: "result.resultMessage is An API call failed, which is caused by unknown reasons."
    ['UNKNOWN_EXCEPTION', 'U', 'An API call failed, which is caused by unknown reasons.'],
    ['REPEAT_REQ_INCONSISTENT', 'F', 'Repeat request inconsistent.'],
    ['USER_NOT_EXIST', 'F', 'The user does not exist.'],
    ['USER_STATUS_ABNORMAL', 'F', 'The user status is abnormal.'],
    ['INVALID_API', 'F', 'API is invalid (or not active)'],
    ['INVALID_CLIENT', 'F', 'Invalid client.'],
    ['INVALID_SIGNATURE', 'F', 'Signature is invalid.'],
    ['INVALID_PAYMENTMETHOD_TOKEN', 'F', 'The payment method token is invalid.'],
    ['METHOD_NOT_SUPPORTED', 'F', 'The server does not implement the requested HTTP method.'],
    ['KEY_NOT_FOUND', 'F', 'Key is not found.'],
    ['ACCESS_DENIED', 'F', 'Access denied.'],
    ['REQUEST_TRAFFIC_EXCEED_LIMIT', 'U', 'Request traffic exceeds the limit.'],
  ];

  it("answers every code of the spec's with the spec's status and message", async () => {
    try {
      for (const [resultCode, resultStatus, resultMessage] of SPEC_RESULTS) {
        fault = { kind: 'result', resultStatus, resultCode };
        assert.deepEqual((await call()).result, { resultStatus, resultCode, resultMessage }, resultCode);
      }
    } finally {
      fault = undefined;
    }
  });

  it("answers a success with the spec's card fields only, its own token and mask whatever the request held", async () => {
    // Spec, Response parameters: card { cardToken, mask, last4, brand, expiryYear, expiryMonth, instUserName, billingAddress }.
    const json = await call({ cardToken: 'PYMTCHOSENBYTHECALLER', mask: '999999******9999', last4: '9999', nickname: 'Ada' });
    const card = json.paymentMethodDetail.card;
    assert.match(card.cardToken, /^PYMT[0-9a-f]{32}$/);
    assert.equal(card.mask, '411111******1111');
    assert.equal(card.last4, '1111');
    const fields = ['cardToken', 'mask', 'last4', 'brand', 'expiryYear', 'expiryMonth', 'instUserName', 'billingAddress'];
    assert.deepEqual(
      Object.keys(card).filter((key) => !fields.includes(key)),
      [],
    );
  });
});

describe('the test cards: each number brings the fault the README names', () => {
  // README, "Faults on demand, by card number": what each row of the README's table says, and how this test checks it.
  // The README's table is read below: it must name every number the simulator knows (TEST_CARD_FAULTS), each with
  // the answer here.
  type Outcome = { status: number; text: string; headers: Headers; json?: { result: { resultStatus: string; resultCode: string } } };
  const result =
    (resultStatus: 'S' | 'F' | 'U', resultCode: string) =>
    ({ json }: Outcome, signed: boolean) => {
      assert.deepEqual([json?.result.resultStatus, json?.result.resultCode], [resultStatus, resultCode]);
      assert.ok(signed, "signed with the simulator's own key");
    };
  const README: Record<string, { what: string; tries?: ((outcome: Outcome, signed: boolean) => void)[]; drops?: true }> = {
    '4000000000000002': { what: 'F PARAM_ILLEGAL', tries: [result('F', 'PARAM_ILLEGAL')] },
    '4000000000000101': { what: 'F PROCESS_FAIL', tries: [result('F', 'PROCESS_FAIL')] },
    '4000000000000119': {
      what: 'U UNKNOWN_EXCEPTION, every time',
      tries: [result('U', 'UNKNOWN_EXCEPTION'), result('U', 'UNKNOWN_EXCEPTION'), result('U', 'UNKNOWN_EXCEPTION')],
    },
    '4000000000000127': {
      what: 'U UNKNOWN_EXCEPTION, then success on the next try',
      tries: [result('U', 'UNKNOWN_EXCEPTION'), result('S', 'SUCCESS')],
    },
    '4000000000009995': { what: 'U REQUEST_TRAFFIC_EXCEED_LIMIT', tries: [result('U', 'REQUEST_TRAFFIC_EXCEED_LIMIT')] },
    // Its wait is pinned in its own test below; here, with slowMs 0, what comes after the wait: a success.
    '4000000000000259': { what: 'success, after slowMs', tries: [result('S', 'SUCCESS')] },
    '4000000000000267': { what: 'drops the connection', drops: true },
    '4000000000000275': {
      what: 'success signed with the wrong key',
      tries: [
        ({ json, headers }, signed) => {
          assert.equal(json?.result.resultCode, 'SUCCESS');
          assert.match(headers.get('signature') ?? '', /signature=/, 'a signature is sent...');
          assert.equal(signed, false, "...that Alipay's public key does not verify");
        },
      ],
    },
    '4000000000000283': {
      what: 'success with no signature',
      tries: [
        ({ json, headers }) => {
          assert.equal(json?.result.resultCode, 'SUCCESS');
          assert.equal(headers.get('signature'), null);
        },
      ],
    },
    '4000000000000291': { what: 'HTTP 500', tries: [({ status }) => assert.equal(status, 500)] },
    '4000000000000309': {
      what: 'a body that is not JSON',
      tries: [
        ({ status, json, text }) => {
          assert.equal(status, 200);
          assert.equal(json, undefined, `not JSON: ${text}`);
        },
      ],
    },
  };

  let sim: RunningSimulator;
  before(async () => (sim = await simulator({ slowMs: 0 })));
  after(() => sim.close());

  async function send(cardNo: string, at: RunningSimulator = sim, signal?: AbortSignal): Promise<Outcome> {
    const body = JSON.stringify(cardBody({ cardNo }));
    const response = await fetch(at.url + SANDBOX, {
      method: 'POST',
      headers: referenceHeaders(SANDBOX, CLIENT_ID, body, merchant.privateKey),
      body,
      signal,
    });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, headers: response.headers, json };
  }
  const signedBy = ({ text, headers }: Outcome) =>
    referenceVerify('POST', SANDBOX, CLIENT_ID, headers.get('response-time') ?? '', text, headers.get('signature') ?? '', alipay.publicKey);

  it('the README names every test card the simulator knows, and no other, each with what this test checks', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('Faults on demand, by card number'));
    const rows = [...table.slice(0, table.indexOf('\n\n', table.indexOf('| Card |'))).matchAll(/^\| (4000(?: \d{4}){3}) \| (.+) \|$/gm)];
    const printed = Object.fromEntries(rows.map(([, card, answer]) => [card!.replaceAll(' ', ''), answer!.replaceAll('`', '')]));
    assert.deepEqual(Object.keys(printed).sort(), Object.keys(TEST_CARD_FAULTS).sort());
    assert.deepEqual(Object.keys(README).sort(), Object.keys(TEST_CARD_FAULTS).sort());
    for (const [cardNo, { what }] of Object.entries(README)) assert.ok(printed[cardNo]!.startsWith(what), `${cardNo}: ${printed[cardNo]}`);
  });

  for (const [cardNo, expected] of Object.entries(README)) {
    it(`${cardNo}: ${expected.what}`, async () => {
      if (expected.drops) {
        const calls = sim.calls.length;
        await assert.rejects(send(cardNo), (error: Error) => {
          // undici's own words for a socket closed before any answer came.
          assert.equal(error.message, 'fetch failed');
          assert.match(String((error.cause as Error | undefined)?.message), /other side closed|socket|ECONNRESET/i);
          return true;
        });
        assert.equal(sim.calls.length, calls, 'no answer was written');
        return;
      }
      for (const check of expected.tries!) {
        const outcome = await send(cardNo);
        check(outcome, signedBy(outcome));
      }
    });
  }

  it('4000000000000259 answers only after slowMs: a card sent once it waits is answered first', async () => {
    // The fault option is asked first, then the test cards apply: its call says the slow card's request is in.
    let arrived!: () => void;
    const slowIsIn = new Promise<void>((resolve) => (arrived = resolve));
    const slow = await simulator({
      slowMs: 3_600_000,
      fault: ({ cardNo }) => void (cardNo === '4000000000000259' && arrived()),
    });
    const abort = new AbortController();
    try {
      let answered = false;
      const pending = send('4000000000000259', slow, abort.signal).then(
        () => (answered = true),
        () => undefined,
      );
      await slowIsIn;
      const other = await send('4111111111111111', slow);
      assert.equal(other.json?.result.resultCode, 'SUCCESS');
      // An hour from its answer, the slow card is still unanswered.
      assert.equal(answered, false);
      abort.abort();
      await pending;
      assert.equal(answered, false);
    } finally {
      await slow.close();
    }
  });
});
