// What the Alipay client takes from an answer, against the spec's result table: each answer signed with Alipay's key
// (so that a refusal below is the answer's, not its signature's) and handed back by a transport in this process.
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { contentToSign, signatureHeader } from '../../src/server/ams-signature.ts';
import type { AlipayTransport } from '../../src/server/transport.ts';
import type { CacheCardRequest } from '../../src/card/contract.ts';
import { alipay, alipayClient, cardBody, CLIENT_ID, merchant } from '../support/fixtures.ts';

const PATH = '/ams/sandbox/api/v1/paymentMethods/cacheCard';

interface Answering {
  /** The HTTP status; 200 unless said. */
  status?: number;
  /** The response-time, epoch milliseconds; now unless said. */
  at?: number;
  /** Headers left out of the answer. */
  without?: string[];
}

/** A transport that answers `answer`, signed as Alipay signs it, now (or at `at`). */
function answering(answer: object, { status = 200, at = Date.now(), without = [] }: Answering = {}): AlipayTransport {
  return async () => {
    const text = JSON.stringify(answer);
    const time = new Date(at).toISOString().replace('Z', '+00:00');
    const signature = sign('sha256', Buffer.from(contentToSign('POST', PATH, CLIENT_ID, time, text)), alipay.privateKey).toString('base64');
    const headers: Record<string, string> = { 'client-id': CLIENT_ID, 'response-time': time, signature: signatureHeader(signature) };
    for (const name of without) delete headers[name];
    return { status, header: (name) => headers[name] ?? null, text };
  };
}

const card = {
  paymentMethodDetailType: 'card',
  card: { cardToken: 'PYMT1342cf7ca558402cb2d77af09066d906', mask: '411111******1111', last4: '1111', brand: 'VISA' },
};

const cacheCard = (answer: object, options: Answering & { now?: () => number } = {}) =>
  alipayClient({
    endpoint: 'https://open-sea-global.alipay.com',
    clientId: CLIENT_ID,
    privateKey: merchant.privateKey,
    alipayPublicKey: alipay.publicKey,
    transport: answering(answer, options),
    now: options.now,
  }).cacheCard(cardBody() as CacheCardRequest, AbortSignal.timeout(30_000));

const success = (edit: (card: Record<string, unknown>) => void = () => undefined) => {
  const edited: Record<string, unknown> = { ...card.card };
  edit(edited);
  return { result: { resultStatus: 'S', resultCode: 'SUCCESS' }, paymentMethodDetail: { ...card, card: edited } };
};

describe("the client's reading of a result", () => {
  it("takes a token from S with SUCCESS, the spec's success, in either spelling of the message", async () => {
    for (const result of [
      { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' },
      { resultStatus: 'S', resultCode: 'SUCCESS', resultMsg: 'success' },
    ]) {
      const answer = await cacheCard({ result, paymentMethodDetail: card });
      assert.equal(answer.kind === 'result' && answer.card?.cardToken, card.card.cardToken);
    }
  });

  it('takes no token from an S whose code is not SUCCESS', async () => {
    // Spec, Result processing logic: "S: The cacheCard request is accepted successfully. The corresponding
    // result.resultCode is SUCCESS". An S with any other code is no answer the spec describes: never a token.
    const answer = await cacheCard({ result: { resultStatus: 'S', resultCode: 'PROCESS_FAIL' }, paymentMethodDetail: card });
    assert.deepEqual(answer, { kind: 'failure', failure: 'bad_body' });
  });

  it('takes no token from a U or an F, whatever card it holds', async () => {
    for (const resultStatus of ['U', 'F'] as const) {
      const answer = await cacheCard({ result: { resultStatus, resultCode: 'UNKNOWN_EXCEPTION' }, paymentMethodDetail: card });
      assert.equal(answer.kind === 'result' && answer.card, undefined, resultStatus);
    }
  });
});

describe('a signed success that is still no token', () => {
  it('one whose mask shows more than the first six and last four, or whose token is not a token', async () => {
    // Signed by Alipay's key and matching the card sent: only the shape check stands between the number and the page.
    for (const edit of [
      (c: Record<string, unknown>) => (c.mask = '4111111111111111'),
      (c: Record<string, unknown>) => (c.mask = '41111111****1111'),
      (c: Record<string, unknown>) => (c.cardToken = 'PYMT <script>'),
      (c: Record<string, unknown>) => (c.cardToken = ''),
    ]) {
      assert.deepEqual(await cacheCard(success(edit)), { kind: 'failure', failure: 'bad_body' }, String(edit));
    }
  });

  it('one with fewer than the last four digits to compare (in the mask, with no last4)', async () => {
    const answer = await cacheCard(
      success((c) => {
        c.mask = '411111*******111';
        delete c.last4;
      }),
    );
    assert.deepEqual(answer, { kind: 'failure', failure: 'wrong_card' });
  });

  it('one with an HTTP status other than 200, even a 2xx', async () => {
    for (const status of [201, 202, 203]) {
      const answer = await cacheCard(success(), { status });
      assert.deepEqual(answer, { kind: 'failure', failure: 'http_status', httpStatus: status }, String(status));
    }
  });

  it('one without a client-id header', async () => {
    assert.deepEqual(await cacheCard(success(), { without: ['client-id'] }), { kind: 'failure', failure: 'wrong_client' });
  });

  it('one answered more than five minutes from now, to the millisecond', async () => {
    const at = Date.parse('2030-01-01T00:00:00Z');
    const fresh = await cacheCard(success(), { at, now: () => at + 5 * 60_000 });
    assert.equal(fresh.kind === 'result' && fresh.card?.cardToken, card.card.cardToken);
    const stale = await cacheCard(success(), { at, now: () => at + 5 * 60_000 + 1 });
    assert.deepEqual(stale, { kind: 'failure', failure: 'stale_answer' });
  });
});
