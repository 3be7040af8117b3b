/**
 * Calls Alipay's cacheCard: signs the exact bytes it sends, verifies the answer's signature over the raw bytes
 * it received, and says what came back without deciding what it means for the shopper (result-codes.ts does).
 */
import type { KeyObject } from 'node:crypto';
import { isTokenizeResult, type CacheCardRequest } from '../card/contract.ts';
import {
  CACHE_CARD_PATH,
  contentToSign,
  parseSignatureHeader,
  pathForClient,
  signatureHeader,
  signContent,
  verifyContent,
} from './ams-signature.ts';
import type { TransportFailure } from './result-codes.ts';

export interface AlipayClientOptions {
  /** Base URL: a region host (`https://open-sea-global.alipay.com`) or a simulator. */
  endpoint: string;
  clientId: string;
  privateKey: KeyObject;
  alipayPublicKey: KeyObject;
  keyVersion?: number;
  fetch?: typeof fetch;
  /** Epoch milliseconds; the request-time header. */
  now?: () => number;
}

export interface CachedCard {
  cardToken: string;
  mask: string;
  last4?: string;
  brand?: string;
}

export type AlipayAnswer =
  | { kind: 'result'; resultStatus: 'S' | 'F' | 'U'; resultCode: string; card?: CachedCard; expiryTime?: string }
  | { kind: 'failure'; failure: TransportFailure; httpStatus?: number };

export interface AlipayClient {
  cacheCard(request: CacheCardRequest, signal: AbortSignal): Promise<AlipayAnswer>;
}

export function createAlipayClient(options: AlipayClientOptions): AlipayClient {
  const endpoint = new URL(options.endpoint);
  const path = pathForClient(CACHE_CARD_PATH, options.clientId);
  const url = new URL(endpoint.pathname.replace(/\/$/, '') + path, endpoint);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const keyVersion = options.keyVersion ?? 1;

  return {
    async cacheCard(request, signal) {
      const body = JSON.stringify(request);
      const requestTime = String(now());
      const signature = signContent(contentToSign('POST', path, options.clientId, requestTime, body), options.privateKey);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=UTF-8',
            'client-id': options.clientId,
            'request-time': requestTime,
            signature: signatureHeader(signature, keyVersion),
          },
          body,
          signal,
        });
        text = await response.text();
      } catch {
        return { kind: 'failure', failure: signal.aborted ? 'timeout' : 'unreachable' };
      }
      if (response.status !== 200) return { kind: 'failure', failure: 'http_status', httpStatus: response.status };

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
      const header = response.headers.get('signature');
      if (header || status === 'S') {
        const signed = parseSignatureHeader(header);
        const responseTime = response.headers.get('response-time') ?? '';
        const answeredFor = response.headers.get('client-id');
        const content = contentToSign('POST', path, options.clientId, responseTime, text);
        const good =
          signed !== null &&
          (answeredFor === null || answeredFor === options.clientId) &&
          verifyContent(content, signed.signature, options.alipayPublicKey);
        if (!good) return { kind: 'failure', failure: 'bad_signature' };
      }
      if (status !== 'S') return { kind: 'result', resultStatus: status, resultCode: code };
      const card = parsed.paymentMethodDetail?.card as CachedCard | undefined;
      if (!isTokenizeResult(card)) return { kind: 'failure', failure: 'bad_body' };
      return {
        kind: 'result',
        resultStatus: 'S',
        resultCode: code,
        card: { cardToken: card.cardToken, mask: card.mask, last4: str(card.last4), brand: str(card.brand) },
        expiryTime: str(parsed.expiryTime),
      };
    },
  };
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
