/**
 * The merchant proxy, written once against the Fetch API: `(request) => Promise<Response>`. Every dependency
 * is injected. It trusts nothing from the browser: exact origins, POST and JSON only, a body limit counted on
 * the streamed bytes, rate limits per address and overall, and the card checked again and rebuilt before it
 * goes to Alipay. Bad input gets a 4xx with a stable code; it never reaches Alipay.
 */
import { DEFAULT_BRAND_POLICY, type AlipayBrand, type BrandPolicy } from '../card/brands.ts';
import { readCacheCardRequest, type BillingAddressMode, type FieldError } from '../card/contract.ts';
import { TOKENIZE_ERRORS, type TokenizeErrorCode } from '../card/errors.ts';
import { ENGLISH, errorKey, message } from '../card/messages.ts';
import type { AlipayAnswer, AlipayClient } from './alipay-client.ts';
import { jsonLineLogger, type Logger } from './logger.ts';
import { memoryRateLimitStore, type RateLimit, type RateLimitStore } from './rate-limit.ts';
import { framePageHeaders, framePageHtml } from './frame-page.ts';
import { outcomeOf, TRANSPORT_OUTCOMES, type Outcome } from './result-codes.ts';

/** What the merchant's own records receive after each token: never the number, code or expiry. */
export interface TokenizedRecord {
  cardToken: string;
  mask: string;
  last4?: string;
  brand?: string;
  /** When the token stops working, ISO 8601, as Alipay gave it. */
  expiryTime?: string;
}

