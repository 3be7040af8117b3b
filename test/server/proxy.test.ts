import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { readProxyConfig } from '../../src/server/config.ts';
import { createProxyFromEnv } from '../../src/server/from-env.ts';
import { createCacheCardHandler } from '../../src/server/handler.ts';
import { RESULT_CODES } from '../../src/server/result-codes.ts';
import type { TokenizedRecord } from '../../src/server/handler.ts';
import type { Fault } from '../../src/simulator/test-cards.ts';
import type { RunningSimulator } from '../../src/simulator/simulator.ts';
import {
  alipay,
  assertNoCardDataLogged,
  captureLogger,
  cardBody,
  cardRequest,
  merchant,
  ORIGIN,
  pair,
  post,
  proxySettings,
  simulator,
  startProxy,
  type CapturedLog,
  type RunningProxy,
} from '../support/fixtures.ts';

const logs: CapturedLog[] = [];
const logger = captureLogger(logs);

/** Every code the spec lists for cacheCard (spec: Error codes). */
const SPEC_CODES = [
  'SUCCESS',
  'PROCESS_FAIL',
  'PARAM_ILLEGAL',
  'UNKNOWN_EXCEPTION',
  'REPEAT_REQ_INCONSISTENT',
  'USER_NOT_EXIST',
  'USER_STATUS_ABNORMAL',
  'INVALID_API',
  'INVALID_CLIENT',
  'INVALID_SIGNATURE',
  'INVALID_PAYMENTMETHOD_TOKEN',
  'METHOD_NOT_SUPPORTED',
  'KEY_NOT_FOUND',
  'ACCESS_DENIED',
  'REQUEST_TRAFFIC_EXCEED_LIMIT',
];

