/**
 * RSA key text as merchants hold it, read without `node:*` or `Buffer`: PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`,
 * `PUBLIC KEY`, `RSA PUBLIC KEY`) or bare base64 DER, whose layout is told from its shape, so a PKCS#1 key pasted
 * without its armour works too. PKCS#1 is wrapped into PKCS#8 / SubjectPublicKeyInfo here, in code, because Web
 * Crypto imports only those. Both signers (Web Crypto and node:crypto) read keys through this one parser.
 */

/**
 * Key text that is not a usable RSA key of the kind wanted (not PEM or base64 DER, encrypted, not RSA, a public key
 * where a private one is wanted): its message names the setting, never the key.
 */
export class KeyError extends Error {
  /** `'KeyError'`. */
  override name = 'KeyError';
}

export type KeyKind = 'private' | 'public';
/** The DER layouts: what Web Crypto imports (`pkcs8`, `spki`) and what it does not (`pkcs1`). */
export type KeyLayout = 'pkcs8' | 'pkcs1' | 'spki';

export interface KeyDer {
  kind: KeyKind;
  layout: KeyLayout;
  der: Uint8Array;
}

const EXPECTED: Record<KeyKind, string> = {
  private: 'an RSA private key in PEM (PKCS#1 or PKCS#8) or base64 DER',
  public: 'an RSA public key in PEM or base64 DER (X.509 SubjectPublicKeyInfo or PKCS#1)',
};

const PEM_LABELS: Record<string, { kind: KeyKind; layout: KeyLayout }> = {
  'PRIVATE KEY': { kind: 'private', layout: 'pkcs8' },
  'RSA PRIVATE KEY': { kind: 'private', layout: 'pkcs1' },
  'PUBLIC KEY': { kind: 'public', layout: 'spki' },
  'RSA PUBLIC KEY': { kind: 'public', layout: 'pkcs1' },
};

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }, as DER.
const RSA_ALGORITHM = Uint8Array.of(0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00);
const TAG = { integer: 0x02, bitString: 0x03, octetString: 0x04, oid: 0x06, sequence: 0x30 };

/** Strict base64 (whitespace allowed between characters) to bytes. */
export function base64ToBytes(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0 || !compact) throw new KeyError('not base64');
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** One DER element at `at`: its tag and where its content starts and ends. Throws on anything cut short. */
function element(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  if (at + 2 > der.length) throw new KeyError('truncated DER');
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > der.length) throw new KeyError('bad DER length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
  }
  if (start + length > der.length) throw new KeyError('truncated DER');
  return { tag, start, end: start + length };
}

/** The tags of the first children of the outer SEQUENCE, and the OID of an AlgorithmIdentifier among them. */
function shape(der: Uint8Array): { tags: number[]; algorithm: Uint8Array | null } {
  const outer = element(der, 0);
  if (outer.tag !== TAG.sequence || outer.end !== der.length) throw new KeyError('not a DER SEQUENCE');
  const tags: number[] = [];
  let algorithm: Uint8Array | null = null;
  for (let at = outer.start; at < outer.end && tags.length < 3;) {
    const child = element(der, at);
    tags.push(child.tag);
    if (child.tag === TAG.sequence && !algorithm) {
      const oid = element(der, child.start);
      if (oid.tag === TAG.oid) algorithm = der.subarray(oid.start, oid.end);
    }
    at = child.end;
  }
  return { tags, algorithm };
}

const RSA_OID = RSA_ALGORITHM.subarray(4, 13);
const isRsaOid = (oid: Uint8Array | null) => oid !== null && oid.length === RSA_OID.length && oid.every((b, i) => b === RSA_OID[i]);

/** Which layout bare DER is: PKCS#8 `{INTEGER, SEQUENCE, OCTET STRING}`, PKCS#1 private `{INTEGER, INTEGER, ...}`,
 * SPKI `{SEQUENCE, BIT STRING}`, PKCS#1 public `{INTEGER, INTEGER}` (two children only). */
