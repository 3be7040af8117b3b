import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlipayAnswer } from '../../src/server/alipay-client.ts';
import { answerAlipay, type TokenizedRecord } from '../../src/server/answer.ts';
import { captureLogger, type CapturedLog } from '../support/fixtures.ts';

function context(records: TokenizedRecord[] = [], logs: CapturedLog[] = []) {
  return {
    brand: 'VISA' as const,
    ms: 12,
    cors: { vary: 'Origin' },
    logger: captureLogger(logs),
    onTokenized: (r: TokenizedRecord) => void records.push(r),
  };
}

describe('answering from what Alipay said', () => {
  it('gives the page exactly { cardToken, mask }, and the merchant the record', async () => {
    const records: TokenizedRecord[] = [];
    const answer = await answerAlipay(
      {
        kind: 'result',
        resultStatus: 'S',
        resultCode: 'SUCCESS',
        card: { cardToken: 'PYMT1', mask: '411111******1111', last4: '1111' },
        expiryTime: '2030-01-01T00:00:00+08:00',
      },
      context(records),
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body!), { cardToken: 'PYMT1', mask: '411111******1111' });
    assert.deepEqual(records, [
      { cardToken: 'PYMT1', mask: '411111******1111', last4: '1111', brand: 'VISA', expiryTime: '2030-01-01T00:00:00+08:00' },
    ]);
  });

  it('still answers the token when the merchant hook throws, and logs that it did', async () => {
    const logs: CapturedLog[] = [];
    const answer = await answerAlipay(
      { kind: 'result', resultStatus: 'S', resultCode: 'SUCCESS', card: { cardToken: 'PYMT1', mask: '411111******1111' } },
      { ...context([], logs), onTokenized: () => Promise.reject(new TypeError('4111111111111111')) },
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(logs.at(-1)!.fields, { reason: 'TypeError' });
  });

  it('gives no token, and the merchant no record, for a card that comes with anything but S', async () => {
    // The proxy takes any AlipayClient: a card beside an F or a U is not a success, whoever put it there.
    const records: TokenizedRecord[] = [];
    const withCard = { card: { cardToken: 'PYMT1', mask: '411111******1111' } };
    const refused = await answerAlipay({ kind: 'result', resultStatus: 'F', resultCode: 'PARAM_ILLEGAL', ...withCard }, context(records));
    assert.equal(refused.status, 422);
    assert.equal(JSON.parse(refused.body!).error.code, 'card_rejected');
    const unknown = await answerAlipay(
      { kind: 'result', resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION', ...withCard },
      context(records),
    );
    assert.equal(unknown.status, 503);
    assert.deepEqual(records, []);
  });

  it('logs only the kind of a thrown value that is not an Error, never its text', async () => {
    const logs: CapturedLog[] = [];
    const answer = await answerAlipay(
      { kind: 'result', resultStatus: 'S', resultCode: 'SUCCESS', card: { cardToken: 'PYMT1', mask: '411111******1111' } },
      { ...context([], logs), onTokenized: () => Promise.reject('Ada Lovelace, 12/31') },
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(logs.at(-1)!.fields, { reason: 'string' });
  });

  const cases: [string, AlipayAnswer, number, string][] = [
    ['a timeout', { kind: 'failure', failure: 'timeout' }, 504, 'processor_timeout'],
    ['a bad signature', { kind: 'failure', failure: 'bad_signature' }, 502, 'processor_error'],
    ['PARAM_ILLEGAL', { kind: 'result', resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' }, 422, 'card_rejected'],
    ['a code the spec does not list', { kind: 'result', resultStatus: 'F', resultCode: 'NEW_CODE' }, 502, 'processor_error'],
    ['an unknown U', { kind: 'result', resultStatus: 'U', resultCode: 'NEW_CODE' }, 503, 'processor_unavailable'],
  ];
  for (const [name, alipay, status, code] of cases) {
    it(`${name} -> ${status} ${code}`, async () => {
      const answer = await answerAlipay(alipay, context());
      assert.equal(answer.status, status);
      assert.equal(JSON.parse(answer.body!).error.code, code);
    });
  }

  it('asks the shopper to wait a little when Alipay is busy', async () => {
    const answer = await answerAlipay({ kind: 'result', resultStatus: 'U', resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT' }, context());
    assert.equal(answer.headers['retry-after'], '2');
  });
});
