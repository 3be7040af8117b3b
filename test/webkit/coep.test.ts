// A cross-origin isolated checkout in WebKit (WebKitGTK's MiniBrowser over classic WebDriver, as in shopper.test.ts):
// the WebKit half of test/e2e/coep.spec.ts. The page is served with Cross-Origin-Embedder-Policy and
// Cross-Origin-Opener-Policy: same-origin by this test's servers (test/support/coep-shop.ts), the proxy on another site
// (127.0.0.1 against localhost). Each test first checks that WebKit really isolated the page, then a card typed with
// the keyboard is tokenized: in the isolated frame, and inline from the script tag with its German locale pack.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { remote } from 'webdriverio';
import { keyActions, startWebKit } from '../support/browsers.mjs';
import { startCoepShop, type CoepShop, type EmbedderPolicy } from '../support/coep-shop.ts';

type Browser = WebdriverIO.Browser;

let shop: CoepShop;
let webkit: Awaited<ReturnType<typeof startWebKit>>;
let browser: Browser;

before(async () => {
  [webkit, shop] = await Promise.all([startWebKit(), startCoepShop({ proxyHost: '127.0.0.1' })]);
  browser = await remote(webkit.options as Parameters<typeof remote>[0]);
  await browser.setTimeout({ implicit: 0, script: 30_000 });
});

after(async () => {
  await browser?.deleteSession().catch(() => undefined);
  await webkit?.stop();
  await shop?.close();
});

const press = (key: string) => browser.performActions([{ type: 'key', id: 'keyboard', actions: keyActions(key) }]);
async function type(text: string): Promise<void> {
  for (const character of text) await press(character);
}
const waitFor = (what: string, condition: () => Promise<boolean> | boolean, timeout = 15_000) =>
  browser.waitUntil(condition, { timeout, interval: 100, timeoutMsg: `waited ${timeout} ms for ${what}` });

const crossOriginIsolated = () => browser.execute(() => self.crossOriginIsolated);

/** The form's state as the element reports it (in isolated mode, as the frame tells it), never a value. */
const cardState = () => browser.execute(() => document.querySelector('cache-card-form')?.cardState ?? null);

/**
 * The card, postal code only (the proxy asks for no more), typed with the keyboard from the page's link on: Tab goes
 * into the form's card number field, in the frame too (a focus() from the page loses keys as it crosses into it).
 */
async function typeCard(): Promise<void> {
  await browser.execute(() => document.querySelector('a')!.focus());
  await press('Tab');
  await type('4111111111111111');
  // A 16-digit Visa may run to 19 digits, so it does not move on by itself.
  await press('Tab');
  await type('1234');
  await type('123');
  for (const text of ['Ada', 'Lovelace', 'SW1A 1AA']) {
    await press('Tab');
    await type(text);
  }
  await waitFor('a complete card', async () => (await cardState())?.complete === true);
}

/** Tokenizes from the page; the token, or the failure's code. */
const tokenize = () =>
  browser.executeAsync((done: (outcome: string) => void) => {
    document
      .querySelector('cache-card-form')!
      .tokenize()
      .then(
        (result) => done(result.cardToken),
        (error: { code: string }) => done(error.code),
      );
  });

// WebKitGTK 2.50 has no `credentialless` (the last test), so require-corp alone.
const policy: EmbedderPolicy = 'require-corp';

describe('WebKit: a checkout under Cross-Origin-Embedder-Policy', () => {
  it(`${policy}, isolated mode: the frame connects, speaks German, and tokenizes a card typed in it`, async () => {
    await browser.url(shop.page(policy, 'isolated'));
    assert.equal(await crossOriginIsolated(), true, 'the page is cross-origin isolated');
    await waitFor('the frame to connect', async () => Object.keys((await cardState())?.fields ?? {}).length > 0);
    // The frame's messages, which the element reports as its own, come from the German pack the frame fetched.
    await waitFor(
      "the frame's German messages",
      async () =>
        (await browser.execute(() => document.querySelector('cache-card-form')!.validationMessage)) === 'Geben Sie Ihre Kartennummer ein.',
    );
    await typeCard();
    assert.match(await tokenize(), /^PYMT[0-9a-f]{32}$/);
  });

  it(`${policy}, inline mode from the script tag: the German pack loads, and the card goes to the proxy on another site`, async () => {
    await browser.url(shop.page(policy, 'inline'));
    assert.equal(await crossOriginIsolated(), true, 'the page is cross-origin isolated');
    await waitFor(
      'the German labels',
      async () =>
        (await browser.execute(
          () => document.querySelector('cache-card-form')?.shadowRoot?.querySelector('label[for=cardNumber]')?.textContent?.trim() ?? '',
        )) === 'Kartennummer',
    );
    await typeCard();
    assert.match(await tokenize(), /^PYMT[0-9a-f]{32}$/);
  });

  it('WebKitGTK 2.50 has no credentialless: a page under it is not isolated, and its isolated form works as on any page', async () => {
    await browser.url(shop.page('credentialless', 'isolated'));
    await waitFor('the frame to connect', async () => Object.keys((await cardState())?.fields ?? {}).length > 0);
    assert.equal(await crossOriginIsolated(), false);
  });
});
