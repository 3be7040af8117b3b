/**
 * A request the proxy will not carry to Alipay, and the answer it gets: a stable code, a message, a status.
 * Thrown anywhere in the proxy and turned into a JSON answer in one place.
 */
import type { FieldError } from '../card/contract.ts';
import { TOKENIZE_ERRORS, type TokenizeErrorCode } from '../card/errors.ts';
import { ENGLISH, errorKey, message, messageCode } from '../card/messages.ts';

/** What the proxy tells the developer for refusals the shopper only hears of as "unavailable". */
const PROXY_MESSAGES: Partial<Record<TokenizeErrorCode, string>> = {
  invalid_request: 'The body does not follow the cache-card-form request contract.',
  origin_not_allowed: "This origin is not in the proxy's allowed origins.",
  not_found: 'Not found: the proxy answers POST <path>, and GET <path>/frame and <path>/frame.js when it serves the frame.',
  method_not_allowed: 'Use POST (or OPTIONS for a CORS preflight).',
  payload_too_large: 'The body is larger than the proxy accepts.',
  unsupported_media_type: 'The body must be application/json.',
  processor_misconfigured: "Alipay refused the merchant's set-up; the proxy's log says what to fix.",
};

/** What a `Refusal` says besides its code; each has a default from the code. */
export interface RefusalDetail {
  /** The fields at fault, for `invalid_card`. */
  fields?: FieldError[];
  /** The answer's message, in place of the code's. */
  message?: string;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** The HTTP status, in place of the code's. */
  status?: number;
}

/**
 * A request the proxy will not carry to Alipay: thrown in the proxy (a `ProxyRequest.body` past its limit throws
 * `new Refusal('payload_too_large')`) and answered `{ error: { code, message, fields? } }` with the code's status.
 */
export class Refusal extends Error {
  /** `'Refusal'`. */
  override name = 'Refusal';
  constructor(
    /** The stable code the answer carries; its HTTP status too, unless `detail.status` gives another. */
    readonly code: TokenizeErrorCode,
    /** What else the answer says: the fields at fault, a message, `Retry-After`, a status. */
    readonly detail: RefusalDetail = {},
  ) {
    super(code);
  }
}

/** The proxy's answers, as plain values: the Fetch-API handler and the Node adapter each write them their way. */
export interface ProxyAnswer {
  /** The HTTP status. */
  status: number;
  /** The headers, by lower-case name. */
  headers: Record<string, string>;
  /** The body (JSON, the frame's HTML or script), or null for none (a preflight's 204). */
  body: string | null;
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string>): ProxyAnswer {
  return {
    status,
    body: JSON.stringify(body),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  };
}

/** `{ error: { code, message, fields? } }` with the code's status, and Retry-After where it helps. */
export function refusalAnswer(refusal: Refusal, headers: Record<string, string>): ProxyAnswer {
  const { code, detail } = refusal;
  const error = {
    code,
    message: detail.message ?? PROXY_MESSAGES[code] ?? message(errorKey(messageCode(code, detail.retryAfter)), [ENGLISH]),
    ...(detail.fields ? { fields: detail.fields } : {}),
  };
  // Exposed to the page's script, which calls the proxy from another origin: the form tells a wait of a moment
  // from one of an hour by it.
  const extra: Record<string, string> = detail.retryAfter
    ? { 'retry-after': String(detail.retryAfter), 'access-control-expose-headers': 'retry-after' }
    : {};
  return jsonAnswer(detail.status ?? TOKENIZE_ERRORS[code], { error }, { ...headers, ...extra });
}
