// Any locale string a page may hold renders the form: templates write `en_US`, servers `C.UTF-8`, hand-written
// pages anything. Before, a tag Intl refused left the form blank in every engine.
import { expect, fixture, html } from '@open-wc/testing';
import { CATALOGS } from '../../src/card/messages.ts';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { countriesListed, statusText, until } from './helpers.ts';

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
      expect((await countriesListed(card)).length).to.be.greaterThan(200);
      // The plural rules of the announcement read the tag too.
      await card.tokenize().catch(() => undefined);
      await card.updateComplete;
      expect(statusText(card)).to.not.equal('');
    });
  }

  it("inside another component's shadow root: the page's lang, which closest() does not reach from there", async () => {
    const before = document.documentElement.getAttribute('lang');
    document.documentElement.lang = 'zh-CN';
    try {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const card = document.createElement('cache-card-form');
      host.attachShadow({ mode: 'open' }).append(card);
      await card.updateComplete;
      expect(card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent).to.equal('卡号');
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.lang = before;
    }
  });

  it("inside another component's shadow root: that component's lang, nearer than the page's", async () => {
    const before = document.documentElement.getAttribute('lang');
    document.documentElement.lang = 'en';
    try {
      // <section lang="zh-CN"> around the merchant's component; the form in the component's shadow, in a <p>.
      const outer = await fixture<HTMLElement>(html`<section lang="zh-CN"><div></div></section>`);
      const wrapper = document.createElement('p');
      const card = document.createElement('cache-card-form');
      wrapper.append(card);
      outer.firstElementChild!.attachShadow({ mode: 'open' }).append(wrapper);
      await card.updateComplete;
      const label = () => card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent;
      expect(label()).to.equal('卡号');
      wrapper.lang = 'en';
      card.requestUpdate();
      await card.updateComplete;
      expect(label(), 'the nearest lang wins').to.equal('Card number');
      wrapper.lang = '';
      card.requestUpdate();
      await card.updateComplete;
      expect(label(), 'an empty lang is passed over').to.equal('卡号');
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.lang = before;
    }
  });

  it('takes the same shapes in its own locale attribute', async () => {
    const card = await fixture<CacheCardForm>(html`<cache-card-form locale="zh_CN" billing-address="full"></cache-card-form>`);
    expect(card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent).to.equal('卡号');
  });
});

describe("tags as merchants write them, read by this browser's Intl", () => {
  // Antom's and Java's underscores, legacy codes (iw, in, tl, no), any case, regional fallbacks.
  const PACKS: [string, string][] = [
    ['iw', 'he'],
    ['in_ID', 'id'],
    ['tl_PH', 'fil'],
    ['no', 'nb'],
    ['PT_br', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['es_MX', 'es-419'],
    ['fr-CH', 'fr'],
    ['zh_HK', 'zh-HK'],
    ['zh-MO', 'zh-HK'],
    ['zh-Hant', 'zh-TW'],
    ['zh', 'zh-CN'],
    ['sw-KE', 'en'],
  ];
  for (const [tag, pack] of PACKS) {
    it(`locale="${tag}" speaks ${pack}`, async () => {
      await import('../../src/locales/on-demand.ts');
      const card = await fixture<CacheCardForm>(html`<cache-card-form locale=${tag}></cache-card-form>`);
      const label = () => card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent;
      const wanted =
        CATALOGS[pack]?.['label.cardNumber'] ??
        (await until(() => CATALOGS[pack], `the ${pack} pack registered itself`), CATALOGS[pack]!['label.cardNumber']);
      await until(() => label() === wanted, `${tag}: "${label()}" is not ${pack}'s "${wanted}"`);
      expect(card.getAttribute('dir')).to.equal(pack === 'he' ? 'rtl' : 'ltr');
    });
  }
});

describe("the form's direction", () => {
  it('a language registered by the page and written right to left (fa) is set right to left', async () => {
    const Form = customElements.get('cache-card-form') as unknown as typeof CacheCardForm;
    Form.registerLocale('fa', { 'label.cardNumber': 'شماره کارت' });
    const card = await fixture<CacheCardForm>(html`<cache-card-form locale="fa-IR"></cache-card-form>`);
    await until(() => card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent === 'شماره کارت', 'the fa label shows');
    expect(card.getAttribute('dir')).to.equal('rtl');
    // And back, when the page switches the form to a left-to-right language.
    card.locale = 'en';
    await until(() => card.getAttribute('dir') === 'ltr', 'the direction follows the language');
  });

  it('a direction the page set on the element is its own: the language does not change it', async () => {
    await import('../../src/locales/on-demand.ts');
    const card = await fixture<CacheCardForm>(html`<cache-card-form locale="ar" dir="ltr"></cache-card-form>`);
    await until(() => CATALOGS.ar, 'the ar pack registered itself');
    const arabic = CATALOGS.ar!['label.cardNumber'];
    await until(() => card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent === arabic, 'the Arabic label shows');
    expect(card.getAttribute('dir')).to.equal('ltr');
    card.locale = 'he';
    await until(() => CATALOGS.he, 'the he pack registered itself');
    await until(
      () => card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent === CATALOGS.he!['label.cardNumber'],
      'the Hebrew label shows',
    );
    expect(card.getAttribute('dir')).to.equal('ltr');
  });

  it("follows the page's language as it changes, before the shopper types, and says its own in lang", async () => {
    const before = document.documentElement.getAttribute('lang');
    document.documentElement.lang = 'en';
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div><cache-card-form></cache-card-form></div>`);
      const card = wrapper.querySelector('cache-card-form') as CacheCardForm;
      const label = () => card.shadowRoot!.querySelector('label[for=cardNumber]')?.textContent;
      await card.updateComplete;
      expect(label()).to.equal('Card number');
      document.documentElement.lang = 'zh-CN';
      await until(() => label() === '卡号', "the page's new language, with no key pressed");
      expect(card.shadowRoot!.querySelector('form')!.lang).to.equal('zh-CN');
      wrapper.lang = 'en';
      await until(() => label() === 'Card number', 'a nearer lang, set later, is nearer');
      expect(card.shadowRoot!.querySelector('form')!.lang).to.equal('en');
      // A form that speaks another language than the page says so, for a screen reader's voice: the language its
      // words are in, which for a language without a pack is English.
      card.locale = 'zh-CN';
      await until(() => label() === '卡号', 'its own locale');
      expect(card.shadowRoot!.querySelector('form')!.lang).to.equal('zh-CN');
      card.locale = 'sw';
      await until(() => label() === 'Card number', 'English, for a language without a pack');
      expect(card.shadowRoot!.querySelector('form')!.lang).to.equal('en');
    } finally {
      if (before === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.lang = before;
    }
  });
});
