import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Refusal, refusalAnswer } from '../../src/server/refusal.ts';

describe('refusals', () => {
  it('are errors, with a stable code', () => {
    const refusal = new Refusal('rate_limited', { retryAfter: 7 });
    assert.ok(refusal instanceof Error);
    assert.equal(refusal.code, 'rate_limited');
  });

  it("answer JSON with the code's status, its message and Retry-After", () => {
    const answer = refusalAnswer(new Refusal('rate_limited', { retryAfter: 7 }), { vary: 'Origin' });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '7');
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers.vary, 'Origin');
    assert.deepEqual(JSON.parse(answer.body!), {
      error: { code: 'rate_limited', message: 'Too many attempts. Wait a moment, then try again.' },
    });
  });

  it('say to come back later for a wait of more than a minute, and let a page on another origin read Retry-After', () => {
    const long = refusalAnswer(new Refusal('rate_limited', { retryAfter: 61 }), {});
    assert.equal(JSON.parse(long.body!).error.message, 'Too many attempts. Try again later.');
    assert.equal(
      JSON.parse(refusalAnswer(new Refusal('rate_limited', { retryAfter: 60 }), {}).body!).error.message,
      'Too many attempts. Wait a moment, then try again.',
    );
    for (const answer of [long, refusalAnswer(new Refusal('processor_busy', { retryAfter: 2 }), {})])
      assert.equal(answer.headers['access-control-expose-headers'], 'retry-after');
    assert.equal(refusalAnswer(new Refusal('card_rejected'), {}).headers['access-control-expose-headers'], undefined);
  });

  it("tell the developer what is wrong with a request, and name the card's fields", () => {
    assert.match(JSON.parse(refusalAnswer(new Refusal('unsupported_media_type'), {}).body!).error.message, /application\/json/);
    const fields = [{ field: 'expiry' as const, problem: 'expired' as const }];
    const answer = refusalAnswer(new Refusal('invalid_card', { fields }), {});
    assert.equal(answer.status, 422);
    assert.deepEqual(JSON.parse(answer.body!).error.fields, fields);
  });

  it('take a status of their own when the same code stands for another cause', () => {
    assert.equal(refusalAnswer(new Refusal('processor_unavailable', { status: 503 }), {}).status, 503);
  });
});
