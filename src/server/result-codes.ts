/**
 * The one mapping from Alipay's cacheCard result codes (spec: Error codes) to what the proxy answers the
 * browser, and what it tells the merchant in its log. Every code the spec lists is here on purpose.
 */
import type { TokenizeErrorCode } from '../card/errors.ts';

/** What the proxy makes of one of Alipay's answers: its answer to the browser, a retry, what to fix. */
export interface Outcome {
  /** HTTP status to the browser. */
  status: number;
  /** The stable error code the browser gets (`card_rejected`, `processor_error`, …). */
  code: TokenizeErrorCode;
  /** The proxy retries UNKNOWN_EXCEPTION within its deadline. */
  retry?: boolean;
  /** What the merchant should do, logged with the answer; none for outcomes that are the shopper's. */
  fix?: string;
  /** The result status the spec gives the code: U where it says so, F otherwise. */
  unknown?: true;
}

const support = 'contact Alipay technical support with the time of the request';

/**
 * Every result code of the cacheCard spec, with what the proxy answers for it (HTTP status and stable code), whether
 * it retries, and what the merchant should fix (logged). A code not listed is a `processor_error` with F, and is
 * taken as UNKNOWN_EXCEPTION with U.
 */
export const RESULT_CODES: Record<string, Outcome> = {
  PARAM_ILLEGAL: { status: 422, code: 'card_rejected' },
  PROCESS_FAIL: { status: 502, code: 'processor_error', fix: `a general business failure at Alipay: ${support}` },
  UNKNOWN_EXCEPTION: { status: 503, code: 'processor_unavailable', retry: true, unknown: true },
  REQUEST_TRAFFIC_EXCEED_LIMIT: {
    unknown: true,
    status: 429,
    code: 'processor_busy',
    fix: 'Alipay limited the request rate: lower traffic or ask Alipay for a higher limit',
  },
  REPEAT_REQ_INCONSISTENT: { status: 502, code: 'processor_error', fix: `Alipay saw a repeated request with different fields: ${support}` },
  USER_NOT_EXIST: { status: 502, code: 'processor_error', fix: `Alipay says the user does not exist: ${support}` },
  USER_STATUS_ABNORMAL: {
    status: 502,
    code: 'processor_error',
    fix: 'Alipay says the user status is abnormal: ask the wallet to check it',
  },
  INVALID_PAYMENTMETHOD_TOKEN: { status: 502, code: 'processor_error', fix: `Alipay says a payment method token is invalid: ${support}` },
  INVALID_API: {
    status: 502,
    code: 'processor_misconfigured',
    fix: 'check ALIPAY_ENDPOINT: the cacheCard API is not active at that host and path (SANDBOX_ client ids call /ams/sandbox/api)',
  },
  INVALID_CLIENT: {
    status: 502,
    code: 'processor_misconfigured',
    fix: 'check ALIPAY_CLIENT_ID: Alipay does not know this client id at this endpoint',
  },
  INVALID_SIGNATURE: {
    status: 502,
    code: 'processor_misconfigured',
    fix: 'Alipay could not verify the request signature: ALIPAY_PRIVATE_KEY does not match the public key uploaded in Alipay Developer Center',
  },
  KEY_NOT_FOUND: {
    status: 502,
    code: 'processor_misconfigured',
    fix: 'Alipay has no key for this client id and key version: upload your public key in Alipay Developer Center, and set ALIPAY_KEY_VERSION to its version there',
  },
  ACCESS_DENIED: {
    status: 502,
    code: 'processor_misconfigured',
    fix: 'Alipay denied access: ask Alipay to enable cacheCard for this client id',
  },
  METHOD_NOT_SUPPORTED: {
    status: 502,
    code: 'processor_misconfigured',
    fix: 'Alipay refused the HTTP method: the proxy must call cacheCard with POST',
  },
};

/** The shape of Alipay's result codes (`PARAM_ILLEGAL`, `UNKNOWN_EXCEPTION`). */
const RESULT_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * A result code as the proxy logs and judges it. Text of another shape could carry what the shopper typed, or be of
 * any length: a refusal may come unsigned, and an `AlipayClient` of the merchant's own may pass on anything. Such
 * text is `(not a result code)`, judged by its status alone, as any code the spec does not list.
 */
export const readableResultCode = (code: unknown): string =>
  typeof code === 'string' && RESULT_CODE.test(code) ? code : '(not a result code)';

/**
 * The status decides, as the spec says: a code with the status the spec gives it is its own outcome; one the spec
 * does not list, or with the other status, is judged by the status alone: U as unknown (retried, never a decline),
 * F as a failure (never retried).
 */
export function outcomeOf(resultStatus: string, resultCode: string): Outcome {
  // The spec's own codes only: `constructor` or `__proto__` are properties of every object, no outcome of Alipay's.
  const known = Object.hasOwn(RESULT_CODES, resultCode) ? RESULT_CODES[resultCode] : undefined;
  if (known && !known.unknown === (resultStatus === 'F')) return known;
  return resultStatus === 'U'
    ? RESULT_CODES.UNKNOWN_EXCEPTION!
    : {
        status: 502,
        code: 'processor_error',
        fix: `Alipay answered ${resultStatus} ${resultCode}, which the spec does not describe: ${support}`,
      };
}

/** Outcomes of answers that never reached a result: the transport, or an answer that cannot be trusted. */
export const TRANSPORT_OUTCOMES = {
  timeout: { status: 504, code: 'processor_timeout' },
  unreachable: { status: 502, code: 'processor_unreachable', fix: 'the proxy could not connect to ALIPAY_ENDPOINT' },
  http_status: { status: 502, code: 'processor_unreachable', fix: 'Alipay answered with an HTTP error status' },
  bad_body: { status: 502, code: 'processor_error', fix: 'Alipay answered with a body that is not a cacheCard result' },
  redirect: {
    status: 502,
    code: 'processor_error',
    fix: 'ALIPAY_ENDPOINT answered with a redirect, which the proxy never follows (it would re-send the card elsewhere): set the final URL',
  },
  too_large: {
    status: 502,
    code: 'processor_error',
    fix: 'the answer from ALIPAY_ENDPOINT was larger than any cacheCard answer: check the endpoint',
  },
  wrong_card: {
    status: 502,
    code: 'processor_error',
    fix: 'a signed answer whose mask, last4, brand or expiry is not the card that was sent: an answer replayed from another request; check what sits between the proxy and Alipay',
  },
  card_in_token: {
    status: 502,
    code: 'processor_error',
    fix: 'a signed answer whose token holds the card number, which the proxy never passes on: check what sits between the proxy and Alipay',
  },
  wrong_client: { status: 502, code: 'processor_error', fix: 'a signed answer for another client id than ALIPAY_CLIENT_ID' },
  stale_answer: {
    status: 502,
    code: 'processor_error',
    fix: "a signed answer whose response-time is more than 5 minutes from this machine's clock: a replayed answer, or a clock to set right",
  },
  bad_signature: {
    status: 502,
    code: 'processor_error',
    fix: "the answer's signature does not verify: check ALIPAY_PUBLIC_KEY (it is issued by Alipay, not generated by you)",
  },
} as const satisfies Record<string, Outcome>;

/** Why a call to Alipay gave no result it can be judged by (`timeout`, `bad_signature`, `wrong_card`, …). */
export type TransportFailure = keyof typeof TRANSPORT_OUTCOMES;
