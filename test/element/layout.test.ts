// Shoppers who change the page to read it: a small screen, larger text, a right-to-left language, forced colours
// (Windows' high contrast). What they need of the form's layout, in every engine the driver can set it up in.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { CATALOGS } from '../../src/card/messages.ts';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import '../../src/locales/on-demand.ts';
import { countriesListed, field, typeInto, until } from './helpers.ts';

/** A form in a box of `width` px, in `locale`, at the page's text size or `fontSize`. */
async function formIn(width: number, locale: string, fontSize?: string, billingAddress = 'postal'): Promise<CacheCardForm> {
  const box = await fixture<HTMLDivElement>(
    html`<div style="inline-size: ${width}px" lang=${locale}>
      <cache-card-form billing-address=${billingAddress} style=${fontSize ? `--cache-card-font-size: ${fontSize}` : ''}></cache-card-form>
    </div>`,
  );
  const form = box.querySelector('cache-card-form') as CacheCardForm;
  // The pack is fetched the first time a form asks for it (src/locales/on-demand.ts); the country list follows.
  if (locale !== 'en') await until(() => CATALOGS[locale], `the ${locale} pack registered itself`);
  if (billingAddress === 'full') await countriesListed(form);
  await form.updateComplete;
  expect(form.getAttribute('dir')).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
  return form;
}

/** The part of the number field the digits are drawn in: its box less its borders and padding. */
function textArea(input: HTMLInputElement): { left: number; right: number } {
  const rect = input.getBoundingClientRect();
  const style = getComputedStyle(input);
  return {
    left: rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
    right: rect.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight),
  };
}

/** How far the brand mark reaches into the digits' area, in px (0 when it stays clear of it). */
function markOverDigits(form: CacheCardForm): number {
  const mark = form.shadowRoot!.querySelector('.brand')!.getBoundingClientRect();
  const input = field(form, 'cardNumber');
  const rect = input.getBoundingClientRect();
  // A mark above or below the field is clear of it, whatever its side.
  if (mark.bottom <= rect.top + 0.5 || mark.top >= rect.bottom - 0.5) return 0;
  const digits = textArea(input);
  return Math.max(0, Math.min(mark.right, digits.right) - Math.max(mark.left, digits.left));
}

/** What of the form's text sticks out of its box, or scrolls inside its own (a word too long for its line). */
function sticksOut(form: CacheCardForm, selector = 'legend, .field, label, .message, .hint, .network, button'): string[] {
  const box = form.getBoundingClientRect();
  const out: string[] = [];
  for (const element of form.shadowRoot!.querySelectorAll<HTMLElement>(selector)) {
    const rect = element.getBoundingClientRect();
    if (!rect.width) continue; // not shown (a message with nothing to say)
    const what = `${element.localName}.${element.className}: ${element.textContent!.trim().slice(0, 40)}`;
    if (rect.left < box.left - 1 || rect.right > box.right + 1) out.push(`sticks out: ${what}`);
    if (element.scrollWidth > element.clientWidth + 1) out.push(`scrolls: ${what}`);
  }
  return out;
}

describe('layout for shoppers who change the page to read it', () => {
  for (const locale of ['en', 'ar']) {
    for (const width of [420, 230]) {
      it(`${locale}, ${width} px: the brand mark never covers the card's digits, and the whole number shows`, async () => {
        const form = await formIn(width, locale);
        // A co-badged number, long enough to fill a narrow field; its marks show as soon as the digits name them.
        await typeInto(form, 'cardNumber', '4000002500001001');
        await until(() => form.shadowRoot!.querySelector('svg.brand'), 'a brand mark shows');
        expect(markOverDigits(form)).to.equal(0);
        const input = field(form, 'cardNumber');
        expect(input.scrollWidth, 'the number scrolls in its field').to.be.at.most(input.clientWidth + 1);
        // Wide enough, the mark is in the field, halfway down; narrower, above it.
        const mark = form.shadowRoot!.querySelector('.brand')!.getBoundingClientRect();
        const box = input.getBoundingClientRect();
        if (width > 320) expect(Math.abs(mark.top + mark.height / 2 - (box.top + box.height / 2))).to.be.below(1);
        else expect(mark.bottom).to.be.at.most(box.top + 0.5);
      });
    }
  }

  it('in a right-to-left form, the mark sits at the left end of the number (its inline end), clear of the digits', async () => {
    const form = await formIn(420, 'ar');
    await typeInto(form, 'cardNumber', '4111111111111111');
    await until(() => form.shadowRoot!.querySelector('svg.brand'), 'a brand mark shows');
    const mark = form.shadowRoot!.querySelector('.brand')!.getBoundingClientRect();
    const rect = field(form, 'cardNumber').getBoundingClientRect();
    expect(mark.left - rect.left).to.be.below(rect.right - mark.right);
    expect(markOverDigits(form)).to.equal(0);
  });

  it('text twice as large: the half fields go one under the other by the form’s own text size, and nothing sticks out', async () => {
    // 430 px is 26.9em of 16 px text, but 13.4em of 32 px: too narrow for two fields side by side. (The breakpoint was
    // in rem, which in the isolated frame stays 16 px when the page's text grows: Finnish labels overlapped.)
    const form = await formIn(430, 'fi', '32px', 'full');
    const expiry = field(form, 'expiry').getBoundingClientRect();
    const code = field(form, 'securityCode').getBoundingClientRect();
    expect(code.top).to.be.at.least(expiry.bottom);
    expect(sticksOut(form)).to.deep.equal([]);
    // At the page's own size, the same box has them side by side.
    const normal = await formIn(430, 'fi', undefined, 'full');
    expect(field(normal, 'securityCode').getBoundingClientRect().top).to.equal(field(normal, 'expiry').getBoundingClientRect().top);
  });

  it("a long word breaks rather than stick out of a narrow form with large text (German's Rechnungsadresse)", async () => {
    const form = await formIn(240, 'de', '32px', 'full');
    // The words only: a select this narrow is as wide as its prompt in WebKit (the README says so).
    expect(sticksOut(form, 'legend, label, .message, .hint, .network, button')).to.deep.equal([]);
  });

  it('forced colours (high contrast): the button keeps an edge when its background goes', async function () {
    // Playwright emulates forced colours in Chromium only; a WebDriver launcher (WebKit here) refuses the command.
    if (/Chrome\//.test(navigator.userAgent)) await emulateMedia({ forcedColors: 'active' });
    if (!matchMedia('(forced-colors: active)').matches) {
      console.warn('skipped: forced colours can be emulated in Chromium only (Playwright)');
      this.skip();
    }
    try {
      const form = await fixture<CacheCardForm>(html`<cache-card-form submit-button></cache-card-form>`);
      await form.updateComplete;
      const button = getComputedStyle(form.shadowRoot!.querySelector('button')!);
      expect(parseFloat(button.borderTopWidth)).to.be.at.least(1);
      expect(button.borderTopStyle).to.equal('solid');
      expect(button.borderTopColor).to.not.match(/^rgba\(.*, 0\)$|^transparent$/);
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });
});
