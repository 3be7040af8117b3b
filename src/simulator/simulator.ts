/**
 * A faithful local stand-in for Alipay's cacheCard: it verifies each request's signature over the raw body,
 * checks the fields as the spec says, mints a token like Alipay's and signs every answer. Faults come on demand
 * from test card numbers (test-cards.ts) or from the `fault` option.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_ALIPAY_BRANDS } from '../card/brands.ts';
import { maskCardNumber } from '../card/format.ts';
import { checkCardNumber, checkExpiryParts } from '../card/validate.ts';
import { CACHE_CARD_PATH, contentToSign, parseSignatureHeader, signatureHeader } from '../server/ams-signature.ts';
import { signContent, verifyContent } from '../server/node-crypto.ts';
import { TEST_CARD_FAULTS, type Fault } from './test-cards.ts';

/** What the simulator takes: the merchant it knows, the keys, and the faults and timings tests ask for. */
export interface SimulatorOptions {
  /** The merchant client id it knows; others get INVALID_CLIENT. */
  clientId: string;
  /** Verifies the merchant's request signatures. */
  merchantPublicKey: KeyObject;
  /** Signs the answers (the merchant verifies with the matching public key). */
  privateKey: KeyObject;
  /** The key version a request's signature must name (others get KEY_NOT_FOUND); its answers name it too. Default `'1'`. */
  keyVersion?: string;
  /** Added to each answer to a request whose card it reads (not to a refusal before that: a bad signature, say). */
  latencyMs?: number;
  /** How long the slow test card takes. Default 10 s. */
  slowMs?: number;
  /** Chooses a fault for one request (tests); the test cards apply when it returns undefined. */
  fault?: (request: { cardNo?: string; attempt: number }) => Fault | undefined;
  /** How long tokens live. Default 30 minutes. */
  tokenTtlMs?: number;
  /** The clock, epoch milliseconds: answers' `response-time`, tokens' expiry, cards' expiry. Default `Date.now`. */
  now?: () => number;
}

const SANDBOX_PATH = CACHE_CARD_PATH.replace('/ams/api/', '/ams/sandbox/api/');
const MAX_BODY = 64 * 1024;
/** The earliest time zone, UTC-12: where a month ends last. */
const EARLIEST_UTC_OFFSET = -12;

const RESULT_MESSAGES: Record<string, string> = {
  SUCCESS: 'success',
  PARAM_ILLEGAL: 'Illegal parameters. For example, non-numeric input, invalid date.',
  PROCESS_FAIL: "A general business failure occurred. Don't retry.",
  UNKNOWN_EXCEPTION: 'An API call failed, which is caused by unknown reasons.',
  REQUEST_TRAFFIC_EXCEED_LIMIT: 'Request traffic exceeds the limit.',
  REPEAT_REQ_INCONSISTENT: 'Repeat request inconsistent.',
  USER_NOT_EXIST: 'The user does not exist.',
  USER_STATUS_ABNORMAL: 'The user status is abnormal.',
  INVALID_API: 'API is invalid (or not active)',
  INVALID_CLIENT: 'Invalid client.',
  INVALID_SIGNATURE: 'Signature is invalid.',
  INVALID_PAYMENTMETHOD_TOKEN: 'The payment method token is invalid.',
  KEY_NOT_FOUND: 'Key is not found.',
  ACCESS_DENIED: 'Access denied.',
  METHOD_NOT_SUPPORTED: 'The server does not implement the requested HTTP method.',
};

/** A simulator `startSimulator` started. */
export interface RunningSimulator {
  /** Its address, `http://<host>:<port>`: the Alipay client's `endpoint`. */
  url: string;
  /** The node:http server it listens on. */
  server: Server;
  /**
   * Requests answered with a result, by its code: for tests that must prove nothing reached Alipay. The test cards
   * that drop the connection, answer HTTP 500 or a body that is not JSON are not recorded.
   */
  readonly calls: { resultCode: string; cardNo?: string }[];
  /** Closes its connections and its server; resolves once it is closed. */
  close(): Promise<void>;
}

