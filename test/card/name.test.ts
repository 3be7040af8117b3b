import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BRAND_POLICY } from '../../src/card/brands.ts';
import { readCacheCardRequest } from '../../src/card/contract.ts';
import { checkAddressText, checkName, plainText } from '../../src/card/validate.ts';

describe('a cardholder name never carries a card number', () => {
  for (const name of [
    'Ada 4111 1111 1111 1111',
    'A4111-1111-1111-1111',
    '4111.1111.1111',
    'x 1 2 3 4 5 6 7 8 9 0 1 2',
    // Other scripts' digits: full-width, Arabic-Indic, Devanagari.
    '４１１１１１１１１１１１１１１１',
    'Ada ٤١١١ ١١١١ ١١١١ ١١١١',
    '४१११ ११११ ११११',
    // Digits that are not decimal digits to Unicode, but that a reader copies as one: superscript, circled, and
    // circled or dotted numbers that stand for two digits each (sixteen digits in ten characters).
    'Ada \u2074\u00b9\u00b9\u00b9 \u00b9\u00b9\u00b9\u00b9 \u00b9\u00b9\u00b9\u00b9',
    '\u2463\u2460\u2460\u2460\u2460\u2460\u2460\u2460\u2460\u2460\u2460\u2460',
    '\u2463\u246a\u246a\u2460\u246a\u246a\u2460\u246a\u246a\u2460',
    '\u248b\u2492\u2492\u2488\u2492\u2492\u2488\u2492\u2492\u2488',
  ]) {
    it(`refuses "${name}" as an invalid name`, () => assert.equal(checkName(name).problem, 'invalid'));
  }
  for (const name of [
    'Ada Lovelace',
    'Louis XIV',
    'Louis \u2169\u2163',
    'Agent 007',
    'Apt 12345678901',
    'Ada ４２',
    'Ada\u00b2',
    // CJK numerals are letters to Unicode, not digits, even sixteen of them: a name may spell a number out.
    '四一一一一一一一一一一一一一一一',
    '一二三四五六七八九十百千',
  ]) {
    it(`takes "${name}"`, () => assert.equal(checkName(name).isValid, true));
  }
});

/** A request body as the form sends it, for Ada Lovelace's card, with `card` over its fields. */
const cacheCardBody = (card: Record<string, unknown>) => ({
  paymentMethodDetail: {
    paymentMethodDetailType: 'card',
    card: {
      cardNo: '4111111111111111',
      securityCode: '123',
      expiryYear: '2031',
      expiryMonth: '07',
      instUserName: { firstName: 'Ada', lastName: 'Lovelace' },
      ...card,
    },
  },
});

