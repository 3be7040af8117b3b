// Properties set on <cache-card-form> before its script has run (a deferred script tag, a framework that makes
// the element first, lazy loading) apply once the element is defined, in both modes, from both builds.
import { expect, test, type Page } from '@playwright/test';
import { cardFrame } from './shopper.ts';

// Vite serves the sources outside its root (demo/) under /@fs/.
const DEFINE_MODULE = `/@fs${new URL('../../src/define.ts', import.meta.url).pathname}`;

/** Each build's loader; the script tags come one per mode. */
const LOADERS = {
  'ES modules': async (page: Page) => page.evaluate((module) => import(/* @vite-ignore */ module), DEFINE_MODULE),
  'script tag': async (page: Page, isolated: boolean) =>
    page.addScriptTag({ url: isolated ? '/dist/cache-card-form.isolated.js' : '/dist/cache-card-form.js' }),
};

/** Puts a form in the checkout and sets its properties while `cache-card-form` is still an unknown element. */
async function placeEarly(page: Page, isolated: boolean) {
  await page.goto('/late.html');
  await page.evaluate((isolated) => {
    const card = document.createElement('cache-card-form') as unknown as HTMLElement & Record<string, unknown>;
    card.id = 'card';
    card.messages = { 'label.cardNumber': 'Long number', 'frame.title': 'Card frame' };
    card.billingAddress = 'none';
    card.endpoint = isolated ? `${location.protocol}//localhost:${Number(location.port) + 1}/cache-card` : '/cache-card';
    card.isolated = isolated;
    document.querySelector('#checkout')!.prepend(card);
    if (customElements.get('cache-card-form')) throw new Error('defined too early for this test');
  }, isolated);
}

for (const [build, load] of Object.entries(LOADERS)) {
  test(`${build}, inline: properties set before the element is defined apply, and later sets render`, async ({ page }) => {
    await placeEarly(page, false);
    await load(page, false);
    const card = page.locator('cache-card-form');
    await expect(card.locator('label[for=cardNumber]')).toHaveText('Long number');
    await expect(card.locator('input[name=postalCode]')).toHaveCount(0);
    await page.evaluate(
      () => ((document.querySelector('cache-card-form') as unknown as { billingAddress: string }).billingAddress = 'postal'),
    );
    await expect(card.locator('input[name=postalCode]')).toHaveCount(1);
  });

  test(`${build}, isolated: properties set before the element is defined reach the frame`, async ({ page }) => {
    await placeEarly(page, true);
    await load(page, true);
    const frame = await cardFrame(page);
    expect(await (await frame.frameElement()).getAttribute('title')).toBe('Card frame');
    await expect(frame.locator('label[for=cardNumber]')).toHaveText('Long number');
    await expect(frame.locator('input[name=postalCode]')).toHaveCount(0);
    await page.evaluate(
      () => ((document.querySelector('cache-card-form') as unknown as { billingAddress: string }).billingAddress = 'postal'),
    );
    await expect(frame.locator('input[name=postalCode]')).toHaveCount(1);
  });
}

test('script tags: an isolated form on a page with only the inline bundle says so, and works once its bundle loads', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await placeEarly(page, true);
  await page.addScriptTag({ url: '/dist/cache-card-form.js' });
  const card = page.locator('cache-card-form');
  await expect(card.getByRole('alert')).toHaveText(/could not be loaded/);
  await expect.poll(() => card.evaluate((element) => element.matches(':state(unavailable)'))).toBe(true);
  // It holds no card: a required one is missing, so its form is not sent without a token.
  await card.evaluate((element) => void ((element as unknown as HTMLInputElement).required = true));
  await expect.poll(() => card.evaluate((element) => (element as unknown as HTMLInputElement).validity.valueMissing)).toBe(true);
  // Console messages reach the test on their own channel (WebDriver BiDi in Firefox), maybe after the DOM did.
  await expect.poll(() => errors.join('\n')).toContain('cache-card-form.isolated.js');
  await expect
    .poll(() =>
      card.evaluate((element) =>
        (element as unknown as { tokenize(): Promise<unknown> }).tokenize().catch((e: { code: string }) => e.code),
      ),
    )
    .toBe('frame_unavailable');

  await page.addScriptTag({ url: '/dist/cache-card-form.isolated.js' });
  const frame = await cardFrame(page);
  await expect(frame.locator('label[for=cardNumber]')).toHaveText('Long number');
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => card.evaluate((element) => element.matches(':state(unavailable)'))).toBe(false);
});

