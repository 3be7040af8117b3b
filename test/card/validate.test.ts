import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkCardNumber,
  checkCountry,
  checkExpiry,
  checkExpiryParts,
  checkName,
  checkPostalCode,
  checkSecurityCode,
  MAX_YEARS_AHEAD,
  regionCodes,
} from '../../src/card/validate.ts';
import { checkCardFields, emptyCardFields } from '../../src/card/contract.ts';

const NOW = new Date(2026, 10, 26); // 26 November 2026

describe('card number: the card-validator pitfalls', () => {
  it('takes UnionPay numbers that do not pass Luhn, as card-validator does (some are issued so)', () => {
    assert.equal(checkCardNumber('6200000000000005').isValid, true);
    assert.equal(checkCardNumber('6200000000000006').isValid, true);
    assert.equal(checkCardNumber('6221558812340000').isValid, true);
  });

  it('treats an ambiguous prefix as incomplete, not invalid', () => {
    for (const prefix of ['5', '6', '62']) {
      const check = checkCardNumber(prefix);
      assert.deepEqual([check.isValid, check.isPotentiallyValid, check.problem], [false, true, 'incomplete'], prefix);
    }
  });

  it('calls 4111111111111112 not valid, so the shopper checks it, yet it may run to 19 digits as Visas do', () => {
    const check = checkCardNumber('4111111111111112');
    assert.deepEqual([check.isValid, check.isPotentiallyValid, check.problem], [false, true, 'invalid']);
  });

  it('calls a full-length number with a bad check digit invalid', () => {
    const check = checkCardNumber('378282246310006');
    assert.deepEqual([check.isValid, check.isPotentiallyValid, check.problem], [false, false, 'invalid']);
  });

  it('refuses non-digits and numbers past 19 digits', () => {
    assert.equal(checkCardNumber('4111 1111 1111 1111').problem, 'invalid');
    assert.equal(checkCardNumber('41111111111111111111').problem, 'invalid');
    assert.equal(checkCardNumber('').problem, 'required');
  });
});

describe('expiry', () => {
  const cases: [string, boolean, boolean, string?][] = [
    ['12/30', true, true],
    ['12 / 30', true, true],
    ['12/2030', true, true],
    ['1/30', true, true],
    ['01/2030', true, true],
    ['12-30', true, true],
    ['1230', true, true],
    ['122030', true, true],
    ['11/26', true, true], // good through the end of this month
    ['10/26', false, false, 'expired'],
    ['12/25', false, false, 'expired'],
    ['13/30', false, false, 'invalid'],
    ['00/30', false, false, 'invalid'],
    ['1', false, true, 'incomplete'],
    ['12 / 3', false, true, 'incomplete'],
    ['12 / 1', false, false, 'invalid'], // no year 2010-2019 is still to come
    ['12 / 20', false, true, 'expired'], // 2020, or the start of 2030: not marked while typing
    ['12 / 203', false, true, 'incomplete'],
    ['12 / 19', false, false, 'expired'],
    [`12/${(2026 + MAX_YEARS_AHEAD) % 100}`, true, true],
    [`12/${(2026 + MAX_YEARS_AHEAD + 1) % 100}`, false, false, 'too_far_ahead'],
    ['ab/cd', false, false, 'invalid'],
    ['', false, true, 'required'],
  ];
  for (const [input, isValid, isPotentiallyValid, problem] of cases) {
    it(`${JSON.stringify(input)} is ${isValid ? 'valid' : problem}`, () => {
      const check = checkExpiry(input, NOW);
      assert.deepEqual([check.isValid, check.isPotentiallyValid, check.problem], [isValid, isPotentiallyValid, problem]);
    });
  }

  it('reads two-digit years in this century, not as card-validator#127 does', () => {
    assert.deepEqual([checkExpiry('05/31', NOW).month, checkExpiry('05/31', NOW).year], ['05', '2031']);
    assert.equal(checkExpiry('05/99', NOW).problem, 'too_far_ahead');
  });

  it('reads a two-digit year more than 80 years past as one of the next century: "05" is 2105 in 2095', () => {
    const check = checkExpiry('05/05', new Date(2095, 0, 15));
    assert.deepEqual([check.isValid, check.month, check.year], [true, '05', '2105']);
  });

  it('checks the parts the proxy receives: a 4-digit year and a 2-digit month', () => {
    assert.equal(checkExpiryParts('07', '2030', NOW).isValid, true);
    assert.equal(checkExpiryParts('7', '2030', NOW).isValid, false);
    assert.equal(checkExpiryParts('07', '30', NOW).isValid, false);
  });
});

describe('security code', () => {
  it('wants 4 digits for Amex and 3 for the rest', () => {
    assert.equal(checkSecurityCode('1234', 4).isValid, true);
    assert.equal(checkSecurityCode('123', 4).problem, 'incomplete');
    assert.equal(checkSecurityCode('123', 3).isValid, true);
    assert.equal(checkSecurityCode('1234', 3).problem, 'invalid');
  });
  it('takes 3 or 4 digits while the brand is unknown, and never letters', () => {
    assert.equal(checkSecurityCode('123', null).isValid, true);
    assert.equal(checkSecurityCode('1234', null).isValid, true);
    assert.equal(checkSecurityCode('12a', 3).problem, 'invalid');
  });
});

describe('names and address', () => {
  it('takes names in any script, refuses numbers and control characters', () => {
    for (const name of ['Ada', 'José María', '王', 'O’Brien-Smith']) assert.equal(checkName(name).isValid, true, name);
    assert.equal(checkName('4111111111111111').problem, 'invalid');
    assert.equal(checkName('Ada\u0000').problem, 'invalid');
    assert.equal(checkName('   ').problem, 'required');
    assert.equal(checkName('x'.repeat(256)).problem, 'too_long');
  });
  it('takes postal codes with letters (UK, Canada) and refuses symbols', () => {
    for (const code of ['94107', 'SW1A 1AA', 'K1A 0B1', '100-0001', '310000']) assert.equal(checkPostalCode(code).isValid, true, code);
    assert.equal(checkPostalCode('12').problem, 'incomplete');
    assert.equal(checkPostalCode('<script>').problem, 'invalid');
  });
  it('knows the ISO 3166-1 countries from Intl data, without withdrawn codes or groupings', () => {
    const codes = regionCodes();
    for (const code of ['US', 'CN', 'GB', 'DE', 'BR', 'XK']) assert.ok(codes.includes(code), code);
    for (const code of ['UK', 'YU', 'EU', 'UN', 'ZZ', 'AC']) assert.ok(!codes.includes(code), code);
    assert.ok(codes.length >= 245 && codes.length <= 252, String(codes.length));
    assert.equal(checkCountry('cn').isValid, false);
    assert.equal(checkCountry('CN').isValid, true);
  });
});

describe('a card whose brand may have no security code (Maestro)', () => {
  const fields = { ...emptyCardFields(), cardNumber: '5000550000000029', expiry: '12/30', firstName: 'Ada', lastName: 'Lovelace' };
  const options = { billingAddress: 'none' as const, now: NOW };
  it('may go without one', () => {
    assert.equal(checkCardFields(fields, options).securityCode.isValid, true);
  });
  it('has one that is typed checked all the same: two digits are not a code', () => {
    const check = checkCardFields({ ...fields, securityCode: '12' }, options).securityCode;
    assert.deepEqual([check.isValid, check.problem], [false, 'incomplete']);
  });
});