describe('the proxy against the simulator', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  let fault: Fault | undefined;
  const records: TokenizedRecord[] = [];

  before(async () => {
    // A deadline a loaded machine cannot meet by accident (three tries of UNKNOWN_EXCEPTION must fit in it, other test
    // files running beside this one), and a slow Alipay well past it.
    sim = await simulator({ fault: () => fault, slowMs: 6000 });
    proxy = await startProxy(sim.url, { logger, deadlineMs: 4000, onTokenized: (r) => void records.push(r), billingAddress: 'full' });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  const send = async (body: unknown = cardBody(), headers?: Record<string, string>) => {
    const response = await post(proxy.url, body, headers);
    return { status: response.status, headers: response.headers, json: await response.json() };
  };

  it('answers a good card with exactly { cardToken, mask }, and gives the merchant hook the record', async () => {
    const { status, json, headers } = await send();
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(json).sort(), ['cardToken', 'mask']);
    assert.match(json.cardToken, /^PYMT[0-9a-f]{32}$/);
    assert.equal(json.mask, '411111******1111');
    assert.equal(headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(headers.get('cache-control'), 'no-store');
    const record = records.at(-1)!;
    assert.equal(record.cardToken, json.cardToken);
    assert.equal(record.last4, '1111');
    assert.equal(record.brand, 'VISA');
    assert.match(record.expiryTime!, /\+08:00$/);
    assert.deepEqual(Object.keys(record).sort(), ['brand', 'cardToken', 'expiryTime', 'last4', 'mask']);
  });

  it("refuses a network the card's number does not allow, whatever the browser claimed (it used to be ignored)", async () => {
    const before = sim.calls.length;
    const { status, json } = await send(cardBody({ cardNo: '5555555555554444', brand: 'VISA' }));
    assert.equal(status, 422);
    assert.equal(json.error.code, 'network_not_allowed');
    assert.equal(sim.calls.length, before, 'nothing reached Alipay');
    assert.equal((await send(cardBody({ cardNo: '5555555555554444', brand: 'NOT_A_BRAND' }))).status, 422);
  });

  it('sends a co-badged card on the network the shopper chose, and derives the brand when none is sent', async () => {
    for (const [brand, expected] of [
      ['CARTES_BANCAIRES', 'CARTES_BANCAIRES'],
      ['VISA', 'VISA'],
      [undefined, 'VISA'],
    ] as const) {
      const { status } = await send(cardBody({ cardNo: '4000002500001001', brand }));
      assert.equal(status, 200, String(brand));
      assert.equal(records.at(-1)!.brand, expected);
    }
    assert.equal((await send(cardBody({ cardNo: '4000002500001001', brand: 'MASTERCARD' }))).status, 422);
  });

  it('maps every result code in the spec on purpose', () => {
    for (const code of SPEC_CODES.filter((c) => c !== 'SUCCESS')) assert.ok(RESULT_CODES[code], `${code} is mapped`);
  });

  const outcomes: [string, Fault, number, string][] = [
    ['PARAM_ILLEGAL', { kind: 'result', resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' }, 422, 'card_rejected'],
    ['PROCESS_FAIL', { kind: 'result', resultStatus: 'F', resultCode: 'PROCESS_FAIL' }, 502, 'processor_error'],
    ['REPEAT_REQ_INCONSISTENT', { kind: 'result', resultStatus: 'F', resultCode: 'REPEAT_REQ_INCONSISTENT' }, 502, 'processor_error'],
    ['USER_NOT_EXIST', { kind: 'result', resultStatus: 'F', resultCode: 'USER_NOT_EXIST' }, 502, 'processor_error'],
    ['USER_STATUS_ABNORMAL', { kind: 'result', resultStatus: 'F', resultCode: 'USER_STATUS_ABNORMAL' }, 502, 'processor_error'],
    [
      'INVALID_PAYMENTMETHOD_TOKEN',
      { kind: 'result', resultStatus: 'F', resultCode: 'INVALID_PAYMENTMETHOD_TOKEN' },
      502,
      'processor_error',
    ],
    ['INVALID_API', { kind: 'result', resultStatus: 'F', resultCode: 'INVALID_API' }, 502, 'processor_misconfigured'],
    ['INVALID_CLIENT', { kind: 'result', resultStatus: 'F', resultCode: 'INVALID_CLIENT' }, 502, 'processor_misconfigured'],
    ['INVALID_SIGNATURE', { kind: 'result', resultStatus: 'F', resultCode: 'INVALID_SIGNATURE' }, 502, 'processor_misconfigured'],
    ['KEY_NOT_FOUND', { kind: 'result', resultStatus: 'F', resultCode: 'KEY_NOT_FOUND' }, 502, 'processor_misconfigured'],
    ['ACCESS_DENIED', { kind: 'result', resultStatus: 'F', resultCode: 'ACCESS_DENIED' }, 502, 'processor_misconfigured'],
    ['METHOD_NOT_SUPPORTED', { kind: 'result', resultStatus: 'F', resultCode: 'METHOD_NOT_SUPPORTED' }, 502, 'processor_misconfigured'],
    [
      'REQUEST_TRAFFIC_EXCEED_LIMIT',
      { kind: 'result', resultStatus: 'U', resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT' },
      429,
      'processor_busy',
    ],
    ['a code the spec does not list (F)', { kind: 'result', resultStatus: 'F', resultCode: 'SOMETHING_NEW' }, 502, 'processor_error'],
    // The status decides where it and the code disagree: an unknown outcome is never a decline, a failure never retried.
    ['PARAM_ILLEGAL as U', { kind: 'result', resultStatus: 'U', resultCode: 'PARAM_ILLEGAL' }, 503, 'processor_unavailable'],
    ['UNKNOWN_EXCEPTION as F', { kind: 'result', resultStatus: 'F', resultCode: 'UNKNOWN_EXCEPTION' }, 502, 'processor_error'],
    // A code is looked up among the spec's own: one that names a property every object has is a code it does not list.
    [
      'F constructor, a code named as an object property',
      { kind: 'result', resultStatus: 'F', resultCode: 'constructor' },
      502,
      'processor_error',
    ],
    ['F __proto__', { kind: 'result', resultStatus: 'F', resultCode: '__proto__' }, 502, 'processor_error'],
    ['an answer signed with the wrong key', { kind: 'bad_signature' }, 502, 'processor_error'],
    ['an unsigned S', { kind: 'unsigned_success' }, 502, 'processor_error'],
    ['HTTP 500', { kind: 'http_status', status: 500 }, 502, 'processor_unreachable'],
    ['a body that is not JSON', { kind: 'bad_json' }, 502, 'processor_error'],
    ['a dropped connection', { kind: 'drop' }, 502, 'processor_unreachable'],
    ['Alipay slower than the deadline', { kind: 'latency' }, 504, 'processor_timeout'],
  ];
  for (const [name, chosen, status, code] of outcomes) {
    // Bounded: an answer the proxy could not map was never sent, and the request waited for ever.
    it(`${name} -> ${status} ${code}`, { timeout: 15_000 }, async () => {
      fault = chosen;
      try {
        const answer = await send();
        assert.equal(answer.status, status);
        assert.equal(answer.json.error.code, code);
        assert.equal(typeof answer.json.error.message, 'string');
        assert.equal(answer.json.cardToken, undefined, 'never a token');
        if (code === 'processor_busy') assert.equal(answer.headers.get('retry-after'), '2');
      } finally {
        fault = undefined;
      }
    });
  }

  it('tells the merchant what to fix in its log for configuration errors', () => {
    const line = logs.find((l) => l.fields.resultCode === 'INVALID_SIGNATURE');
    assert.match(String(line?.fields.fix), /ALIPAY_PRIVATE_KEY does not match/);
    assert.equal(line?.level, 'error');
    assert.match(String(logs.find((l) => l.fields.reason === 'bad_signature')?.fields.fix), /ALIPAY_PUBLIC_KEY/);
  });

  // How many times Alipay hears of the card for each U answer, and what the shopper gets. Counted by their answer:
  // the deadline test's slow call may still be answered (SUCCESS) while one of these runs, and every try is over
  // before the answer, so none can come after the count.
  const U_ANSWERS = [
    {
      title: 'retries UNKNOWN_EXCEPTION within the deadline, then answers a retryable 503',
      resultCode: 'UNKNOWN_EXCEPTION',
      status: 503,
      code: 'processor_unavailable',
      tries: 3,
    },
    {
      title: 'retries a U code the spec does not list as it retries UNKNOWN_EXCEPTION: an unknown outcome is never final',
      resultCode: 'SOME_NEW_CODE',
      status: 503,
      code: 'processor_unavailable',
      tries: 3,
    },
    {
      title: 'never retries REQUEST_TRAFFIC_EXCEED_LIMIT, though a U: Alipay asked for less traffic, and hears of the card once',
      resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT',
      status: 429,
      code: 'processor_busy',
      tries: 1,
    },
  ];
  for (const answer of U_ANSWERS) {
    it(answer.title, async () => {
      fault = { kind: 'result', resultStatus: 'U', resultCode: answer.resultCode };
      const before = sim.calls.length;
      try {
        const { status, json } = await send();
        assert.equal(status, answer.status);
        assert.equal(json.error.code, answer.code);
        const tries = sim.calls.slice(before).filter((call) => call.resultCode === answer.resultCode);
        assert.equal(tries.length, answer.tries, 'calls to Alipay');
      } finally {
        fault = undefined;
      }
    });
  }

  it('succeeds when a retry of UNKNOWN_EXCEPTION succeeds', async () => {
    const { status, json } = await send(cardBody({ cardNo: '4000000000000127' }));
    assert.equal(status, 200);
    assert.equal(json.mask, '400000******0127');
  });
});

describe('address fields the merchant does not ask for are still checked', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, { logger, billingAddress: 'none' });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  it('a postal code as a postal code, a country as a country, the rest as text: 422, nothing sent', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ zipCode: '<script>' }, 'postalCode'],
      [{ zipCode: '１２３４５' }, 'postalCode'],
      [{ zipCode: '7' }, 'postalCode'],
      [{ region: 'China' }, 'country'],
      [{ city: 'Paris\ud800' }, 'city'],
    ];
    for (const [billingAddress, field] of cases) {
      const before = sim.calls.length;
      const response = await post(proxy.url, cardBody({ billingAddress }));
      const json = await response.json();
      assert.equal(response.status, 422, JSON.stringify(billingAddress));
      assert.deepEqual(
        json.error.fields.map((f: { field: string }) => f.field),
        [field],
      );
      assert.equal(sim.calls.length, before, 'nothing reached Alipay');
    }
  });

  it('a good one sent anyway is passed on, checked', async () => {
    const before = sim.calls.length;
    const response = await post(proxy.url, cardBody({ billingAddress: { zipCode: 'sw1a 1aa', region: 'GB' } }));
    assert.equal(response.status, 200, await response.clone().text());
    assert.match((await response.json()).cardToken, /^PYMT/);
    assert.equal(sim.calls.length, before + 1);
  });
});

