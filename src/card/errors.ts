/**
 * The stable error codes a tokenization can end with: the proxy's `{ error: { code } }`, the component's
 * `tokenize-error` detail and the messages catalog all key on these, each with the proxy's HTTP status for it (0
 * for the codes only the browser ends with).
 */
// The codes alone, as strings: the browser checks a code (the proxy's answer, the frame's message) against them
// and needs no statuses, so the bundles carry these rather than the table below (60 B gzipped in each). The proxy's
// codes first, then those only the browser ends with (status 0 below).
// prettier-ignore
const PROXY_CODES = 'invalid_card card_rejected network_not_allowed invalid_request origin_not_allowed not_found method_not_allowed payload_too_large unsupported_media_type rate_limited processor_busy processor_unavailable processor_timeout processor_unreachable processor_error processor_misconfigured';
const BROWSER_CODES = 'network_error timeout bad_response frame_unavailable frame_obscured';

export type Words<S extends string> = S extends `${infer Word} ${infer Rest}` ? Word | Words<Rest> : S;
/** A code a proxy answers with. */
export type ProxyErrorCode = Words<typeof PROXY_CODES>;
/** Why a tokenization failed: a proxy's code, or one only the browser ends with (`network_error`, `frame_unavailable`...). */
export type TokenizeErrorCode = ProxyErrorCode | Words<typeof BROWSER_CODES>;

/** Each code's HTTP status: the table must name every code and no other. */
export const TOKENIZE_ERRORS = {
  invalid_card: 422,
  card_rejected: 422,
  // The network the shopper chose for a co-badged card is not one its BIN allows, or not one the merchant takes.
  network_not_allowed: 422,
  invalid_request: 400,
  origin_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  processor_busy: 429,
  processor_unavailable: 503,
  processor_timeout: 504,
  processor_unreachable: 502,
  processor_error: 502,
  processor_misconfigured: 502,
  // Only the browser ends with these: the proxy could not be reached or answered something unreadable.
  network_error: 0,
  timeout: 0,
  bad_response: 0,
  // Isolated mode: the card frame did not load or did not answer (proxy down, wrong origin, blocked by CSP).
  frame_unavailable: 0,
  // Isolated mode: the frame was covered or transformed by the page when the card was to be saved.
  frame_obscured: 0,
} as const satisfies Record<TokenizeErrorCode, number>;

const PROXY_LIST: readonly string[] = PROXY_CODES.split(' ');

// The browser's codes are split where they are checked, not into a list of the module's: the inline script tag,
// which checks no frame's messages, then carries no call of it (a bundler keeps a top-level call it cannot prove pure).
export function isTokenizeErrorCode(code: unknown): code is TokenizeErrorCode {
  return isProxyErrorCode(code) || BROWSER_CODES.split(' ').includes(code as string);
}

/** Whether a proxy may answer with `code`: a code only the browser ends with (a frame's, say) is not one. */
export function isProxyErrorCode(code: unknown): code is ProxyErrorCode {
  return PROXY_LIST.includes(code as string);
}
