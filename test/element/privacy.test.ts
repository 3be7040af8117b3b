// Card data leaves the component only in the request to the proxy: never in attributes, the light DOM,
// form data, events, URLs, storage or the console.
import { expect, fixture, html } from '@open-wc/testing';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { sendKeys } from '@web/test-runner-commands';
import type { TokenizeFailure } from '../../src/element/transport.ts';
import { countriesListed, field, fillValidCard, messageOf, SECRETS, until, VALID_CARD } from './helpers.ts';

const EVENTS = ['tokenized', 'tokenize-error', 'card-change', 'input', 'change', 'focusin', 'focusout', 'submit', 'formdata'];

function everyAttribute(root: Document | ShadowRoot): string[] {
  const values: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) values.push(`${element.tagName}[${attribute.name}]=${attribute.value}`);
    if (element.shadowRoot) values.push(...everyAttribute(element.shadowRoot));
  }
  return values;
}

function assertNoCardData(where: string, text: string) {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} holds "${secret}"`).to.equal(false);
}

/** The security code, in text that should hold no digits but those of tokens and masks. */
function assertNoSecurityCode(where: string, text: string, code: string = VALID_CARD.securityCode) {
  const rest = text.replace(/PYMT[0-9a-f]{32}/g, '').replace(/\d{6}\*+\d{4}/g, '');
  expect(rest.includes(code), `${where} holds the security code`).to.equal(false);
}

describe('card data stays in the form', () => {
  const seen: string[] = [];
  const consoleLines: string[] = [];
  const originals = { ...console };

  before(() => {
    for (const type of EVENTS) {
      window.addEventListener(
        type,
        (event) => {
          const detail = (event as CustomEvent).detail;
          seen.push(`${type}:${detail === undefined ? '' : JSON.stringify(detail)}`);
        },
        { capture: true },
      );
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      console[method] = (...args: unknown[]) => {
        consoleLines.push(args.map(String).join(' '));
        originals[method](...args);
      };
    }
  });
  after(() => Object.assign(console, originals));

  it('after typing, tokenizing, a refusal and a form submit: no trace outside the form but the proxy request', async () => {
    const url = location.href;
    const page = await fixture<HTMLFormElement>(
      html`<form><cache-card-form name="cardToken" endpoint="/cache-card" billing-address="postal"></cache-card-form></form>`,
    );
    const card = page.querySelector('cache-card-form') as CacheCardForm;
    await card.updateComplete;
    page.addEventListener('submit', (event) => event.preventDefault());

    // A security code of its own, whose digits occur nowhere else on the page.
    await fillValidCard(card, { ...VALID_CARD, cardNumber: '4000000000000002', securityCode: '958' });
    await card.tokenize().catch(() => undefined); // refused by Alipay: card data stays in the inputs
    // While the inputs still hold the card, the security code included.
    expect(field(card, 'securityCode').value).to.equal('958');
    const heldWhere = {
      'light DOM': document.documentElement.outerHTML,
      attributes: everyAttribute(document).join('\n'),
      cardState: JSON.stringify(card.cardState),
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    };
    for (const [where, text] of Object.entries(heldWhere)) {
      assertNoCardData(where, text);
      assertNoSecurityCode(where, text, '958');
    }

    card.reset();
    await fillValidCard(card);
    const submitted = new Promise((resolve) => page.addEventListener('submit', resolve, { once: true }));
    page.requestSubmit();
    await submitted;

    assertNoCardData('light DOM', document.documentElement.outerHTML);
    assertNoCardData('attributes (page and shadow roots)', everyAttribute(document).join('\n'));
    assertNoCardData('form data', JSON.stringify([...new FormData(page)]));
    assertNoCardData('events', seen.join('\n'));
    assertNoCardData('console', consoleLines.join('\n'));
    assertNoCardData('localStorage', JSON.stringify({ ...localStorage }));
    assertNoCardData('sessionStorage', JSON.stringify({ ...sessionStorage }));
    assertNoCardData('cookies', document.cookie);
    assertNoCardData('URL', location.href);
    for (const [where, text] of Object.entries({
      events: seen.join('\n'),
      console: consoleLines.join('\n'),
      formData: JSON.stringify([...new FormData(page)]),
    })) {
      assertNoSecurityCode(where, text);
    }
    expect(location.href).to.equal(url);
    expect(seen.some((line) => line.startsWith('tokenized:{"cardToken":"PYMT'))).to.equal(true, 'the token did arrive');
    // The security code is nowhere once the card is tokenized, not even in the inputs.
    const values = [...card.shadowRoot!.querySelectorAll('input')].map((input) => input.value);
    expect(values.every((value) => value === '')).to.equal(true);
  });

  it('with a full billing address and a cardholder name of its own: no name, address or security code outside the form', async () => {
    const url = location.href;
    const page = await fixture<HTMLFormElement>(
      html`<form><cache-card-form name="cardToken" endpoint="/cache-card" billing-address="full"></cache-card-form></form>`,
    );
    const card = page.querySelector('cache-card-form') as CacheCardForm;
    await card.updateComplete;
    const typed = {
      ...VALID_CARD,
      securityCode: '947',
      firstName: 'Zebedee',
      addressLine1: '221B Quillfeather Lane',
      addressLine2: 'Flat Kestrel',
      city: 'Marrowby',
    };
    await fillValidCard(card, typed);
    // The country from the keyboard, as a shopper picks it: type-ahead in the closed list.
    await countriesListed(card);
    field(card, 'country').focus();
    await sendKeys({ type: 'United Kingdom' });
    await card.updateComplete;
    const country = field(card, 'country') as unknown as HTMLSelectElement;
    if (country.value !== 'GB') {
      // WebKit's WebDriver does not drive a closed list's type-ahead: there the country is set as autofill sets it.
      country.value = 'GB';
      country.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      country.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    }
    await until(() => card.cardState.complete, 'the card is complete');
    const token = await card.tokenize();
    expect(token.cardToken).to.match(/^PYMT/);

    const secrets = ['Zebedee', 'Quillfeather', 'Kestrel', 'Marrowby', 'Lovelace', 'SW1A'];
    const shadowAndLight = [page.outerHTML, ...everyAttribute(card.shadowRoot!), ...everyAttribute(document)].join('\n');
    const places = {
      'light DOM and attributes': shadowAndLight,
      'form data': JSON.stringify([...new FormData(page)]),
      events: seen.join('\n'),
      console: consoleLines.join('\n'),
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    };
    for (const [where, text] of Object.entries(places)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} holds "${secret}"`).to.equal(false);
    }
    // The security code's digits, away from tokens and masks, in everything the page's scripts can read of it.
    for (const [where, text] of Object.entries({
      ...places,
      'light DOM and attributes': page.outerHTML + everyAttribute(card.shadowRoot!).join('\n'),
    }))
      assertNoSecurityCode(where, text, typed.securityCode);
    expect(location.href).to.equal(url);
  });

  it('a proxy answer that echoes the card: the form shows and passes on only its own words', async () => {
    // A middlebox that puts the request into every part of its 422: the message, each field's problem, beside them.
    const card = await fixture<CacheCardForm>(html`<cache-card-form endpoint="/echoing-cache-card"></cache-card-form>`);
    await fillValidCard(card);
    const error = (await card.tokenize().catch((e: unknown) => e)) as TokenizeFailure;
    expect(error.code).to.equal('invalid_card');
    await card.updateComplete;
    expect(messageOf(card, 'securityCode')).to.equal('The CVV must have 3 digits.');
    const places = {
      'the rejection': `${error.message} ${JSON.stringify(error)}`,
      'the validation message': card.validationMessage,
      'the shadow text': card.shadowRoot!.textContent!,
      events: seen.join('\n'),
      console: consoleLines.join('\n'),
    };
    for (const [where, text] of Object.entries(places)) {
      assertNoCardData(where, text);
      assertNoSecurityCode(where, text);
    }
    // The one problem in the form's own words stays, as the form knows it, and nothing beside it.
    expect(JSON.parse(JSON.stringify(error.fields))).to.deep.equal([{ field: 'securityCode', problem: 'invalid' }]);
  });

  it('declares no inline styles, so a strict style-src holds', async () => {
    const card = await fixture<CacheCardForm>(html`<cache-card-form billing-address="full" submit-button></cache-card-form>`);
    expect(card.shadowRoot!.querySelectorAll('[style]').length).to.equal(0);
    expect(card.shadowRoot!.querySelectorAll('style').length).to.equal(0);
    expect(card.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
  });
});
