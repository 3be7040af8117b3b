/** Posts the card to the merchant's proxy and reads its answer. Used by the inline form and the frame alike. */
import { isTokenizeResult, type CacheCardRequest, type FieldError, type TokenizeResult } from '../card/contract.ts';
import { isTokenizeErrorCode, type TokenizeErrorCode } from '../card/errors.ts';

/** A tokenization that did not give a token. Its message is the proxy's English text, never card data. */
export class TokenizeFailure extends Error {
  constructor(
    readonly code: TokenizeErrorCode,
    message: string = code,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'TokenizeFailure';
  }
}

export interface PostOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

export async function postCard(endpoint: string, request: CacheCardRequest, options: PostOptions): Promise<TokenizeResult> {
  const doFetch = options.fetch ?? fetch;
  // A timeout is told from a network failure by what this function aborted, not by the error's name: WebKit
  // rejects an aborted fetch with an AbortError where other engines give AbortSignal.timeout's TimeoutError.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let response: Response;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      cache: 'no-store',
      credentials: 'same-origin',
      referrerPolicy: 'no-referrer',
      signal: deadline.signal,
    });
  } catch {
    clearTimeout(timer);
    throw new TokenizeFailure(deadline.signal.aborted ? 'timeout' : 'network_error');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new TokenizeFailure(deadline.signal.aborted ? 'timeout' : response.ok ? 'bad_response' : statusCode(response.status));
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) {
    if (isTokenizeResult(body)) return { cardToken: body.cardToken, mask: body.mask };
    throw new TokenizeFailure('bad_response');
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  const code = isTokenizeErrorCode(error?.code) ? error.code : statusCode(response.status);
  const fields = Array.isArray(error?.fields) ? (error.fields as FieldError[]) : [];
  throw new TokenizeFailure(code, typeof error?.message === 'string' ? error.message : code, fields);
}

/** A code for an answer that carried none of ours (a gateway or CDN in between, say). */
function statusCode(status: number): TokenizeErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 504) return 'processor_timeout';
  if (status >= 500) return 'processor_unavailable';
  return 'bad_response';
}
