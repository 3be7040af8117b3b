/**
 * The merchant proxy. It trusts nothing from the browser: exact origins, POST and JSON only, a body limit counted
 * on the streamed bytes, rate limits per address and overall, and the card checked again and rebuilt before it
 * goes to Alipay. Bad input gets a 4xx with a stable code; it never reaches Alipay.
 *
 * Written once as a core on plain values (`ProxyRequest` -> `ProxyAnswer`), composed of one small function per
 * concern, and offered as a Fetch-API handler, `(request) => Promise<Response>`, for every runtime. The Node
 * adapter calls the same core directly, without building a Request or web streams.
 */
import { DEFAULT_BRAND_POLICY, namedOnlyByLookup, ruleOf, type AlipayBrand, type BrandPolicy } from '../card/brands.ts';
import { readCacheCardRequest, type BillingAddressMode, type FieldError } from '../card/contract.ts';
import type { AlipayAnswer, AlipayClient } from './alipay-client.ts';
import { answerAlipay, isDecline, type TokenizedRecord } from './answer.ts';
import { checkDeclaredLength, collectStreamWithin, DEFAULT_REQUEST_TIMEOUT_MS, parseJson } from './body.ts';
import { normalizeOrigin, originChecker, preflightHeaders } from './cors.ts';
import { framePageHeaders, framePageHtml, frameScriptName } from './frame-page.ts';
import { addressKey, namesAHost } from './client-address.ts';
import { cardFingerprinter, type CardFingerprinter } from './card-fingerprint.ts';
import { consoleLogger, errorName, refusalLinesThrottled, type Logger } from './logger.ts';
import { DEFAULT_RATE_LIMITS, memoryRateLimitStore, rateLimiter, type RateLimits, type RateLimitStore } from './rate-limit.ts';
import { jsonAnswer, Refusal, refusalAnswer, type ProxyAnswer } from './refusal.ts';
import { defaultBrandLookup, isAlipayBrand, isBin, type BrandLookup } from './brand-lookup.ts';
import { callWithRetries, DEFAULT_DEADLINE_MS } from './upstream.ts';

export type { TokenizedRecord } from './answer.ts';

