/** The call to Alipay within one deadline, trying UNKNOWN_EXCEPTION again with growing pauses while it allows. */
import type { CacheCardRequest } from '../card/contract.ts';
import type { AlipayAnswer, AlipayClient } from './alipay-client.ts';
import type { Logger } from './logger.ts';
import { outcomeOf, readableResultCode } from './result-codes.ts';

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
  // A plain timer and controller rather than `AbortSignal.timeout`, whose weak references cost more CPU per call.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The deadline passed.', 'TimeoutError')), deadlineMs);
  let answer: AlipayAnswer = { kind: 'failure', failure: 'timeout' };
  try {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      answer = await alipay.cacheCard(body, controller.signal);
      if (answer.kind === 'result') answer = { ...answer, resultCode: readableResultCode(answer.resultCode) };
      if (answer.kind !== 'result' || !outcomeOf(answer.resultStatus, answer.resultCode).retry || attempt === maxAttempts) break;
      const pause = 100 * 2 ** (attempt - 1);
      if (now() + pause >= deadline - 250) break;
      logger.log('warn', 'alipay_retry', { resultCode: answer.resultCode, attempt });
      await sleep(pause);
    }
  } finally {
    clearTimeout(timer);
  }
  return answer;
}
