/**
 * Node only: AMS signing and verification on node:crypto with KeyObjects. On Node this is the proxy's signer
 * (`npm run bench` shows it against Web Crypto: it costs less CPU per tokenization); the simulator and the tests
 * use the synchronous functions. Every other runtime signs with `web-crypto.ts`.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';
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

export function nodeCryptoSigner(privateKey: KeyObject, alipayPublicKey: KeyObject): AmsSigner {
  return {
    sign: async (content) => signContent(content, privateKey),
    verify: async (content, signature) => verifyContent(content, signature, alipayPublicKey),
  };
}
