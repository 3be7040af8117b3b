import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { field, fillValidCard, messageOf, typeInto, until } from './helpers.ts';

async function inForm(attrs = html`<cache-card-form name="cardToken" endpoint="/cache-card"></cache-card-form>`) {
  const form = await fixture<HTMLFormElement>(
    html`<form><input name="email" value="ada@example.com" />${attrs}<button>Pay</button></form>`,
  );
  const card = form.querySelector('cache-card-form')! as CacheCardForm;
  await card.updateComplete;
  return { form, card };
}

describe('inside a <form>', () => {
  it('is a form control of that form whose value is nothing until there is a token', async () => {
    const { form, card } = await inForm();
    expect(card.form).to.equal(form);
    expect([...form.elements]).to.include(card);
    await fillValidCard(card);
    expect([...new FormData(form).keys()]).to.deep.equal(['email']);
  });

  // The real back/forward cache is in test/e2e/unreliable.spec.ts (Chromium); here, what the form does with the
  // event, in every engine.
  it('empties a card typed and not saved when the page comes back from the back/forward cache, and keeps a token made', async () => {
    const { form, card } = await inForm();
    await fillValidCard(card);
    await card.tokenize();
    const cardToken = new FormData(form).get('cardToken');
    expect(cardToken).to.match(/^PYMT/);
    // Typed after the save, as a shopper changing their mind does: the token goes, then Back and forward again.
    await typeInto(card, 'cardNumber', '4111');
    expect(new FormData(form).get('cardToken')).to.equal(null);
    await typeInto(card, 'securityCode', '737');
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    await card.updateComplete;
    expect(field(card, 'cardNumber').value, 'a page loaded anew keeps what the browser filled in').to.equal('4111');
    const changes: boolean[] = [];
    card.addEventListener('card-change', (event) => changes.push(event.detail.empty));
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await card.updateComplete;
    for (const name of ['cardNumber', 'securityCode'] as const) expect(field(card, name).value, name).to.equal('');
    expect(card.cardState.empty).to.equal(true);
    expect(changes, 'the page is told the card is gone').to.deep.equal([true]);
    // A form whose card was saved and left so keeps its token.
    await fillValidCard(card);
    await card.tokenize();
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await card.updateComplete;
    expect(new FormData(form).get('cardToken')).to.match(/^PYMT/);
  });

  it('holds back a submit, tokenizes, then submits with the token as its value', async () => {
    const { form, card } = await inForm();
    await fillValidCard(card);
    const submits: FormData[] = [];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submits.push(new FormData(form));
    });
    const submitted = oneEvent(form, 'submit');
    form.querySelector('button')!.click();
    await submitted;
    expect(submits.length).to.equal(1, 'the page sees one submit, with the token');
    const data = Object.fromEntries(submits[0]!);
    expect(Object.keys(data)).to.deep.equal(['email', 'cardToken']);
    expect(data.cardToken).to.match(/^PYMT[0-9a-f]{32}$/);
  });

  it("holds the submit back before the page's own listeners on the form hear it, even those added before the card", async () => {
    const form = await fixture<HTMLFormElement>(html`<form><button>Pay</button></form>`);
    const heard: (FormDataEntryValue | null)[] = [];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      heard.push(new FormData(form).get('cardToken'));
    });
    const card = document.createElement('cache-card-form');
    card.setAttribute('name', 'cardToken');
    card.setAttribute('endpoint', '/cache-card');
    form.prepend(card);
    await card.updateComplete;
    await fillValidCard(card);
    const tokenized = oneEvent(card, 'tokenized');
    form.querySelector('button')!.click();
    await tokenized;
    await until(() => heard.length > 0, 'the page hears the submit');
    expect(heard, 'the page hears one submit, the one with the token').to.have.length(1);
    expect(heard[0]).to.match(/^PYMT[0-9a-f]{32}$/);
  });

  it("posts the token to the form's action with no script of the page's own: cardToken=PYMT…, and nothing of the card", async () => {
    // One id per run: the three browsers post to the one test server at once.
    const order = `o${Math.random().toString(36).slice(2)}`;
    const sink = await fixture<HTMLIFrameElement>(html`<iframe name="sink-${order}"></iframe>`);
    const form = await fixture<HTMLFormElement>(
      html`<form action="/order" method="post" target="sink-${order}">
        <input type="hidden" name="order" value=${order} /><cache-card-form name="cardToken" endpoint="/cache-card"></cache-card-form
        ><button>Pay</button>
      </form>`,
    );
    const card = form.querySelector('cache-card-form')! as CacheCardForm;
    await card.updateComplete;
    await fillValidCard(card);
    const posted = oneEvent(sink, 'load');
    form.querySelector('button')!.click();
    await posted;
    const orders = ((await executeServerCommand('orders')) as string[]).filter((o) => o.includes(order));
    expect(orders.length).to.equal(1, 'one post');
    const [type, body] = orders[0]!.split('\n');
    expect(type).to.equal('application/x-www-form-urlencoded');
    expect(body).to.match(new RegExp(`^order=${order}&cardToken=PYMT[0-9a-f]{32}$`));
    expect(sink.contentDocument?.body.textContent).to.equal(body, 'the order page the browser shows');
  });

  it('lets an optional, empty card through, and blocks a required one', async () => {
    const optional = await inForm();
    let sent = false;
    optional.form.addEventListener('submit', (event) => {
      event.preventDefault();
      sent = true;
    });
    optional.form.requestSubmit();
    expect(sent).to.equal(true);

    const required = await inForm(html`<cache-card-form name="cardToken" required></cache-card-form>`);
    expect(required.form.checkValidity()).to.equal(false);
    expect(required.card.validity.valueMissing).to.equal(true);
    let blocked = true;
    required.form.addEventListener('submit', () => (blocked = false));
    required.form.requestSubmit();
    expect(blocked).to.equal(true);
  });

  it("anchors validity on the failing inner input, with that field's message", async () => {
    const { form, card } = await inForm();
    await typeInto(card, 'cardNumber', '4111111111111111');
    await typeInto(card, 'expiry', '0120');
    expect(form.checkValidity()).to.equal(false);
    expect(card.validity.customError).to.equal(true);
    expect(card.validationMessage).to.equal('This card has expired.');
    expect(card.reportValidity()).to.equal(false);
    await card.updateComplete;
    expect(card.shadowRoot!.activeElement).to.equal(field(card, 'expiry'));
    expect(messageOf(card, 'expiry')).to.equal('This card has expired.');
  });

  it('is reset by form.reset(): fields, messages and token', async () => {
    const { form, card } = await inForm();
    await fillValidCard(card);
    await card.tokenize();
    await typeInto(card, 'cardNumber', '4');
    card.reportValidity();
    form.reset();
    await card.updateComplete;
    expect(field(card, 'cardNumber').value).to.equal('');
    expect(messageOf(card, 'cardNumber')).to.equal('');
    expect([...new FormData(form).keys()]).to.deep.equal(['email']);
  });

  it('is disabled by a disabled fieldset and by its own attribute, and then left out of validation', async () => {
    const fieldset = await fixture<HTMLFieldSetElement>(
      html`<form><fieldset disabled><cache-card-form required></cache-card-form></fieldset></form>`,
    );
    const card = fieldset.querySelector('cache-card-form')!;
    await card.updateComplete;
    expect(card.matches(':disabled')).to.equal(true);
    expect(field(card, 'cardNumber').matches(':disabled')).to.equal(true);
    expect(card.willValidate).to.equal(false);
    (fieldset.querySelector('fieldset') as HTMLFieldSetElement).disabled = false;
    await card.updateComplete;
    expect(field(card, 'cardNumber').matches(':disabled')).to.equal(false);
    expect(card.willValidate).to.equal(true);
    card.disabled = true;
    await card.updateComplete;
    expect(field(card, 'cardNumber').matches(':disabled')).to.equal(true);
  });

  it('drops the token as soon as the shopper changes the card', async () => {
    const { form, card } = await inForm();
    await fillValidCard(card);
    await card.tokenize();
    expect(new FormData(form).get('cardToken')).to.match(/^PYMT/);
    await typeInto(card, 'cardNumber', '5');
    expect(new FormData(form).get('cardToken')).to.equal(null);
  });

  it('reports card-change with non-sensitive state only', async () => {
    const { card } = await inForm();
    const changes: unknown[] = [];
    card.addEventListener('card-change', (event) => changes.push(event.detail));
    await typeInto(card, 'cardNumber', '37');
    const last = changes.at(-1) as { brand: string; empty: boolean; complete: boolean; fields: Record<string, object> };
    expect(last.brand).to.equal('AMEX');
    expect(last.empty).to.equal(false);
    expect(last.complete).to.equal(false);
    expect(last.fields.cardNumber).to.deep.equal({ empty: false, valid: false, potentiallyValid: true });
  });
});

describe('set up by a framework', () => {
  it('takes `name` set as a property before it is connected, as React and Vue do', async () => {
    const form = await fixture<HTMLFormElement>(html`<form></form>`);
    const card = document.createElement('cache-card-form');
    card.name = 'cardToken';
    card.endpoint = '/cache-card';
    form.append(card);
    await card.updateComplete;
    expect(card.getAttribute('name')).to.equal('cardToken');
    await fillValidCard(card);
    await card.tokenize();
    expect(new FormData(form).get('cardToken')).to.match(/^PYMT/);
  });
});
