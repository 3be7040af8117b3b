// Every published test card number we could find, run through the card core as the form and the proxy run it:
// which networks it can go on (its brand, or both of a co-badged card as the proxy's default BIN lookup knows
// them), whether the default policy accepts it, and how the form groups it. Where this product differs from
// the label a source gives, the row says why. Numbers are the sources' own; everything else is ours.
//
// None of the sources publishes a number for CITI; BC has no public range (see the Korean rows and the last test).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { formatCardNumber } from '../../src/card/format.ts';
import { checkCardNumber } from '../../src/card/validate.ts';
import { defaultBrandLookup } from '../../src/server/brand-lookup.ts';

const SOURCES = {
  stripe: 'Stripe, docs.stripe.com/testing: cards by brand, co-branded cards, cards by country',
  stripeTerm: 'Stripe Terminal, docs.stripe.com/terminal/references/testing: simulated test cards',
  adyen:
    'Adyen, docs.adyen.com/development-resources/test-cards-and-credentials/test-card-numbers (as in adyen-examples/adyen-testcards-extension, data/cards.json)',
  adyenWeb: 'Adyen Web, packages/e2e-playwright/tests/utils/constants.ts',
  bt: 'Braintree, lib/braintree/test/credit_card.rb in braintree_ruby, and its testing reference',
  cko: 'Checkout.com, docs: testing, test cards',
  antom: "Antom (Alipay's acquiring brand), docs.antom.com/ac/cashierpay/test: testing resources, card",
  cv: 'card-validator 10, src/__tests__/card-number.ts',
  wp: 'Worldpay, card payments testing (as in edward-ji/test-cards-extension, public/data/cards/worldpay*.json)',
  ebanx: 'EBANX, test credit cards (as in edward-ji/test-cards-extension, public/data/cards/ebanx.json)',
  cybs: 'Cybersource, Unified Checkout reference test cards',
  iyzico: 'iyzico, docs.iyzico.com/en/add-ons/test-cards',
  prodamus: 'Prodamus, help.prodamus.ru: test payment with a Mir card',
  ingenico: 'Ingenico ePayments, payment product Carte Bancaire: testing',
  am: 'ActiveMerchant, test/unit/credit_card_methods_test.rb (range tests: not Luhn-valid)',
} as const;

type Row = [grouped: string, networks: string, verdict: string, source: keyof typeof SOURCES, note?: string];

