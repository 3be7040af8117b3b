/**
 * What the form asks the merchant's proxy: its policy, the networks a card's first digits can be paid on, and the
 * token for the card. Used by the inline form and the frame alike.
 */
import type { AlipayBrand } from '../card/brands.ts';
import { readFieldErrors, type FieldError } from '../card/card-fields.ts';
import type { CacheCardRequest } from '../card/contract.ts';
import { isTokenizeResult, type TokenizeResult } from '../card/token-result.ts';
import { isProxyErrorCode, type TokenizeErrorCode } from '../card/errors.ts';
import { messageCode } from '../card/messages.ts';
import { isProxyPolicy, type ProxyPolicy } from '../card/policy.ts';

/** `https://pay.example/cache-card` and `policy` -> `https://pay.example/cache-card/policy`. */
export function proxyUrl(endpoint: string, route: string): URL {
  const url = new URL(endpoint, document.baseURI);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/${route}`;
  url.search = '';
  url.hash = '';
  return url;
}

/** A request to the proxy: JSON, no cookies across origins, no referrer; a GET as a simple request (no preflight). */
const request = (init: RequestInit): RequestInit => ({
  credentials: 'same-origin',
  referrerPolicy: 'no-referrer',
  headers: init.body ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
  ...init,
});

/**
 * The proxy's JSON answer to a question that may go unanswered (an older proxy, the network): null then. Asked a
 * microtask later, from a stack of no form: Chromium keeps the stack of each `fetch` call, with every `this` on it,
 * until the fetch settles, and one that never does (a gateway holding it, a stalled network) kept the form that asked.
 */
const ask = (url: string, init: RequestInit): Promise<unknown> =>
  Promise.resolve()
    .then(() => fetch(url, request(init)))
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);

/**
 * Each proxy's policy, by its address: null when it published none (an older proxy) or could not be reached; while
 * it loads, the promise of it. That promise is told by its `then`, not by `instanceof Promise`: a page's Promise
 * library (Bluebird, a polyfill) may have replaced the global, and `fetch` still gives the browser's own.
 */
const policies = new Map<string, ProxyPolicy | null | Promise<unknown>>();

/** The policy of the proxy at `endpoint` if known by now, else undefined. */
export function knownPolicy(endpoint: string): ProxyPolicy | null | undefined {
  const policy = endpoint ? policies.get(proxyUrl(endpoint, 'policy').href) : undefined;
  return (policy as Promise<unknown>)?.then ? undefined : (policy as ProxyPolicy | null | undefined);
}

/** The isolated frame's page carries its proxy's policy: no request for it. */
export function seedPolicy(endpoint: string, policy: unknown): void {
  if (isProxyPolicy(policy)) policies.set(proxyUrl(endpoint, 'policy').href, policy);
}

/** Fetches the proxy's policy once per page (the browser caches it across pages); resolves when it is known. */
export function loadPolicy(endpoint: string, again = false): Promise<unknown> {
  const url = proxyUrl(endpoint, 'policy').href;
  const known = policies.get(url);
  if ((known as Promise<unknown>)?.then || (known !== undefined && !again)) return Promise.resolve(known);
  const loading = ask(url, { cache: again ? 'no-cache' : 'default' }).then((policy) =>
    policies.set(url, isProxyPolicy(policy) ? policy : null),
  );
  policies.set(url, loading);
  return loading;
}

const networks = new Map<string, Promise<AlipayBrand[]>>();

/**
 * Which networks a card can be paid on, asked of the proxy by its first 8 digits and never more, once per prefix.
 * Empty when the proxy cannot tell: the card then goes on the network its number names.
 */
export function lookUpNetworks(endpoint: string, bin: string): Promise<AlipayBrand[]> {
  const url = proxyUrl(endpoint, 'brands').href;
  const key = `${url} ${bin}`;
  let answer = networks.get(key);
  if (!answer) {
    answer = ask(url, { method: 'POST', body: JSON.stringify({ bin: bin.slice(0, 8) }), cache: 'no-store' }).then((body) => {
      const found = (body as { networks?: unknown } | null)?.networks;
      // Asked again next time, when the proxy could not say.
      if (!Array.isArray(found) && networks.get(key) === answer) networks.delete(key);
      return Array.isArray(found) ? (found as AlipayBrand[]) : [];
    });
    networks.set(key, answer);
  }
  return answer;
}

/** Forgets every card's first digits asked about: once a card is saved or the form reset, none is kept. */
export function forgetNetworks(): void {
  networks.clear();
}

/**
 * A tokenization that did not give a token, as `tokenize()` rejects with it: a stable `code`, the form's localized
 * `message` for it, and in `fields` the proxy's field problems as far as the form knows their words (inline only;
 * an isolated form's stay in its frame). Nothing else of the proxy's answer: a middlebox may echo the card. (Inside
 * the form, before it is worded, the message is a `MessageCode`.)
 */
export class TokenizeFailure extends Error {
  constructor(
    /** The stable code, as in the `tokenize-error` event. */
    readonly code: TokenizeErrorCode,
    message: string = code,
    /**
     * For `invalid_card` in an inline form: the fields at fault, as the form or the proxy found them (the shown ones).
     * Empty otherwise.
     */
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'TokenizeFailure';
  }
}

export interface PostOptions {
  timeoutMs: number;
}

export async function postCard(endpoint: string, card: CacheCardRequest, options: PostOptions): Promise<TokenizeResult> {
  // A timeout is told from a network failure by what this function aborted, not by the error's name: WebKit
  // rejects an aborted fetch with an AbortError where other engines give AbortSignal.timeout's TimeoutError.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(endpoint, request({ method: 'POST', body: JSON.stringify(card), cache: 'no-store', signal: deadline.signal }));
  } catch {
    clearTimeout(timer);
    throw new TokenizeFailure(deadline.signal.aborted ? 'timeout' : 'network_error');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a page from a gateway or CDN in between, read by its status below.
    if (deadline.signal.aborted) throw new TokenizeFailure('timeout');
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) {
    if (isTokenizeResult(body)) return { cardToken: body.cardToken, mask: body.mask };
    throw new TokenizeFailure('bad_response');
  }
  // The proxy's own English text stays behind with the rest of the answer: the form says it in the shopper's words.
  const error = (body as { error?: { code?: unknown; fields?: unknown } } | undefined)?.error;
  // A code that is not the proxy's to give (a frame's, from a proxy that is not ours) is read by the status instead.
  const code = isProxyErrorCode(error?.code) ? error.code : statusCode(response.status);
  // The message, until the form words it: the code's, or one for a rate limit that holds past a minute. Retry-After
  // is in seconds or an HTTP date (RFC 9110), which a gateway may send.
  const retryAfter = response.headers.get('retry-after');
  throw new TokenizeFailure(
    code,
    messageCode(code, +retryAfter! || (Date.parse(retryAfter!) - Date.now()) / 1e3),
    readFieldErrors(error?.fields),
  );
}

/** A code for an answer that carried none of ours (a gateway or CDN in between, say). */
function statusCode(status: number): TokenizeErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 504) return 'processor_timeout';
  if (status >= 500) return 'processor_unavailable';
  return 'bad_response';
}
