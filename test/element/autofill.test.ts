// Autofill as browsers and password managers do it: values set on several fields at once, each with an input
// event and no key events (or only a change event), while focus stays where the shopper is.
import { expect, html } from '@open-wc/testing';
import type { CardFieldName } from '../../src/card/contract.ts';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { field, messageOf, mount } from './helpers.ts';

type Dispatch = (input: HTMLInputElement) => void;

const HOW: Record<string, Dispatch> = {
  'input events with insertReplacementText (Safari, Chrome)': (input) =>
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' })),
  'input events with no input type (password managers)': (input) =>
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true })),
  'change events only (older autofills)': (input) => input.dispatchEvent(new Event('change', { bubbles: true })),
};

const FILLED: [CardFieldName, string, string][] = [
  ['cardNumber', '4111111111111111', '4111 1111 1111 1111'],
  ['expiry', '12/2034', '12 / 34'],
  ['firstName', 'Ada', 'Ada'],
  ['lastName', 'Lovelace', 'Lovelace'],
  ['postalCode', 'SW1A 1AA', 'SW1A 1AA'],
];

function autofill(form: CacheCardForm, dispatch: Dispatch) {
  for (const [name, value] of FILLED) {
    const input = field(form, name);
    input.value = value;
    dispatch(input);
  }
}

describe('autofill that fills the card, the name and the address in one go', () => {
  for (const [how, dispatch] of Object.entries(HOW)) {
    it(`formats and checks every field it touched: ${how}`, async () => {
      const form = await mount(html`<cache-card-form></cache-card-form>`);
      field(form, 'firstName').focus();
      autofill(form, dispatch);
      await form.updateComplete;
      for (const [name, , shown] of FILLED) {
        expect(field(form, name).value, name).to.equal(shown);
        expect(field(form, name).getAttribute('aria-invalid'), name).to.equal('false');
        expect(messageOf(form, name), name).to.equal('');
      }
      expect(form.cardState.brand).to.equal('VISA');
      expect(form.cardState.fields.securityCode!.empty).to.equal(true);
      expect(form.shadowRoot!.activeElement, 'focus stays where the shopper is').to.equal(field(form, 'firstName'));
    });
  }

  // Picked from the number field, a saved card fills that field while it has the focus: a number and an expiry
  // nobody typed do not move on (Chromium's own autofill: test/e2e/autofill.spec.ts).
  for (const [how, dispatch] of Object.entries(HOW)) {
    it(`keeps the focus in the number field it was picked from, with a full number and expiry: ${how}`, async () => {
      const form = await mount(html`<cache-card-form></cache-card-form>`);
      field(form, 'cardNumber').focus();
      for (const [name, value] of [
        ['cardNumber', '5555555555554444'],
        ['expiry', '12/2034'],
      ] as const) {
        const input = field(form, name);
        input.value = value;
        dispatch(input);
      }
      await form.updateComplete;
      expect(field(form, 'expiry').value).to.equal('12 / 34');
      expect(form.shadowRoot!.activeElement).to.equal(field(form, 'cardNumber'));
    });
  }

  it('leaves only the security code to type, then the card is complete', async () => {
    const form = await mount(html`<cache-card-form></cache-card-form>`);
    autofill(form, HOW['input events with insertReplacementText (Safari, Chrome)']!);
    const code = field(form, 'securityCode');
    code.value = '123';
    code.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: '123' }));
    await form.updateComplete;
    expect(form.cardState.complete).to.equal(true);
  });
});