describe('names and address text are text', () => {
  const refused = {
    'half a surrogate pair (high)': 'Ada\ud800',
    'half a surrogate pair (low)': '\udc00Ada',
    'a NUL': 'Ada\u0000',
    'a line separator': 'Ada\u2028Lovelace',
  };
  for (const [what, text] of Object.entries(refused)) {
    it(`refuses ${what} in a name and in an address line`, () => {
      assert.equal(checkName(text).problem, 'invalid');
      assert.equal(checkAddressText(text, false).problem, 'invalid');
    });
  }
  const taken = {
    'a right-to-left mark, as Hebrew and Arabic keyboards type it': 'עדה\u200f לאבלייס',
    'an Arabic letter mark': 'آدا\u061c',
    'a character past the Basic Multilingual Plane, as in Japanese names': '𠮷野',
    'accents and apostrophes': "Zoë O'Brien-Łukasiewicz",
  };
  for (const [what, text] of Object.entries(taken)) {
    it(`takes ${what}, as it is`, () => {
      assert.equal(checkName(text).isValid, true);
      assert.equal(checkAddressText(text, false).isValid, true);
      assert.equal(plainText(text), text);
    });
  }
  const hidden: Record<string, [string, string]> = {
    'a right-to-left override': ['Ada\u202eecalevoL', 'AdaecalevoL'],
    'a left-to-right embedding and its pop': ['\u202aAda\u202c', 'Ada'],
    'first-strong isolates, as text copied from some apps carries them': ['\u2068Ada Lovelace\u2069', 'Ada Lovelace'],
  };
  for (const [what, [text, plain]] of Object.entries(hidden)) {
    it(`takes ${what}, and checks and sends the text without it`, () => {
      assert.equal(checkName(text).isValid, true);
      assert.equal(plainText(text), plain);
    });
  }
  it('a name of bidirectional controls alone is no name', () => assert.equal(checkName('\u2068\u2069').problem, 'required'));
  const blank = {
    'a zero-width space': '\u200b',
    'zero-width joiners': '\u200d\u200c',
    'a soft hyphen': '\u00ad',
    "Hangul's filler": '\u3164',
    'a blank Braille pattern': '\u2800',
    'tag characters': '\u{E0041}\u{E0042}',
    'combining accents with no letter': '\u0301\u0301',
    'no-break and ideographic spaces': '\u00a0\u3000',
  };
  for (const [what, text] of Object.entries(blank)) {
    it(`a name or a required address line of ${what} alone is none; an optional one is left out`, () => {
      assert.equal(checkName(text).problem, 'required');
      assert.equal(checkName(`Ada${text}`).isValid, true, 'beside a letter it is text');
      assert.equal(checkAddressText(text, true).problem, 'required');
      assert.equal(checkAddressText(text, false).isValid, true);
    });
  }
  it('names in scripts that join with zero-width characters and marks are taken', () => {
    for (const name of ['می\u200cخواهم', 'क्\u200dष', 'กิตติ', 'Zoe\u0308']) assert.equal(checkName(name).isValid, true, name);
  });

  it('the request the proxy rebuilds carries none of them', () => {
    const body = cacheCardBody({
      instUserName: { firstName: '\u2068Ada\u2069', lastName: 'Love\u202elace' },
      billingAddress: {
        region: 'GB',
        address1: '\u2066Horse Guards Road\u2069',
        city: '\u202bLondon\u202c',
        zipCode: '\u2068SW1A 1AA\u2069',
      },
    });
    const read = readCacheCardRequest(body, { policy: DEFAULT_BRAND_POLICY, billingAddress: 'full', now: new Date('2026-01-01') });
    assert.ok(read.ok);
    const card = read.request.paymentMethodDetail.card;
    assert.deepEqual(card.instUserName, { firstName: 'Ada', lastName: 'Lovelace' });
    assert.equal(card.billingAddress?.city, 'London');
    assert.equal(card.billingAddress?.address1, 'Horse Guards Road');
    assert.equal(card.billingAddress?.zipCode, 'SW1A 1AA');
  });

  it('an optional address field of invisible characters alone is left out of the request, in every mode', () => {
    for (const billingAddress of ['none', 'postal', 'full'] as const) {
      const body = cacheCardBody({
        billingAddress: {
          region: 'GB',
          address1: '1 Horse Guards Rd',
          city: 'London',
          zipCode: 'SW1A 1AA',
          address2: '\u200b',
          state: '\u3164',
        },
      });
      const read = readCacheCardRequest(body, { policy: DEFAULT_BRAND_POLICY, billingAddress, now: new Date('2026-01-01') });
      assert.ok(read.ok, JSON.stringify(read));
      const sent = read.request.paymentMethodDetail.card.billingAddress!;
      assert.deepEqual(Object.keys(sent).sort(), ['address1', 'city', 'region', 'zipCode'], billingAddress);
    }
  });

  it('an address field sent though not asked for, of bidirectional controls alone, is empty: checked as such, not sent', () => {
    const body = (zipCode: string, city = '') => cacheCardBody({ billingAddress: { zipCode, ...(city ? { city } : {}) } });
    const options = { policy: DEFAULT_BRAND_POLICY, billingAddress: 'none' as const, now: new Date('2026-01-01') };
    const read = readCacheCardRequest(body('\u2068\u2069', '\u2066\u2069'), options);
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.request.paymentMethodDetail.card.billingAddress, undefined);
    // A right-to-left mark is text, and a postal code has no place for it.
    const marked = readCacheCardRequest(body('\u200eSW1A 1AA'), options);
    assert.ok(!marked.ok && marked.code === 'invalid_card');
    assert.deepEqual(marked.fields, [{ field: 'postalCode', problem: 'invalid' }]);
  });
});
