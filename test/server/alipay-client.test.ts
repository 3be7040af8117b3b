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

/** A transport that answers `answer`, signed as Alipay signs it, now. */
function answering(answer: object): AlipayTransport {
  return async () => {
    const text = JSON.stringify(answer);
    const time = new Date().toISOString().replace('Z', '+00:00');
    const signature = sign('sha256', Buffer.from(contentToSign('POST', PATH, CLIENT_ID, time, text)), alipay.privateKey).toString('base64');
    const headers: Record<string, string> = { 'client-id': CLIENT_ID, 'response-time': time, signature: signatureHeader(signature) };
    return { status: 200, header: (name) => headers[name] ?? null, text };
  };
}

const card = {
  paymentMethodDetailType: 'card',
  card: { cardToken: 'PYMT1342cf7ca558402cb2d77af09066d906', mask: '411111******1111', last4: '1111', brand: 'VISA' },
};

const cacheCard = (answer: object) =>
  alipayClient({
    endpoint: 'https://open-sea-global.alipay.com',
    clientId: CLIENT_ID,
    privateKey: merchant.privateKey,
    alipayPublicKey: alipay.publicKey,
    transport: answering(answer),
  }).cacheCard(cardBody() as CacheCardRequest, AbortSignal.timeout(30_000));

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