describe('the proxy refuses bad input before Alipay', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, { logger, maxBodyBytes: 4096, billingAddress: 'postal' });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  const refused = async (status: number, code: string, init: RequestInit & { headers?: Record<string, string> }) => {
    const before = sim.calls.length;
    const response = await fetch(proxy.url, {
      method: 'POST',
      ...init,
      headers: { origin: ORIGIN, 'content-type': 'application/json', ...init.headers },
      // @ts-expect-error node's fetch takes duplex for streamed bodies
      duplex: 'half',
    });
    const json = await response.json();
    assert.equal(response.status, status, JSON.stringify(json));
    assert.equal(json.error.code, code);
    assert.ok(json.error.message.length > 0);
    assert.equal(sim.calls.length, before, 'nothing reached Alipay');
    return json;
  };
  const body = (value: unknown) => ({ body: JSON.stringify(value) });

  it('malformed JSON -> 400 invalid_request', () => refused(400, 'invalid_request', { body: '{"paymentMethodDetail":' }));
  it('invalid UTF-8 -> 400 invalid_request', () => refused(400, 'invalid_request', { body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
  it('a JSON array -> 400', () => refused(400, 'invalid_request', { body: '[]' }));
  it('a number sent as a number -> 400', () => refused(400, 'invalid_request', body(cardBody({ cardNo: 4111111111111111 }))));
  it('a nested object where a string belongs -> 400', () => refused(400, 'invalid_request', body(cardBody({ securityCode: { a: '1' } }))));
  it('an extra field -> 400', () => refused(400, 'invalid_request', body(cardBody({ cvv2: '123' }))));
  it('null where the optional billing address or security code belongs -> 400, not taken as left out', async () => {
    await refused(400, 'invalid_request', body(cardBody({ billingAddress: null })));
    await refused(400, 'invalid_request', body(cardBody({ securityCode: null })));
  });
  it('an extra top-level field -> 400', () => refused(400, 'invalid_request', body({ ...cardBody(), amount: '1' })));
  it('a __proto__ key -> 400', () =>
    refused(400, 'invalid_request', { body: JSON.stringify(cardBody()).replace('"cardNo"', '"__proto__":{"x":"1"},"cardNo"') }));
  it('a key given twice -> 400: a gateway that keeps the first would see another card than Alipay gets', () =>
    refused(400, 'invalid_request', { body: JSON.stringify(cardBody()).replace('"cardNo"', '"cardNo":"5555555555554444","cardNo"') }));
  it('a constructor key -> 400', () => refused(400, 'invalid_request', body(cardBody({ constructor: 'x' }))));
  it('a string past its limit -> 400', () =>
    refused(400, 'invalid_request', body(cardBody({ instUserName: { firstName: 'A'.repeat(300), lastName: 'B' } }))));
  it('a wrong detail type -> 400', () => refused(400, 'invalid_request', body(cardBody({}, { paymentMethodDetailType: 'wallet' }))));

  it('missing fields -> 422 naming each', async () => {
    const json = await refused(422, 'invalid_card', body(cardBody({ cardNo: '', securityCode: '', billingAddress: {} })));
    assert.deepEqual(json.error.fields, [
      { field: 'cardNumber', problem: 'required' },
      { field: 'securityCode', problem: 'required' },
      { field: 'postalCode', problem: 'required' },
    ]);
  });
  it('a name with nothing to see in it -> 422, required, nothing sent', async () => {
    const before = sim.calls.length;
    const json = await refused(422, 'invalid_card', body(cardBody({ instUserName: { firstName: '\u200b', lastName: '\u3164' } })));
    assert.deepEqual(json.error.fields, [
      { field: 'firstName', problem: 'required' },
      { field: 'lastName', problem: 'required' },
    ]);
    assert.equal(sim.calls.length, before, 'nothing reached Alipay');
  });
  it('non-digits in the number -> 422', async () => {
    const json = await refused(422, 'invalid_card', body(cardBody({ cardNo: '4111 1111 1111 1111' })));
    assert.deepEqual(json.error.fields, [{ field: 'cardNumber', problem: 'invalid' }]);
  });
  it('a bad check digit -> 422', () => refused(422, 'invalid_card', body(cardBody({ cardNo: '4111111111111112' }))));
  it('an expired card -> 422', async () => {
    const json = await refused(422, 'invalid_card', body(cardBody({ expiryYear: '2020' })));
    assert.deepEqual(json.error.fields, [{ field: 'expiry', problem: 'expired' }]);
  });
  it('a 1-digit month or 2-digit year -> 422', async () => {
    await refused(422, 'invalid_card', body(cardBody({ expiryMonth: '7' })));
    await refused(422, 'invalid_card', body(cardBody({ expiryYear: '31' })));
  });
  it('a 4-digit code on a Visa -> 422', () => refused(422, 'invalid_card', body(cardBody({ securityCode: '1234' }))));
  it('a name that is a card number -> 422', () =>
    refused(422, 'invalid_card', body(cardBody({ instUserName: { firstName: '4111111111111111', lastName: 'L' } }))));
  it('a country that is not ISO 3166-1 -> 422', () =>
    refused(422, 'invalid_card', body(cardBody({ billingAddress: { zipCode: '94107', region: 'China' } }))));

  it('a name that is not text, or a card number in other digits -> 422, nothing sent', async () => {
    for (const firstName of ['Ada\ud800', '４１１１１１１１１１１１１１１１']) {
      const json = await refused(422, 'invalid_card', body(cardBody({ instUserName: { firstName, lastName: 'Lovelace' } })));
      assert.deepEqual(json.error.fields, [{ field: 'firstName', problem: 'invalid' }]);
    }
  });

  it('a body over the limit, declared -> 413', () =>
    refused(413, 'payload_too_large', { body: JSON.stringify({ x: 'y'.repeat(10_000) }) }));
  // Without the check on the declared length, the proxy would wait for the rest and answer 408 once the server's
  // request timeout (five minutes) ends: the test's own timeout guards against that hang, no time is measured.
  it('a declared length over the limit -> 413 at once, without waiting for the body', { timeout: 120_000 }, async () => {
    const before = sim.calls.length;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        proxy.url,
        { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json', 'content-length': '10000' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      // The first byte of the ten thousand declared, and no more: the answer must not wait for the rest.
      req.write('{');
    });
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body).error.code, 'payload_too_large');
    assert.equal(sim.calls.length, before, 'nothing reached Alipay');
  });
  it('a body over the limit, streamed without a length -> 413', () => {
    const chunk = new TextEncoder().encode('y'.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64) controller.enqueue(chunk);
        else controller.close();
      },
    });
    return refused(413, 'payload_too_large', { body: stream });
  });
  it('a wrong content type -> 415', () =>
    refused(415, 'unsupported_media_type', { ...body(cardBody()), headers: { 'content-type': 'text/plain' } }));
  it('a body in another charset, or compressed -> 415, as it would be read as something it is not', async () => {
    for (const headers of [
      { 'content-type': 'application/json; charset=utf-16' } as Record<string, string>,
      { 'content-type': 'application/json;charset="latin1"' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      { 'content-type': 'application/json', 'content-encoding': 'identity, gzip' },
    ])
      await refused(415, 'unsupported_media_type', { ...body(cardBody()), headers });
    for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"']) {
      const response = await post(proxy.url, cardBody(), { 'content-type': type });
      assert.equal(response.status, 200, type);
    }
  });
  it('a form post -> 415', () =>
    refused(415, 'unsupported_media_type', {
      body: 'cardNo=4111111111111111',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }));
  it('a wrong origin -> 403 without CORS headers', async () => {
    await refused(403, 'origin_not_allowed', { ...body(cardBody()), headers: { origin: 'https://evil.example' } });
    const response = await post(proxy.url, cardBody(), { origin: 'https://shop.example.evil' });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
  it('no origin -> 403', async () => {
    const response = await fetch(proxy.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cardBody()),
    });
    assert.equal(response.status, 403);
  });
  it('a wrong method -> 405 with Allow', async () => {
    const response = await fetch(proxy.url, { method: 'PUT', headers: { origin: ORIGIN }, body: '{}' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await response.json()).error.code, 'method_not_allowed');
  });
  it('answers CORS preflights for allowed origins only', async () => {
    const ok = await fetch(proxy.url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(ok.headers.get('access-control-allow-headers'), 'content-type');
    const no = await fetch(proxy.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(no.status, 403);
  });
});

