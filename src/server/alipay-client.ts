/**
 * Calls Alipay's cacheCard: signs the exact bytes it sends, verifies the answer's signature over the raw bytes
 * it received, and says what came back without deciding what it means for the shopper (result-codes.ts does).
 *
 * A signature proves who wrote an answer, not which request it answers. So a success is taken only when it
 * belongs to this call: its mask and last4 are the card that was sent, its brand is the one sent, its client id
 * is the merchant's, and its response-time is within ANSWER_FRESHNESS_MS of now. The call never follows a
 * redirect (it would post the card and signature elsewhere), refuses plain http except to this machine (the
 * simulator), and reads at most MAX_ANSWER_BYTES of an answer.
 *
 * Runtime-neutral: it signs on Web Crypto and sends through `fetch` unless given another signer or transport.
 * On Node, `node-alipay.ts` makes the same client with node:crypto and node:http(s) (the package's Node build does).
 */
import { isTokenizeResult, type CacheCardRequest } from '../card/contract.ts';
import { CACHE_CARD_PATH, contentToSign, parseSignatureHeader, pathForClient, signatureHeader } from './ams-signature.ts';
import { reachesLoopback } from './client-address.ts';
import { Refusal } from './refusal.ts';
import type { TransportFailure } from './result-codes.ts';
import { fetchTransport, type AlipayTransport, type TransportResponse } from './transport.ts';
import { webCryptoSignerFor, type AmsSigner, type RsaKeyInput } from './web-crypto.ts';

/** What `createAlipayClient` takes: where Alipay is, the merchant's client id and keys, and parts to use instead of its own. */
export interface AlipayClientOptions {
  /** Base URL: a region host (`https://open-sea-global.alipay.com`) or a simulator. */
  endpoint: string;
  /** The merchant's client id: sent as `client-id`, and the one each answer must carry. `SANDBOX_...` calls the sandbox. */
  clientId: string;
  /** The merchant's private key: a CryptoKey (`importPrivateKey`) or a Node KeyObject. */
  privateKey: RsaKeyInput;
  /** Alipay's public key: a CryptoKey (`importPublicKey`) or a Node KeyObject. */
  alipayPublicKey: RsaKeyInput;
  /** The version of the merchant's key at Alipay, sent in the `signature` header. Default 1. */
  keyVersion?: number;
  /**
   * Signs and verifies in place of the keys above. Default: Web Crypto; from `cache-card-form/server` on Node,
   * node:crypto for KeyObjects.
   */
  signer?: AmsSigner;
  /**
   * Sends the call. Default: `fetchTransport()`; from `cache-card-form/server` on Node, `nodeTransport()` unless
   * `fetch` is given.
   */
  transport?: AlipayTransport;
  /** The `fetch` the default transport calls (on Node, giving one chooses `fetchTransport`). */
  fetch?: typeof fetch;
  /** Epoch milliseconds; the request-time header. */
  now?: () => number;
}

/** The card of Alipay's success, as the proxy kept it once checked against the card sent. */
export interface CachedCard {
  /** The token that stands for the card. */
  cardToken: string;
  /** The masked number, as Alipay sent it (`411111******1111`). */
  mask: string;
  /** The last four digits, when Alipay sent them. */
  last4?: string;
  /** The brand Alipay named, when it sent one. */
  brand?: string;
}

/**
 * What one cacheCard call came to: Alipay's `result` (S, F or U and its code; the card's token and expiry on S), or
 * the `failure` of a call that gave none to trust (`timeout`, `bad_signature`, `wrong_card`...), with the HTTP status
 * of a redirect or an error status.
 */
export type AlipayAnswer =
  | { kind: 'result'; resultStatus: 'S' | 'F' | 'U'; resultCode: string; card?: CachedCard; expiryTime?: string }
  | { kind: 'failure'; failure: TransportFailure; httpStatus?: number };

