// Card data leaves the component only in the request to the proxy: never in attributes, the light DOM,
// form data, events, URLs, storage or the console.
import { expect, fixture, html } from '@open-wc/testing';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { loadPolicy, type TokenizeFailure } from '../../src/element/transport.ts';
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

function assertNoCardData(where: string, text: string, secrets: readonly string[] = SECRETS) {
  for (const secret of secrets) expect(text.includes(secret), `${where} holds "${secret}"`).to.equal(false);
}

type TypedCard = { cardNumber: string; expiry: string; firstName: string; lastName: string; postalCode: string };

/**
 * What a page must never see of a card that was typed: its number plain and spaced, its expiry as the form shows it
 * and with the full year, the names and the postal code. The expiry as typed (four bare digits) is looked for apart,
 * with tokens and masks taken out (see assertNoTypedExpiry).
 */
function secretsOf(card: TypedCard): string[] {
  const month = card.expiry.slice(0, 2);
  const year = card.expiry.slice(2);
  return [
    card.cardNumber,
    card.cardNumber.replace(/(\d{4})(?=\d)/g, '$1 '),
    `${month} / ${year}`,
    `${month}/${year}`,
    `20${year}`,
    card.firstName,
    card.lastName,
    card.postalCode,
    card.postalCode.split(' ')[0]!,
  ];
}

/**
 * The expiry as typed, four bare digits standing alone (not inside a longer run of digits or hex, as in an id), in text
 * with tokens and masks taken out.
 */
function assertNoTypedExpiry(where: string, text: string, expiry: string) {
  const rest = text.replace(/PYMT[0-9a-f]{32}/g, '').replace(/\d{6}\*+\d{4}/g, '');
  const alone = new RegExp(`(?<![0-9A-Fa-f])${expiry}(?![0-9A-Fa-f])`);
  expect(alone.test(rest), `${where} holds the expiry "${expiry}"`).to.equal(false);
}

/** Everything a page's scripts can read outside the form's inputs, for the card data of one phase. */
function assertNothingHeld(phase: string, card: TypedCard, places: Record<string, string>) {
  for (const [where, text] of Object.entries(places)) {
    assertNoCardData(`${phase}: ${where}`, text, secretsOf(card));
    assertNoTypedExpiry(`${phase}: ${where}`, text, card.expiry);
  }
}

/** The security code, in text that should hold no digits but those of tokens and masks. */
function assertNoSecurityCode(where: string, text: string, code: string = VALID_CARD.securityCode) {
  const rest = text.replace(/PYMT[0-9a-f]{32}/g, '').replace(/\d{6}\*+\d{4}/g, '');
  expect(rest.includes(code), `${where} holds the security code`).to.equal(false);
}