/** The number as the form groups it; the networks (Alipay codes, else the scheme refused, else unknown); the verdict. */
const CARDS: Row[] = [
  ['4054 6957 2310 0768', 'VISA', 'accepted', 'antom', 'payment successful, Global'],
  ['5162 7741 1497 4622', 'MASTERCARD', 'accepted', 'antom', 'payment successful, Global'],
  [
    '9490 2200 1166 9217',
    'unknown',
    'brand_unknown',
    'antom',
    "Antom's Korean test card (it names the issuer Hyundai): no public range says which brand; a BIN service names it (see below)",
  ],
  ['4294 0974 0091 5107', 'VISA', 'accepted', 'antom', 'Brazil'],
  ['4006 0554 8252 5268', 'VISA', 'accepted', 'antom', 'Mexico'],
  ['4600 7293 3181 9383', 'VISA', 'accepted', 'antom', 'Chile'],
  ['4310 3777 2000 3234', 'VISA', 'accepted', 'antom', 'Peru'],
  ['4054 6927 6017 4822', 'VISA', 'accepted', 'antom', 'payment failed scenario'],
  ['5162 7704 7256 1357', 'MASTERCARD', 'accepted', 'antom', 'payment failed scenario'],
  ['4242 4242 4242 4242', 'VISA', 'accepted', 'stripe'],
  ['4000 0566 5566 5556', 'VISA', 'accepted', 'stripe', 'debit'],
  ['5555 5555 5555 4444', 'MASTERCARD', 'accepted', 'stripe'],
  ['2223 0031 2200 3222', 'MASTERCARD', 'accepted', 'stripe', '2-series'],
  ['5200 8282 8282 8210', 'MASTERCARD', 'accepted', 'stripe', 'debit'],
  ['5105 1051 0510 5100', 'MASTERCARD', 'accepted', 'stripe', 'prepaid'],
  ['3782 822463 10005', 'AMEX', 'accepted', 'stripe'],
  ['3714 496353 98431', 'AMEX', 'accepted', 'stripe'],
  ['6011 1111 1111 1117', 'DISCOVER', 'accepted', 'stripe'],
  ['6011 0009 9013 9424', 'DISCOVER', 'accepted', 'stripe'],
  ['6011 9811 1111 1113', 'DISCOVER', 'accepted', 'stripe', 'debit'],
  ['3056 9300 0902 0004', 'DINERS', 'accepted', 'stripe', '16-digit Diners'],
  ['3622 720627 1667', 'DINERS', 'accepted', 'stripe', '14-digit Diners'],
  ['6555 9000 0060 4105', 'DISCOVER', 'accepted', 'stripe', 'Stripe label "BCcard and DinaCard" (Discover-network range)'],
  ['3566 0020 2036 0505', 'JCB', 'accepted', 'stripe'],
  ['6200 0000 0000 0005', 'CUP', 'accepted', 'stripe'],
  ['6200 0000 0000 0047', 'CUP', 'accepted', 'stripe', 'debit'],
  ['6205 5000 0000 0000 004', 'CUP', 'accepted', 'stripe', '19-digit UnionPay'],
  ['4000 0025 0000 1001', 'CARTES_BANCAIRES VISA', 'accepted', 'stripe', 'co-branded CB/Visa'],
  ['5555 5525 0000 1001', 'CARTES_BANCAIRES MASTERCARD', 'accepted', 'stripe', 'co-branded CB/Mastercard'],
  [
    '4000 0503 6000 0001',
    'VISA',
    'accepted',
    'stripe',
    'eftpos Australia and Visa: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  [
    '5555 0503 6000 0080',
    'MASTERCARD',
    'accepted',
    'stripe',
    'eftpos Australia and Mastercard: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  ['5062 2100 0000 0009', 'CARNET', 'accepted', 'stripe', 'Mexico (MX) Carnet'],
  ['4000 0048 4000 8001', 'VISA', 'accepted', 'stripe', 'Mexico (MX) Visa'],
  ['4000 0007 6000 0002', 'VISA', 'accepted', 'stripe', 'Brazil (BR) Visa'],
  [
    '4000 0025 0000 0003',
    'CARTES_BANCAIRES VISA',
    'accepted',
    'stripe',
    'published as a plain French Visa; it shares its first 8 digits with the co-badged 4000 0025 0000 1001, and 8 digits are all the lookup sees',
  ],
  ['3530 1113 3330 0000', 'JCB', 'accepted', 'stripe', 'Japan (JP) JCB'],
  ['5555 5582 6555 4449', 'MASTERCARD', 'accepted', 'stripe', 'United Kingdom (GB)'],
  [
    '6280 0003 6000 0978',
    'eftpos',
    'brand_not_accepted',
    'stripeTerm',
    'eftpos Australia only: a scheme Alipay has no code for, refused rather than sent under another name',
  ],
  [
    '4506 4450 0693 1933',
    'VISA',
    'accepted',
    'stripeTerm',
    'published as Interac (a card-present test number in a Visa range): online, the number says Visa',
  ],
  ['3700 000000 00002', 'AMEX', 'accepted', 'adyen'],
  ['3700 000001 00018', 'AMEX', 'accepted', 'adyen'],
  [
    '6703 4444 4444 4449',
    'MAESTRO',
    'accepted',
    'adyen',
    'Bancontact and Maestro, no security code: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  [
    '4871 0499 9999 9910',
    'VISA',
    'accepted',
    'adyen',
    'Bancontact and Visa: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  ['4360 0000 0100 0005', 'CARTES_BANCAIRES VISA', 'accepted', 'adyen', 'Cartes Bancaires (FR); also Cybersource UC CB test card'],
  ['4035 5014 2814 6300', 'CARTES_BANCAIRES VISA', 'accepted', 'adyen', 'Cartes Bancaires (FR)'],
  ['4035 5010 0000 0008', 'CARTES_BANCAIRES VISA', 'accepted', 'adyen', 'Cartes Bancaires / Visa debit; adyen-web DUAL_BRANDED_CARD'],
  ['8171 9999 2766 0000', 'CUP', 'accepted', 'adyen', 'China UnionPay 81-series'],
  ['8171 9999 0000 0000 021', 'CUP', 'accepted', 'adyen', 'China UnionPay 19-digit'],
  ['6243 0300 0000 0001', 'CUP', 'accepted', 'adyen', 'also Braintree'],
  ['6250 9470 0000 0014', 'CUP', 'accepted', 'adyen'],
  ['5019 5555 4444 5555', 'dankort', 'brand_not_accepted', 'adyen', 'Dankort'],
  [
    '4571 0000 0000 0001',
    'VISA',
    'accepted',
    'adyen',
    'Dankort and Visa: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  ['3600 666633 3344', 'DINERS', 'accepted', 'adyen'],
  ['3607 050000 1020', 'DINERS', 'accepted', 'adyen'],
  ['3056 930902 5904', 'DINERS', 'accepted', 'adyen', 'also Braintree CarteBlanches'],
  ['6011 6011 6011 6611', 'DISCOVER', 'accepted', 'adyen'],
  ['6445 6445 6445 6445', 'DISCOVER', 'accepted', 'adyen'],
  ['3569 9900 1009 5841', 'JCB', 'accepted', 'adyen'],
  ['6771 7980 2100 0008', 'MAESTRO', 'accepted', 'adyen'],
  ['5000 5500 0000 0029', 'MAESTRO', 'accepted', 'adyen', 'Maestro, no CVC ("n/a")'],
  ['2222 4000 7000 0005', 'MASTERCARD', 'accepted', 'adyen'],
  ['5555 3412 4444 1115', 'MASTERCARD', 'accepted', 'adyen'],
  ['5577 0000 5577 0004', 'MASTERCARD', 'accepted', 'adyen'],
  ['5555 4444 3333 1111', 'MASTERCARD', 'accepted', 'adyen'],
  ['2222 4107 4036 0010', 'MASTERCARD', 'accepted', 'adyen'],
  ['2222 4107 0000 0002', 'MASTERCARD', 'accepted', 'adyen'],
  ['2222 4000 1000 0008', 'MASTERCARD', 'accepted', 'adyen'],
  ['2223 0000 4841 0010', 'MASTERCARD', 'accepted', 'adyen'],
  ['2222 4000 6000 0007', 'MASTERCARD', 'accepted', 'adyen'],
  ['2223 5204 4356 0010', 'MASTERCARD', 'accepted', 'adyen'],
  ['2222 4000 3000 0004', 'MASTERCARD', 'accepted', 'adyen'],
  ['5100 0600 0000 0002', 'MASTERCARD', 'accepted', 'adyen'],
  ['2222 4000 5000 0009', 'MASTERCARD', 'accepted', 'adyen'],
  ['5103 2219 1119 9245', 'MASTERCARD', 'accepted', 'adyen', 'BR'],
  ['5454 5454 5454 5454', 'MASTERCARD', 'accepted', 'adyen'],
  ['4111 1111 4555 1142', 'VISA', 'accepted', 'adyen'],
  ['4111 1120 1426 7661', 'VISA', 'accepted', 'adyen', 'FR'],
  ['4988 4388 4388 4305', 'VISA', 'accepted', 'adyen'],
  ['4166 6766 6766 6746', 'VISA', 'accepted', 'adyen'],
  ['4111 1111 1111 1111', 'VISA', 'accepted', 'adyen'],
  ['4444 3333 2222 1111', 'VISA', 'accepted', 'adyen'],
  ['4917 6100 0000 0000', 'VISA', 'accepted', 'adyen'],
  ['4001 0200 0000 0009', 'VISA', 'accepted', 'adyen', 'Visa Electron'],
  ['4013 2500 0000 0000 006', 'VISA', 'accepted', 'adyen', "V PAY, Visa's debit brand: Alipay knows it as VISA"],
  [
    '5127 8809 9999 9990',
    'MASTERCARD',
    'accepted',
    'adyenWeb',
    'Bancontact and Mastercard: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  ['9490 2200 0661 1406', 'unknown', 'brand_unknown', 'adyenWeb', "Adyen's Korean test card: as above"],
  [
    '4001 2300 0000 0004',
    'VISA',
    'accepted',
    'adyenWeb',
    'Visa and STAR (US debit): the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  [
    '4687 3801 0001 0006',
    'VISA',
    'accepted',
    'adyenWeb',
    'Visa and eftpos Australia: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  ['6771 8309 9999 1239 343', 'MAESTRO', 'accepted', 'adyenWeb', 'MULTI_LUHN_MAESTRO (Luhn-valid at 16, 18 and 19 digits)'],
  ['6044 1000 1802 3838', 'unknown', 'brand_unknown', 'adyenWeb', 'private label (PLCC): no scheme at all'],
  ['6044 1410 0001 8769', 'unknown', 'brand_unknown', 'adyenWeb', 'private label (PLCC): no scheme at all'],
  ['6044 1410 0001 8768', 'unknown', 'brand_unknown', 'adyenWeb', 'private label (PLCC): no scheme at all'],
  ['6044 1000 3332 7222', 'unknown', 'brand_unknown', 'adyenWeb', 'private label (PLCC): no scheme at all'],
  ['1354 1001 4004 955', 'unknown', 'brand_unknown', 'adyenWeb', 'UATP: no scheme Alipay takes'],
  ['3787 344936 71000', 'AMEX', 'accepted', 'bt'],
  ['3852 000002 3237', 'DINERS', 'accepted', 'bt'],
  ['3625 960000 0004', 'DINERS', 'accepted', 'bt', 'page marks Diners Club*'],
  ['6011 0009 9130 0009', 'DISCOVER', 'accepted', 'bt'],
  ['6304 0000 0000 0000', 'MAESTRO', 'accepted', 'bt'],
  ['2223 0000 4840 0011', 'MASTERCARD', 'accepted', 'bt'],
  ['5066 9911 1111 1118', 'ELO', 'accepted', 'bt'],
  ['6370 9500 0000 0005', 'hiper', 'brand_not_accepted', 'bt', 'Hiper (Alipay has no HIPER; ActiveMerchant files 637095 under Hipercard)'],
  ['6062 8205 2484 5321', 'HIPERCARD', 'accepted', 'bt'],
  ['4012 8888 8888 1881', 'VISA', 'accepted', 'bt'],
  ['4009 3488 8888 1881', 'VISA', 'accepted', 'bt'],
  ['4500 6000 0000 0061', 'VISA', 'accepted', 'bt'],
  ['4005 5192 0000 0004', 'VISA', 'accepted', 'bt'],
  ['4012 0000 3333 0026', 'VISA', 'accepted', 'bt'],
  ['4012 0000 7777 7777', 'VISA', 'accepted', 'bt'],
  ['4217 6511 1111 1119', 'VISA', 'accepted', 'bt'],
  ['6221 2611 1111 7766', 'CUP', 'accepted', 'bt'],
  ['6223 1649 9123 0014', 'CUP', 'accepted', 'bt'],
  ['1000 0000 0000 0008', 'unknown', 'brand_unknown', 'bt', 'Braintree "Unknowns\\'],
  ['4543 4740 0224 9996', 'VISA', 'accepted', 'cko'],
  ['5436 0310 3060 6378', 'MASTERCARD', 'accepted', 'cko'],
  ['2223 0000 1047 9399', 'MASTERCARD', 'accepted', 'cko'],
  ['5199 9923 1264 1465', 'MASTERCARD', 'accepted', 'cko'],
  ['3456 789012 34564', 'AMEX', 'accepted', 'cko'],
  ['3012 345678 9019', 'DINERS', 'accepted', 'cko'],
  ['4658 5840 9000 0001', 'VISA', 'accepted', 'cko', 'debit'],
  [
    '5000 1866 2234 6654',
    'MAESTRO',
    'accepted',
    'cko',
    'published as a Mastercard debit card; 500000-504174 is Maestro, a Mastercard brand, in the ranges ActiveMerchant and Adyen use',
  ],
  ['4544 2491 6767 3670', 'VISA', 'accepted', 'cko', 'current page: 20051 insufficient funds'],
  ['6221 5588 1234 0000', 'CUP', 'accepted', 'cv', 'UnionPay, not Luhn-valid; valid by default in card-validator'],
  ['6212 3450 0000 0001', 'CUP', 'accepted', 'cv', 'UnionPay, not Luhn-valid'],
  ['6212 3456 7890 02', 'CUP', 'accepted', 'cv', '14-digit UnionPay'],
  ['6212 3456 7890 003', 'CUP', 'accepted', 'cv', '15-digit UnionPay'],
  ['5000 0000 0000 0611', 'MAESTRO', 'accepted', 'cv'],
  ['5000 0000 0000 0000 005', 'MAESTRO', 'accepted', 'cv', '19-digit Maestro'],
  ['4150 5809 9651 7927', 'CARTES_BANCAIRES VISA', 'accepted', 'wp'],
  ['5131 0724 5440 8923', 'CARTES_BANCAIRES MASTERCARD', 'accepted', 'wp'],
  ['5817 0200 0000 0000', 'CARTES_BANCAIRES MAESTRO', 'accepted', 'wp'],
  [
    '4434 0200 0000 0006',
    'VISA',
    'accepted',
    'wp',
    'eftpos Australia and Visa: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  [
    '5163 1500 0000 0005',
    'MASTERCARD',
    'accepted',
    'wp',
    'eftpos Australia and Mastercard: the second network is a domestic scheme Alipay has no code for: the card goes on its global one',
  ],
  ['9792 0300 0000 0000', 'TROY', 'accepted', 'wp', 'also iyzico'],
  ['9792 0200 0000 0001', 'TROY', 'accepted', 'wp', 'also iyzico'],
  ['6759 6498 2643 8453', 'MAESTRO', 'accepted', 'wp', 'Maestro UK range'],
  ['9792 0720 0001 7956', 'TROY', 'accepted', 'iyzico'],
  ['6500 5288 6539 0837', 'TROY', 'accepted', 'iyzico'],
  ['6501 7001 9414 7183', 'TROY', 'accepted', 'iyzico'],
  ['5062 2246 0744 0872', 'CARNET', 'accepted', 'ebanx'],
  ['6362 9700 0045 7013', 'ELO', 'accepted', 'ebanx'],
  ['6505 0500 0000 1000', 'ELO', 'accepted', 'ebanx'],
  ['6062 8256 2425 4001', 'HIPERCARD', 'accepted', 'ebanx'],
  ['4514 1600 0000 0003', 'ELO', 'accepted', 'cybs'],
  ['6279 8862 4809 4966', 'CUP', 'accepted', 'cybs'],
  ['2200 0000 0000 0053', 'MIR', 'accepted', 'prodamus'],
  ['5017 6700 0000 1800', 'CARTES_BANCAIRES', 'accepted', 'ingenico', 'CB test card, 501767 range'],
  ['5062 2800 0000 0000', 'CARNET', 'invalid', 'am'],
  ['6046 2203 1231 2312', 'CARNET', 'invalid', 'am'],
  ['6393 8898 7123 9871', 'CARNET', 'invalid', 'am'],
  ['5022 7512 3123 1231', 'CARNET', 'invalid', 'am'],
  ['6275 3500 0000 0001', 'CARNET', 'invalid', 'am'],
];

const ALL = { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: false };

describe('published test card numbers', () => {
  for (const [grouped, networks, verdict, source, note] of CARDS) {
    const number = grouped.replace(/ /g, '');
    it(`${grouped} (${source}${note ? `; ${note}` : ''}): ${networks}, ${verdict}`, async () => {
      const check = checkCardNumber(number, ALL, await defaultBrandLookup(number.slice(0, 8)));
      const named = check.networks.length ? check.networks.join(' ') : (check.cardType ?? 'unknown');
      assert.equal(named, networks);
      assert.equal(check.isValid ? 'accepted' : check.problem, verdict);
      assert.equal(formatCardNumber(number, number.length, '', 'insert', check.gaps, 19).value, grouped);
    });
  }

  it('come from every source cited, and hold each brand this product names from a range', () => {
    assert.deepEqual([...new Set(CARDS.map((row) => row[3]))].sort(), Object.keys(SOURCES).sort());
    const named = new Set(CARDS.flatMap((row) => row[1].split(' ')));
    assert.deepEqual(
      ALL_ALIPAY_BRANDS.filter((brand) => !named.has(brand)),
      ['BC', 'CITI'],
    );
  });

  it("take the Korean test cards as BC where the merchant's BIN service says BC", () => {
    for (const number of ['9490220011669217', '9490220006611406']) {
      const check = checkCardNumber(number, ALL, ['BC']);
      assert.equal(check.isValid, true);
      assert.equal(check.brand, 'BC');
    }
  });
});
