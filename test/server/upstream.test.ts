import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlipayAnswer, AlipayClient } from '../../src/server/alipay-client.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { callWithRetries } from '../../src/server/upstream.ts';
import { cardBody } from '../support/fixtures.ts';

/** A client that gives the answers in turn and counts its calls; a clock that moves only when told to. */
function scripted(...answers: AlipayAnswer[]) {
  const calls: AbortSignal[] = [];
  const client: AlipayClient = {
    async cacheCard(_request, signal) {
      calls.push(signal);
      return answers[Math.min(calls.length - 1, answers.length - 1)]!;
    },
  };
  return { client, calls };
}

const unknown: AlipayAnswer = { kind: 'result', resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION' };
const success: AlipayAnswer = {
  kind: 'result',
  resultStatus: 'S',
  resultCode: 'SUCCESS',
  card: { cardToken: 'PYMT1', mask: '411111******1111' },
};
const request = cardBody() as unknown as Parameters<AlipayClient['cacheCard']>[0];

function policy(overrides: Partial<Parameters<typeof callWithRetries>[2]> = {}) {
  let clock = 0;
  const pauses: number[] = [];
  return {
    pauses,
    policy: {
      deadlineMs: 8000,
      maxAttempts: 3,
      now: () => clock,
      sleep: async (ms: number) => {
        pauses.push(ms);
        clock += ms;
      },
      logger: silentLogger,
      ...overrides,
    },
  };
}

describe('the call to Alipay', () => {
  it('tries UNKNOWN_EXCEPTION again with growing pauses, until it succeeds', async () => {
    const { client, calls } = scripted(unknown, unknown, success);
    const { policy: p, pauses } = policy();
    assert.deepEqual(await callWithRetries(client, request, p), success);
    assert.equal(calls.length, 3);
    assert.deepEqual(pauses, [100, 200]);
  });

  it('stops at the last attempt and gives its answer', async () => {
    const { client, calls } = scripted(unknown);
    const { policy: p } = policy();
    assert.deepEqual(await callWithRetries(client, request, p), unknown);
    assert.equal(calls.length, 3);
  });

  it('does not start a pause that would end too close to the deadline', async () => {
    const { client, calls } = scripted(unknown);
    const { policy: p, pauses } = policy({ deadlineMs: 300 });
    await callWithRetries(client, request, p);
    assert.equal(calls.length, 1);
    assert.deepEqual(pauses, []);
  });

  it('never tries a final answer or a failure again, and hands every try the same deadline', async () => {
    for (const answer of [
      success,
      { kind: 'result', resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' },
      { kind: 'failure', failure: 'unreachable' },
    ] as AlipayAnswer[]) {
      const { client, calls } = scripted(answer);
      assert.deepEqual(await callWithRetries(client, request, policy().policy), answer);
      assert.equal(calls.length, 1);
    }
    const { client, calls } = scripted(unknown, success);
    await callWithRetries(client, request, policy().policy);
    assert.equal(calls[0], calls[1]);
  });
});
