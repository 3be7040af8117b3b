// The form in another language, as a shopper meets it: chosen from the demo's language menu, in both modes.
// Arabic lays the form out right to left while the card's own digits stay left to right, with a caret that
// goes where the keys say. The README's language screenshots (Arabic, Japanese, German) are taken here.
import { mkdirSync } from 'node:fs';
import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { CARD, cardFields, cardFrame, clickPay, typeCard } from './shopper.ts';

const SCREENSHOTS = new URL('../../demo/screenshots/', import.meta.url).pathname;

const MODES = [
  { name: 'inline', path: '/', fields: async (page: Page): Promise<Frame | Locator> => cardFields(page) },
  { name: 'isolated', path: '/isolated.html', fields: (page: Page): Promise<Frame | Locator> => cardFrame(page) },
];

/** The label of the card number field, once the language's pack has been applied. */
const NUMBER_LABEL: Record<string, string> = { ar: 'رقم البطاقة', ja: 'カード番号', de: 'Kartennummer' };

async function chooseLanguage(page: Page, fields: Frame | Locator, tag: string) {
  await page.locator('#locale').selectOption(tag);
  await expect(fields.locator('label[for=cardNumber]')).toHaveText(NUMBER_LABEL[tag]!);
}

/** Where the caret is in the card number field, and what the field shows. */
const numberField = (fields: Frame | Locator) =>
  fields.locator('input[name=cardNumber]').evaluate((input: HTMLInputElement) => ({
    value: input.value,
    caret: input.selectionStart,
    direction: getComputedStyle(input).direction,
  }));

for (const mode of MODES) {
  test(`${mode.name}: a page that changes its lang has the form speak it at once, with what was typed kept`, async ({ page }) => {
    await page.goto(mode.path);
    const fields = await mode.fields(page);
    await fields.locator('input[name=cardNumber]').click();
    await page.keyboard.type('4111 1111');
    await page.evaluate(() => void (document.documentElement.lang = 'de'));
    await expect(fields.locator('label[for=cardNumber]')).toHaveText(NUMBER_LABEL.de!);
    await expect(fields.locator('input[name=cardNumber]')).toHaveValue('4111 1111');
    await page.evaluate(() => void (document.documentElement.lang = 'en'));
    await expect(fields.locator('label[for=cardNumber]')).toHaveText('Card number');
  });

  test(`${mode.name}: the country the shopper chose stays chosen, named in the new language`, async ({ page }) => {
    await page.goto(mode.path);
    const fields = await mode.fields(page);
    const country = fields.locator('select[name=country]');
    await expect(country.locator('option[value=GB]')).toHaveCount(1);
    await country.selectOption('GB');
    await chooseLanguage(page, fields, 'de');
    await expect(country.locator('option:checked')).toHaveText('Vereinigtes Königreich');
    await expect(country).toHaveValue('GB');
  });

  test(`${mode.name}: in Arabic the form is mirrored, the card's digits stay left to right, and the shopper pays`, async ({ page }) => {
    await page.goto(mode.path);
    const fields = await mode.fields(page);
    await chooseLanguage(page, fields, 'ar');
    if (mode.name === 'inline') await expect(page.locator('cache-card-form')).toHaveAttribute('dir', 'rtl');

    // Mirrored: each label starts at the right edge of its field, the brand mark sits at the left end of the
    // number, and the expiry (first of its row) is on the right of the security code.
    const layout = await fields.locator('form').evaluate((form) => {
      const box = (selector: string) => form.querySelector(selector)!.getBoundingClientRect();
      const number = box('input[name=cardNumber]');
      return {
        labelGap: number.right - box('label[for=cardNumber]').right,
        markLeft: box('.brand').left - number.left,
        markRight: number.right - box('.brand').right,
        expiryLeft: box('input[name=expiry]').left,
        codeLeft: box('input[name=securityCode]').left,
        formDirection: getComputedStyle(form).direction,
      };
    });
    expect(layout.formDirection).toBe('rtl');
    expect(Math.abs(layout.labelGap)).toBeLessThan(2);
    expect(layout.markLeft).toBeLessThan(layout.markRight);
    expect(layout.expiryLeft).toBeGreaterThan(layout.codeLeft);

    // The digits: left to right, grouped as typed, and the caret moves and inserts where the arrows put it.
    await fields.locator('input[name=cardNumber]').click();
    await page.keyboard.type('4111111111');
    expect(await numberField(fields)).toEqual({ value: '4111 1111 11', caret: 12, direction: 'ltr' });
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    expect((await numberField(fields)).caret).toBe(9);
    await page.keyboard.type('5');
    expect(await numberField(fields)).toEqual({ value: '4111 1111 511', caret: 11, direction: 'ltr' });
    await page.keyboard.press('Backspace');
    expect((await numberField(fields)).value).toBe('4111 1111 11');
    await page.keyboard.press('End');
    for (let i = 0; i < 10; i++) await page.keyboard.press('Backspace');
    expect((await numberField(fields)).value).toBe('');

    await typeCard(page, fields, { ...CARD, number: CARD.number });
    for (const name of ['expiry', 'securityCode']) {
      expect(await fields.locator(`input[name=${name}]`).evaluate((input) => getComputedStyle(input).direction)).toBe('ltr');
    }
    await clickPay(page);
    await expect(page.locator('#outcome')).toBeVisible();
    await expect(page.locator('#mask')).toHaveText('411111******1111');
    expect(await axeViolations(page)).toEqual([]);
  });
}

test("screenshots in Arabic, Japanese and German, inline and isolated, for the README's Languages section", async ({
  page,
  browserName,
}) => {
  // The README's screenshots are Chromium's; other engines' go to test-results, never over them.
  const folder = browserName === 'chromium' ? SCREENSHOTS : test.info().outputPath('screenshots/');
  mkdirSync(folder, { recursive: true });
  // Tall enough for the whole form: a full-page capture resizes the viewport, and a frame of another site (its own
  // process) was once captured mid-resize, drawn a third of its width.
  await page.setViewportSize({ width: 1000, height: 1400 });
  for (const mode of MODES) {
    for (const tag of ['ar', 'ja', 'de']) {
      await page.goto(mode.path);
      const fields = await mode.fields(page);
      await chooseLanguage(page, fields, tag);
      // A half-typed card with a message showing: the language's labels, hints and an error in one picture.
      await fields.locator('input[name=cardNumber]').click();
      await page.keyboard.type('4111111111111111');
      await page.keyboard.press('Tab');
      await page.keyboard.type('01');
      await page.keyboard.press('Tab');
      await expect(fields.locator('input[name=expiry][aria-invalid=true]')).toBeVisible();
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const box = (await page.locator('cache-card-form').boundingBox())!;
      const clip = { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 16 };
      await page.screenshot({ path: `${folder}locale-${tag}-${mode.name}.png`, clip, animations: 'disabled' });
    }
  }
});
