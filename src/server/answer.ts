/**
 * Turns what Alipay said into the proxy's answer: `{ cardToken, mask }` for a good token, a stable refusal for
 * anything else, with what the merchant should fix in the log. The merchant's hook hears of every token.
 */
import type { AlipayBrand } from '../card/brands.ts';
import type { AlipayAnswer } from './alipay-client.ts';
import { errorName, type Logger } from './logger.ts';
import { jsonAnswer, Refusal, refusalAnswer, type ProxyAnswer } from './refusal.ts';
import { outcomeOf, TRANSPORT_OUTCOMES, type Outcome } from './result-codes.ts';

/** What the merchant's own records receive after each token: never the number, code or expiry. */
export interface TokenizedRecord {
  /** The token, as the shopper's page gets it. */
  cardToken: string;
  /** The masked number, as the page gets it. */
  mask: string;
  /** The number's last four digits: Alipay's, else the mask's. */
  last4?: string;
  /** The brand: Alipay's, else the one the proxy sent; none for a card of no known brand. */
  brand?: string;
  /** When the token stops working, ISO 8601, as Alipay gave it. */
  expiryTime?: string;
}

export interface AnswerContext {
  brand: AlipayBrand | null;
  ms: number;
  cors: Record<string, string>;
  logger: Logger;
  onTokenized?: (record: TokenizedRecord) => void | Promise<void>;
}

/** Whether Alipay declined the card itself (`card_rejected`): what the decline limit counts. */
export function isDecline(answer: AlipayAnswer): boolean {
  return (
    answer.kind !== 'failure' && answer.resultStatus !== 'S' && outcomeOf(answer.resultStatus, answer.resultCode).code === 'card_rejected'
  );
}

export async function answerAlipay(answer: AlipayAnswer, context: AnswerContext): Promise<ProxyAnswer> {
  const { brand, ms, cors, logger } = context;
  if (answer.kind === 'failure') {
    const outcome: Outcome = TRANSPORT_OUTCOMES[answer.failure];
    logger.log(answer.failure === 'timeout' ? 'warn' : 'error', 'alipay_failed', {
      reason: answer.failure,
      status: answer.httpStatus,
      fix: outcome.fix,
      ms,
    });
    return refusalAnswer(new Refusal(outcome.code, { status: outcome.status }), cors);
  }
  if (answer.resultStatus === 'S' && answer.card) {
    const { cardToken, mask } = answer.card;
    const record: TokenizedRecord = {
      cardToken,
      mask,
      last4: answer.card.last4 ?? mask.slice(-4),
      brand: answer.card.brand ?? brand ?? undefined,
      expiryTime: answer.expiryTime,
    };
    logger.log('info', 'tokenized', { brand: record.brand, ms });
    if (context.onTokenized) {
      try {
        await context.onTokenized(record);
      } catch (error) {
        logger.log('error', 'on_tokenized_failed', { reason: errorName(error) });
      }
    }
    return jsonAnswer(200, { cardToken, mask }, cors);
  }
  const outcome = outcomeOf(answer.resultStatus, answer.resultCode);
  logger.log(outcome.fix ? 'error' : 'info', 'alipay_refused', {
    resultStatus: answer.resultStatus,
    resultCode: answer.resultCode,
    code: outcome.code,
    fix: outcome.fix,
    ms,
  });
  const retryAfter = outcome.code === 'processor_busy' ? 2 : undefined;
  return refusalAnswer(new Refusal(outcome.code, { status: outcome.status, retryAfter }), cors);
}
