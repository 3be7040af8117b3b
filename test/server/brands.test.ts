// What the proxy says about cards before and while it takes them: its policy, the networks a BIN can be paid on
// (co-badged cards), cards that have no security code, and expiry judged in the earliest time zone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlipayBrand } from '../../src/card/brands.ts';
import type { TokenizedRecord } from '../../src/server/handler.ts';
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
  post,
  simulator,
  startProxy,
  type CapturedLog,
  type RunningProxy,
} from '../support/fixtures.ts';

describe('policy and networks', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  let strict: RunningProxy;
  const records: TokenizedRecord[] = [];
  // A BIN service that knows a Korean issuer: what a merchant plugs in for BC and CITI cards.
  const lookupBrands = async (bin: string): Promise<AlipayBrand[]> =>
    bin.startsWith('949022') ? ['BC'] : bin.startsWith('40000025') ? ['CARTES_BANCAIRES', 'VISA'] : [];

  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, {
      billingAddress: 'postal',
      onTokenized: (r) => void records.push(r),
      policy: { acceptedBrands: ['VISA', 'MASTERCARD', 'CARTES_BANCAIRES', 'MAESTRO', 'BC'], allowUnknownBrands: false },
    });
    strict = await startProxy(sim.url, { requireSecurityCode: true, lookupBrands });
  });
  after(async () => {
    await proxy.close();
    await strict.close();
    await sim.close();
  });

  it('publishes its policy to allowed origins, cached by the browser', async () => {
    const response = await fetch(`${proxy.url}/policy`, { headers: { origin: ORIGIN } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(response.headers.get('cache-control'), 'private, max-age=300', 'five minutes, as the README says');
    assert.deepEqual(await response.json(), {
      acceptedBrands: ['VISA', 'MASTERCARD', 'CARTES_BANCAIRES', 'MAESTRO', 'BC'],
      allowUnknownBrands: false,
      billingAddress: 'postal',
      requireSecurityCode: false,
    });
    assert.equal((await fetch(`${proxy.url}/policy`, { headers: { origin: 'https://evil.example' } })).status, 403);
  });

  it("publishes it to its own origin's pages, whose GETs carry no Origin, without CORS headers", async () => {
    const response = await fetch(`${proxy.url}/policy`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal((await response.json()).billingAddress, 'postal');
  });

  const networks = async (url: string, bin: unknown) => {
    const response = await post(`${url}/brands`, { bin });
    return { status: response.status, json: await response.json() };
  };

  it('answers which networks a BIN can be paid on, of those the merchant takes', async () => {
    assert.deepEqual((await networks(proxy.url, '40000025')).json, { networks: ['CARTES_BANCAIRES', 'VISA'] });
    assert.deepEqual((await networks(proxy.url, '555555')).json, { networks: ['MASTERCARD'] });
    assert.deepEqual((await networks(proxy.url, '378282')).json, { networks: [] }, 'Amex is not taken here');
  });

  it('takes 6 to 8 digits of a card and never more', async () => {
    for (const bin of ['41111', '411111111', '4111111111111111', 4111111, 'abcdefgh'])
      assert.equal((await networks(proxy.url, bin)).status, 400, String(bin));
    const extra = await post(`${proxy.url}/brands`, { bin: '411111', cardNo: '4111111111111111' });
    assert.equal(extra.status, 400);
    // A BIN's body is a few bytes: past 256 it is not read, whatever it holds.
    const padded = await post(`${proxy.url}/brands`, `{"bin":"41111111"${' '.repeat(300)}}`);
    assert.equal(padded.status, 413);
    assert.equal((await padded.json()).error.code, 'payload_too_large');
  });

  it('refuses a co-badged card on a network its BIN allows but the merchant does not take; nothing reaches Alipay', async () => {
    const visaOnly = await startProxy(sim.url, { policy: { acceptedBrands: ['VISA'], allowUnknownBrands: false } });
    try {
      const calls = sim.calls.length;
      const response = await post(visaOnly.url, cardBody({ cardNo: '4000002500001001', brand: 'CARTES_BANCAIRES' }));
      assert.equal(response.status, 422);
      assert.equal((await response.json()).error.code, 'network_not_allowed');
      assert.equal(sim.calls.length, calls);
      assert.equal((await post(visaOnly.url, cardBody({ cardNo: '4000002500001001', brand: 'VISA' }))).status, 200);
    } finally {
      await visaOnly.close();
    }
  });

  it('refuses a BIN lookup from an origin not allowed, or from none, as it refuses a card: the lookup is never asked', async () => {
    const asked: string[] = [];
    const guarded = await startProxy(sim.url, { lookupBrands: (bin) => (asked.push(bin), lookupBrands(bin)) });
    const from = (origin: string | undefined, path: string, body: unknown) =>
      fetch(`${guarded.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
        body: JSON.stringify(body),
      });
    try {
      const calls = sim.calls.length;
      // Another site, a look-alike of the checkout's, a sandboxed page's, and a client that sends no Origin at all
      // (GET /policy alone is answered without one).
      for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'null', undefined]) {
        for (const [what, response] of [
          ['/brands', await from(origin, '/brands', { bin: '40000025' })],
          ['a card', await from(origin, '', cardBody({ cardNo: '4000002500001001', brand: 'CARTES_BANCAIRES' }))],
        ] as const) {
          const json = await response.json();
          assert.deepEqual([what, origin, response.status, json.error?.code], [what, origin, 403, 'origin_not_allowed']);
          assert.equal(json.networks, undefined, `${what} from ${origin}: no networks`);
          assert.equal(response.headers.get('access-control-allow-origin'), null, `${what} from ${origin}: no CORS allow header`);
        }
      }
      const preflight = await fetch(`${guarded.url}/brands`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      assert.equal(preflight.status, 403);
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
      assert.equal(preflight.headers.get('access-control-allow-methods'), null);
      assert.deepEqual(asked, [], 'the BIN lookup was never asked');
      assert.equal(sim.calls.length, calls, 'nothing reached Alipay');
      // The same lookup from the checkout's own origin is asked, and answered.
      assert.deepEqual((await networks(guarded.url, '40000025')).json, { networks: ['CARTES_BANCAIRES', 'VISA'] });
      assert.deepEqual(asked, ['40000025']);
    } finally {
      await guarded.close();
    }
  });

  it("takes a card of an issuer only a BIN service knows (BC), on that service's word", async () => {
    assert.deepEqual((await networks(strict.url, '94902200')).json, { networks: ['BC'] });
    const { status } = await post(strict.url, cardBody({ cardNo: '9490220011669217', brand: 'BC' }));
    assert.equal(status, 200);
    const unnamed = await post(proxy.url, cardBody({ cardNo: '9490220011669217', brand: 'BC' }));
    assert.deepEqual(
      (await unnamed.json()).error.fields,
      [{ field: 'cardNumber', problem: 'brand_unknown' }],
      'without the service: unknown',
    );
  });

  it('asks the BIN lookup with 6 to 8 digits only, on every path that asks it', async () => {
    const asked: string[] = [];
    const recording = await startProxy(sim.url, {
      policy: { acceptedBrands: ['VISA', 'CARTES_BANCAIRES', 'BC'], allowUnknownBrands: false },
      lookupBrands: (bin) => (asked.push(bin), lookupBrands(bin)),
    });
    try {
      // A co-badged card sent on the network its number does not name; a card only the lookup can name; a BIN.
      assert.equal((await post(recording.url, cardBody({ cardNo: '4000002500001001', brand: 'CARTES_BANCAIRES' }))).status, 200);
      assert.equal((await post(recording.url, cardBody({ cardNo: '9490220011669217', brand: 'BC' }))).status, 200);
      assert.equal((await networks(recording.url, '40000025')).status, 200);
      assert.ok(asked.length >= 3, asked.join());
      for (const bin of asked) assert.match(bin, /^\d{6,8}$/);
    } finally {
      await recording.close();
    }
  });

  it('saves a Maestro card without a security code, and says the code is missing when the merchant requires one', async () => {
    const maestro = cardBody({ cardNo: '5000550000000029', brand: 'MAESTRO', securityCode: undefined });
    assert.equal((await post(proxy.url, maestro)).status, 200);
    assert.equal(records.at(-1)!.brand, 'MAESTRO');
    const refused = await post(strict.url, maestro);
    assert.equal(refused.status, 422);
    assert.deepEqual((await refused.json()).error.fields, [{ field: 'securityCode', problem: 'required' }]);
    const visa = await post(proxy.url, cardBody({ securityCode: undefined }));
    assert.deepEqual((await visa.json()).error.fields, [{ field: 'securityCode', problem: 'required' }]);
  });
});

describe('expiry at the end of a month', () => {
  it('is judged in the earliest time zone: a card of November is good until November has ended everywhere', async () => {
    // The proxy, its Alipay client and the simulator on one clock, as the proxy and Alipay share the real one: the
    // simulator on the real clock passed only while its host's month was still November.
    const sims: RunningSimulator[] = [];
    const at = async (iso: string) => {
      const now = () => Date.parse(iso);
      const sim = await simulator({ now });
      sims.push(sim);
      const client = alipayClient({
        endpoint: sim.url,
        clientId: CLIENT_ID,
        privateKey: merchant.privateKey,
        alipayPublicKey: alipay.publicKey,
        now,
      });
      return startProxy(sim.url, { now, alipay: client });
    };
    const card = cardBody({ expiryMonth: '11', expiryYear: '2026' });
    const lateUtc = await at('2026-12-01T10:00:00Z'); // still 30 November at UTC-12
    const later = await at('2026-12-01T13:00:00Z'); // 1 December everywhere
    try {
      assert.equal((await post(lateUtc.url, card)).status, 200);
      const expired = await post(later.url, card);
      assert.deepEqual((await expired.json()).error.fields, [{ field: 'expiry', problem: 'expired' }]);
    } finally {
      await lateUtc.close();
      await later.close();
      for (const sim of sims) await sim.close();
    }
  });
});

describe("a BIN service's answer as it comes", () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  const logs: CapturedLog[] = [];
  before(async () => {
    sim = await simulator();
    // Names read from a service's JSON are plain strings: the proxy takes them, and passes on Alipay's brands only.
    const service = async (bin: string): Promise<string[]> =>
      bin.startsWith('40000025') ? (JSON.parse('["CARTES_BANCAIRES", "VISA", "CB_DEBIT", "visa"]') as string[]) : [];
    proxy = await startProxy(sim.url, { lookupBrands: service, logger: captureLogger(logs) });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  it("is taken as a list of strings: Alipay's brand names are passed on, the others named in a warning", async () => {
    const offered = await post(`${proxy.url}/brands`, { bin: '40000025' });
    assert.deepEqual([offered.status, await offered.json()], [200, { networks: ['CARTES_BANCAIRES', 'VISA'] }]);
    // The service's own names would otherwise name no network, silently: the merchant hears which.
    const unknown = logs.filter((line) => line.event === 'brand_lookup_unknown');
    assert.deepEqual(
      unknown.map((line) => [line.level, line.fields.reason]),
      [['warn', 'CB_DEBIT,visa']],
    );
  });
});

describe('a BIN lookup that throws', () => {
  let sim: RunningSimulator;
  let proxy: RunningProxy;
  const logs: CapturedLog[] = [];
  const records: TokenizedRecord[] = [];
  let lookups = 0;

  before(async () => {
    sim = await simulator();
    proxy = await startProxy(sim.url, {
      logger: captureLogger(logs),
      onTokenized: (r) => void records.push(r),
      lookupBrands: async () => {
        lookups++;
        throw new TypeError('the BIN service is down');
      },
    });
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });

  it('is logged, and the card goes on the network its number names: no networks to choose, no choice refused', async () => {
    const offered = await post(`${proxy.url}/brands`, { bin: '40000025' });
    assert.equal(offered.status, 200);
    assert.deepEqual(await offered.json(), { networks: [] });
    // A co-badged card sent with the other network chosen (the page had offered it before the service went down).
    const paid = await post(proxy.url, cardBody({ cardNo: '4000002500001001', brand: 'CARTES_BANCAIRES' }));
    assert.equal(paid.status, 200, await paid.clone().text());
    assert.equal(records.at(-1)!.brand, 'VISA');
    assert.equal(lookups, 2);
    const failures = logs.filter((line) => line.event === 'brand_lookup_failed');
    assert.deepEqual(
      failures.map((line) => [line.level, line.fields.reason]),
      [
        ['error', 'TypeError'],
        ['error', 'TypeError'],
      ],
    );
    assert.equal(logs.filter((line) => line.event === 'proxy_failed').length, 0);
    assertNoCardDataLogged(logs);
  });

  it('refuses a card only the lookup can name as unknown, as the form does, and never reaches Alipay', async () => {
    const before = { lookups, calls: sim.calls.length, logs: logs.length };
    const response = await post(proxy.url, cardBody({ cardNo: '9490220011669217', brand: 'BC' }));
    assert.equal(response.status, 422);
    assert.deepEqual((await response.json()).error.fields, [{ field: 'cardNumber', problem: 'brand_unknown' }]);
    assert.equal(lookups, before.lookups + 1);
    assert.equal(sim.calls.length, before.calls);
    assert.deepEqual(
      logs.slice(before.logs).map((line) => line.event),
      ['brand_lookup_failed', 'card_refused'],
    );
    assertNoCardDataLogged(logs);
  });

  it('writes at most 20 lookup failures a minute, however many cards come while it is down', async () => {
    for (let i = 0; i < 30; i++) await post(proxy.url, cardBody({ cardNo: '9490220011669217' }));
    const failures = logs.filter((line) => line.event === 'brand_lookup_failed');
    assert.equal(failures.length, 20);
    assert.equal(lookups >= 30, true);
  });

  it('refuses as unknown, without asking the lookup, a number no accepted lookup-only brand could have', async () => {
    const narrow = await startProxy(sim.url, {
      policy: { acceptedBrands: ['VISA', 'MASTERCARD'], allowUnknownBrands: false },
      lookupBrands: async () => {
        lookups++;
        throw new TypeError('the BIN service is down');
      },
    });
    try {
      const before = { lookups, calls: sim.calls.length };
      // BC and CITI are not taken here: a number the brand table cannot name is unknown whatever a lookup says.
      const notTaken = await post(narrow.url, cardBody({ cardNo: '9490220011669217' }));
      // Both are taken here, but are 16 digits long: a 19-digit number is neither.
      const tooLong = await post(proxy.url, cardBody({ cardNo: '9490220011669217007' }));
      for (const response of [notTaken, tooLong]) {
        assert.equal(response.status, 422);
        assert.deepEqual((await response.json()).error.fields, [{ field: 'cardNumber', problem: 'brand_unknown' }]);
      }
      assert.equal(lookups, before.lookups);
      assert.equal(sim.calls.length, before.calls);
    } finally {
      await narrow.close();
    }
  });
});
