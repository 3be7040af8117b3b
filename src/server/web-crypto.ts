/**
 * AMS signing and verification on Web Crypto (`crypto.subtle`, RSASSA-PKCS1-v1_5 with SHA-256): the signer of
 * every runtime (Deno, Bun, Workers, and Node when handed CryptoKeys). Keys are imported once, from PEM or bare
 * base64 in any layout `key-text.ts` reads, not extractable. Nothing here imports `node:*`.
 */
import { base64ToBytes, bytesToBase64, KeyError, readKeyText, standardDer } from './key-text.ts';

/** Signs and verifies AMS content (`contentToSign`); signatures are base64, before URL-encoding. */
export interface AmsSigner {
  /** Signs a request's content with the merchant's private key (RSA-SHA256), to base64. */
  sign(content: string): Promise<string>;
  /** Whether `signatureBase64` is Alipay's signature over an answer's `content`. */
  verify(content: string, signatureBase64: string): Promise<boolean>;
}

const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const utf8 = new TextEncoder();
// Web Crypto takes a BufferSource; a copy into a fresh ArrayBuffer satisfies every runtime's typing and checks.
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

/** The merchant's private key, from PEM (PKCS#1 or PKCS#8) or bare base64 DER, for signing only. */
export async function importPrivateKey(text: string, setting = 'private key'): Promise<CryptoKey> {
  const key = readKeyText(text, 'private', setting);
  try {
    return await crypto.subtle.importKey('pkcs8', buffer(standardDer(key)), RSA_SHA256, false, ['sign']);
  } catch {
    throw new KeyError(`${setting} is not a usable RSA private key`);
  }
}

/** Alipay's public key, from PEM or bare base64 DER (X.509 SubjectPublicKeyInfo or PKCS#1), for verifying only. */
export async function importPublicKey(text: string, setting = 'public key'): Promise<CryptoKey> {
  const key = readKeyText(text, 'public', setting);
  try {
    return await crypto.subtle.importKey('spki', buffer(standardDer(key)), RSA_SHA256, false, ['verify']);
  } catch {
    throw new KeyError(`${setting} is not a usable RSA public key`);
  }
}

export async function signWithWebCrypto(content: string, privateKey: CryptoKey): Promise<string> {
  return bytesToBase64(new Uint8Array(await crypto.subtle.sign(RSA_SHA256, privateKey, utf8.encode(content))));
}

export async function verifyWithWebCrypto(content: string, signatureBase64: string, publicKey: CryptoKey): Promise<boolean> {
  try {
    return await crypto.subtle.verify(RSA_SHA256, publicKey, buffer(base64ToBytes(signatureBase64)), utf8.encode(content));
  } catch {
    return false;
  }
}

/** A signer on Web Crypto from CryptoKeys (`importPrivateKey`, `importPublicKey`): how the Alipay client signs off Node. */
export function webCryptoSigner(privateKey: CryptoKey, alipayPublicKey: CryptoKey): AmsSigner {
  return {
    sign: (content) => signWithWebCrypto(content, privateKey),
    verify: (content, signature) => verifyWithWebCrypto(content, signature, alipayPublicKey),
  };
}

/**
 * A Node KeyObject as this file sees it: only its `export()`, so that nothing here imports node:crypto. Handed
 * one, the Web Crypto signer imports its DER once, at the first call.
 */
export interface ExportableKey {
  type: string;
  export(options: { type: 'pkcs8' | 'spki'; format: 'der' }): Uint8Array;
}

/** An RSA key as a signer takes it: a Web Crypto CryptoKey, or a Node KeyObject (`readPrivateKey`, `readPublicKey`). */
export type RsaKeyInput = CryptoKey | ExportableKey;

const isCryptoKey = (key: RsaKeyInput): key is CryptoKey => 'algorithm' in key && 'usages' in key;

/** A Web Crypto signer for CryptoKeys or exportable (Node) keys; the latter are imported at the first call. */
export function webCryptoSignerFor(privateKey: RsaKeyInput, alipayPublicKey: RsaKeyInput): AmsSigner {
  const toCryptoKey = (key: RsaKeyInput, kind: 'private' | 'public'): Promise<CryptoKey> => {
    if (isCryptoKey(key)) return Promise.resolve(key);
    const format = kind === 'private' ? 'pkcs8' : 'spki';
    return crypto.subtle.importKey(format, buffer(key.export({ type: format, format: 'der' })), RSA_SHA256, false, [
      kind === 'private' ? 'sign' : 'verify',
    ]);
  };
  let keys: Promise<AmsSigner> | undefined;
  const signer = () =>
    (keys ??= Promise.all([toCryptoKey(privateKey, 'private'), toCryptoKey(alipayPublicKey, 'public')]).then(([priv, pub]) =>
      webCryptoSigner(priv, pub),
    ));
  return {
    sign: async (content) => (await signer()).sign(content),
    verify: async (content, signature) => (await signer()).verify(content, signature),
  };
}
