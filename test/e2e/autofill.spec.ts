// Chromium's own autofill, not a simulation of it: a saved card filled through the DevTools protocol's Autofill
// domain (Autofill.trigger, the path the browser takes when the shopper picks a card in its suggestions), on the
// inline pages. Chromium only. The isolated frame is not here: Chromium 156 fills no form in a frame whose <iframe>
// sits in a shadow root (the element keeps its frame in a closed one), whatever the form: see CHANGELOG.md.
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { CARD, cardFields, clickPay } from './shopper.ts';

const PAGES = [
  { title: 'ES modules (Vite)', path: '/' },
  { title: 'script tag, strict CSP', path: '/script-tag.html' },
];

// A saved card as Chromium keeps it: no security code, one name, the expiry as month and four-digit year.
const SAVED = { number: '5555555555554444', name: 'Grace Hopper', expiryMonth: '12', expiryYear: '2034', cvc: '' };

/** Fills the saved card as Chromium's autofill does from the form's card number field. */
async function autofillCard(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Autofill.enable');
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `document.querySelector('cache-card-form').shadowRoot.querySelector('input[name=cardNumber]')`,
  });
  const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId! });
  await cdp.send('Autofill.trigger', { fieldId: node.backendNodeId, card: SAVED });
  return cdp;
}

for (const target of PAGES) {
  test(`${target.title}: a card filled by Chromium's autofill is formatted, checked and saved`, async ({ page, browserName }) => {
    test.skip(browserName !== 'chromium', "The DevTools protocol's Autofill domain is Chromium's");
    await page.goto(target.path);
    const fields = cardFields(page);
    const number = fields.locator('input[name=cardNumber]');
    // The shopper is in the number field when they pick the saved card.
    await number.click();
    await autofillCard(page);
    const filled = { cardNumber: '5555 5555 5555 4444', expiry: '12 / 34', firstName: 'Grace', lastName: 'Hopper' };
    for (const [name, shown] of Object.entries(filled)) {
      await expect(fields.locator(`input[name=${name}]`), name).toHaveValue(shown);
      await expect(fields.locator(`input[name=${name}]`), name).toHaveAttribute('aria-invalid', 'false');
      await expect(fields.locator(`#${name}-message`), name).toHaveText('');
    }
    await expect(fields.locator('[part~=brand]')).toHaveAttribute('aria-label', 'Mastercard');
    // Chromium fills every field with its events, focus and blur among them, and leaves the focus where it was: the
    // form does not move on from a full number or expiry that nobody typed.
    await expect(number).toBeFocused();
    await expect(fields.locator('input[name=securityCode]')).toHaveValue('');

    await fields.locator('input[name=securityCode]').pressSequentially(CARD.code);
    await fields.locator('select[name=country]').selectOption('GB');
    await fields.locator('input[name=addressLine1]').fill(CARD.line1);
    await fields.locator('input[name=city]').fill(CARD.city);
    await fields.locator('input[name=postalCode]').fill(CARD.postal);
    await clickPay(page);
    await expect(page.locator('#outcome')).toBeVisible();
    await expect(page.locator('#token')).toHaveText(/^PYMT[0-9a-f]{32}$/);
    await expect(page.locator('#mask')).toHaveText('555555******4444');
    // Once saved, the card is nowhere in the page, its form included.
    const dom = await page.evaluate(() => {
      const walk = (root: Document | ShadowRoot): string =>
        [...root.querySelectorAll('*')]
          .map((el) => `${el.outerHTML}${el instanceof HTMLInputElement ? el.value : ''}${el.shadowRoot ? walk(el.shadowRoot) : ''}`)
          .join('');
      return walk(document);
    });
    for (const secret of [SAVED.number, filled.cardNumber]) expect(dom).not.toContain(secret);
  });
}
