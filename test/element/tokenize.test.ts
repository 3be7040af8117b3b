import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ENGLISH } from '../../src/card/messages.ts';
import { zhCN } from '../../src/locales/zh-CN.ts';
import { luhnCheckDigit } from '../support/cards.ts';
import { field, fillValidCard, messageOf, mount, press, statusText, typeInto, VALID_CARD, until } from './helpers.ts';

const endpoint = '/cache-card';

describe('tokenizing through the proxy and the simulator', () => {
  it('fires tokenized with exactly { cardToken, mask }, clears the card and announces it', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint} submit-button></cache-card-form>`);
    await fillValidCard(form);
    const done = oneEvent(form, 'tokenized');
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    const { detail } = await done;
    expect(Object.keys(detail).sort()).to.deep.equal(['cardToken', 'mask']);
    expect(detail.cardToken).to.match(/^PYMT[0-9a-f]{32}$/);
    expect(detail.mask).to.equal('411111******1111');
    await form.updateComplete;
    for (const name of ['cardNumber', 'expiry', 'securityCode', 'firstName', 'lastName', 'postalCode'] as const) {
      expect(field(form, name).value, name).to.equal('');
    }
    await until(() => statusText(form) === 'Card ending in 1111 saved.', 'the live region announces the saved card');
  });

  it("its events bubble out of the shadow root it sits in, to the page's document (bubbles, composed)", async () => {
    const outer = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = outer.attachShadow({ mode: 'open' });
    root.innerHTML = `<cache-card-form endpoint="${endpoint}"></cache-card-form>`;
    const form = root.querySelector('cache-card-form')!;
    await form.updateComplete;
    const heard: string[] = [];
    const listen = (event: Event) => heard.push(`${event.type}:${event.composedPath()[0] === form}`);
    for (const type of ['card-change', 'tokenized', 'tokenize-error']) document.addEventListener(type, listen);
    try {
      await fillValidCard(form);
      await form.tokenize();
      form.endpoint = '/garbling-cache-card';
      await fillValidCard(form);
      await form.tokenize().catch(() => undefined);
    } finally {
      for (const type of ['card-change', 'tokenized', 'tokenize-error']) document.removeEventListener(type, listen);
    }
    expect(heard).to.include.members(['card-change:true', 'tokenized:true', 'tokenize-error:true']);
  });

  it('waits 15 s for the proxy and 10 s for a frame by default, as the README says', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint}></cache-card-form>`);
    expect([form.timeout, form.frameTimeout]).to.deep.equal([15_000, 10_000]);
    form.setAttribute('timeout', '2000');
    form.setAttribute('frame-timeout', '3000');
    expect([form.timeout, form.frameTimeout]).to.deep.equal([2000, 3000]);
  });

  it('resolves tokenize() to the result, and to the same one again while nothing new is typed', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint}></cache-card-form>`);
    await fillValidCard(form);
    const first = await form.tokenize();
    expect(await form.tokenize()).to.deep.equal(first);
  });

  it('ignores double submits: one request, one token', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint} submit-button></cache-card-form>`);
    await fillValidCard(form);
    let events = 0;
    form.addEventListener('tokenized', () => events++);
    const [a, b] = await Promise.all([form.tokenize(), form.tokenize()]);
    expect(a).to.deep.equal(b);
    await press('Enter');
    expect(events).to.equal(1);
  });

  it('is busy while posting: aria-busy and a disabled button', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint} submit-button></cache-card-form>`);
    await fillValidCard(form);
    const pending = form.tokenize();
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
    expect(form.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.disabled).to.equal(true);
    await pending;
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('form')!.getAttribute('aria-busy')).to.equal('false');
  });

  it('Enter asks the page first (submit-request): cancelled, neither the form is sent nor the card tokenized', async () => {
    const page = await fixture<HTMLFormElement>(html`<form><cache-card-form endpoint=${endpoint}></cache-card-form></form>`);
    const form = page.querySelector('cache-card-form')!;
    await fillValidCard(form);
    const submits: string[] = [];
    // The page's own handler: it records the submit and keeps the test page where it is.
    page.addEventListener('submit', (event) => {
      submits.push('submit');
      event.preventDefault();
    });
    const requests: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => (requests.push(String(input)), original(input, init));
    try {
      const cancel = (event: Event) => event.preventDefault();
      form.addEventListener('submit-request', cancel);
      field(form, 'postalCode').focus();
      const asked = oneEvent(form, 'submit-request');
      await press('Enter');
      expect((await asked).detail).to.equal(null);
      expect({ submits, requests, busy: form.matches(':state(busy)') }).to.deep.equal({ submits: [], requests: [], busy: false });
      // Not cancelled, the same key sends the form, which the element holds until the card is tokenized.
      form.removeEventListener('submit-request', cancel);
      const tokenized = oneEvent(form, 'tokenized');
      await press('Enter');
      await tokenized;
      await until(() => submits.length === 1, 'the form is sent once the card is tokenized');
      expect(requests.filter((url) => url.endsWith(endpoint))).to.have.length(1);
    } finally {
      window.fetch = original;
    }
  });

  it('a card Alipay refuses: a clear message, and everything typed is still there to fix', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint}></cache-card-form>`);
    await fillValidCard(form, { ...VALID_CARD, cardNumber: '4000000000000002' });
    const failed = oneEvent(form, 'tokenize-error');
    form.tokenize().catch(() => undefined);
    const { detail } = await failed;
    expect(detail).to.deep.equal({ code: 'card_rejected', message: 'The card details were not accepted. Check them and try again.' });
    expect(field(form, 'cardNumber').value).to.equal('4000 0000 0000 0002');
    expect(field(form, 'securityCode').value).to.equal('123');
    await until(() => statusText(form) === detail.message, 'the live region announces the refusal');
  });

  it('a card its proxy takes once an hour, tried again: told to come back later, not in a moment, in its language', async () => {
    // The proxy is on another origin than the page, as a merchant may run it: the form reads its Retry-After there.
    const onceAnHour = await executeServerCommand<string, undefined>('once-an-hour-endpoint');
    // A number of its own, which this proxy has not seen in an earlier run or another browser.
    const partial = `411111${String(Math.random()).slice(2, 11).padEnd(9, '7')}`;
    const card = { ...VALID_CARD, cardNumber: partial + luhnCheckDigit(partial) };
    const form = await mount(html`<cache-card-form endpoint=${onceAnHour} lang="zh-CN"></cache-card-form>`);
    await fillValidCard(form, card);
    await form.tokenize();
    await fillValidCard(form, card);
    const failed = oneEvent(form, 'tokenize-error');
    form.tokenize().catch(() => undefined);
    expect((await failed).detail).to.deep.equal({ code: 'rate_limited', message: zhCN['error.rate_limited_later'] });
    expect(field(form, 'cardNumber').value.replaceAll(' ', '')).to.equal(card.cardNumber);
  });

  // A gateway or CDN in front of the proxy may limit the card itself, with a page of its own, and may give its
  // Retry-After as an HTTP date (RFC 9110) rather than in seconds.
  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toUTCString();
  for (const [answer, query] of [
    ['a page of its own', ''],
    ["the proxy's error", '&code=rate_limited'],
  ]) {
    it(`a gateway that limits the card, with ${answer}: "later" for an hour, in seconds or as a date, "a moment" for half a minute`, async () => {
      const told: string[] = [];
      for (const retryAfter of ['3600', inSeconds(3600), '30', inSeconds(30), 'soon']) {
        const form = await mount(
          html`<cache-card-form endpoint=${`/answering-cache-card?retry-after=${encodeURIComponent(retryAfter)}${query}`}></cache-card-form>`,
        );
        await fillValidCard(form);
        const failed = oneEvent(form, 'tokenize-error');
        form.tokenize().catch(() => undefined);
        const { detail } = await failed;
        expect(detail.code, retryAfter).to.equal('rate_limited');
        told.push(detail.message);
        expect(field(form, 'cardNumber').value).to.equal('4111 1111 1111 1111');
      }
      const [later, moment] = [ENGLISH['error.rate_limited_later'], ENGLISH['error.rate_limited']];
      expect(told).to.deep.equal([later, later, moment, moment, moment]);
    });
  }

  it("a proxy not ours that answers with a code only the browser gives: the code and words of the answer's status", async () => {
    const told: unknown[] = [];
    for (const [status, code] of [
      [403, 'frame_obscured'],
      [503, 'frame_unavailable'],
      [504, 'timeout'],
    ] as const) {
      const form = await mount(html`<cache-card-form endpoint=${`/answering-cache-card?status=${status}&code=${code}`}></cache-card-form>`);
      await fillValidCard(form);
      const failed = oneEvent(form, 'tokenize-error');
      form.tokenize().catch(() => undefined);
      told.push((await failed).detail);
    }
    expect(told).to.deep.equal([
      { code: 'bad_response', message: ENGLISH['error.bad_response'] },
      { code: 'processor_unavailable', message: ENGLISH['error.processor_unavailable'] },
      { code: 'processor_timeout', message: ENGLISH['error.processor_timeout'] },
    ]);
  });

  it('a proxy that is too slow: a retryable timeout, then a retry works without retyping', async () => {
    const form = await mount(html`<cache-card-form endpoint=${endpoint} timeout="800"></cache-card-form>`);
    await fillValidCard(form, { ...VALID_CARD, cardNumber: '4000000000000259' });
    const error = await form.tokenize().catch((e) => e);
    expect(error.code).to.equal('timeout');
    field(form, 'cardNumber').select();
    await typeInto(form, 'cardNumber', '4111111111111111');
    // The retry is a real round trip: on a busy machine it may outlast the 800 ms that made the first one give up.
    form.setAttribute('timeout', '15000');
    const result = await form.tokenize();
    expect(result.mask).to.equal('411111******1111');
  });

  it('a proxy that answers and then stalls in its body: a timeout, not a bad response, and the card still there', async () => {
    const form = await mount(html`<cache-card-form endpoint="/stalling-cache-card" timeout="800"></cache-card-form>`);
    await fillValidCard(form);
    const error = await form.tokenize().catch((e) => e);
    expect(error.code).to.equal('timeout');
    expect(field(form, 'cardNumber').value).to.equal('4111 1111 1111 1111');
  });

  it('a proxy that cannot be reached: a retryable network error', async () => {
    const form = await mount(html`<cache-card-form endpoint="http://127.0.0.1:9/cache-card"></cache-card-form>`);
    await fillValidCard(form);
    const error = await form.tokenize().catch((e) => e);
    expect(error.code).to.equal('network_error');
    expect(field(form, 'cardNumber').value).to.equal('4111 1111 1111 1111');
  });

  it('a 200 with more than the token and mask: the event, the promise and the form hold the two, and no more', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><cache-card-form name="cardToken" endpoint="/padding-cache-card"></cache-card-form></form>`,
    );
    const card = form.querySelector('cache-card-form')!;
    await card.updateComplete;
    await fillValidCard(card);
    const done = oneEvent(card, 'tokenized');
    const result = await card.tokenize();
    const { detail } = await done;
    for (const got of [detail, result]) {
      expect(Object.keys(got).sort()).to.deep.equal(['cardToken', 'mask']);
      expect(JSON.stringify(got)).not.to.contain('4111111111111111');
    }
    expect([...new FormData(form).entries()]).to.deep.equal([['cardToken', `PYMT${'0'.repeat(32)}`]]);
  });

  it('a 200 that is not JSON: bad_response, no token, and the card still there', async () => {
    const form = await mount(html`<cache-card-form endpoint="/garbling-cache-card"></cache-card-form>`);
    await fillValidCard(form);
    let tokenized = 0;
    form.addEventListener('tokenized', () => tokenized++);
    const failed = oneEvent(form, 'tokenize-error');
    let thrown: unknown;
    await form.tokenize().catch((error: unknown) => (thrown = error));
    expect((await failed).detail.code).to.equal('bad_response');
    expect((thrown as { code?: string }).code).to.equal('bad_response');
    expect(tokenized).to.equal(0);
    expect(field(form, 'cardNumber').value).to.equal('4111 1111 1111 1111');
  });

  it("shows the proxy's field problems on the fields, in the shopper's language", async () => {
    // The element takes every brand; this proxy takes every brand but Troy, and publishes no policy the form could
    // follow, so only the proxy refuses.
    const form = await mount(html`<cache-card-form endpoint="/legacy-cache-card" locale="zh-CN"></cache-card-form>`);
    await fillValidCard(form, { ...VALID_CARD, cardNumber: '9792030000000000' });
    const error = await form.tokenize().catch((e) => e);
    expect(error.code).to.equal('invalid_card');
    await form.updateComplete;
    expect(messageOf(form, 'cardNumber')).to.equal(zhCN['cardNumber.brand_not_accepted']!.replace('{brand}', 'Troy'));
    expect(field(form, 'cardNumber').getAttribute('aria-invalid')).to.equal('true');
    expect(form.shadowRoot!.activeElement).to.equal(field(form, 'cardNumber'));
    // The proxy's word goes as soon as the shopper changes the number.
    field(form, 'cardNumber').focus();
    await press('Backspace');
    await form.updateComplete;
    expect(messageOf(form, 'cardNumber')).to.not.equal('此处不接受 Troy 卡。');
  });
});
