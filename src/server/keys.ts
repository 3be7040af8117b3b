/**
 * Reads RSA keys the ways Alipay hands them out and merchants keep them: PEM (PKCS#1 or PKCS#8 private, SPKI
 * or PKCS#1 public) or bare base64 DER (PKCS#8 private, SPKI public), from text or a file. A key that cannot be
 * read is an error at start-up, naming the setting, never at the first shopper.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export class KeyError extends Error {
  override name = 'KeyError';
}

const KINDS = {
  private: {
    fromPem: (pem: string) => createPrivateKey({ key: pem, format: 'pem' }),
    fromDer: (der: Buffer) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
    expected: 'an RSA private key in PEM (PKCS#1 or PKCS#8) or base64 PKCS#8 DER',
  },
  public: {
    fromPem: (pem: string) => createPublicKey({ key: pem, format: 'pem' }),
    fromDer: (der: Buffer) => createPublicKey({ key: der, format: 'der', type: 'spki' }),
    expected: 'an RSA public key in PEM or base64 X.509 SubjectPublicKeyInfo DER',
  },
};

function readKey(kind: keyof typeof KINDS, text: string, setting: string): KeyObject {
  const { fromPem, fromDer, expected } = KINDS[kind];
  const pem = text.trim();
  try {
    const key = pem.includes('-----BEGIN') ? fromPem(pem) : fromDer(Buffer.from(strictBase64(pem), 'base64'));
    if (key.asymmetricKeyType !== 'rsa') throw new KeyError(`${setting} is a ${key.asymmetricKeyType} key, not RSA`);
    return key;
  } catch (error) {
    if (error instanceof KeyError) throw error;
    throw new KeyError(`${setting} is not ${expected}`);
  }
}

export const readPrivateKey = (text: string, setting = 'private key'): KeyObject => readKey('private', text, setting);
export const readPublicKey = (text: string, setting = 'public key'): KeyObject => readKey('public', text, setting);

function strictBase64(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new KeyError('not base64');
  return compact;
}

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
