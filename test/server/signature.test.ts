import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentToSign, parseSignatureHeader, pathForClient, signatureHeader } from '../../src/server/ams-signature.ts';
import { signContent, verifyContent } from '../../src/server/node-crypto.ts';
import { KeyError, readPrivateKey, readPublicKey } from '../../src/server/keys.ts';
import { referenceSign, referenceVerify } from '../support/ams-reference.ts';
import { merchant } from '../support/fixtures.ts';

const PATH = '/ams/api/v1/paymentMethods/cacheCard';
const BODY = '{"paymentMethodDetail":{"paymentMethodDetailType":"card"}}';

describe('AMS signatures against an independent implementation', () => {
  it('signs what the reference verifies', () => {
    const ours = signContent(contentToSign('POST', PATH, 'CLIENT', '1685599933871', BODY), merchant.privateKey);
    assert.ok(referenceVerify('POST', PATH, 'CLIENT', '1685599933871', BODY, signatureHeader(ours), merchant.publicKey));
    assert.ok(!referenceVerify('POST', PATH, 'CLIENT', '1685599933872', BODY, signatureHeader(ours), merchant.publicKey));
  });

  it('verifies what the reference signs, and nothing altered', () => {
    const theirs = referenceSign('POST', PATH, 'CLIENT', '2019-05-28T12:12:14+08:00', BODY, merchant.privateKey);
    assert.ok(verifyContent(contentToSign('POST', PATH, 'CLIENT', '2019-05-28T12:12:14+08:00', BODY), theirs, merchant.publicKey));
    assert.ok(!verifyContent(contentToSign('POST', PATH, 'CLIENT', '2019-05-28T12:12:14+08:00', `${BODY} `), theirs, merchant.publicKey));
    assert.ok(
      !verifyContent(contentToSign('POST', PATH, 'CLIENT', '2019-05-28T12:12:14+08:00', BODY), 'bm90IGEgc2lnbmF0dXJl', merchant.publicKey),
    );
  });

  it('reads signature headers with spaces, either escape case and any key version', () => {
    const raw = signContent('x', merchant.privateKey);
    const lower = encodeURIComponent(raw).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    assert.deepEqual(parseSignatureHeader(`algorithm=RSA256, keyVersion=2, signature=${lower}`), {
      algorithm: 'RSA256',
      keyVersion: '2',
      signature: raw,
    });
    assert.equal(parseSignatureHeader(signatureHeader(raw))!.signature, raw);
    assert.equal(parseSignatureHeader('algorithm=RSA256'), null);
    assert.equal(parseSignatureHeader('signature=%E0%A4%A'), null);
  });

  it('URL-encodes the signature in its header, as Alipay URL-decodes it there (a bare "+" would read as a space)', () => {
    assert.equal(signatureHeader('ab+c/d=='), 'algorithm=RSA256,keyVersion=1,signature=ab%2Bc%2Fd%3D%3D');
    assert.equal(signatureHeader('x', 3), 'algorithm=RSA256,keyVersion=3,signature=x');
  });

  it('rewrites the path for sandbox client ids', () => {
    assert.equal(pathForClient(PATH, 'SANDBOX_5Y123'), '/ams/sandbox/api/v1/paymentMethods/cacheCard');
    assert.equal(pathForClient(PATH, '5Y123'), PATH);
  });
});

describe('keys', () => {
  const pkcs8 = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const pkcs1 = merchant.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const bare = (merchant.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64');
  const spkiPem = merchant.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const spkiBare = (merchant.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');

  it('reads private keys as PKCS#8 PEM, PKCS#1 PEM and bare base64 PKCS#8, all the same key', () => {
    const sig = (pem: string) => signContent('x', readPrivateKey(pem));
    assert.equal(sig(pkcs1), sig(pkcs8));
    assert.equal(sig(bare), sig(pkcs8));
    assert.equal(sig(`\n  ${bare.replace(/(.{64})/g, '$1\n')}  \n`), sig(pkcs8));
  });

  it('reads public keys as PEM or bare base64 SubjectPublicKeyInfo', () => {
    const signed = signContent('x', merchant.privateKey);
    assert.ok(verifyContent('x', signed, readPublicKey(spkiPem)));
    assert.ok(verifyContent('x', signed, readPublicKey(spkiBare)));
  });

  it('names the setting when a key cannot be read, and never echoes the key', () => {
    assert.throws(
      () => readPrivateKey('not a key', 'ALIPAY_PRIVATE_KEY'),
      (e: Error) => e instanceof KeyError && /ALIPAY_PRIVATE_KEY is not an RSA private key/.test(e.message),
    );
    assert.throws(
      () => readPublicKey(pkcs8.replace('PRIVATE', 'PUBLIC'), 'ALIPAY_PUBLIC_KEY'),
      (e: Error) => !e.message.includes('MII'),
    );
    assert.throws(() => readPrivateKey(spkiBare, 'X'), KeyError);
  });
});