/** What the proxy calls Alipay through: `createAlipayClient`'s, or a stand-in of your own. */
export interface AlipayClient {
  /**
   * One cacheCard call for the checked `request`, given up when `signal` aborts (the proxy's deadline). The client
   * `createAlipayClient` makes resolves with a `failure` when the transport fails or the answer cannot be trusted.
   */
  cacheCard(request: CacheCardRequest, signal: AbortSignal): Promise<AlipayAnswer>;
}

/** How far an answer's response-time may be from this machine's clock. */
export const ANSWER_FRESHNESS_MS = 5 * 60_000;
/** A cacheCard answer is under 2 KiB; nothing legitimate comes near this. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Throws, with a message for the merchant, for an endpoint the proxy must not send cards to. */
export function checkAlipayEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`ALIPAY_ENDPOINT must be an https URL, not ${endpoint}`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && reachesLoopback(url.hostname))) return url;
  throw new Error(`ALIPAY_ENDPOINT must be an https URL (plain http only to this machine, for the simulator), not ${url.origin}`);
}

/**
 * The Alipay cacheCard client: signs each request, calls Alipay, and verifies that the answer is signed by Alipay
 * and belongs to the request (client id, path, fresh `response-time`, the card's shape) before it counts.
 */
export function createAlipayClient(options: AlipayClientOptions): AlipayClient {
  const endpoint = checkAlipayEndpoint(options.endpoint);
  const path = pathForClient(CACHE_CARD_PATH, options.clientId);
  const url = new URL(endpoint.pathname.replace(/\/$/, '') + path, endpoint);
  const transport = options.transport ?? fetchTransport(options.fetch ?? fetch);
  const signer = options.signer ?? webCryptoSignerFor(options.privateKey, options.alipayPublicKey);
  const now = options.now ?? Date.now;
  const keyVersion = options.keyVersion ?? 1;

  return {
    async cacheCard(request, signal) {
      const body = JSON.stringify(request);
      const requestTime = String(now());
      const signature = await signer.sign(contentToSign('POST', path, options.clientId, requestTime, body));
      let response: TransportResponse;
      try {
        response = await transport({
          url,
          headers: {
            'content-type': 'application/json; charset=UTF-8',
            'client-id': options.clientId,
            'request-time': requestTime,
            signature: signatureHeader(signature, keyVersion),
          },
          body,
          signal,
          maxBytes: MAX_ANSWER_BYTES,
        });
      } catch (error) {
        if (error instanceof Refusal) return { kind: 'failure', failure: 'too_large' };
        return { kind: 'failure', failure: signal.aborted ? 'timeout' : 'unreachable' };
      }
      if (response.status >= 300 && response.status < 400) return { kind: 'failure', failure: 'redirect', httpStatus: response.status };
      if (response.status !== 200) return { kind: 'failure', failure: 'http_status', httpStatus: response.status };
      const text = response.text;

      let parsed: {
        result?: { resultStatus?: unknown; resultCode?: unknown };
        paymentMethodDetail?: { card?: unknown };
        expiryTime?: unknown;
      };
      try {
        parsed = JSON.parse(text);
      } catch {
        return { kind: 'failure', failure: 'bad_body' };
      }
      const status = parsed?.result?.resultStatus;
      const code = parsed?.result?.resultCode;
      if ((status !== 'S' && status !== 'F' && status !== 'U') || typeof code !== 'string') return { kind: 'failure', failure: 'bad_body' };

      // An unsigned answer is tolerated only for F and U (as Alipay's SDKs do); a bad signature never.
      const header = response.header('signature');
      const responseTime = response.header('response-time') ?? '';
      if (header || status === 'S') {
        const signed = parseSignatureHeader(header);
        const content = contentToSign('POST', path, options.clientId, responseTime, text);
        if (signed === null || !(await signer.verify(content, signed.signature))) return { kind: 'failure', failure: 'bad_signature' };
      }
      if (status !== 'S') return { kind: 'result', resultStatus: status, resultCode: code };
      // The spec's S is SUCCESS and nothing else: an S with another code is no answer it describes, never a token.
      if (code !== 'SUCCESS') return { kind: 'failure', failure: 'bad_body' };
      const card = parsed.paymentMethodDetail?.card as CachedCard | undefined;
      if (!isTokenizeResult(card)) return { kind: 'failure', failure: 'bad_body' };
      // The parts the answer is checked by are strings where they are given: one of another type is not ignored.
      const echoed = card as unknown as Record<string, unknown>;
      if (['last4', 'brand', 'expiryYear', 'expiryMonth'].some((key) => echoed[key] != null && typeof echoed[key] !== 'string'))
        return { kind: 'failure', failure: 'bad_body' };
      const answered = { cardToken: card.cardToken, mask: card.mask, last4: str(card.last4), brand: str(card.brand) };
      if (response.header('client-id') !== options.clientId) return { kind: 'failure', failure: 'wrong_client' };
      if (!isFresh(responseTime, now())) return { kind: 'failure', failure: 'stale_answer' };
      if (!belongsTo(answered, echoed, request.paymentMethodDetail.card)) return { kind: 'failure', failure: 'wrong_card' };
      // A token is what the page keeps and the merchant stores: never the card number, whoever signed it.
      if (answered.cardToken.includes(request.paymentMethodDetail.card.cardNo)) return { kind: 'failure', failure: 'card_in_token' };
      return { kind: 'result', resultStatus: 'S', resultCode: code, card: answered, expiryTime: str(parsed.expiryTime) };
    },
  };
}

