/**
 * Alipay AMS message signatures, as Alipay's server SDKs make and check them: SHA256withRSA over
 * `<METHOD> <path>\n<client-id>.<time>.<raw body>`, sent as `algorithm=RSA256,keyVersion=N,signature=<url-encoded
 * base64>`. The text to sign and the header, here, for every runtime; the RSA itself is in `web-crypto.ts` (every
 * runtime) and `node-crypto.ts` (Node). The proxy signs requests and verifies answers, the simulator the reverse.
 */

/** The exact text that is signed. The body is the raw bytes sent, never JSON re-serialised. */
export function contentToSign(method: string, path: string, clientId: string, time: string, body: string): string {
  return `${method} ${path}\n${clientId}.${time}.${body}`;
}

export function signatureHeader(signatureBase64: string, keyVersion: number | string = 1): string {
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${encodeURIComponent(signatureBase64)}`;
}

export interface ParsedSignature {
  algorithm: string;
  keyVersion: string;
  /** The base64 signature, URL-decoded (whatever case the sender's encoder used). */
  signature: string;
}

/** Reads a `signature` header; spaces after the commas are allowed, as Alipay's docs show them. */
export function parseSignatureHeader(header: string | null | undefined): ParsedSignature | null {
  if (!header) return null;
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const at = piece.indexOf('=');
    if (at < 0) continue;
    parts.set(piece.slice(0, at).trim().toLowerCase(), piece.slice(at + 1).trim());
  }
  const encoded = parts.get('signature');
  if (!encoded) return null;
  let signature: string;
  try {
    signature = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return { algorithm: parts.get('algorithm') ?? 'RSA256', keyVersion: parts.get('keyversion') ?? '1', signature };
}

/** The `/ams/api/...` path a client id calls: a `SANDBOX_` id calls `/ams/sandbox/api/...` instead. */
export function pathForClient(path: string, clientId: string): string {
  return clientId.startsWith('SANDBOX_') ? path.replace(/^\/ams\/api\//, '/ams/sandbox/api/') : path;
}

export const CACHE_CARD_PATH = '/ams/api/v1/paymentMethods/cacheCard';