/** What `createCacheCardHandler` takes: the Alipay client and the allowed origins, and every setting with its default. */
export interface ProxyOptions {
  /** The Alipay cacheCard client (`createAlipayClient`), or a stand-in of your own. */
  alipay: AlipayClient;
  /** Exact origins allowed to call, e.g. `https://shop.example`. */
  allowedOrigins: readonly string[];
  /** The brands taken, published to the form at `GET <path>/policy`. Default: every Alipay brand, no unknown one. */
  policy?: BrandPolicy;
  /**
   * How much billing address a card must come with: `full`, `postal` or `none`. Default `none` (the form asks for
   * what this says, once it has read the policy).
   */
  billingAddress?: BillingAddressMode;
  /**
   * Per client address, per card, Alipay's declines per address, and overall; `limit: 0` turns one off. Default 10
   * a minute per address, 5 an hour per card, 10 declines an hour per address, 600 a minute overall.
   */
  rateLimits?: Partial<RateLimits>;
  /**
   * Where the counts live: `redisRateLimitStore` to share them between instances; this process's memory by default.
   * A store that does not answer holds back every card with `503 processor_unavailable` (bad input keeps its 4xx).
   */
  rateLimitStore?: RateLimitStore;
  /**
   * The secret of the card fingerprints the per-card limit counts (an HMAC key). Instances that share a
   * `rateLimitStore` need the same one; the standalone proxies and `createProxyFromEnv` derive it from the merchant's
   * private key. Default: random for this process.
   */
  cardFingerprintSecret?: string;
  /**
   * Makes the fingerprints from `cardFingerprintSecret`: HMAC-SHA-256 on Web Crypto by default. The Node build passes
   * node:crypto's (`nodeCardFingerprinter`), the same bytes for a tenth of the CPU.
   */
  cardFingerprinter?: CardFingerprinter;
  /** Largest body accepted, in bytes. Default 16 KiB; a real request is under 2 KiB. */
  maxBodyBytes?: number;
  /** Total time for one tokenization, retries included. Default 8 s. */
  deadlineMs?: number;
  /**
   * Time a client has to send its body once its headers have come, on the Fetch-API handler; a slower one gets
   * `408 invalid_request`. Default 10 s. (The node:http adapter leaves this to the server's `requestTimeout`.)
   */
  requestTimeoutMs?: number;
  /** Tries of an UNKNOWN_EXCEPTION answer within the deadline. Default 3. */
  maxAttempts?: number;
  /**
   * For your records: the token, mask, `last4`, brand and expiry time of each card tokenized. Awaited before the
   * shopper gets the token; a throw is logged (`on_tokenized_failed`), and the shopper still gets it.
   */
  onTokenized?: (record: TokenizedRecord) => void | Promise<void>;
  /** Where the proxy answers: `POST <path>` (and `GET <path>/frame`, `<path>/frame.js`...). Default `/cache-card`. */
  path?: string;
  /**
   * Serve the isolated frame: `GET <path>/frame` and `GET <path>/frame.js`, and take POSTs from the frame, whose
   * origin is `publicOrigin`: this proxy's origin as shoppers' browsers reach it (`https://pay.shop.example`).
   * It must differ from every checkout page's origin. `script` is the built frame script (`readFrameScript()`);
   * `locales` the locale packs by tag (`readFrameLocales()`), served as `GET <path>/frame.<tag>.js` for the frame to
   * fetch the one its host's locale needs. Without them the frame speaks English only.
   */
  frame?: { script: string; publicOrigin: string; locales?: Readonly<Record<string, string>> };
  /** IPv6 clients are limited per network of this prefix length (one host owns a /64). Default 64. */
  ipv6Prefix?: number;
  /**
   * Which networks a card's BIN (6 to 8 digits) can be paid on, for co-badged cards: the shopper chooses among
   * those the merchant takes. Default: the brand table and the public co-badged test BINs (brand-lookup.ts).
   */
  lookupBrands?: BrandLookup;
  /** Require a security code even on cards whose brand may have none (many Maestro cards). Default false. */
  requireSecurityCode?: boolean;
  /**
   * Where log lines go; JSON lines on `console.error` by default (`jsonLineLogger`, whose redaction keeps card data
   * out of them). A logger of your own receives the fields unredacted.
   */
  logger?: Logger;
  /** The clock, epoch milliseconds: card expiry, rate-limit windows, the deadline and timings. Default `Date.now`. */
  now?: () => number;
  /** Waits `ms` between tries of an UNKNOWN_EXCEPTION answer. Default: a `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

/** What the runtime knows of a request that the request does not say: the handler's second argument. */
export interface RequestContext {
  /**
   * The caller's address, as the adapter knows it; the unit of the per-address limit. Without it every request
   * shares one per-address count: pass the peer's address (`ProxyFromEnv.clientAddress` reads it as configured).
   */
  clientAddress?: string;
}

/** A request as the proxy reads it: what every adapter can give without building anything. */
export interface ProxyRequest {
  /** The HTTP method (`POST`, `GET`, `OPTIONS`...). */
  method: string;
  /** The URL's path, without the query. */
  path: string;
  /** A header by its lower-case name. */
  header(name: string): string | null;
  /**
   * The body's bytes; past `maxBytes` it stops reading and throws `new Refusal('payload_too_large')` (`Refusal` is
   * exported with the handler), answered 413. Any other error is the proxy's own failure, answered 502.
   */
  body(maxBytes: number): Promise<Uint8Array>;
  /** As `RequestContext.clientAddress`. */
  clientAddress?: string;
  /**
   * Set by an adapter that could not read the request (`host`: its Host names no host; or its body was read before
   * the proxy): why, for the log line. The core refuses it, `400 invalid_request`, counted against `clientAddress`
   * as every other refusal is, and reads nothing else of it.
   */
  unreadable?: string;
}

/** The proxy on plain values, `ProxyRequest` to `ProxyAnswer`: a handler's `core`, for adapters without Request and Response. */
export type ProxyCore = (request: ProxyRequest) => Promise<ProxyAnswer>;

/** The Fetch-API handler; `core` is the same proxy on plain values, for adapters that can skip Request and Response. */
export type CacheCardHandler = ((request: Request, context?: RequestContext) => Promise<Response>) & { readonly core: ProxyCore };

/**
 * A request whose Host names no host: Deno, Bun and workerd hand on a Request whose URL does not parse (Bun's holds
 * its path alone). Answered as Node's adapter answers it, never with the runtime's 500 (on Bun an error page that
 * shows the proxy's source).
 */
const UNREADABLE = new Refusal('invalid_request', { message: 'The request could not be read.' });
/**
 * Why a Request whose body something before the handler read (a middleware's `c.req.json()`) is refused: the log
 * line a merchant reads. Without it the body would fail to stream, as the proxy's own failure (502).
 */
const BODY_READ_BEFORE = 'its body was read before the proxy: hand the proxy the request before any middleware or body parser reads it';

/**
 * The card proxy as a Fetch-API handler, `(request, { clientAddress }) => Promise<Response>`, for every runtime:
 * it answers `POST <path>` (the card), `GET <path>/policy`, `POST <path>/brands` and, with `frame`, the isolated
 * frame's page and scripts; anything else 404. Its `core` is the same proxy on plain values, for adapters.
 */
export function createCacheCardHandler(options: ProxyOptions): CacheCardHandler {
  const core = createProxyCore(options);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const handler = async (request: Request, context: RequestContext = {}) =>
    toResponse(
      await core(
        request.bodyUsed
          ? unreadableRequest(request, context, BODY_READ_BEFORE)
          : (fromRequest(request, context, requestTimeoutMs) ?? unreadableRequest(request, context, 'host')),
      ),
    );
  return Object.assign(handler, { core });
}

function createProxyCore(options: ProxyOptions): ProxyCore {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // JSON lines on the console by default: it exists in Node and in every Fetch-API runtime. Lines that a flood
  // of refused requests would repeat are kept to 20 a minute each.
  const logger = refusalLinesThrottled(options.logger ?? consoleLogger(), REFUSAL_EVENTS, now);
  const given = options.rateLimits ?? {};
  const limits = {
    perAddress: given.perAddress ?? DEFAULT_RATE_LIMITS.perAddress,
    perCard: given.perCard ?? DEFAULT_RATE_LIMITS.perCard,
    declinesPerAddress: given.declinesPerAddress ?? DEFAULT_RATE_LIMITS.declinesPerAddress,
    global: given.global ?? DEFAULT_RATE_LIMITS.global,
  };
  const limiter = rateLimiter(options.rateLimitStore ?? memoryRateLimitStore(now), limits, logger, now);
  const fingerprint = options.cardFingerprinter ?? cardFingerprinter(options.cardFingerprintSecret);
  if (limiter.countsCards && options.rateLimitStore && options.cardFingerprintSecret === undefined) {
    logger.log('warn', 'card_fingerprint_per_instance', {
      fix: 'give every instance the same cardFingerprintSecret, or each counts its own attempts per card',
    });
  }
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const retries = {
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxAttempts: Math.max(1, options.maxAttempts ?? 3),
    now,
    sleep,
    logger,
  };
  const policy = options.policy ?? DEFAULT_BRAND_POLICY;
  const billingAddress = options.billingAddress ?? 'none';
  const requireSecurityCode = options.requireSecurityCode ?? false;
  // Expiry is judged in the earliest time zone: a card is good until its month has ended everywhere.
  const checks = { policy, billingAddress, requireSecurityCode, utcOffsetHours: -12 };
  const lookupBrands = options.lookupBrands ?? defaultBrandLookup;
  /** What the form follows (GET <path>/policy): the proxy is the source of truth. */
  const published = JSON.stringify({
    acceptedBrands: policy.acceptedBrands,
    allowUnknownBrands: policy.allowUnknownBrands,
    billingAddress,
    requireSecurityCode,
  });
  const publicOrigin = options.frame ? normalizeOrigin(options.frame.publicOrigin) : null;
  if (publicOrigin && options.allowedOrigins.map(normalizeOrigin).includes(publicOrigin)) {
    throw new Error(
      `frame.publicOrigin ${publicOrigin} is also an allowed checkout origin: a frame on the page's own origin isolates nothing`,
    );
  }
  const checkOrigin = originChecker(options.allowedOrigins, publicOrigin);
  const base = (options.path ?? '/cache-card').replace(/\/+$/, '') || '/';
  const frame = options.frame ? framePages(options.allowedOrigins, options.frame.script, published, options.frame.locales ?? {}) : null;
  const notFound = () => refusalAnswer(new Refusal('not_found'), {});

  /**
   * The networks the BIN lookup names (Alipay's brands only), or null when it threw: that is logged (its class only),
   * and the card goes on the network its number names, as if the lookup knew nothing more.
   */
  async function lookup(bin: string): Promise<readonly AlipayBrand[] | null> {
    try {
      const named = await lookupBrands(bin);
      const brands = named.filter(isAlipayBrand);
      // A service's own names for networks (`visa`, `BC_CARD`) would silently name none: the merchant hears of them.
      if (brands.length < named.length)
        logger.log('warn', 'brand_lookup_unknown', {
          reason: named
            .filter((name) => !isAlipayBrand(name))
            .map((name) => String(name).slice(0, 32))
            .join(','),
          fix: "lookupBrands answered names that are none of Alipay's brands (VISA, CARTES_BANCAIRES, ...)",
        });
      return brands;
    } catch (error) {
      logger.log('error', 'brand_lookup_failed', { reason: errorName(error) });
      return null;
    }
  }

  /** The lengths of the accepted brands that only a BIN lookup can name. */
  const lookupOnlyLengths = new Set(policy.acceptedBrands.filter(namedOnlyByLookup).flatMap((brand) => ruleOf(brand).lengths));

  /**
   * The accepted brands the lookup names for a card the brand table could not name; none for any other card. The
   * lookup is not asked about a number no accepted brand that only it names could have, and a lookup that threw
   * names none: the card is refused as unknown, as the form refuses it (its `/brands` answer is empty too).
   */
  async function namedByLookup(body: unknown, fields: readonly FieldError[]): Promise<AlipayBrand[]> {
    if (fields.length !== 1 || fields[0]!.field !== 'cardNumber' || fields[0]!.problem !== 'brand_unknown') return [];
    const cardNo = (body as { paymentMethodDetail: { card: { cardNo: string } } }).paymentMethodDetail.card.cardNo;
    if (!lookupOnlyLengths.has(cardNo.length)) return [];
    return ((await lookup(cardNo.slice(0, 8))) ?? []).filter((brand) => policy.acceptedBrands.includes(brand));
  }

  /** POST <path>/brands `{ "bin": "12345678" }`: the networks the merchant takes that this BIN can be paid on. */
  async function networksFor(request: ProxyRequest, cors: Record<string, string>, unavailable: Refusal | null): Promise<ProxyAnswer> {
    let body: { bin?: unknown } | null;
    try {
      body = parseJson(await request.body(256)) as { bin?: unknown } | null;
    } catch (error) {
      if (error instanceof Refusal) return refusalAnswer(error, cors);
      logger.log('error', 'proxy_failed', { reason: errorName(error) });
      return refusalAnswer(new Refusal('processor_error'), cors);
    }
    if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'bin' || !isBin(body.bin))
      return refusalAnswer(new Refusal('invalid_request', { message: 'The body must be { "bin": 6 to 8 digits }.' }), cors);
    // A store that did not answer holds back a good question, as it holds back a card; a bad one kept its 400.
    if (unavailable) return refusalAnswer(unavailable, cors);
    // Without the lookup the card still goes, on the network its number names: no networks to choose from.
    const networks = ((await lookup(body.bin)) ?? []).filter((brand) => policy.acceptedBrands.includes(brand));
    return jsonAnswer(200, { networks }, cors);
  }