export interface ProxyOptions {
  alipay: AlipayClient;
  /** Exact origins allowed to call, e.g. `https://shop.example`. */
  allowedOrigins: readonly string[];
  policy?: BrandPolicy;
  billingAddress?: BillingAddressMode;
  /** Per client address and overall; `limit: 0` turns one off. Default 10 and 600 a minute. */
  rateLimits?: { perAddress?: RateLimit; global?: RateLimit };
  rateLimitStore?: RateLimitStore;
  /** Largest body accepted, in bytes. Default 16 KiB; a real request is under 2 KiB. */
  maxBodyBytes?: number;
  /** Total time for one tokenization, retries included. Default 8 s. */
  deadlineMs?: number;
  /** Tries of an UNKNOWN_EXCEPTION answer within the deadline. Default 3. */
  maxAttempts?: number;
  onTokenized?: (record: TokenizedRecord) => void | Promise<void>;
  /**
   * Serve the isolated frame: `GET <path>/frame` and `GET <path>/frame.js`, and take POSTs from this proxy's own
   * origin (the frame's). `script` is the built frame script (`readFrameScript()` in Node).
   */
  frame?: { script: string };
  /** Where log lines go; JSON lines on `console.error` by default. They never hold card data. */
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestContext {
  /** The caller's address, as the adapter knows it; the unit of the per-address limit. */
  clientAddress?: string;
}

export type CacheCardHandler = (request: Request, context?: RequestContext) => Promise<Response>;

export const DEFAULT_RATE_LIMITS = {
  perAddress: { limit: 10, windowMs: 60_000 },
  global: { limit: 600, windowMs: 60_000 },
};

/** What the proxy tells the developer for refusals the shopper only hears of as "unavailable". */
const PROXY_MESSAGES = {
  invalid_request: 'The body does not follow the cache-card-form request contract.',
  origin_not_allowed: 'This origin is not in the proxy\'s allowed origins.',
  method_not_allowed: 'Use POST (or OPTIONS for a CORS preflight).',
  payload_too_large: 'The body is larger than the proxy accepts.',
  unsupported_media_type: 'The body must be application/json.',
  processor_misconfigured: 'Alipay refused the merchant\'s set-up; the proxy\'s log says what to fix.',
} as const;

class Refusal {
  constructor(
    readonly code: TokenizeErrorCode,
    readonly detail?: { fields?: FieldError[]; message?: string; retryAfter?: number; status?: number },
  ) {}
}

export function createCacheCardHandler(options: ProxyOptions): CacheCardHandler {
  const origins = new Set(options.allowedOrigins.map(normalizeOrigin));
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // JSON lines on the console by default: it exists in Node and in every Fetch-API runtime.
  const logger = options.logger ?? jsonLineLogger((line) => console.error(line.trimEnd()));
  const store = options.rateLimitStore ?? memoryRateLimitStore(now);
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const deadlineMs = options.deadlineMs ?? 8_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const policy = options.policy ?? DEFAULT_BRAND_POLICY;
  const billingAddress = options.billingAddress ?? 'none';

  const frame = options.frame ? { html: framePageHtml([...origins]), headers: framePageHeaders([...origins]), script: options.frame.script } : null;

  async function handle(request: Request, context: RequestContext): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (frame && request.method === 'GET' && path.endsWith('/frame')) return new Response(frame.html, { headers: frame.headers });
    if (frame && request.method === 'GET' && path.endsWith('/frame.js')) {
      return new Response(frame.script, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
      });
    }
    const origin = request.headers.get('origin');
    // The frame posts from the proxy's own origin: the same host the request came to.
    const ownOrigin = frame !== null && origin !== null && sameHost(origin, request);
    const allowed = origin !== null && (origins.has(origin) || ownOrigin);
    const cors: Record<string, string> = allowed ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };

    if (request.method === 'OPTIONS') {
      if (!allowed) return refuse(new Refusal('origin_not_allowed'), cors);
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': '600',
        },
      });
    }
    if (request.method !== 'POST') return refuse(new Refusal('method_not_allowed'), { ...cors, allow: 'POST, OPTIONS' });
    if (!allowed) {
      logger.log('warn', 'origin_refused', { origin: origin ?? '(none)' });
      return refuse(new Refusal('origin_not_allowed'), cors);
    }
    const type = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) return refuse(new Refusal('unsupported_media_type'), cors);

    const limited = await overLimit(context.clientAddress ?? 'unknown');
    if (limited) return refuse(limited, cors);

    let started = now();
    try {
      const body = await readJson(request, maxBodyBytes);
      const read = readCacheCardRequest(body, { policy, billingAddress, now: new Date(now()) });
      if (!read.ok) {
        if (read.code === 'invalid_card') {
          logger.log('info', 'card_refused', { status: 422, code: read.code, fields: read.fields.map((f) => `${f.field}:${f.problem}`).join(',') });
          return refuse(new Refusal('invalid_card', { fields: read.fields }), cors);
        }
        return refuse(new Refusal('invalid_request', { message: read.message }), cors);
      }
      started = now();
      const answer = await callAlipay(read.request);
      return await answerFrom(answer, read.brand, now() - started, cors);
    } catch (error) {
      if (error instanceof Refusal) return refuse(error, cors);
      // Only our own error's name is logged: a thrown error's text is never trusted to be free of data.
      logger.log('error', 'proxy_failed', { reason: error instanceof Error ? error.name : typeof error, ms: now() - started });
      return refuse(new Refusal('processor_error'), cors);
    }
  }

  async function overLimit(address: string): Promise<Refusal | null> {
    for (const [name, limit, key] of [
      ['per_address', limits.perAddress, `address:${address}`],
      ['global', limits.global, 'global'],
    ] as const) {
      if (!limit.limit) continue;
      let hit: Awaited<ReturnType<RateLimitStore['hit']>>;
      try {
        hit = await store.hit(`cache-card:${key}`, limit.windowMs);
      } catch (error) {
        // Fail closed: the limits are the defence against card testing. The shopper may retry in a moment.
        logger.log('error', 'rate_limit_store_failed', { reason: error instanceof Error ? error.name : typeof error, fix: 'the rate-limit store (Redis?) did not answer' });
        return new Refusal('processor_unavailable', { status: 503 });
      }
      const { count, resetAt } = hit;
      if (count > limit.limit) {
        const retryAfter = Math.max(1, Math.ceil((resetAt - now()) / 1000));
        if (count === limit.limit + 1) logger.log('warn', 'rate_limited', { reason: name, retryAfter });
        return new Refusal('rate_limited', { retryAfter });
      }
    }
    return null;
  }

  /** Calls Alipay, trying UNKNOWN_EXCEPTION again with growing pauses while the deadline allows. */
  async function callAlipay(body: Parameters<AlipayClient['cacheCard']>[0]): Promise<AlipayAnswer> {
    const deadline = now() + deadlineMs;
    const signal = AbortSignal.timeout(deadlineMs);
    let answer: AlipayAnswer = { kind: 'failure', failure: 'timeout' };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      answer = await options.alipay.cacheCard(body, signal);
      if (answer.kind !== 'result' || !outcomeOf(answer.resultStatus, answer.resultCode).retry || attempt === maxAttempts) break;
      const pause = 100 * 2 ** (attempt - 1);
      if (now() + pause >= deadline - 250) break;
      logger.log('warn', 'alipay_retry', { resultCode: answer.resultCode, attempt });
      await sleep(pause);
    }
    return answer;
  }

  async function answerFrom(answer: AlipayAnswer, brand: AlipayBrand | null, ms: number, cors: Record<string, string>) {
    if (answer.kind === 'failure') {
      const outcome: Outcome = TRANSPORT_OUTCOMES[answer.failure];
      logger.log(answer.failure === 'timeout' ? 'warn' : 'error', 'alipay_failed', {
        reason: answer.failure,
        status: answer.httpStatus,
        fix: outcome.fix,
        ms,
      });
      return refuse(new Refusal(outcome.code, { status: outcome.status }), cors);
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
      if (options.onTokenized) {
        try {
          await options.onTokenized(record);
        } catch (error) {
          logger.log('error', 'on_tokenized_failed', { reason: error instanceof Error ? error.name : typeof error });
        }
      }
      return json(200, { cardToken, mask }, cors);
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
    return refuse(new Refusal(outcome.code, { status: outcome.status, retryAfter }), cors);
  }

  return (request, context = {}) => handle(request, context);
}

function refuse(refusal: Refusal, headers: Record<string, string>): Response {
  const { code, detail = {} } = refusal;
  const status = detail.status ?? TOKENIZE_ERRORS[code].status;
  const error = {
    code,
    message: detail.message ?? PROXY_MESSAGES[code as keyof typeof PROXY_MESSAGES] ?? message(errorKey(code), [ENGLISH]),
    ...(detail.fields ? { fields: detail.fields } : {}),
  };
  const extra: Record<string, string> = detail.retryAfter ? { 'retry-after': String(detail.retryAfter) } : {};
  return json(status, { error }, { ...headers, ...extra });
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

/** Reads the body as strict UTF-8 JSON, counting the bytes as they stream in (Content-Length may be absent or false). */
async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new Refusal('payload_too_large');
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new Refusal('payload_too_large');
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Refusal('invalid_request', { message: 'The body is not valid UTF-8.' });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal('invalid_request', { message: 'The body is not valid JSON.' });
  }
}

function sameHost(origin: string, request: Request): boolean {
  try {
    return new URL(origin).host === (request.headers.get('host') ?? new URL(request.url).host);
  } catch {
    return false;
  }
}

export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new Error(`not an origin: ${origin}`);
  }
}
