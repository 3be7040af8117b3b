// On a touch screen, Safari on iOS zooms the page into any field whose text is under 16 px and does not zoom back.
// The form's inputs are at least 16 px wherever the primary pointer is coarse, however small the merchant's font.
// Chromium's mobile emulation (a coarse pointer, touch) stands in for the phone: Playwright has none for Firefox.
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import { cardFrame } from './shopper.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The computed font size of each card input and select of the inline form, the merchant's font set to 13 px. */
async function inlineSizes(page: Page): Promise<string[]> {
  await page.goto('/');
  const form = page.locator('cache-card-form');
  await expect(form.locator('input[name=cardNumber]')).toBeVisible();
  // Set through the CSSOM: the demo's policy allows no inline style.
  await form.evaluate((element: HTMLElement) => (element.style.fontSize = '13px'));
  return form.evaluate((element) =>
    [...element.shadowRoot!.querySelectorAll('input, select')].map((control) => getComputedStyle(control).fontSize),
  );
}

/** The same inside the isolated frame, once the 13 px font the page set has reached it (the frame takes the host's). */
async function frameSizes(page: Page): Promise<string[]> {
  await page.goto('/isolated.html');
  await cardFrame(page);
  await page.locator('cache-card-form').evaluate((element: CacheCardForm) => {
    element.style.fontSize = '13px';
    element.requestUpdate();
  });
  const frame = await cardFrame(page);
  await expect
    .poll(() => frame.evaluate(() => getComputedStyle(document.querySelector('cache-card-form')!).fontSize), {
      message: "the host's font reaches the frame",
    })
    .toBe('13px');
  return frame.evaluate(() =>
    [...document.querySelector('cache-card-form')!.shadowRoot!.querySelectorAll('input, select')].map(
      (control) => getComputedStyle(control).fontSize,
    ),
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
  expect(phone.length, 'the inputs and the country list').toBeGreaterThan(6);
  for (const size of phone) expect(size).toBeGreaterThanOrEqual(16);
  const desktop = px(await inContext(browser, {}, inlineSizes));
  for (const size of desktop) expect(size, 'the merchant’s 13 px, where no zoom threatens').toBe(13);

  const framed = px(await inContext(browser, PHONE, frameSizes));
  expect(framed.length).toBeGreaterThan(3);
  for (const size of framed) expect(size, 'inside the isolated frame too').toBeGreaterThanOrEqual(16);
  const framedDesktop = px(await inContext(browser, {}, frameSizes));
  for (const size of framedDesktop) expect(size, 'the merchant’s 13 px in the frame, with a mouse').toBe(13);
});