  const core: ProxyCore = async (request) => {
    if (request.unreadable !== undefined) {
      // Whatever it asks for: what it names cannot be trusted. It costs its sender one of the address's requests.
      logger.log('warn', 'request_unreadable', { reason: request.unreadable });
      return refusalAnswer(
        overLimit(await limiter.forRequest(addressKey(request.clientAddress, options.ipv6Prefix)).refused()) ?? UNREADABLE,
        {},
      );
    }
    const { method, path } = request;
    const route = path === base ? '' : path.startsWith(`${base}/`) ? path.slice(base.length) : null;
    if (route === null) return notFound();
    if (route.startsWith('/frame')) {
      const page = frame?.(route);
      // A HEAD gets the GET's answer, whose body every server runtime leaves out.
      return page && (method === 'GET' || method === 'HEAD') ? page : notFound();
    }
    if (route !== '' && route !== '/policy' && route !== '/brands') return notFound();
    const cors = checkOrigin(request.header('origin'));
    if (method === 'OPTIONS') {
      if (!cors.allowed) return refusalAnswer(new Refusal('origin_not_allowed'), cors.headers);
      return { status: 204, headers: preflightHeaders(cors.headers), body: null };
    }
    if (route === '/policy') {
      if (method !== 'GET')
        return refusalAnswer(new Refusal('method_not_allowed', { message: 'Use GET (or OPTIONS for a CORS preflight).' }), {
          ...cors.headers,
          allow: 'GET, OPTIONS',
        });
      // A browser sends no Origin with a GET from the proxy's own origin: that page may read it too. A page on
      // another origin sends its Origin, and gets the policy only if that origin is allowed.
      if (!cors.allowed && request.header('origin') !== null) return refusalAnswer(new Refusal('origin_not_allowed'), cors.headers);
      // Cached by the browser: a policy changes with a deployment, not between two shoppers.
      return {
        status: 200,
        headers: { ...jsonAnswer(200, null, cors.headers).headers, 'cache-control': 'private, max-age=300' },
        body: published,
      };
    }
    // Every other request counts against its client's address, refused ones too: once its fate is known, so that
    // one that would reach Alipay counts against the address and the global ceiling in one call to the store.
    const counted = limiter.forRequest(addressKey(request.clientAddress, options.ipv6Prefix));
    const refuse = async (refusal: Refusal, headers = cors.headers) =>
      refusalAnswer(overLimit(await counted.refused()) ?? refusal, headers);
    if (method !== 'POST') return refuse(new Refusal('method_not_allowed'), { ...cors.headers, allow: 'POST, OPTIONS' });
    if (!cors.allowed) {
      logger.log('warn', 'origin_refused', { origin: request.header('origin') ?? '(none)' });
      return refuse(new Refusal('origin_not_allowed'));
    }
    if (!isJsonBody(request.header('content-type'), request.header('content-encoding')))
      return refuse(new Refusal('unsupported_media_type'));
    if (route === '/brands') {
      // A BIN lookup never reaches Alipay: it counts against its address alone, as a refused request does.
      const limited = await counted.refused();
      const over = overLimit(limited);
      return over ? refusalAnswer(over, cors.headers) : networksFor(request, cors.headers, limited);
    }

    let started = now();
    try {
      checkDeclaredLength(request.header('content-length'), maxBodyBytes);
      const body = parseJson(await request.body(maxBodyBytes));
      let read = readCacheCardRequest(body, { ...checks, now: new Date(now()) });
      // A number the brand table cannot name may still be one the BIN lookup can (a Korean issuer, say).
      const named = !read.ok && read.code === 'invalid_card' ? await namedByLookup(body, read.fields) : [];
      if (named.length)
        read = readCacheCardRequest(body, { ...checks, policy: { ...policy, allowUnknownBrands: true }, now: new Date(now()) });
      if (!read.ok) {
        if (read.code === 'invalid_card') {
          logger.log('info', 'card_refused', {
            status: 422,
            code: read.code,
            fields: read.fields.map((f) => `${f.field}:${f.problem}`).join(','),
          });
          return refuse(new Refusal('invalid_card', { fields: read.fields }));
        }
        return refuse(new Refusal('invalid_request', { message: read.message }));
      }
      // A co-badged card goes on the network the shopper chose, if its BIN allows that one and the merchant takes it.
      let card = named.length ? read.withBrand(named.find((b) => b === read.chosenBrand) ?? named[0]!) : read.request;
      if (!named.length && read.chosenBrand !== undefined && read.chosenBrand !== read.brand) {
        const chosen = read.chosenBrand;
        const networks = await lookup(read.request.paymentMethodDetail.card.cardNo.slice(0, 8));
        // Without the lookup (it threw), the card goes on the network its number names.
        if (networks) {
          if (!isAlipayBrand(chosen) || !networks.includes(chosen) || !policy.acceptedBrands.includes(chosen)) {
            logger.log('info', 'card_refused', { status: 422, code: 'network_not_allowed' });
            return refuse(new Refusal('network_not_allowed'));
          }
          card = read.withBrand(chosen);
        }
      }
      // Only a request that would reach Alipay counts against its card and the ceiling over every address.
      const limited = await counted.admit(limiter.countsCards ? await fingerprint(card.paymentMethodDetail.card.cardNo) : undefined);
      if (limited) return refusalAnswer(limited, cors.headers);
      started = now();
      let answer: AlipayAnswer | undefined;
      try {
        answer = await callWithRetries(options.alipay, card, retries);
      } finally {
        // Counted before the shopper hears of it: the address's next request already sees this decline.
        await counted.answered(answer !== undefined && isDecline(answer));
      }
      return await answerAlipay(answer, {
        brand: card.paymentMethodDetail.card.brand ?? null,
        ms: now() - started,
        cors: cors.headers,
        logger,
        onTokenized: options.onTokenized,
      });
    } catch (error) {
      if (error instanceof Refusal) return refuse(error);
      // Only the error's class is logged: a thrown error's text is never trusted to be free of data.
      logger.log('error', 'proxy_failed', { reason: errorName(error), ms: now() - started });
      // Counted against its address if it was not yet (a BIN lookup that threw, say).
      return refuse(new Refusal('processor_error'));
    }
  };
  return core;
}

