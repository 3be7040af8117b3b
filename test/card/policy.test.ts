// How the form's settings meet the proxy's policy, and how the BIN lookup's networks name and widen a card.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_ALIPAY_BRANDS } from '../../src/card/brands.ts';
import { followPolicy, isProxyPolicy, type ProxyPolicy } from '../../src/card/policy.ts';
import { checkCardNumber } from '../../src/card/validate.ts';

const proxy: ProxyPolicy = {
  acceptedBrands: ['VISA', 'MASTERCARD', 'CARTES_BANCAIRES'],
  allowUnknownBrands: false,
  billingAddress: 'postal',
  requireSecurityCode: true,
};

describe("following the proxy's policy", () => {
  it("takes the proxy's settings where the page said nothing", () => {
    assert.deepEqual(followPolicy({}, proxy), { ...proxy, overridden: [] });
  });

  it('narrows to what the page asks when that is less: fewer brands, no unknown ones, more address', () => {
    const followed = followPolicy({ acceptedBrands: ['VISA'], allowUnknownBrands: false, billingAddress: 'full' }, proxy);
    assert.deepEqual(followed.acceptedBrands, ['VISA']);
    assert.equal(followed.billingAddress, 'full');
    assert.deepEqual(followed.overridden, []);
  });

  it('overrides what the page asks when the proxy would refuse it, and names each setting', () => {
    const followed = followPolicy({ acceptedBrands: ['VISA', 'TROY'], allowUnknownBrands: true, billingAddress: 'none' }, proxy);
    assert.deepEqual(followed.acceptedBrands, ['VISA']);
    assert.equal(followed.allowUnknownBrands, false);
    assert.equal(followed.billingAddress, 'postal');
    assert.deepEqual(followed.overridden, ['acceptedBrands', 'allowUnknownBrands', 'billingAddress']);
  });

  it('reads only a well-formed policy', () => {
    assert.equal(isProxyPolicy(proxy), true);
    assert.equal(isProxyPolicy({ ...proxy, acceptedBrands: ['VISA', 'NOPE'] }), false);
    assert.equal(isProxyPolicy({ ...proxy, billingAddress: 'most' }), false);
    assert.equal(isProxyPolicy({ ...proxy, requireSecurityCode: 'yes' }), false);
    assert.equal(isProxyPolicy(null), false);
  });
});

describe("the BIN lookup's networks", () => {
  const all = { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: false };

  it("name a card no range knows (BC), with that brand's rules", () => {
    assert.equal(checkCardNumber('9490220011669217', all).problem, 'brand_unknown');
    const named = checkCardNumber('9490220011669217', all, ['BC']);
    assert.equal(named.isValid, true);
    assert.equal(named.brand, 'BC');
    assert.deepEqual(named.networks, ['BC']);
  });

  it('list both networks of a co-badged card, the number still checked by its own brand', () => {
    const check = checkCardNumber('4000002500001001', all, ['CARTES_BANCAIRES', 'VISA']);
    assert.equal(check.brand, 'VISA');
    assert.deepEqual(check.networks, ['CARTES_BANCAIRES', 'VISA']);
    assert.equal(checkCardNumber('4000002500001002', all, ['CARTES_BANCAIRES', 'VISA']).isValid, false);
  });

  it('leave a number no range knows open until there are enough digits to ask about', () => {
    assert.equal(checkCardNumber('9490220', all).isPotentiallyValid, true);
    assert.equal(checkCardNumber('94902200', all).isPotentiallyValid, false);
  });
});
