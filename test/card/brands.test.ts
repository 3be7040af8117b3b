import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_ALIPAY_BRANDS, parseAcceptedBrands, type AlipayBrand } from '../../src/card/brands.ts';
import { checkCardNumber } from '../../src/card/validate.ts';

/** Public test numbers published by the schemes and processors, per Alipay brand. */
export const TEST_CARDS: Record<AlipayBrand, string[]> = {
  VISA: ['4111111111111111', '4242424242424242', '4012888888881881'],
  MASTERCARD: ['5555555555554444', '5105105105105100', '2223003122003222'],
  AMEX: ['378282246310005', '371449635398431'],
  DISCOVER: ['6011111111111117', '6011000990139424'],
  DINERS: ['30569309025904', '38520000023237', '36227206271667'],
  JCB: ['3530111333300000', '3566002020360505'],
  CUP: ['6200000000000005', '6205500000000000004'],
  MAESTRO: ['6759649826438453', '6304000000000000', '6799990100000000019'],
  MIR: ['2200000000000004', '2201382000000013'],
  ELO: ['5066991111111118', '6362970000457013'],
  HIPERCARD: ['6062828888666688'],
  TROY: ['9792030000000000'],
  // Cartes Bancaires' own range (Ingenico's CB test card); cards co-badged with Visa or Mastercard are named by
  // the proxy's BIN lookup (test/server/brands.test.ts).
  CARTES_BANCAIRES: ['5017670000001800'],
  CARNET: ['5062210000000009', '5062224607440872'],
  // Korean issuers with no public number range: only a BIN lookup names them (test/server/brands.test.ts).
  BC: [],
  CITI: [],
};

describe('brand table', () => {
  for (const [brand, numbers] of Object.entries(TEST_CARDS)) {
    for (const pan of numbers) {
      it(`reads ${pan} as a valid ${brand}`, () => {
        const check = checkCardNumber(pan);
        assert.equal(check.brand, brand);
        assert.equal(check.isValid, true);
      });
    }
  }

  it('covers every brand Alipay takes', () => {
    assert.deepEqual(Object.keys(TEST_CARDS).sort(), [...ALL_ALIPAY_BRANDS].sort());
  });

  it('gives Amex 4-6-5 groups and a 4-digit CID, Visa 4-4-4-4 and a 3-digit CVV', () => {
    const amex = checkCardNumber('378282246310005');
    assert.deepEqual([amex.gaps, amex.securityCode], [[4, 10], { name: 'CID', size: 4 }]);
    const visa = checkCardNumber('4111111111111111');
    assert.deepEqual([visa.gaps, visa.securityCode], [[4, 8, 12], { name: 'CVV', size: 3 }]);
  });
});

describe('accepted-brands policy (fails closed)', () => {
  const visaOnly = { acceptedBrands: ['VISA'] as AlipayBrand[], allowUnknownBrands: false };

  it('refuses a brand the merchant does not take, as soon as the prefix names it', () => {
    for (const pan of ['3', '37', '378282246310005']) {
      const check = checkCardNumber(pan, visaOnly);
      if (pan === '3') continue; // "3" may still be several brands
      assert.deepEqual([check.isValid, check.isPotentiallyValid, check.problem], [false, false, 'brand_not_accepted'], pan);
    }
    assert.equal(checkCardNumber('4111111111111111', visaOnly).isValid, true);
  });

  it('refuses a number no brand recognises unless unknown brands are allowed', () => {
    const unknown = '9999999999999995';
    assert.equal(checkCardNumber(unknown).problem, 'brand_unknown');
    assert.equal(checkCardNumber(unknown).isPotentiallyValid, false);
    const allowed = checkCardNumber(unknown, { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true });
    assert.equal(allowed.isValid, true);
    assert.equal(allowed.brand, null);
    assert.equal(checkCardNumber('9999999999999996', { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true }).isValid, false);
  });

  // Verve's 506100 and Aura's 507860 sit inside Maestro's 504176-506198 and 506779-508999: named Maestro, they
  // would be sent to Alipay as MAESTRO.
  const NO_ALIPAY_CODE: [string, string, string][] = [
    ['Hiper', 'hiper', '6370950000000005'],
    ['Verve', 'verve', '5061000000000005'],
    ['Aura', 'aura', '5078600000000000005'],
  ];
  for (const [name, cardType, pan] of NO_ALIPAY_CODE) {
    it(`refuses ${name} (${pan.slice(0, 6)}), a scheme Alipay has no code for, even when unknown brands are allowed`, () => {
      const check = checkCardNumber(pan, { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true });
      assert.equal(check.cardType, cardType);
      assert.equal(check.brand, null);
      assert.deepEqual([check.isValid, check.isPotentiallyValid, check.problem], [false, false, 'brand_not_accepted']);
    });
  }

  it("refuses Naranja (589562), within Maestro's 56-59, rather than send it as Maestro", () => {
    const check = checkCardNumber('5895620000000002', { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: true });
    assert.equal(check.cardType, 'naranja');
    assert.equal(check.brand, null);
    assert.equal(check.problem, 'brand_not_accepted');
  });

  it('reads accepted-brands lists in Alipay codes or credit-card-type ids, dropping unknown words', () => {
    assert.deepEqual(parseAcceptedBrands('VISA MASTERCARD'), ['VISA', 'MASTERCARD']);
    assert.deepEqual(parseAcceptedBrands('visa, american-express,unionpay'), ['VISA', 'AMEX', 'CUP']);
    assert.deepEqual(parseAcceptedBrands('VISA, NOPE'), ['VISA']);
    assert.deepEqual(parseAcceptedBrands('NOPE'), []);
    assert.deepEqual(parseAcceptedBrands(''), [...ALL_ALIPAY_BRANDS]);
    assert.equal(checkCardNumber('4111111111111111', { acceptedBrands: [], allowUnknownBrands: false }).isValid, false);
  });
});