/**
 * What counting a refused request may answer instead of its own refusal: a 429 past the limit. A store that fails
 * (logged by the limiter) leaves the request its 4xx: failing closed guards Alipay, which a refused request never
 * reaches, and bad input never gets a 5xx.
 */
const overLimit = (refusal: Refusal | null): Refusal | null => (refusal?.code === 'rate_limited' ? refusal : null);

/** Log lines a flood of refused requests would repeat (a lookup that is down fails for every such request). */
const REFUSAL_EVENTS = ['origin_refused', 'card_refused', 'brand_lookup_failed', 'brand_lookup_unknown', 'request_unreadable'];

/**
 * The isolated frame's page, script and locale packs: `GET <path>/frame`, `<path>/frame.<digest>.js` (what the page
 * loads, cached for good: a new build has a new digest), `<path>/frame.js` (the same, revalidated) and
 * `<path>/frame.<tag>.js`. The page itself is revalidated, so that it names the current script.
 */
function framePages(allowedOrigins: readonly string[], script: string, policy: string, locales: Readonly<Record<string, string>>) {
  const scriptName = frameScriptName(script);
  const html = { status: 200, headers: framePageHeaders(allowedOrigins), body: framePageHtml(allowedOrigins, policy, scriptName) };
  const js = (body: string, cacheControl = 'no-cache') => ({
    status: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' },
    body,
  });
  const scripts = new Map([
    [`/${scriptName}`, js(script, 'public, max-age=31536000, immutable')],
    ['/frame.js', js(script)],
    ...Object.entries(locales).map(([tag, pack]) => [`/frame.${tag}.js`, js(pack)] as const),
  ]);
  return (subpath: string): ProxyAnswer | null => (subpath === '/frame' ? html : (scripts.get(subpath) ?? null));
}

