// The form in every locale, in every engine: each pack arrives on demand, every string on screen is the pack's (no
// key missing, no English left, every {slot} filled), the error count is announced in the language's own plural
// form, the direction is the language's, nothing is clipped on a 320 px phone, and axe finds nothing.
import { expect, fixture, html } from '@open-wc/testing';
import type { CardFieldName } from '../../src/card/contract.ts';
import { LOCALE_PACKS } from '../../src/card/locale.ts';
import { CATALOGS, ENGLISH, message, type MessageKey, type Messages } from '../../src/card/messages.ts';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import '../../src/locales/on-demand.ts';
import { countriesListed, field, statusText, until } from './helpers.ts';

const RTL = ['ar', 'he'];
/** Strings the same as English on purpose: the digits, German "(optional)", the expiry letters some cards print. */
const AGREED_IN: Record<string, string[]> = { de: ['(optional)'], fil: ['MM / YY'], he: ['MM / YY'], ar: ['MM / YY'] };

/** Every field that can be wrong at once: the nine required ones of a full address, and two too long. */
const FIELDS: [CardFieldName, good: string, bad: string][] = [
  ['state', '', 'x'.repeat(200)],
  ['addressLine2', '', 'x'.repeat(200)],
  ['cardNumber', '4111111111111111', ''],
  ['expiry', '12 / 34', ''],
  ['securityCode', '123', ''],
  ['firstName', 'Ada', ''],
  ['lastName', 'Lovelace', ''],
  ['country', 'DE', ''],
  ['addressLine1', '1 Main Street', ''],
  ['city', 'Berlin', ''],
  ['postalCode', '10115', ''],
];

