/**
 * The stable error codes a tokenization can end with: the proxy's `{ error: { code } }`, the component's
 * `tokenize-error` detail and the messages catalog all key on these. `retryable` says whether the same card
 * may simply be tried again; `status` is the proxy's HTTP status for codes the proxy answers.
 */
export const TOKENIZE_ERRORS = {
  invalid_card: { status: 422, retryable: false },
  card_rejected: { status: 422, retryable: false },
  invalid_request: { status: 400, retryable: false },
  origin_not_allowed: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  rate_limited: { status: 429, retryable: true },
  processor_busy: { status: 429, retryable: true },
  processor_unavailable: { status: 503, retryable: true },
  processor_timeout: { status: 504, retryable: true },
  processor_unreachable: { status: 502, retryable: true },
  processor_error: { status: 502, retryable: false },
  processor_misconfigured: { status: 502, retryable: false },
  // Only the browser ends with these: the proxy could not be reached or answered something unreadable.
  network_error: { status: 0, retryable: true },
  timeout: { status: 0, retryable: true },
  bad_response: { status: 0, retryable: true },
  busy: { status: 0, retryable: true },
  // Isolated mode: the card frame did not load or did not answer (proxy down, wrong origin, blocked by CSP).
  frame_unavailable: { status: 0, retryable: true },
} as const;

export type TokenizeErrorCode = keyof typeof TOKENIZE_ERRORS;

export function isTokenizeErrorCode(code: unknown): code is TokenizeErrorCode {
  return typeof code === 'string' && Object.hasOwn(TOKENIZE_ERRORS, code);
}