describe("schemes Alipay has no code for are refused, never sent under another scheme's name", () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  // Every brand taken and unknown brands allowed: the policy under which a number named no brand at all, or named
  // Maestro (whose ranges hold Verve's 506100 and Aura's 507860), would be sent.
  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, { logger, policy: { acceptedBrands: [...ALL_ALIPAY_BRANDS], allowUnknownBrands: true } });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  for (const [name, cardNo] of [
    ['Hiper', '6370950000000005'],
    ['Verve', '5061000000000005'],
    ['Aura', '5078600000000000005'],
  ] as const) {
    it(`${name} (${cardNo.slice(0, 6)}) -> 422 brand_not_accepted, with or without a brand claimed, nothing sent`, async () => {
      for (const brand of [undefined, 'MAESTRO']) {
        const before = sim.calls.length;
        const response = await post(proxy.url, cardBody({ cardNo, brand }));
        const json = await response.json();
        assert.equal(response.status, 422, `${String(brand)}: ${JSON.stringify(json)}`);
        assert.equal(json.error.code, 'invalid_card');
        assert.deepEqual(json.error.fields, [{ field: 'cardNumber', problem: 'brand_not_accepted' }]);
        assert.equal(sim.calls.length, before, 'nothing reached Alipay');
      }
    });
  }

  it('while a good card under the same policy is sent', async () => {
    const before = sim.calls.length;
    assert.equal((await post(proxy.url, cardBody())).status, 200);
    assert.equal(sim.calls.length, before + 1);
  });
});