function layoutOf(der: Uint8Array): { kind: KeyKind; layout: KeyLayout; algorithm: Uint8Array | null } {
  const { tags, algorithm } = shape(der);
  const [a, b, c] = tags;
  if (a === TAG.integer && b === TAG.sequence && c === TAG.octetString) return { kind: 'private', layout: 'pkcs8', algorithm };
  if (a === TAG.sequence && b === TAG.bitString && c === undefined) return { kind: 'public', layout: 'spki', algorithm };
  if (a === TAG.integer && b === TAG.integer) {
    return c === undefined ? { kind: 'public', layout: 'pkcs1', algorithm: null } : { kind: 'private', layout: 'pkcs1', algorithm: null };
  }
  throw new KeyError('not a key');
}

/**
 * Reads key text as `kind`, naming `setting` in every error and never quoting the key. Refuses encrypted PEM,
 * EC and other non-RSA keys, a public key where a private one is wanted and the reverse.
 */
export function readKeyText(text: string, kind: KeyKind, setting: string = `${kind} key`): KeyDer {
  const fail = (why?: string): never => {
    throw new KeyError(`${setting} is not ${EXPECTED[kind]}${why ? ` (${why})` : ''}`);
  };
  const trimmed = text.trim();
  let der: Uint8Array;
  let labelled: { kind: KeyKind; layout: KeyLayout } | undefined;
  if (trimmed.includes('-----BEGIN')) {
    const pem = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----$/.exec(trimmed);
    if (!pem) return fail('malformed PEM');
    if (/ENCRYPTED|Proc-Type:/.test(trimmed)) return fail('an encrypted key: decrypt it first');
    labelled = PEM_LABELS[pem[1]!];
    if (!labelled) return fail(`a PEM "${pem[1]}"`);
    try {
      der = base64ToBytes(pem[2]!);
    } catch {
      return fail('bad base64 in the PEM');
    }
  } else {
    try {
      der = base64ToBytes(trimmed);
    } catch {
      return fail();
    }
  }
  let found: ReturnType<typeof layoutOf>;
  try {
    found = layoutOf(der);
  } catch {
    return fail();
  }
  if (labelled && (labelled.kind !== found.kind || labelled.layout !== found.layout))
    return fail('its PEM label does not match its content');
  if (found.kind !== kind) return fail(`a ${found.kind} key`);
  if (found.layout !== 'pkcs1' && !isRsaOid(found.algorithm)) return fail('not an RSA key');
  return { kind, layout: found.layout, der };
}

function derElement(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const length: number[] = [];
  if (size < 0x80) length.push(size);
  else {
    for (let n = size; n > 0; n = Math.floor(n / 256)) length.unshift(n & 0xff);
    length.unshift(0x80 | length.length);
  }
  const out = new Uint8Array(1 + length.length + size);
  out[0] = tag;
  out.set(length, 1);
  let at = 1 + length.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: `SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING }`. */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  return derElement(TAG.sequence, Uint8Array.of(TAG.integer, 1, 0), RSA_ALGORITHM, derElement(TAG.octetString, pkcs1));
}

/** PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo: `SEQUENCE { AlgorithmIdentifier, BIT STRING (no unused bits) }`. */
export function pkcs1ToSpki(pkcs1: Uint8Array): Uint8Array {
  return derElement(TAG.sequence, RSA_ALGORITHM, derElement(TAG.bitString, Uint8Array.of(0), pkcs1));
}

/** The key as PKCS#8 (private) or SPKI (public) DER: the layouts every Web Crypto imports. */
export function standardDer(key: KeyDer): Uint8Array {
  if (key.layout !== 'pkcs1') return key.der;
  return key.kind === 'private' ? pkcs1ToPkcs8(key.der) : pkcs1ToSpki(key.der);
}
