// On a touch screen, Safari on iOS zooms the page into any field whose text is under 16 px and does not zoom back.
// The form's inputs are at least 16 px wherever the primary pointer is coarse, however small the merchant's font.
// Chromium's mobile emulation (a coarse pointer, touch) stands in for the phone: Playwright has none for Firefox.
import { expect, test, type Browser, type Frame, type Page } from '@playwright/test';
import { cardFrame } from './shopper.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The computed font size of each card input of the inline form, once the merchant has set the form to 13 px. */
async function inlineSizes(page: Page): Promise<string[]> {
  await page.goto('/');
  const form = page.locator('cache-card-form');
  await expect(form.locator('input[name=cardNumber]')).toBeVisible();
  // Set through the CSSOM: the demo's policy allows no inline style.
  await form.evaluate((element: HTMLElement) => (element.style.fontSize = '13px'));
  return form.evaluate((element) => [...element.shadowRoot!.querySelectorAll('input')].map((input) => getComputedStyle(input).fontSize));
}

async function frameSizes(page: Page): Promise<string[]> {
  await page.goto('/isolated.html');
  const frame: Frame = await cardFrame(page);
  return frame.evaluate(() =>
    [...document.querySelector('cache-card-form')!.shadowRoot!.querySelectorAll('input')].map((input) => getComputedStyle(input).fontSize),
  );
}

async function inContext<T>(browser: Browser, options: object, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

test('on a touch screen every input is at least 16 px, so iOS does not zoom in; with a mouse the font is the merchant’s', async ({
  browser,
  browserName,
}) => {
  test.skip(browserName !== 'chromium', 'Playwright emulates a phone (a coarse pointer) in Chromium only');
  const px = (sizes: string[]) => sizes.map((size) => parseFloat(size));

  const phone = px(await inContext(browser, PHONE, inlineSizes));
  expect(phone.length).toBeGreaterThan(3);
  for (const size of phone) expect(size).toBeGreaterThanOrEqual(16);
  const desktop = px(await inContext(browser, {}, inlineSizes));
  for (const size of desktop) expect(size, 'the merchant’s 13 px, where no zoom threatens').toBe(13);

  const framed = px(await inContext(browser, PHONE, frameSizes));
  expect(framed.length).toBeGreaterThan(3);
  for (const size of framed) expect(size, 'inside the isolated frame too').toBeGreaterThanOrEqual(16);
});
