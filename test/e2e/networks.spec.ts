// A card on two networks (Cartes Bancaires and Visa, one of the demo's test cards), paid in both modes through the
// demo's proxy and simulator: the shopper finds the choice by its accessible names, picks Visa with the keyboard,
// and Visa is what goes to the proxy. The page hears which networks there are and which was chosen, and gets
// the token and the mask only.
import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { CARD, cardFields, cardFrame, clickPay, recordRequestBodies, typeCard } from './shopper.ts';

const CO_BADGED = { ...CARD, number: '4000002500001001' };

const MODES: {
  name: string;
  path: string;
  fields: (page: Page) => Promise<Frame | Locator>;
  sender: (page: Page) => Promise<Frame | Page>;
}[] = [
  { name: 'inline', path: '/', fields: async (page) => cardFields(page), sender: async (page) => page },
  { name: 'isolated', path: '/isolated.html', fields: cardFrame, sender: cardFrame },
];

for (const mode of MODES) {
  test(`${mode.name}: the shopper chooses the network of a co-badged card with the keyboard`, async ({ page }) => {
    await page.addInitScript(recordRequestBodies);
    await page.goto(mode.path);
    await page.evaluate(() => {
      const changes: unknown[] = [];
      (window as unknown as { __changes: unknown[] }).__changes = changes;
      document.querySelector('cache-card-form')!.addEventListener('card-change', (e) => changes.push((e as CustomEvent).detail));
    });
    const fields = await mode.fields(page);
    await typeCard(page, fields, CO_BADGED, async () => {
      const group = fields.getByRole('group', { name: 'Card network' });
      await expect(group).toBeVisible();
      await expect(group.getByRole('radio')).toHaveCount(2);
      await expect(fields.getByRole('radio', { name: 'Cartes Bancaires' })).toBeChecked();
      await page.keyboard.press('Tab');
      await expect(fields.getByRole('radio', { name: 'Cartes Bancaires' })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(fields.getByRole('radio', { name: 'Visa' })).toBeChecked();
      await expect(fields.getByRole('img', { name: 'Visa' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
    // The page that sent the card: the checkout, or the card frame (read before the checkout hides it).
    const sender = await mode.sender(page);
    await clickPay(page);
    await expect(page.locator('#outcome')).toBeVisible();
    await expect(page.locator('#mask')).toHaveText('400000******1001');

    const sent = await sender.evaluate(() => (window as unknown as { __sent: { url: string; body: string }[] }).__sent);
    const tokenization = sent.find((request) => new URL(request.url, 'http://localhost/').pathname === '/cache-card')!;
    expect(JSON.parse(tokenization.body).paymentMethodDetail.card.brand).toBe('VISA');
    const lookups = sent.filter((request) => new URL(request.url, 'http://localhost/').pathname === '/cache-card/brands');
    expect(lookups.map((request) => JSON.parse(request.body))).toEqual([{ bin: '40000025' }]);

    const changes = await page.evaluate(() => (window as unknown as { __changes: { networks: string[]; network: string }[] }).__changes);
    expect(changes.at(-1)).toBeDefined();
    expect(changes.some((change) => change.network === 'VISA' && change.networks.join() === 'CARTES_BANCAIRES,VISA')).toBe(true);
  });
}

test('a Maestro card with no security code: marked optional and saved without one', async ({ page }) => {
  await page.goto('/');
  const fields = cardFields(page);
  await fields.locator('input[name=cardNumber]').click();
  await page.keyboard.type('5000550000000029');
  await expect(fields.getByText('Security code (CVC) (optional)')).toBeVisible();
  await fields.locator('input[name=expiry]').click();
  await page.keyboard.type(CARD.expiry);
  // A whole expiry moves on to the security code by itself; this card has none, so on to the name.
  await expect(fields.locator('input[name=securityCode]')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type(CARD.first);
  await page.keyboard.press('Tab');
  await page.keyboard.type(CARD.last);
  await page.keyboard.press('Tab');
  await fields.locator('select[name=country]').selectOption('GB');
  await page.keyboard.press('Tab');
  await page.keyboard.type(CARD.line1);
  await fields.locator('input[name=city]').click();
  await page.keyboard.type(CARD.city);
  await fields.locator('input[name=postalCode]').click();
  await page.keyboard.type(CARD.postal);
  await clickPay(page);
  await expect(page.locator('#mask')).toHaveText('500055******0029');
});
