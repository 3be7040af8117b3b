// The form and its proxy: the proxy's policy (GET <endpoint>/policy) decides what the form asks for, its BIN
// lookup (POST <endpoint>/brands) which networks a card can go on, and the shopper chooses among them.
// The proxies are real (test/support/proxy-plugin.ts): /cache-card takes every brand but Troy with a postal code,
// /strict-cache-card five brands with the full address and a security code always, /legacy-cache-card publishes
// nothing.
import { expect, html, oneEvent } from '@open-wc/testing';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { knownPolicy } from '../../src/element/transport.ts';
import { field, fillValidCard, messageOf, mount, press, statusText, typeInto, VALID_CARD, until } from './helpers.ts';

/** Every request the page makes through `fetch`, with its JSON body, until `stop`. */
function recordRequests() {
  const original = window.fetch;
  const sent: { path: string; body: unknown }[] = [];
  window.fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    sent.push({ path: url.pathname, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    return original(input, init);
  };
  return { sent, stop: () => (window.fetch = original) };
}

/** Console warnings, until `stop`. */
function recordWarnings() {
  const original = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  return { warnings, stop: () => (console.warn = original) };
}

async function policyRead(form: CacheCardForm) {
  await until(() => knownPolicy(form.endpoint) !== undefined, 'the proxy policy is read');
  await form.updateComplete;
}

const radios = (form: CacheCardForm) => [...form.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio][name=network]')];
const badge = (form: CacheCardForm) => form.shadowRoot!.querySelector('[part~="brand"]')!.getAttribute('aria-label');
/** A radio's label as assistive technology reads it: its text without what is hidden from it (the mark's drawing). */
function labelOf(input: HTMLInputElement): string {
  const label = input.closest('label')!.cloneNode(true) as HTMLElement;
  for (const hidden of label.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return label.textContent!.trim();
}

describe("the proxy's policy", () => {
  it('is followed where the page says nothing: the address it needs, the brands it takes, the code it requires', async () => {
    const form = await mount(html`<cache-card-form endpoint="/strict-cache-card"></cache-card-form>`);
    await policyRead(form);
    expect(field(form, 'country')).to.exist;
    expect(field(form, 'addressLine1').required).to.equal(true);
    await typeInto(form, 'cardNumber', '3782 822463 10005');
    await form.tokenize().catch(() => undefined);
    await form.updateComplete;
    expect(messageOf(form, 'cardNumber')).to.equal('American Express cards are not accepted here.');
    // Maestro cards may have no security code, but this proxy wants one.
    field(form, 'cardNumber').select();
    await typeInto(form, 'cardNumber', '5000550000000029');
    expect(form.shadowRoot!.querySelector('label[for=securityCode]')!.textContent).not.to.contain('optional');
    expect(field(form, 'securityCode').required).to.equal(true);
  });

  it('wins over page settings that contradict it, with one warning per setting; where the page asks for less, the page wins', async () => {
    const console = recordWarnings();
    try {
      const form = await mount(
        html`<cache-card-form endpoint="/strict-cache-card" billing-address="none" accepted-brands="VISA TROY"></cache-card-form>`,
      );
      await policyRead(form);
      expect(field(form, 'country')).to.exist;
      await typeInto(form, 'cardNumber', '5555555555554444');
      await typeInto(form, 'firstName', 'Ada');
      await form.tokenize().catch(() => undefined);
      await form.updateComplete;
      // The page took Visa and Troy; the proxy does not take Troy; so Visa only, and Mastercard is refused.
      expect(messageOf(form, 'cardNumber')).to.equal('Mastercard cards are not accepted here.');
      expect(console.warnings).to.have.length(2);
      expect(console.warnings.find((w) => w.includes('billingAddress'))).to.contain('"none"');
      expect(console.warnings.find((w) => w.includes('acceptedBrands'))).to.contain('VISA TROY');
    } finally {
      console.stop();
    }
  });

  it('leaves more address than the proxy needs, and a card typed before it was read, as they are', async () => {
    const form = await mount(html`<cache-card-form endpoint="/cache-card" billing-address="full"></cache-card-form>`);
    await typeInto(form, 'cardNumber', '4111111111111111');
    await policyRead(form);
    expect(field(form, 'country')).to.exist;
    expect(field(form, 'cardNumber').value).to.equal('4111 1111 1111 1111');
  });

  it('from a proxy that publishes none, a refusal of fields the form did not show says what is missing', async () => {
    const form = await mount(html`<cache-card-form endpoint="/legacy-cache-card" billing-address="none"></cache-card-form>`);
    const { postalCode: _, ...withoutAddress } = VALID_CARD;
    await fillValidCard(form, withoutAddress);
    const failed = oneEvent(form, 'tokenize-error');
    const error = await form.tokenize().catch((e) => e);
    const expected = 'The payment service also needs: Postal code. Fill them in, then try again.';
    expect(error.code).to.equal('invalid_card');
    expect((await failed).detail).to.deep.equal({ code: 'invalid_card', message: expected });
    await until(() => statusText(form) === expected, 'the live region says what is missing');
    expect(field(form, 'cardNumber').value).to.equal('4111 1111 1111 1111');
  });
});

/** The co-badged card typed again into `form`: its first digits are asked about once more. */
async function expectAskedAgain(form: CacheCardForm): Promise<void> {
  const requests = recordRequests();
  try {
    await typeInto(form, 'cardNumber', '4000002500001001');
    await until(() => radios(form).length === 2, 'the choice of network shows again');
    const lookups = requests.sent.filter((r) => r.path === '/cache-card/brands');
    expect(lookups.map((r) => r.body)).to.deep.equal([{ bin: '40000025' }]);
  } finally {
    requests.stop();
  }
}

describe("the card's networks", () => {
  it('a co-badged card: the shopper chooses its network with the keyboard; the choice is what is sent', async () => {
    const requests = recordRequests();
    try {
      const form = await mount(html`<cache-card-form endpoint="/cache-card"></cache-card-form>`);
      await typeInto(form, 'cardNumber', '4000002500001001');
      await until(() => radios(form).length === 2, 'the choice of network shows');
      const group = form.shadowRoot!.querySelector('fieldset[part~="networks"]')!;
      expect(group.querySelector('legend')!.textContent).to.equal('Card network');
      expect(radios(form).map(labelOf)).to.deep.equal(['Cartes Bancaires', 'Visa']);
      expect(radios(form)[0]!.checked, 'the first network by default').to.equal(true);
      expect(form.cardState).to.include({ network: 'CARTES_BANCAIRES' });
      expect(form.cardState.networks).to.deep.equal(['CARTES_BANCAIRES', 'VISA']);
      expect(badge(form)).to.equal('Cartes Bancaires');
      // The network the proxy's answer put the card on is said, as the one the digits name is.
      await until(() => statusText(form) === 'Cartes Bancaires', 'the network said');

      radios(form)[0]!.focus();
      const changed = oneEvent(form, 'card-change');
      await press('ArrowDown');
      expect((await changed).detail).to.include({ network: 'VISA' });
      await form.updateComplete;
      expect(radios(form)[1]!.checked).to.equal(true);
      expect(badge(form)).to.equal('Visa');

      const { cardNumber: _, ...rest } = VALID_CARD;
      await fillValidCard(form, rest);
      const tokenized = oneEvent(form, 'tokenized');
      await form.tokenize();
      expect(Object.keys((await tokenized).detail).sort()).to.deep.equal(['cardToken', 'mask']);
      const card = requests.sent.find((r) => r.path === '/cache-card')!.body as { paymentMethodDetail: { card: { brand: string } } };
      expect(card.paymentMethodDetail.card.brand).to.equal('VISA');
      // The proxy was asked about the card's first 8 digits, once, and never shown more.
      const lookups = requests.sent.filter((r) => r.path === '/cache-card/brands');
      expect(lookups.map((r) => r.body)).to.deep.equal([{ bin: '40000025' }]);
    } finally {
      requests.stop();
    }
  });

  it("forgets the card's first digits once it is reset: the same card typed again is asked about again", async () => {
    const form = await mount(html`<cache-card-form endpoint="/cache-card"></cache-card-form>`);
    await typeInto(form, 'cardNumber', '4000002500001001');
    await until(() => radios(form).length === 2, 'the choice of network shows');
    form.reset();
    await form.updateComplete;
    expect(radios(form)).to.have.length(0);
    await expectAskedAgain(form);
  });

  it("forgets the card's first digits once it is saved: the same card typed again is asked about again", async () => {
    const form = await mount(html`<cache-card-form endpoint="/cache-card"></cache-card-form>`);
    await typeInto(form, 'cardNumber', '4000002500001001');
    await until(() => radios(form).length === 2, 'the choice of network shows');
    const { cardNumber: _, ...rest } = VALID_CARD;
    await fillValidCard(form, rest);
    const tokenized = oneEvent(form, 'tokenized');
    await form.tokenize();
    await tokenized;
    await form.updateComplete;
    expect(field(form, 'cardNumber').value, 'the card is cleared once saved').to.equal('');
    expect(radios(form)).to.have.length(0);
    await expectAskedAgain(form);
  });

  it('an answer about the first digits that comes after a reset is not kept: the card typed again is asked about again', async () => {
    const form = await mount(html`<cache-card-form endpoint="/cache-card"></cache-card-form>`);
    form.reset(); // the prefixes earlier tests asked about, forgotten
    // The page holds the proxy's answers about first digits until released.
    const original = window.fetch;
    const held: (() => void)[] = [];
    const lookups: string[] = [];
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      if (!String(input).endsWith('/brands')) return response;
      lookups.push(String(init?.body));
      await new Promise<void>((release) => held.push(release));
      return response;
    };
    try {
      await typeInto(form, 'cardNumber', '4000002500001001');
      await until(() => held.length === 1, 'the first digits are asked about');
      form.reset();
      held.shift()!();
      await form.updateComplete;
      await typeInto(form, 'cardNumber', '4000002500001001');
      await until(() => held.length === 1, 'the same digits are asked about again');
      held.shift()!();
      await until(() => radios(form).length === 2, 'the choice of network shows');
      expect(lookups).to.deep.equal(['{"bin":"40000025"}', '{"bin":"40000025"}']);
    } finally {
      window.fetch = original;
      for (const release of held) release();
    }
  });

  it("starts on the merchant's preferred network", async () => {
    const form = await mount(html`<cache-card-form endpoint="/cache-card" preferred-network="VISA"></cache-card-form>`);
    await typeInto(form, 'cardNumber', '4000002500001001');
    await until(() => radios(form).length === 2, 'the choice of network shows');
    expect(radios(form)[1]!.checked).to.equal(true);
    expect(form.cardState.network).to.equal('VISA');
  });

  it("a card only the proxy's BIN service knows (a Korean BC card) is taken once it has said so, and not marked wrong before", async () => {
    const form = await mount(html`<cache-card-form endpoint="/strict-cache-card"></cache-card-form>`);
    await typeInto(form, 'cardNumber', '9490');
    expect(field(form, 'cardNumber').getAttribute('aria-invalid')).to.equal('false');
    await typeInto(form, 'cardNumber', '220011669217');
    await until(() => form.cardState.fields.cardNumber?.valid, 'the number is valid once the BIN service named it');
    expect(form.cardState).to.include({ brand: 'BC', network: 'BC' });
    expect(badge(form)).to.equal('BC Card');
    expect(radios(form)).to.have.length(0);
  });

  it('a card whose brand may have no security code: marked optional, and sent without one', async () => {
    const requests = recordRequests();
    try {
      const form = await mount(html`<cache-card-form endpoint="/cache-card"></cache-card-form>`);
      await policyRead(form);
      await fillValidCard(form, { ...VALID_CARD, cardNumber: '5000550000000029', securityCode: '' });
      expect(form.shadowRoot!.querySelector('label[for=securityCode]')!.textContent).to.contain('(optional)');
      expect(field(form, 'securityCode').required).to.equal(false);
      await form.tokenize();
      const card = requests.sent.find((r) => r.path === '/cache-card')!.body as { paymentMethodDetail: { card: object } };
      expect(card.paymentMethodDetail.card).not.to.have.property('securityCode');
    } finally {
      requests.stop();
    }
  });

  it('shows the marks of the brands its proxy takes, each named', async () => {
    const form = await mount(html`<cache-card-form endpoint="/strict-cache-card" show-accepted-brands></cache-card-form>`);
    await policyRead(form);
    const list = form.shadowRoot!.querySelector('[part~="accepted-brands"]')!;
    expect(list.getAttribute('aria-label')).to.equal('Accepted cards');
    const names = [...list.querySelectorAll('[role=img]')].map((mark) => mark.getAttribute('aria-label'));
    expect(names).to.deep.equal(['Visa', 'Mastercard', 'Cartes Bancaires', 'Maestro', 'BC Card']);
  });
});