/** The simulator as a node:http request listener, for a server of your own; its `calls` as `RunningSimulator`'s. */
export function createSimulatorListener(options: SimulatorOptions) {
  const now = options.now ?? Date.now;
  const keyVersion = options.keyVersion ?? '1';
  const tries = new Map<string, number>();
  const calls: { resultCode: string; cardNo?: string }[] = [];
  const wrongKey = lazyWrongKey();

  async function listener(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = await readBody(req).catch(() => null);
    // Answers are signed for the client id that called, as Alipay does, even one it does not know.
    const calledBy = header(req, 'client-id') || options.clientId;
    const answer = (status: 'S' | 'F' | 'U', code: string, extra: object = {}, how: { unsigned?: boolean; wrongKey?: boolean } = {}) => {
      calls.push({ resultCode: code, cardNo: (extra as { cardNo?: string }).cardNo });
      const { cardNo: _omit, ...rest } = extra as { cardNo?: string };
      const body = JSON.stringify({
        result: { resultStatus: status, resultCode: code, resultMessage: RESULT_MESSAGES[code] ?? code },
        ...rest,
      });
      const responseTime = isoWithOffset(now(), 8);
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=UTF-8',
        'client-id': calledBy,
        'response-time': responseTime,
      };
      if (!how.unsigned) {
        const key = how.wrongKey ? wrongKey() : options.privateKey;
        headers.signature = signatureHeader(signContent(contentToSign('POST', path, calledBy, responseTime, body), key), keyVersion);
      }
      res.writeHead(200, headers).end(body);
    };

    if (path !== CACHE_CARD_PATH && path !== SANDBOX_PATH) return answer('F', 'INVALID_API');
    if (req.method !== 'POST') return answer('F', 'METHOD_NOT_SUPPORTED');
    // The SDKs send `application/json; charset=UTF-8`: a body of another type is not the request format (spec, INVALID_API).
    if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type'))) return answer('F', 'INVALID_API');
    if (raw === null) return answer('F', 'PARAM_ILLEGAL');

    const clientId = header(req, 'client-id');
    const sandbox = path === SANDBOX_PATH;
    if (clientId !== options.clientId || clientId.startsWith('SANDBOX_') !== sandbox) return answer('F', 'INVALID_CLIENT');
    const signature = parseSignatureHeader(header(req, 'signature'));
    if (!signature) return answer('F', 'INVALID_SIGNATURE');
    if (signature.keyVersion !== keyVersion) return answer('F', 'KEY_NOT_FOUND');
    const requestTime = header(req, 'request-time');
    const signed = contentToSign('POST', path, clientId, requestTime, raw);
    if (
      !requestTime ||
      signature.algorithm.toUpperCase() !== 'RSA256' ||
      !verifyContent(signed, signature.signature, options.merchantPublicKey)
    ) {
      return answer('F', 'INVALID_SIGNATURE');
    }

    const card = readCard(raw, now());
    if (!card) return answer('F', 'PARAM_ILLEGAL');
    const attempt = (tries.get(card.cardNo) ?? 0) + 1;
    tries.set(card.cardNo, attempt);
    const fault = options.fault?.({ cardNo: card.cardNo, attempt }) ?? TEST_CARD_FAULTS[card.cardNo]?.fault;
    if (options.latencyMs) await delay(options.latencyMs);
    if (fault?.kind === 'latency') await delay(fault.ms ?? options.slowMs ?? 10_000);
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'http_status')
      return void res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('Internal Server Error');
    if (fault?.kind === 'bad_json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"result": ');
    if (fault?.kind === 'result') return answer(fault.resultStatus, fault.resultCode, { cardNo: card.cardNo });
    if (fault?.kind === 'unknown_once' && attempt % 2 === 1) return answer('U', 'UNKNOWN_EXCEPTION', { cardNo: card.cardNo });

    // Echoed as the spec's answer holds them: the brand, the expiry, the name and the address; never the security
    // code, nor any other key a request holds (it would stand in for the simulator's own token or mask).
    const { cardNo, expiryYear, expiryMonth, instUserName, billingAddress } = card;
    const echoed = { expiryYear, expiryMonth, instUserName, billingAddress };
    const brand = card.brand ?? checkCardNumber(cardNo, { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true }).brand ?? undefined;
    return answer(
      'S',
      'SUCCESS',
      {
        cardNo,
        expiryTime: isoWithOffset(now() + (options.tokenTtlMs ?? 30 * 60_000), 8),
        paymentMethodDetail: {
          paymentMethodDetailType: 'card',
          card: {
            cardToken: `PYMT${randomBytes(16).toString('hex')}`,
            mask: maskCardNumber(cardNo),
            last4: cardNo.slice(-4),
            ...echoed,
            brand,
          },
        },
      },
      { unsigned: fault?.kind === 'unsigned_success', wrongKey: fault?.kind === 'bad_signature' },
    );
  }

  return Object.assign(listener, { calls });
}