test('script tags: an isolated form taken out before its bundle loaded, and put back after, works', async ({ page }) => {
  // A single-page app that unmounts the form (a route left) while the isolated bundle is still on its way, and mounts
  // the same element again once it has come.
  await placeEarly(page, true);
  await page.addScriptTag({ url: '/dist/cache-card-form.js' });
  const card = page.locator('cache-card-form');
  await expect.poll(() => card.evaluate((element) => element.matches(':state(unavailable)'))).toBe(true);
  await page.evaluate(() => {
    const element = document.querySelector('cache-card-form')!;
    (window as unknown as { kept: Element }).kept = element;
    element.remove();
  });
  await page.addScriptTag({ url: '/dist/cache-card-form.isolated.js' });
  await page.evaluate(() => document.querySelector('#checkout')!.prepend((window as unknown as { kept: Element }).kept));
  // Before, it went on with the stand-in it had when it left: unavailable, with no frame, while a form left in the page
  // took up the mode.
  const frame = await cardFrame(page);
  await expect(frame.locator('input[name=cardNumber]')).toBeVisible();
  await expect.poll(() => card.evaluate((element) => element.matches(':state(ready)'))).toBe(true);
  expect(await card.evaluate((element) => element.matches(':state(unavailable)'))).toBe(false);
});

test('script tags, the isolated one first: an inline form works once the inline bundle loads, and an isolated one beside it', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  page.on('pageerror', (error) => void errors.push(String(error)));
  await placeEarly(page, false);
  await page.addScriptTag({ url: '/dist/cache-card-form.isolated.js' });
  const card = page.locator('cache-card-form');
  await expect(card.getByRole('alert')).toHaveText(/could not be loaded/);
  await expect.poll(() => errors.join('\n')).toContain('cache-card-form.js');
  errors.length = 0;

  await page.addScriptTag({ url: '/dist/cache-card-form.js' });
  await expect(card.locator('label[for=cardNumber]')).toHaveText('Long number');
  await expect(card.getByRole('alert')).toHaveCount(0);
  // The inline mode's own words, slots filled, from the element the isolated bundle defined.
  await card.locator('input[name=cardNumber]').click();
  await page.keyboard.type('4111');
  await page.keyboard.press('Tab');
  await expect(card.locator('[part~="message-card-number"]')).toHaveText('Your card number is incomplete.');
  // And an isolated form added to the same page still gets its frame.
  await page.evaluate(() => {
    const endpoint = `${location.protocol}//localhost:${Number(location.port) + 1}/cache-card`;
    const markup = `<cache-card-form isolated billing-address="none" endpoint="${endpoint}"></cache-card-form>`;
    document.querySelector('#checkout')!.insertAdjacentHTML('beforeend', markup);
  });
  const frame = await cardFrame(page);
  await expect(frame.locator('input[name=cardNumber]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('script tag, isolated: a form in the page with only the isolated bundle reports no missing mode', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
  await page.goto('/late.html');
  // Written as markup: the element is upgraded with its attributes there, but not yet read as properties.
  await page.evaluate(() => {
    const endpoint = `${location.protocol}//localhost:${Number(location.port) + 1}/cache-card`;
    const markup = `<cache-card-form isolated billing-address="none" endpoint="${endpoint}"></cache-card-form>`;
    document.querySelector('#checkout')!.insertAdjacentHTML('afterbegin', markup);
  });
  await page.addScriptTag({ url: '/dist/cache-card-form.isolated.js' });
  const frame = await cardFrame(page);
  await expect(frame.locator('input[name=cardNumber]')).toBeVisible();
  expect(errors.filter((line) => /cache-card-form/.test(line))).toEqual([]);
});
