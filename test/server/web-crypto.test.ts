// The Web Crypto signer and the key parser against node:crypto, both ways, for every key layout merchants hold:
// PEM and bare base64, PKCS#1 and PKCS#8 private, SPKI and PKCS#1 public, 1024 to 4096 bits.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { KeyError, pkcs1ToPkcs8, pkcs1ToSpki, readKeyText } from '../../src/server/key-text.ts';
import { readPrivateKey, readPublicKey } from '../../src/server/keys.ts';
import { signContent, verifyContent } from '../../src/server/node-crypto.ts';
import {
  importPrivateKey,
  importPublicKey,
  signWithWebCrypto,
  verifyWithWebCrypto,
  webCryptoSignerFor,
} from '../../src/server/web-crypto.ts';

const CONTENT = 'POST /ams/api/v1/paymentMethods/cacheCard\nSANDBOX_5Y.1685599933871.{"card":"ü€😀"}';
const base64 = (der: Buffer) => der.toString('base64');

function layouts(privateKey: KeyObject, publicKey: KeyObject) {
  const pkcs1Pem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  return {
    private: {
      'PKCS#8 PEM': privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      'PKCS#1 PEM': pkcs1Pem,
      'PKCS#1 PEM with CRLF': pkcs1Pem.replace(/\n/g, '\r\n'),
      'PKCS#8 bare base64': base64(privateKey.export({ type: 'pkcs8', format: 'der' })),
      'PKCS#1 bare base64': base64(privateKey.export({ type: 'pkcs1', format: 'der' })),
      'PKCS#8 base64 in 64-column lines': base64(privateKey.export({ type: 'pkcs8', format: 'der' })).replace(/(.{64})/g, '$1\n'),
    },
    public: {
      'SPKI PEM': publicKey.export({ type: 'spki', format: 'pem' }) as string,
      'PKCS#1 PEM': publicKey.export({ type: 'pkcs1', format: 'pem' }) as string,
      'SPKI bare base64': base64(publicKey.export({ type: 'spki', format: 'der' })),
      'PKCS#1 bare base64': base64(publicKey.export({ type: 'pkcs1', format: 'der' })),
    },
  };
}

// 1024 bits puts a one-octet long length (0x81) in the public key; 2048 and 4096 use two (0x82).
for (const bits of [1024, 2048, 4096]) {
  describe(`RSA-${bits}`, () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
    const keys = layouts(privateKey, publicKey);

    for (const [name, text] of Object.entries(keys.private)) {
      it(`private ${name}: Web Crypto signs the bytes node:crypto signs, and node:crypto reads it too`, async () => {
        const signature = await signWithWebCrypto(CONTENT, await importPrivateKey(text));
        // RSASSA-PKCS1-v1_5 is deterministic: the same key gives the same bytes.
        assert.equal(signature, signContent(CONTENT, privateKey));
        assert.ok(verifyContent(CONTENT, signature, publicKey));
        assert.equal(signContent(CONTENT, readPrivateKey(text)), signature);
      });
    }

    for (const [name, text] of Object.entries(keys.public)) {
      it(`public ${name}: Web Crypto verifies node:crypto's signature, and refuses anything altered`, async () => {
        const key = await importPublicKey(text);
        const signature = signContent(CONTENT, privateKey);
        assert.equal(await verifyWithWebCrypto(CONTENT, signature, key), true);
        assert.equal(await verifyWithWebCrypto(`${CONTENT} `, signature, key), false);
        assert.equal(await verifyWithWebCrypto(CONTENT, 'not base64!', key), false);
        assert.equal(await verifyWithWebCrypto(CONTENT, signature.slice(4), key), false);
        assert.ok(verifyContent(CONTENT, signature, readPublicKey(text)));
      });
    }
  });
}

describe('keys', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('wraps PKCS#1 into exactly the PKCS#8 and SPKI bytes node:crypto exports', () => {
    const wrappedPrivate = pkcs1ToPkcs8(new Uint8Array(privateKey.export({ type: 'pkcs1', format: 'der' })));
    assert.deepEqual(Buffer.from(wrappedPrivate), privateKey.export({ type: 'pkcs8', format: 'der' }));
    const wrappedPublic = pkcs1ToSpki(new Uint8Array(publicKey.export({ type: 'pkcs1', format: 'der' })));
    assert.deepEqual(Buffer.from(wrappedPublic), publicKey.export({ type: 'spki', format: 'der' }));
  });

  it('tells the four layouts apart in bare base64', () => {
    const bare = (key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki') => base64(key.export({ type, format: 'der' } as never) as Buffer);
    assert.equal(readKeyText(bare(privateKey, 'pkcs8'), 'private').layout, 'pkcs8');
    assert.equal(readKeyText(bare(privateKey, 'pkcs1'), 'private').layout, 'pkcs1');
    assert.equal(readKeyText(bare(publicKey, 'spki'), 'public').layout, 'spki');
    assert.equal(readKeyText(bare(publicKey, 'pkcs1'), 'public').layout, 'pkcs1');
  });

  it('refuses EC keys, the wrong half, encrypted, mislabelled, cut or garbage text, naming the setting and never the key', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const cases: [string, string, 'private' | 'public'][] = [
      ['EC private', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'private'],
      ['EC SEC1', ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string, 'private'],
      ['EC public', ec.publicKey.export({ type: 'spki', format: 'pem' }) as string, 'public'],
      ['a public key as the private key', spki, 'private'],
      ['a private key as the public key', pkcs8, 'public'],
      ['bare public as private', base64(publicKey.export({ type: 'spki', format: 'der' })), 'private'],
      ['encrypted', privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }) as string, 'private'],
      ['mislabelled', pkcs8.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY'), 'private'],
      ['cut short', base64(privateKey.export({ type: 'pkcs8', format: 'der' })).slice(0, 200), 'private'],
      ['garbage', 'hello world', 'private'],
      ['empty', '', 'public'],
    ];
    for (const [name, text, kind] of cases) {
      const check = (error: Error) => {
        assert.ok(error instanceof KeyError, `${name}: ${error}`);
        assert.match(error.message, /^MY_KEY is not an RSA/, name);
        assert.doesNotMatch(error.message, /MII/, name);
        return true;
      };
      const importer = kind === 'private' ? importPrivateKey : importPublicKey;
      await assert.rejects(() => importer(text, 'MY_KEY'), check, name);
      assert.throws(() => (kind === 'private' ? readPrivateKey : readPublicKey)(text, 'MY_KEY'), check, name);
    }
  });

  it('signs with Node KeyObjects handed to the Web Crypto signer, importing them once', async () => {
    const signer = webCryptoSignerFor(privateKey, publicKey);
    const signature = await signer.sign(CONTENT);
    assert.equal(signature, signContent(CONTENT, privateKey));
    assert.equal(await signer.verify(CONTENT, signature), true);
    assert.equal(await signer.verify(CONTENT.slice(1), signature), false);
  });
});
