// A checkout that is cross-origin isolated: served with Cross-Origin-Embedder-Policy (require-corp, then
// credentialless) and Cross-Origin-Opener-Policy: same-origin, as pages that need SharedArrayBuffer are. Each test
// first checks that the browser really isolated the page (`crossOriginIsolated`), then tokenizes a card typed with
// the keyboard: in the isolated frame (which the page may embed only if the frame page answers with a COEP and a
// CORP of its own), and inline from the script tag, with the locale pack each loads. The servers are this test's
// (test/support/coep-shop.ts): in Chromium the proxy is on another site (127.0.0.1 against localhost); in Firefox on
// another port of the same site, as Playwright's BiDi keyboard cannot type into a Firefox frame of another site.
import { expect, test, type Page } from '@playwright/test';
import { EMBEDDER_POLICIES, startCoepShop, type CoepShop } from '../support/coep-shop.ts';
import { cardFields, cardFrame, typeCard } from './shopper.ts';

let shop: CoepShop;

test.beforeAll(async ({ browserName }) => {
  shop = await startCoepShop({ proxyHost: browserName === 'chromium' ? '127.0.0.1' : 'localhost' });
});

test.afterAll(async () => {
  await shop?.close();
});

const crossOriginIsolated = (page: Page) => page.evaluate(() => self.crossOriginIsolated);

/** Tokenizes from the page; the token, or the failure's code. */
const tokenize = (page: Page) =>
  page.evaluate(() =>
    document
      .querySelector('cache-card-form')!
      .tokenize()
      .then(
        (result) => result.cardToken,
        (error: { code: string }) => error.code,
      ),
  );

for (const policy of EMBEDDER_POLICIES) {
  test.describe(`a page under Cross-Origin-Embedder-Policy: ${policy}`, () => {
    test("isolated mode: the frame loads, in the page's language, and tokenizes the card", async ({ page }) => {
      await page.goto(shop.page(policy, 'isolated'));
      expect(await crossOriginIsolated(page)).toBe(true);
      const frame = await cardFrame(page);
      await expect(frame.locator('label[for=cardNumber]')).toHaveText('Kartennummer');
      await typeCard(page, frame);
      expect(await tokenize(page)).toMatch(/^PYMT[0-9a-f]{32}$/);
    });

    test('inline mode from the script tag: its locale pack loads, and the card goes to the proxy on another origin', async ({ page }) => {
      await page.goto(shop.page(policy, 'inline'));
      expect(await crossOriginIsolated(page)).toBe(true);
      const fields = cardFields(page);
      await expect(fields.locator('label[for=cardNumber]')).toHaveText('Kartennummer');
      await typeCard(page, fields);
      expect(await tokenize(page)).toMatch(/^PYMT[0-9a-f]{32}$/);
    });

    test('from a CDN of another site that answers with CORS: both hosts and the locale pack load, the card is tokenized', async ({
      page,
    }) => {
      await page.goto(shop.page(policy, 'inline', 'cdn-cors'));
      expect(await crossOriginIsolated(page)).toBe(true);
      const fields = cardFields(page);
      await expect(fields.locator('label[for=cardNumber]')).toHaveText('Kartennummer');
      await typeCard(page, fields);
      expect(await tokenize(page)).toMatch(/^PYMT[0-9a-f]{32}$/);
      await page.goto(shop.page(policy, 'isolated', 'cdn-cors'));
      expect(await crossOriginIsolated(page)).toBe(true);
      const frame = await cardFrame(page);
      await typeCard(page, frame);
      expect(await tokenize(page)).toMatch(/^PYMT[0-9a-f]{32}$/);
    });
  });
}

test('from a CDN that answers without CORS, the tags (crossorigin, integrity) load nothing: no form', async ({ page }) => {
  await page.addInitScript(() => {
    const failed: string[] = ((window as unknown as { failed: string[] }).failed = []);
    addEventListener('error', (event) => event.target instanceof HTMLScriptElement && failed.push(event.target.src), true);
  });
  await page.goto(shop.page('require-corp', 'inline', 'cdn-bare'));
  expect(await crossOriginIsolated(page)).toBe(true);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { failed: string[] }).failed.map((src) => new URL(src).pathname).sort()))
    .toEqual(['/bare/cache-card-form.js', '/bare/cache-card-form.locale-loader.js']);
  expect(await page.evaluate(() => customElements.get('cache-card-form'))).toBeUndefined();
});

test('a cross-origin isolated page on an origin the proxy does not allow still gets no form from the frame', async ({ page }) => {
  await page.goto(shop.page('require-corp', 'isolated').replace('//localhost:', '//127.0.0.1:'));
  expect(await crossOriginIsolated(page)).toBe(true);
  await expect.poll(() => page.evaluate(() => document.querySelector('cache-card-form')!.matches(':state(unavailable)'))).toBe(true);
  for (const frame of page.frames()) expect(await frame.locator('input').count()).toBe(0);
});