async function mountIn(tag: string): Promise<CacheCardForm> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="inline-size: 320px"><cache-card-form locale=${tag} billing-address="full" submit-button></cache-card-form></div>`,
  );
  const form = wrapper.querySelector('cache-card-form')!;
  // The pack is fetched the first time a form asks for it (src/locales/on-demand.ts).
  await until(() => CATALOGS[tag], `the ${tag} pack registered itself`);
  await countriesListed(form);
  await form.updateComplete;
  return form;
}

/** Sets fields as an autofill does (value, then `change`), so that `count` of them are wrong. */
async function leaveWrong(form: CacheCardForm, count: number) {
  form.reset();
  FIELDS.forEach(([name, good, bad], i) => {
    const input = field(form, name);
    input.value = i < FIELDS.length - count ? good : bad;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await form.updateComplete;
}

/** What the shopper can read or hear: text, placeholders, accessible names. */
function shownStrings(form: CacheCardForm): string[] {
  const root = form.shadowRoot!;
  const texts = [...root.querySelectorAll('label, legend, button, .message, [role=status], select option:first-child')].map((e) =>
    e.textContent!.replace(/\s+/g, ' ').trim(),
  );
  const attributes = [...root.querySelectorAll('[placeholder], [aria-label]')].flatMap((e) =>
    ['placeholder', 'aria-label'].map((a) => e.getAttribute(a) ?? ''),
  );
  return [...texts, ...attributes].filter(Boolean);
}

/** Every English string, with the slots filled as the form fills them. */
const english = (values: Record<string, string | number>) =>
  new Set(Object.keys(ENGLISH).map((key) => message(key as MessageKey, [ENGLISH], values)));

for (const tag of ['en', ...LOCALE_PACKS]) {
  describe(`the form in ${tag}`, () => {
    it('shows every string of its pack, with every slot filled, and no English left', async () => {
      const form = await mountIn(tag);
      const catalog: Messages = CATALOGS[tag]!;
      const label = (name: string) => form.shadowRoot!.querySelector(`label[for=${name}]`)!.textContent!.replace(/\s+/g, ' ').trim();
      expect(label('cardNumber')).to.equal(catalog['label.cardNumber']);
      expect(label('securityCode')).to.equal(catalog['label.securityCode']!.replace('{code}', 'CVV'));
      expect(label('state')).to.equal(`${catalog['label.state']} ${catalog.optional}`);
      expect(field(form, 'expiry').placeholder).to.equal(catalog['placeholder.expiry']);
      expect(form.shadowRoot!.querySelector('button')!.textContent!.trim()).to.equal(catalog.submit);

      await leaveWrong(form, FIELDS.length);
      await form.tokenize().catch(() => undefined);
      await until(() => statusText(form), 'the errors are announced');
      const shown = shownStrings(form);
      for (const text of shown) expect(text, `a slot left unfilled in ${tag}`).not.to.match(/\{\w+\}/);
      if (tag !== 'en') {
        const left = english({ code: 'CVV', size: 3, count: FIELDS.length, brand: '' });
        const agreed = ['1234 1234 1234 1234', ...(AGREED_IN[tag] ?? [])];
        expect(
          shown.filter((text) => left.has(text) && !agreed.includes(text)),
          'English left',
        ).to.deep.equal([]);
      }
    });

    it('announces how many fields need attention in the plural form of the language', async () => {
      const form = await mountIn(tag);
      const rules = new Intl.PluralRules(tag);
      for (const count of [1, 2, 3, 5, 11]) {
        await leaveWrong(form, count);
        await form.tokenize().catch(() => undefined);
        await until(() => statusText(form), `the ${count} errors are announced`);
        const category = rules.select(count);
        const template = CATALOGS[tag]![`status.errors.${category}`];
        expect(template, `${tag} has the plural category ${category}`).to.be.a('string');
        const [before, after] = template!.replace('{count}', String(count)).split('{first}') as [string, string];
        const text = statusText(form);
        expect(text.startsWith(before) && text.endsWith(after), `${count}: "${text}" is "${template}"`).to.equal(true);
      }
    });

    it(`is laid out ${RTL.includes(tag) ? 'right to left' : 'left to right'}, card data left to right, nothing clipped at 320 px, axe clean`, async () => {
      const form = await mountIn(tag);
      const rtl = RTL.includes(tag);
      expect(form.getAttribute('dir')).to.equal(rtl ? 'rtl' : 'ltr');
      const root = form.shadowRoot!;
      expect(getComputedStyle(root.querySelector('label')!).direction).to.equal(rtl ? 'rtl' : 'ltr');
      for (const name of ['cardNumber', 'expiry', 'securityCode'] as const)
        expect(getComputedStyle(field(form, name)).direction).to.equal('ltr');

      await leaveWrong(form, FIELDS.length);
      await form.tokenize().catch(() => undefined);
      await form.updateComplete;
      // Nothing sticks out of the 320 px the form has, and nothing scrolls (a word too long for its line).
      const box = form.getBoundingClientRect();
      expect(box.width).to.be.at.most(320);
      const clipped: string[] = [];
      for (const element of root.querySelectorAll<HTMLElement>('form, fieldset, legend, .field, label, input, select, .message, button')) {
        const rect = element.getBoundingClientRect();
        const what = `${element.localName}${element.id ? `#${element.id}` : ''}: ${element.textContent!.trim().slice(0, 60)}`;
        if (rect.left < box.left - 1 || rect.right > box.right + 1) clipped.push(`sticks out: ${what}`);
        if (element.scrollWidth > element.clientWidth + 1 && element.localName !== 'input') clipped.push(`scrolls: ${what}`);
      }
      // A placeholder fits if it would fit as a value.
      for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
        const value = input.value;
        input.value = input.placeholder;
        if (input.scrollWidth > input.clientWidth + 1) clipped.push(`placeholder: ${input.placeholder}`);
        input.value = value;
      }
      // The select's first line fits if a select sized to that line alone is no wider.
      const select = field(form, 'country');
      const probe = document.createElement('select');
      probe.setAttribute('part', select.getAttribute('part')!);
      probe.append(new Option(select.options[0]!.text));
      probe.style.inlineSize = 'auto';
      select.after(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      const prompt = select.options[0]!.text;
      const fits = needed <= select.getBoundingClientRect().width + 1;
      if (!fits) clipped.push(`select: ${prompt} (${needed} px)`);
      expect(clipped, `clipped at 320 px in ${tag}`).to.deep.equal([]);
      await expect(form).to.be.accessible();
    });
  });
}
