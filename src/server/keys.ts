/**
 * Node only: RSA keys as KeyObjects, read the ways Alipay hands them out and merchants keep them: PEM or bare
 * base64 DER, PKCS#1 or PKCS#8 private, SPKI or PKCS#1 public (`key-text.ts` reads them), from text or a file. A key that cannot be
 * read is an error at start-up, naming the setting, never at the first shopper.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyError, readKeyText, type KeyKind } from './key-text.ts';

export { KeyError } from './key-text.ts';

/** Node's KeyObject from key text, through the same parser Web Crypto uses (PKCS#1 bare base64 included). */
function readKey(kind: KeyKind, text: string, setting: string): KeyObject {
  const { layout, der } = readKeyText(text, kind, setting);
  const key = Buffer.from(der);
  try {
    if (kind === 'private') return createPrivateKey({ key, format: 'der', type: layout === 'pkcs1' ? 'pkcs1' : 'pkcs8' });
    return createPublicKey({ key, format: 'der', type: layout === 'pkcs1' ? 'pkcs1' : 'spki' });
  } catch {
    throw new KeyError(`${setting} is not a usable RSA ${kind} key`);
  }
}

/**
 * The merchant's private key as a KeyObject, from its text: PEM (PKCS#1 or PKCS#8) or bare base64 DER. Throws a
 * `KeyError` naming `setting` for anything else.
 */
export const readPrivateKey = (text: string, setting = 'private key'): KeyObject => readKey('private', text, setting);
/**
 * Alipay's public key as a KeyObject, from its text: PEM or bare base64 DER (SubjectPublicKeyInfo or PKCS#1). Throws a
 * `KeyError` naming `setting` for anything else.
 */
export const readPublicKey = (text: string, setting = 'public key'): KeyObject => readKey('public', text, setting);

/**
 * Reads a key from the environment: `NAME` holds the key itself, `NAME_FILE` a path to it.
 * Returns undefined when neither is set.
 */
export function keyFromEnv(env: Record<string, string | undefined>, name: string, kind: 'private' | 'public'): KeyObject | undefined {
  const file = env[`${name}_FILE`];
  let text = env[name];
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new KeyError(`${name}_FILE: cannot read ${file}`);
    }
  }
  if (text === undefined || text.trim() === '') return undefined;
  return readKey(kind, text, file ? `${name}_FILE (${file})` : name);
}

/** A fresh RSA-2048 pair, for the simulator and the demo. */
export function generateRsaKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export function toPem(key: KeyObject): string {
  return key.type === 'private'
    ? (key.export({ type: 'pkcs8', format: 'pem' }) as string)
    : (key.export({ type: 'spki', format: 'pem' }) as string);
}