/**
 * Whether an answer's card is the card that was sent: the digits its mask shows, its last four, its brand, and
 * the expiry Alipay echoes (where it does), which tells apart two cards of the same first six and last four.
 */
function belongsTo(answered: CachedCard, echoed: Record<string, unknown>, sent: CacheCardRequest['paymentMethodDetail']['card']): boolean {
  const { expiryMonth, expiryYear } = echoed;
  // Digits written as Alipay writes them: the month with or without its 0 ("7" is "07"), the year in four digits
  // or its last two ("31" is "2031", "2131" is not). Not what Number() reads besides ("0x7", " 7 ", "7.0").
  if (expiryMonth != null && !(/^\d\d?$/.test(String(expiryMonth)) && Number(expiryMonth) === Number(sent.expiryMonth))) return false;
  if (expiryYear != null && expiryYear !== sent.expiryYear && expiryYear !== sent.expiryYear.slice(-2)) return false;
  const pan = sent.cardNo;
  const { mask } = answered;
  const leading = /^\d*/.exec(mask)![0];
  const trailing = /\d*$/.exec(mask)![0];
  if (mask.length !== pan.length || !pan.startsWith(leading) || !pan.endsWith(trailing)) return false;
  // At least the last four must be there to compare, in the mask or in last4.
  if (trailing.length < 4 && answered.last4 === undefined) return false;
  if (answered.last4 !== undefined && answered.last4 !== pan.slice(-4)) return false;
  return answered.brand === undefined || sent.brand === undefined || answered.brand === sent.brand;
}

/**
 * An answer's response-time within ANSWER_FRESHNESS_MS of now: epoch milliseconds, or ISO 8601 with its offset
 * (`2019-05-28T12:12:12+08:00`, as Alipay writes it). A time without an offset would be read in this machine's
 * time zone, hours off; any other shape `Date` happens to read is no time Alipay sends.
 */
function isFresh(responseTime: string, at: number): boolean {
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(responseTime);
  const time = /^\d{10,}$/.test(responseTime) ? Number(responseTime) : iso ? Date.parse(responseTime) : NaN;
  return Number.isFinite(time) && Math.abs(at - time) <= ANSWER_FRESHNESS_MS;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
