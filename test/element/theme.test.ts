import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { field } from './helpers.ts';

/**
 * Asks the driver for a colour scheme and says whether the page now sees it. Playwright's BiDi Firefox accepts
 * emulateMedia and does nothing; a WebDriver launcher refuses it outright. Either way: false.
 */
async function emulateColorScheme(colorScheme: 'light' | 'dark'): Promise<boolean> {
  try {
    await emulateMedia({ colorScheme });
  } catch {
    return false;
  }
  return matchMedia(`(prefers-color-scheme: ${colorScheme})`).matches;
}

describe('theming', () => {
  afterEach(() => emulateColorScheme('light'));

  it('takes --cache-card-* custom properties from the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div class="themed"><cache-card-form></cache-card-form></div>`);
    const style = document.createElement('style');
    style.textContent =
      '.themed { --cache-card-border-color: rgb(1, 2, 3); --cache-card-font-family: monospace; --cache-card-border-radius: 0px; }';
    wrapper.append(style);
    const card = wrapper.querySelector('cache-card-form') as CacheCardForm;
    await card.updateComplete;
    const input = getComputedStyle(field(card, 'cardNumber'));
    expect(input.borderTopColor).to.equal('rgb(1, 2, 3)');
    expect(input.borderTopLeftRadius).to.equal('0px');
    expect(input.fontFamily).to.equal('monospace');
  });

  it("takes the placeholder's colour from --cache-card-placeholder-color", async function () {
    // Whether this engine reports a placeholder's own style at all, asked of a plain input on the page.
    const probe = await fixture<HTMLDivElement>(
      html`<div><style>.probe::placeholder { color: rgb(7, 8, 9) }</style><input class="probe" placeholder="x" /></div>`,
    );
    const reports = getComputedStyle(probe.querySelector('input')!, '::placeholder').color === 'rgb(7, 8, 9)';
    if (!reports) this.skip(); // WebKit's getComputedStyle ignores ::placeholder: nothing here to read the colour by
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="--cache-card-placeholder-color: rgb(4, 5, 6)"><cache-card-form></cache-card-form></div>`,
    );
    const card = wrapper.querySelector('cache-card-form') as CacheCardForm;
    await card.updateComplete;
    expect(field(card, 'cardNumber').placeholder).to.not.equal('');
    expect(getComputedStyle(field(card, 'cardNumber'), '::placeholder').color).to.equal('rgb(4, 5, 6)');
  });

  it('follows prefers-color-scheme when the page sets nothing', async function () {
    const card = await fixture<CacheCardForm>(html`<cache-card-form></cache-card-form>`);
    const light = getComputedStyle(field(card, 'cardNumber')).backgroundColor;
    if (!(await emulateColorScheme('dark'))) {
      console.warn(
        "skipped: this engine's driver cannot emulate prefers-color-scheme (Playwright BiDi Firefox ignores it, WebDriver has no command for it)",
      );
      this.skip();
    }
    const dark = getComputedStyle(field(card, 'cardNumber')).backgroundColor;
    expect(light).to.equal('rgb(255, 255, 255)');
    expect(dark).to.not.equal(light);
  });

  it('exposes a part on every meaningful node', async () => {
    const card = await fixture<CacheCardForm>(html`<cache-card-form billing-address="full" submit-button></cache-card-form>`);
    const parts = new Set([...card.shadowRoot!.querySelectorAll('[part]')].flatMap((el) => el.getAttribute('part')!.split(' ')));
    for (const part of [
      'form',
      'group',
      'legend',
      'field',
      'label',
      'input',
      'message',
      'brand',
      'status',
      'submit',
      'input-card-number',
      'field-postal-code',
      'message-expiry',
    ]) {
      expect(parts.has(part), part).to.equal(true);
    }
  });
});
