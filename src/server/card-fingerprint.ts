/**
 * A card's fingerprint, the key of the per-card rate limit: an HMAC-SHA-256 of its number under a secret, cut to
 * 128 bits. A store (Redis, say) then counts one card without ever holding its number, nor anything from which the
 * number could be found by trying every number of a BIN, as a plain hash could be. Web Crypto only: every runtime.
 */
import { bytesToBase64 } from './key-text.ts';

export type CardFingerprinter = (cardNo: string) => Promise<string>;

const utf8 = new TextEncoder();

/** What the standalone proxies sign to make their secret (never signed for Alipay: its content has another form). */
export const FINGERPRINT_SECRET_CONTENT = 'cache-card-form card fingerprint secret, v1';

/**
 * Fingerprints under `secret`; without one, under 32 random bytes of this process, which instances sharing a store
 * do not share. The standalone proxies give it their signature of FINGERPRINT_SECRET_CONTENT: RSASSA-PKCS1-v1_5 is
 * deterministic, so every instance holding the merchant's key (Node, Deno, Bun, Workers) has the same secret, and
 * nobody else can make it.
 */
export function cardFingerprinter(secret?: string): CardFingerprinter {
  const bytes = secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : utf8.encode(secret);
  const key = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (cardNo) => {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key, utf8.encode(cardNo)));
    return bytesToBase64(mac.subarray(0, 16)).replace(/=+$/, '');
  };
}