/** An argument as a console shows it: a string as it is, anything else with its contents. */
function consoleText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
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
        // What a developer's console shows of each argument: an object's contents, not "[object Object]".
        consoleLines.push(args.map(consoleText).join(' '));
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

    // A card of its own, refused by Alipay: its number, expiry, security code and names occur nowhere else on the page,
    // so what is found of them was left behind by this phase.
    const refused = {
      ...VALID_CARD,
      cardNumber: '4000000000000002',
      expiry: '0837',
      securityCode: '958',
      firstName: 'Philippa',
      lastName: 'Quenneville',
      postalCode: 'EH99 1SP',
    };
    /** Everything the page's scripts can read outside the form's inputs, now. */
    const placesNow = () => ({
      'light DOM': document.documentElement.outerHTML,
      'attributes (page and shadow roots)': everyAttribute(document).join('\n'),
      cardState: JSON.stringify(card.cardState),
      'form data': JSON.stringify([...new FormData(page)]),
      events: seen.join('\n'),
      console: consoleLines.join('\n'),
      localStorage: JSON.stringify({ ...localStorage }),
      sessionStorage: JSON.stringify({ ...sessionStorage }),
      cookies: document.cookie,
      URL: location.href,
    });
    /** Each value of each card typed so far, the security code included, is in none of those places. */
    const assertNothingOf = (phase: string, cards: (TypedCard & { securityCode: string })[]) => {
      const places = placesNow();
      for (const typed of cards) {
        assertNothingHeld(phase, typed, places);
        for (const [where, text] of Object.entries(places)) assertNoSecurityCode(`${phase}: ${where}`, text, typed.securityCode);
      }
    };
    const formData = () => [...new FormData(page)].map(([name, value]) => [name, String(value)]);

    await fillValidCard(card, refused);
    // While the card is typed, whole: the form submits nothing yet.
    expect(field(card, 'securityCode').value).to.equal('958');
    expect(formData(), 'the form data while the card is typed').to.deep.equal([]);
    assertNothingOf('while the card is typed', [refused]);

    await card.tokenize().catch(() => undefined); // refused by Alipay: card data stays in the inputs
    await card.updateComplete;
    // While the inputs still hold the card, the security code included.
    expect(field(card, 'cardNumber').value).to.equal('4000 0000 0000 0002');
    expect(field(card, 'securityCode').value).to.equal('958');
    expect(
      seen.some((line) => line.startsWith('tokenize-error:')),
      'the refusal was told',
    ).to.equal(true);
    expect(formData(), 'the form data after the refusal').to.deep.equal([]);
    assertNothingOf('after the refusal', [refused]);

    card.reset();
    await card.updateComplete;
    expect(formData(), 'the form data after reset()').to.deep.equal([]);
    assertNothingOf('after reset()', [refused]);

    // A card of its own here too: VALID_CARD's expiry as typed, 1234, is also the number field's placeholder, whose
    // digits hold its security code, 123, as well.
    const sent = { ...VALID_CARD, expiry: '1136', securityCode: '846' };
    await fillValidCard(card, sent);
    const submitted = new Promise((resolve) => page.addEventListener('submit', resolve, { once: true }));
    page.requestSubmit();
    await submitted;

    // Nothing of the card this phase typed, and nothing of the refused one, once the form was reset and sent another.
    expect(
      formData().map(([name]) => name),
      'the form data after the submit',
    ).to.deep.equal(['cardToken']);
    assertNothingOf('after the submit', [sent, refused]);
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

  it("a setting the proxy's policy overrides, warned about while a card is typed: the warning holds nothing of it", async () => {
    // The proxy's policy is known first; the card is typed; then the form is pointed at that proxy, whose policy
    // contradicts the page's brands (it takes no Troy): the warning comes while the card is in the inputs.
    await loadPolicy('/cache-card');
    const card = await fixture<CacheCardForm>(html`<cache-card-form accepted-brands="VISA TROY"></cache-card-form>`);
    const typed = { ...VALID_CARD, cardNumber: '4242424242424242', expiry: '0938', securityCode: '864', lastName: 'Wollstonecraft' };
    await fillValidCard(card, typed);
    const before = consoleLines.length;
    card.endpoint = '/cache-card';
    await card.updateComplete;
    const warned = consoleLines.slice(before).join('\n');
    expect(warned, 'the warning names the setting').to.contain('acceptedBrands');
    assertNothingHeld('the console', typed, { console: warned });
    assertNoSecurityCode('the console', warned, typed.securityCode);
  });

  it("asks its proxy with no Referer: the checkout page's address is not sent with the card", async () => {
    // A recorder in front of the proxy, under an id of this test's own (the engines run at once).
    const id = crypto.randomUUID();
    const endpoint = `/observed-cache-card/${id}`;
    type Observed = { path: string; referer: string | null };
    // The recorder sees a Referer where a request carries one: a page's own fetch does.
    await fetch(`${endpoint}/policy`, { cache: 'no-store' });
    const [control] = await executeServerCommand<Observed[], string>('observed', id);
    expect(control?.referer, 'the recorder reads the Referer').to.equal(location.href);

    const card = await fixture<CacheCardForm>(html`<cache-card-form endpoint=${endpoint}></cache-card-form>`);
    await fillValidCard(card);
    expect((await card.tokenize()).cardToken).to.match(/^PYMT/);
    const fromForm = (await executeServerCommand<Observed[], string>('observed', id)).slice(1);
    // Its policy, the networks of the card's first digits, and the card itself.
    expect([...new Set(fromForm.map((request) => request.path))].sort()).to.deep.equal([
      '/cache-card',
      '/cache-card/brands',
      '/cache-card/policy',
    ]);
    for (const request of fromForm) expect(request.referer, `${request.path} carries a Referer`).to.equal(null);
  });

  it('declares no inline styles, so a strict style-src holds', async () => {
    const card = await fixture<CacheCardForm>(html`<cache-card-form billing-address="full" submit-button></cache-card-form>`);
    expect(card.shadowRoot!.querySelectorAll('[style]').length).to.equal(0);
    expect(card.shadowRoot!.querySelectorAll('style').length).to.equal(0);
    expect(card.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
  });
});