/**
 * A local stand-in for Alipay's cacheCard endpoint, listening on `host:port` (loopback and a free port by default):
 * it verifies the merchant's signature, answers as the spec says, signs its answers, and brings a fault on demand by
 * test card number (`TEST_CARD_FAULTS`).
 */
export async function startSimulator(options: SimulatorOptions, port = 0, host = '127.0.0.1'): Promise<RunningSimulator> {
  const listener = createSimulatorListener(options);
  const server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    server,
    calls: listener.calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface ReadCard {
  cardNo: string;
  brand?: string;
  securityCode?: string;
  expiryYear: string;
  expiryMonth: string;
  instUserName?: { firstName?: string; lastName?: string };
  billingAddress?: Record<string, string>;
}

/** PARAM_ILLEGAL (null) for anything but the spec's shape: strings only, a valid number, month and year. */
function readCard(raw: string, at: number): ReadCard | null {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  const detail = (body as { paymentMethodDetail?: { paymentMethodDetailType?: unknown; card?: unknown } })?.paymentMethodDetail;
  if (detail?.paymentMethodDetailType !== 'card' || !onlyStrings(detail.card) || !specShaped(detail.card as object)) return null;
  const card = detail.card as unknown as ReadCard;
  if (typeof card.cardNo !== 'string' || !/^\d{12,19}$/.test(card.cardNo)) return null;
  if (!checkCardNumber(card.cardNo, { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true }).isValid) return null;
  if (typeof card.expiryMonth !== 'string' || typeof card.expiryYear !== 'string') return null;
  if (!/^\d{2}$/.test(card.expiryMonth) || !/^\d{4}$/.test(card.expiryYear)) return null;
  // Judged in the earliest time zone, as the proxy judges it (a card is good until its month has ended everywhere),
  // never in this host's own: the simulator must not refuse a card the proxy rightly sends.
  if (!checkExpiryParts(card.expiryMonth, card.expiryYear, new Date(at), EARLIEST_UTC_OFFSET).isValid) return null;
  // A security code as the card's brand has it; absent only where the brand may have none (many Maestro cards).
  const number = checkCardNumber(card.cardNo, { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true });
  if (card.securityCode === undefined ? !number.securityCode?.optional : !/^\d{3,4}$/.test(card.securityCode)) return null;
  if (card.brand !== undefined && !(ALL_ALIPAY_BRANDS as readonly string[]).includes(card.brand)) return null;
  return card;
}

/** Every leaf a string, as the spec demands ("set the data type of each field as String"). */
function onlyStrings(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 3) return false;
  return Object.values(value).every((v) => typeof v === 'string' || onlyStrings(v, depth + 1));
}

/** The spec's objects are objects of strings (instUserName, billingAddress); its other card fields are strings. */
function specShaped(card: object): boolean {
  return Object.entries(card).every(([key, value]) =>
    key === 'instUserName' || key === 'billingAddress'
      ? typeof value === 'object' && Object.values(value as object).every((v) => typeof v === 'string')
      : !SPEC_STRINGS.includes(key) || typeof value === 'string',
  );
}
const SPEC_STRINGS = ['cardNo', 'brand', 'securityCode', 'expiryYear', 'expiryMonth'];

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** ISO 8601 with an explicit offset, as Alipay writes times: `2026-11-26T16:05:09+08:00`. */
export function isoWithOffset(epochMs: number, offsetHours: number): string {
  const shifted = new Date(epochMs + offsetHours * 3_600_000).toISOString().slice(0, 19);
  const sign = offsetHours < 0 ? '-' : '+';
  return `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
}

// Unref'd: a slow answer still pending keeps no process alive once its server is closed.
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

function lazyWrongKey() {
  let key: KeyObject | undefined;
  return () => (key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
}