describe('rate limits', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  it('cuts one address off after its limit, with Retry-After, counting refused cards too', async () => {
    const proxy = await startProxy(sim.url, {
      logger,
      rateLimits: { perAddress: { limit: 3, windowMs: 60_000 }, global: { limit: 0, windowMs: 60_000 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await post(proxy.url, cardBody({ cardNo: '4111111111111112' }))).status);
      assert.deepEqual(statuses, [422, 422, 422, 429, 429]);
      const limited = await post(proxy.url, cardBody());
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await limited.json()).error.code, 'rate_limited');
    } finally {
      await proxy.close();
    }
  });

  it('holds a global ceiling exactly under concurrent requests', async () => {
    const proxy = await startProxy(sim.url, {
      logger,
      rateLimits: { perAddress: { limit: 0, windowMs: 60_000 }, global: { limit: 5, windowMs: 60_000 } },
    });
    try {
      const statuses = await Promise.all(Array.from({ length: 20 }, () => post(proxy.url, cardBody()).then((r) => r.status)));
      assert.equal(statuses.filter((s) => s === 200).length, 5);
      assert.equal(statuses.filter((s) => s === 429).length, 15);
    } finally {
      await proxy.close();
    }
  });
});

describe('the connection to Alipay', () => {
  it('is reused from one tokenization to the next', async () => {
    const sim = await simulator();
    let connections = 0;
    sim.server.on('connection', () => connections++);
    const proxy = await startProxy(sim.url, { logger });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await post(proxy.url, cardBody())).status, 200);
      assert.equal(connections, 1);
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});

