// Every message the form can show exists in both languages: each field problem the checks produce, each error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCardFields, emptyCardFields, type CardFields } from '../../src/card/contract.ts';
import { isProxyErrorCode, isTokenizeErrorCode, TOKENIZE_ERRORS, type TokenizeErrorCode } from '../../src/card/errors.ts';
import { catalogCandidates } from '../../src/card/locale.ts';
import {
  CATALOGS,
  catalogsFor,
  catalogTag,
  ENGLISH,
  errorKey,
  message,
  registerCatalog,
  useCandidates,
  type MessageKey,
} from '../../src/card/messages.ts';
import { zhCN } from '../../src/locales/zh-CN.ts';

const NOW = new Date(2026, 10, 26);

/** Inputs that make each field report each problem it can have. */
const SAMPLES: [keyof CardFields, string][] = [
  ['cardNumber', ''],
  ['cardNumber', '4111'],
  ['cardNumber', '4111111111111112'.padEnd(19, '1')],
  ['cardNumber', '9999999999999995'],
  ['cardNumber', '6370950000000005'],
  ['expiry', ''],
  ['expiry', '1'],
  ['expiry', '13/30'],
  ['expiry', '01/20'],
  ['expiry', '12/60'],
  ['expiry', '12030'],
  ['securityCode', ''],
  ['securityCode', '12'],
  ['securityCode', '12345'],
  ['firstName', ''],
  ['firstName', '4111111111111111'],
  ['firstName', 'x'.repeat(300)],
  ['lastName', ''],
  ['lastName', '4111111111111111'],
  ['lastName', 'x'.repeat(300)],
  ['country', ''],
  ['country', 'XX'],
  ['state', 'x'.repeat(200)],
  ['state', 'a\u0000b'],
  ['city', ''],
  ['city', 'x'.repeat(200)],
  ['city', 'a\u0000b'],
  ['postalCode', ''],
  ['postalCode', '12'],
  ['postalCode', '<1234>'],
  ['addressLine1', ''],
  ['addressLine1', 'x'.repeat(200)],
  ['addressLine1', 'a\u0000b'],
  ['addressLine2', 'x'.repeat(200)],
  ['addressLine2', 'a\u0000b'],
];

describe('messages in both languages', () => {
  const seen = new Set<string>();
  for (const [field, value] of SAMPLES) {
    const checks = checkCardFields({ ...emptyCardFields(), [field]: value }, { billingAddress: 'full', now: NOW });
    const problem = checks[field].problem;
    it(`${field} = ${JSON.stringify(value.slice(0, 20))} -> ${problem}, in English and Chinese`, () => {
      assert.ok(problem, 'the sample is refused');
      const key = `${field}.${problem}` as MessageKey;
      seen.add(key);
      assert.ok(ENGLISH[key], `English has ${key}`);
      assert.ok(zhCN[key], `Chinese has ${key}`);
    });
  }

  // Messages for checks the card core is gaining (an expiry read two ways, a card without a security code).

  it('every field message in the catalogs is one the checks can produce', () => {
    const fieldKeys = Object.keys(ENGLISH).filter(
      (k) => /^[a-zA-Z0-9]+\.[a-z_]+$/.test(k) && !/^(label|placeholder|group|brand|brands|network|error|status|submit|frame)\./.test(k),
    );
    assert.deepEqual(
      fieldKeys.filter((k) => !seen.has(k)),
      [],
    );
  });

  it('every tokenization error code has a shopper message in both languages', () => {
    for (const code of Object.keys(TOKENIZE_ERRORS) as TokenizeErrorCode[]) {
      assert.ok(ENGLISH[errorKey(code)], code);
      assert.ok(zhCN[errorKey(code)], code);
    }
  });

  it("the codes a proxy may answer with are those with an HTTP status; the browser's own it never takes from one", () => {
    const codes = Object.entries(TOKENIZE_ERRORS);
    for (const [code, status] of codes) {
      assert.equal(isTokenizeErrorCode(code), true, code);
      assert.equal(isProxyErrorCode(code), status !== 0, code);
    }
    assert.equal(isTokenizeErrorCode('busy'), false);
  });

  it('finds the catalogs for a locale tag, and fills placeholders', () => {
    // Nothing registered: English, which message() always falls back to.
    assert.deepEqual(catalogsFor('fr-FR'), []);
    assert.equal(catalogTag('fr-FR'), 'en');
    assert.equal(message('cardNumber.brand_not_accepted', [ENGLISH], { brand: 'Visa' }), 'Visa cards are not accepted here.');
    assert.equal(message('securityCode.incomplete', [{}, zhCN], { code: 'CVV', size: 3 }), 'CVV 应为 3 位数字。');
  });

  it('reads a tag and its shorter forms until a pack plugs in the rules for regional variants', () => {
    const french = { 'label.city': 'Ville' };
    const swiss = { 'label.city': 'Localité' };
    registerCatalog('fr', french);
    registerCatalog('fr-CH', swiss);
    registerCatalog('es-419', { 'label.city': 'Ciudad' });
    try {
      // A catalog of a few strings for fr-CH reads the rest from fr, then English.
      assert.deepEqual(catalogsFor('fr-CH'), [swiss, french]);
      assert.equal(message('label.postalCode', catalogsFor('fr-CH')), 'Postal code');
      assert.equal(catalogTag('es-MX'), 'en', 'the built-in rule knows only shorter forms');
      useCandidates(catalogCandidates);
      assert.equal(catalogTag('es-MX'), 'es-419');
    } finally {
      for (const tag of ['fr', 'fr-CH', 'es-419']) delete CATALOGS[tag];
    }
  });

  it("picks the plural category the locale has, and the catalog's `other` for one it lacks", () => {
    const values = { count: 3, first: 'x' };
    const russian = { 'status.errors.few': 'few {count}', 'status.errors.other': 'other {count}' };
    assert.equal(message('status.errors.few', [russian], values), 'few 3');
    assert.equal(message('status.errors.many', [russian], values), 'other 3');
    assert.equal(message('status.errors.two', [], values), '3 fields need attention. First: x');
    assert.equal(message('status.errors.one', [russian], { count: 1, first: 'x' }), '1 field needs attention: x');
  });
});
