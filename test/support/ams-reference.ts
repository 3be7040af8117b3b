// An independent implementation of Alipay's documented AMS signature, written from
// ../shared/notes/alipay-ams.md for the tests: one-shot crypto.sign/verify, the string built by hand.
// The project's own implementation (src/server/ams-signature.ts) is checked against it both ways.
import { sign, verify, type KeyObject } from 'node:crypto';

export function referenceSign(method: string, path: string, clientId: string, time: string, body: string, key: KeyObject): string {
  const content = Buffer.from(method + ' ' + path + '\n' + clientId + '.' + time + '.' + body, 'utf8');
  return sign('sha256', content, { key, padding: 1 /* RSA_PKCS1_PADDING */ }).toString('base64');
}

export function referenceVerify(
  method: string,
  path: string,
  clientId: string,
  time: string,
  body: string,
  signatureHeader: string,
  key: KeyObject,
): boolean {
  const match = /signature=([^,]+)/.exec(signatureHeader);
  if (!match) return false;
  const content = Buffer.from(method + ' ' + path + '\n' + clientId + '.' + time + '.' + body, 'utf8');
  return verify('sha256', content, key, Buffer.from(decodeURIComponent(match[1]!), 'base64'));
}

/** Builds the three signing headers the way Alipay's docs show them, with options for the variations seen in the SDKs. */
export function referenceHeaders(
  path: string,
  clientId: string,
  body: string,
  key: KeyObject,
  variant: { time?: string; lowercaseEscapes?: boolean; spaces?: boolean; keyVersion?: string } = {},
): Record<string, string> {
  const time = variant.time ?? String(Date.now());
  let encoded = encodeURIComponent(referenceSign('POST', path, clientId, time, body, key));
  if (variant.lowercaseEscapes) encoded = encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  const sep = variant.spaces ? ', ' : ',';
  return {
    'content-type': 'application/json; charset=UTF-8',
    'client-id': clientId,
    'request-time': time,
    signature: `algorithm=RSA256${sep}keyVersion=${variant.keyVersion ?? '1'}${sep}signature=${encoded}`,
  };
}