describe('misconfiguration reaches the merchant, not the shopper', () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator()));
  after(() => sim.close());

  const cases: [string, Parameters<typeof startProxy>[1], string][] = [
    ['a private key Alipay does not know', { privateKey: pair().privateKey }, 'INVALID_SIGNATURE'],
    ['a client id Alipay does not know', { clientId: 'SANDBOX_NOBODY' }, 'INVALID_CLIENT'],
    ['a key version Alipay does not know', { keyVersion: 9 }, 'KEY_NOT_FOUND'],
  ];
  for (const [name, options, resultCode] of cases) {
    it(`${name}: 502 to the shopper, ${resultCode} and a fix in the log`, async () => {
      const proxy = await startProxy(sim.url, { logger, ...options });
      try {
        const response = await post(proxy.url, cardBody());
        assert.equal(response.status, 502);
        assert.equal((await response.json()).error.code, 'processor_misconfigured');
        const line = logs.findLast((l) => l.fields.resultCode === resultCode)!;
        assert.ok(line.fields.fix, 'the log says what to fix');
      } finally {
        await proxy.close();
      }
    });
  }

  it('ALIPAY_KEY_VERSION names the key Alipay holds, for the Node command and createProxyFromEnv alike', async () => {
    const rotated = await simulator({ keyVersion: '2' });
    const env = proxySettings(rotated.url);
    const tokenize = async (handler: (request: Request) => Promise<Response>) => {
      const response = await handler(cardRequest());
      return response.ok ? 'token' : ((await response.json()) as { error: { code: string } }).error.code;
    };
    const node = (more: Record<string, string>) => {
      const config = readProxyConfig({ ...env, ...more });
      return createCacheCardHandler({ alipay: config.alipay, ...config.options, logger });
    };
    const neutral = async (more: Record<string, string>) => (await createProxyFromEnv({ ...env, ...more }, { logger })).handler;
    try {
      assert.equal(await tokenize(node({})), 'processor_misconfigured', 'version 1 by default');
      assert.equal(await tokenize(node({ ALIPAY_KEY_VERSION: '2' })), 'token');
      assert.equal(await tokenize(await neutral({})), 'processor_misconfigured');
      assert.equal(await tokenize(await neutral({ ALIPAY_KEY_VERSION: '2' })), 'token');
      assert.match(String(logs.findLast((l) => l.fields.resultCode === 'KEY_NOT_FOUND')?.fields.fix), /ALIPAY_KEY_VERSION/);
      for (const wrong of ['0', 'two', '1.5']) {
        assert.throws(() => readProxyConfig({ ...env, ALIPAY_KEY_VERSION: wrong }), /ALIPAY_KEY_VERSION must be/, wrong);
        await assert.rejects(createProxyFromEnv({ ...env, ALIPAY_KEY_VERSION: wrong }), /ALIPAY_KEY_VERSION must be/, wrong);
      }
    } finally {
      await rotated.close();
    }
  });

  it('createProxyFromEnv (Deno, Bun, Workers) refuses what the Node command refuses, and says what it does not read', async () => {
    const env = proxySettings(sim.url);
    // Card data over plain http to a checkout that is not on this machine, unless a test set-up says so.
    for (const setting of ['ALLOWED_ORIGINS', 'PUBLIC_ORIGIN'] as const) {
      await assert.rejects(createProxyFromEnv({ ...env, [setting]: 'http://shop.test' }, { logger, frameScript: 'x' }), /plain http/);
    }
    await createProxyFromEnv({ ...env, ALLOWED_ORIGINS: 'http://shop.test', ALLOW_INSECURE_ORIGINS: '1' }, { logger });
    await createProxyFromEnv({ ...env, ALLOWED_ORIGINS: 'http://localhost:5173' }, { logger });
    // The key files the simulator prints are the Node command's: here the error says to give the key as text.
    const { ALIPAY_PRIVATE_KEY: _, ...withoutKey } = env;
    await assert.rejects(
      createProxyFromEnv({ ...withoutKey, ALIPAY_PRIVATE_KEY_FILE: '/keys/merchant-private.pem' }, { logger }),
      /ALIPAY_PRIVATE_KEY is not set \(ALIPAY_PRIVATE_KEY_FILE is read by the Node command only/,
    );
    // LOG_LEVEL=warn leaves out the line per tokenization, as it does for the command.
    const quiet: CapturedLog[] = [];
    const { handler } = await createProxyFromEnv({ ...env, LOG_LEVEL: 'warn' }, { logger: captureLogger(quiet) });
    const response = await handler(cardRequest());
    assert.equal(response.status, 200);
    assert.deepEqual(
      quiet.filter((l) => l.event === 'tokenized'),
      [],
    );
    await assert.rejects(createProxyFromEnv({ ...env, LOG_LEVEL: 'loud' }, { logger }), /LOG_LEVEL must be info, warn or error/);
  });

  it("an Alipay public key that is not Alipay's: never a token", async () => {
    const proxy = await startProxy(sim.url, { logger, alipayPublicKey: merchant.publicKey });
    try {
      const response = await post(proxy.url, cardBody());
      assert.equal(response.status, 502);
      assert.equal((await response.json()).cardToken, undefined);
    } finally {
      await proxy.close();
    }
    assert.ok(alipay.publicKey);
  });
});

describe('a failure inside the proxy', () => {
  it('is a 502 processor_error with its class alone in the log: never a 500, never its text', async () => {
    const lines: CapturedLog[] = [];
    const handler = createCacheCardHandler({
      alipay: { cacheCard: () => Promise.reject(new RangeError('4111111111111111 Ada Lovelace')) },
      allowedOrigins: [ORIGIN],
      logger: captureLogger(lines),
    });
    const response = await handler(cardRequest(), { clientAddress: '192.0.2.1' });
    assert.equal(response.status, 502);
    assert.equal((await response.json()).error.code, 'processor_error');
    const failed = lines.find((line) => line.event === 'proxy_failed');
    assert.equal(failed?.fields.reason, 'RangeError');
    assertNoCardDataLogged(lines);
  });
});

describe('logging', () => {
  it('never writes card data on any path above', () => {
    assert.ok(logs.length > 20, `${logs.length} lines captured`);
    assertNoCardDataLogged(logs);
  });
});
