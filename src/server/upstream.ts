/** The call to Alipay within one deadline, trying UNKNOWN_EXCEPTION again with growing pauses while it allows. */
import type { CacheCardRequest } from '../card/contract.ts';
import type { AlipayAnswer, AlipayClient } from './alipay-client.ts';
import type { Logger } from './logger.ts';
import { outcomeOf } from './result-codes.ts';

/** How long one tokenization may take, retries included, unless DEADLINE_MS or `deadlineMs` says otherwise. */
export const DEFAULT_DEADLINE_MS = 8_000;

export interface RetryPolicy {
  deadlineMs: number;
  maxAttempts: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
}

export async function callWithRetries(alipay: AlipayClient, body: CacheCardRequest, policy: RetryPolicy): Promise<AlipayAnswer> {
  const { deadlineMs, maxAttempts, now, sleep, logger } = policy;
  const deadline = now() + deadlineMs;
  const signal = AbortSignal.timeout(deadlineMs);
  let answer: AlipayAnswer = { kind: 'failure', failure: 'timeout' };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    answer = await alipay.cacheCard(body, signal);
    if (answer.kind !== 'result' || !outcomeOf(answer.resultStatus, answer.resultCode).retry || attempt === maxAttempts) break;
    const pause = 100 * 2 ** (attempt - 1);
    if (now() + pause >= deadline - 250) break;
    logger.log('warn', 'alipay_retry', { resultCode: answer.resultCode, attempt });
    await sleep(pause);
  }
  return answer;
}