/**
 * A request the core refuses unread (its Host names no host, its body was read before), with the address it came
 * from and why, nothing else.
 */
function unreadableRequest(request: Request, context: RequestContext, why: string): ProxyRequest {
  return {
    method: request.method,
    path: '',
    header: () => null,
    body: () => Promise.resolve(new Uint8Array()),
    clientAddress: context.clientAddress,
    unreadable: why,
  };
}

/** The request as the core reads it, or null when its Host names no host (its URL is then not one). */
function fromRequest(request: Request, context: RequestContext, requestTimeoutMs: number): ProxyRequest | null {
  const host = request.headers.get('host');
  if (host !== null && !namesAHost(host)) return null;
  // A request without a Host (HTTP/1.0) has a URL of its path alone on Bun: read against a base.
  let url: URL;
  try {
    url = new URL(request.url, 'http://localhost');
  } catch {
    return null;
  }
  return {
    method: request.method,
    path: url.pathname,
    header: (name) => request.headers.get(name) ?? (name === 'host' ? url.host : null),
    body: (maxBytes) => (request.body ? collectStreamWithin(request.body, maxBytes, requestTimeoutMs) : Promise.resolve(new Uint8Array())),
    clientAddress: context.clientAddress,
  };
}

function toResponse(answer: ProxyAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * JSON as it is sent, in UTF-8: a body declared in another charset, or compressed, would be read as text it is
 * not (and a compressed one checked as if plain), so it is refused rather than guessed at.
 */
function isJsonBody(type: string | null, encoding: string | null): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type ?? '')?.[1];
  return (
    /^application\/json\s*(;|$)/i.test(type ?? '') &&
    (charset === undefined || /^utf-8$/i.test(charset)) &&
    /^(identity)?$/i.test((encoding ?? '').trim())
  );
}
