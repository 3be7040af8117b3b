/**
 * Node only: AMS signing and verification on node:crypto with KeyObjects. On Node this is the proxy's signer
 * (`npm run bench` shows it against Web Crypto: it costs less CPU per tokenization); the simulator and the tests
 * use the synchronous functions. Every other runtime signs with `web-crypto.ts`.
 */
import { createHmac, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import type { CardFingerprinter } from './card-fingerprint.ts';
import type { AmsSigner } from './web-crypto.ts';

export function signContent(content: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function verifyContent(content: string, signatureBase64: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/** A signer on node:crypto with KeyObjects: what the Node build's `createAlipayClient` uses when given KeyObjects. */
export function nodeCryptoSigner(privateKey: KeyObject, alipayPublicKey: KeyObject): AmsSigner {
  return {
    sign: async (content) => signContent(content, privateKey),
    verify: async (content, signature) => verifyContent(content, signature, alipayPublicKey),
  };
}

/**
 * `cardFingerprinter` (card-fingerprint.ts) on node:crypto: byte for byte the same fingerprints, so instances on Node
 * and on other runtimes count a card together, for a tenth of the CPU (`npm run bench`: no hop to a worker thread).
 */
export function nodeCardFingerprinter(secret?: string): CardFingerprinter {
  const key = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  return async (cardNo) => createHmac('sha256', key).update(cardNo, 'utf8').digest().subarray(0, 16).toString('base64').replace(/=+$/, '');
}
