// Any locale string a page may hold renders the form: templates write `en_US`, servers `C.UTF-8`, hand-written
// pages anything. Before, a tag Intl refused left the form blank in every engine.
import { expect, fixture, html } from '@open-wc/testing';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { statusText } from './helpers.ts';

const TAGS: [string, string][] = [
  ['en_US', 'Card number'],
  ['C', 'Card number'],
  ['C.UTF-8', 'Card number'],
  ['POSIX', 'Card number'],
  ['x', 'Card number'],
  ['123', 'Card number'],
  ['de_DE@euro', 'Card number'],
  ['zh_CN', '卡号'],
  ['zh-hans-cn', '卡号'],
];

describe('locale tags of every shape', () => {
  for (const [tag, label] of TAGS) {
    it(`lang="${tag}" on the page: the whole form renders, in ${label === '卡号' ? 'Chinese' : 'English'}`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang=${tag}><cache-card-form billing-address="full" submit-button></cache-card-form></div>`,
      );
      const card = wrapper.querySelector('cache-card-form') as CacheCardForm;
      await card.updateComplete;
      expect(card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent).to.equal(label);
      expect(card.shadowRoot!.querySelectorAll('select[name=country] option').length).to.be.greaterThan(200);
      // The plural rules of the announcement read the tag too.
      await card.tokenize().catch(() => undefined);
      await card.updateComplete;
      expect(statusText(card)).to.not.equal('');
    });
  }

  it('takes the same shapes in its own locale attribute', async () => {
    const card = await fixture<CacheCardForm>(html`<cache-card-form locale="zh_CN" billing-address="full"></cache-card-form>`);
    expect(card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent).to.equal('卡号');
  });
});
