// Shoppers on bad networks and with impatient hands: a save that takes a while, clicked again and again, edited
// while it runs, reset under it, and a checkout left and come back to. Inline and isolated, on the demo pages.
import { expect, test, type Locator, type Frame, type Page, type Route } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/browsers.mjs';
import { CARD, cardFields, cardFrame, clickPay, typeCard } from './shopper.ts';

const MODES = [
  { name: 'inline', path: '/', fields: (page: Page): Promise<Locator | Frame> => Promise.resolve(cardFields(page)) },
  { name: 'isolated', path: '/isolated.html', fields: (page: Page): Promise<Locator | Frame> => cardFrame(page) },
];

/**
 * Holds every card the page posts to the proxy until the test lets them through (`release`), counting them: a save
 * as slow as the test needs, on any machine.
 */
async function slowProxy(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const posted = { count: 0, release };
  await page.context().route(/\/cache-card$/, async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posted.count++;
    await released;
    await route.continue().catch(() => undefined);
  });
  return posted;
}

/** What the page hears: the form's token events and its checkout form's submits, in order. */
async function recordPage(page: Page) {
  await page.evaluate(() => {
    const heard: string[] = [];
    (window as unknown as { __heard: string[] }).__heard = heard;
    const card = document.querySelector('cache-card-form')!;
    for (const type of ['tokenized', 'tokenize-error']) card.addEventListener(type, () => heard.push(type));
    document.querySelector('#checkout')!.addEventListener('submit', () => heard.push('submit'));
  });
}
const heard = (page: Page) => page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
const busy = (page: Page) => page.evaluate(() => document.querySelector('cache-card-form')!.matches(':state(busy)'));

/**
 * A shopper on `mode`'s page types a card and pays, and the proxy holds the card: the save is under way until the
 * test releases it. What the page hears is recorded from before Pay.
 */
async function saveUnderWay(page: Page, mode: (typeof MODES)[number]) {
  const posted = await slowProxy(page);
  await page.goto(mode.path);
  await typeCard(page, await mode.fields(page));
  await recordPage(page);
  await clickPay(page);
  // The card is on its way: the proxy has it.
  await expect.poll(() => posted.count).toBe(1);
  return posted;
}

for (const mode of MODES) {
  test.describe(mode.name, () => {
    test('Pay clicked again and again while the card is saved: one request, one token, one submit', async ({ page }) => {
      const posted = await slowProxy(page);
      await page.goto(mode.path);
      await typeCard(page, await mode.fields(page));
      await recordPage(page);
      await clickPay(page);
      const pay = page.getByRole('button', { name: 'Pay $42.00' });
      await pay.click({ clickCount: 2 });
      await page.keyboard.press('Enter');
      await expect.poll(() => posted.count).toBe(1);
      posted.release();
      await expect(page.locator('#outcome')).toBeVisible();
      await expect.poll(() => busy(page)).toBe(false);
      expect(posted.count).toBe(1);
      // A shop that places the order on submit would place one per click.
      expect(await heard(page)).toEqual(['tokenized', 'submit']);
    });

    test('the card cannot be edited while it is saved, so the token is for the card the shopper sees', async ({ page }) => {
      const posted = await slowProxy(page);
      await page.goto(mode.path);
      const fields = await mode.fields(page);
      await typeCard(page, fields);
      await recordPage(page);
      await page.keyboard.press('Enter');
      // The card is on its way: the proxy has it.
      await expect.poll(() => posted.count).toBe(1);
      await fields.locator('input[name=lastName]').click();
      await page.keyboard.press('End');
      await page.keyboard.type('-King');
      // What was typed during the save would be wiped by the token of the card as it was: it must not be taken.
      await expect(fields.locator('input[name=lastName]')).toHaveValue(CARD.last);
      posted.release();
      await expect(page.locator('#outcome')).toBeVisible();
      await expect(fields.locator('input[name=lastName]')).toHaveValue('');
      // Editable again once the save is over.
      await page.getByRole('button', { name: 'Use another card' }).click();
      // The page moves the focus into the form (card.focus()): the shopper's click comes after it.
      await expect(fields.locator('input[name=cardNumber]')).toBeFocused();
      await fields.locator('input[name=lastName]').click();
      await page.keyboard.type('King');
      await expect(fields.locator('input[name=lastName]')).toHaveValue('King');
    });

    test('a save that fails leaves the card editable and retried without retyping', async ({ page }) => {
      await page.goto(mode.path);
      const fields = await mode.fields(page);
      await typeCard(page, fields);
      await page.context().setOffline(true);
      await clickPay(page);
      await expect(fields.locator('[role=status]')).toHaveText(
        'We could not reach the payment service. Check your connection and try again.',
      );
      await expect.poll(() => busy(page)).toBe(false);
      await fields.locator('input[name=lastName]').click();
      await page.keyboard.press('End');
      await page.keyboard.type('-King');
      await expect(fields.locator('input[name=lastName]')).toHaveValue(`${CARD.last}-King`);
      await page.context().setOffline(false);
      await clickPay(page);
      await expect(page.locator('#outcome')).toBeVisible();
    });

    test('the card form taken off the page while its card is saved: the checkout is not submitted without it', async ({ page }) => {
      const posted = await saveUnderWay(page, mode);
      // The shop switches to another way to pay, say, and takes the card form away.
      await page.evaluate(() => document.querySelector('cache-card-form')!.remove());
      posted.release();
      await expect.poll(() => heard(page)).toContainEqual(expect.stringMatching(/^tokeniz/));
      // Submitted, the checkout would carry no card token: an order with nothing to pay with.
      expect(await heard(page)).not.toContain('submit');
      await expect(page.locator('#outcome')).toBeHidden();
    });

    test('the card form given to another form while its card is saved: the checkout is not submitted without it', async ({ page }) => {
      const posted = await saveUnderWay(page, mode);
      // The element stays where it is (its frame too), but belongs to another form now.
      await page.evaluate(() => {
        const elsewhere = document.createElement('form');
        elsewhere.id = 'elsewhere';
        document.body.append(elsewhere);
        document.querySelector('cache-card-form')!.setAttribute('form', 'elsewhere');
      });
      posted.release();
      // The save itself goes on: the token comes.
      await expect.poll(() => heard(page)).toContain('tokenized');
      expect(await heard(page)).not.toContain('submit');
      await expect(page.locator('#outcome')).toBeHidden();
    });

    test('reset() while the card is saved: no token is kept and the checkout is not submitted', async ({ page }) => {
      const posted = await saveUnderWay(page, mode);
      await page.evaluate(() => document.querySelector('cache-card-form')!.reset());
      posted.release();
      // The token still comes (Alipay made it), and the held-back submit would follow it at once.
      await expect.poll(() => heard(page)).toContain('tokenized');
      await expect.poll(() => busy(page)).toBe(false);
      const value = await page.evaluate(() => new FormData(document.querySelector<HTMLFormElement>('#checkout')!).get('cardToken'));
      expect(value).toBeNull();
      expect(await heard(page)).not.toContain('submit');
      await expect(page.locator('#outcome')).toBeHidden();
    });
  });
}

/**
 * An init script, run in the page and in each of its frames (the card frame's too): when the page comes back from
 * the back/forward cache, once the form there has answered the `pageshow`, it tells what its fields hold, in
 * `window.__restoredFields` of the top page. A frame's form is read in its own document, where its shadow root is
 * open; the isolated host's own holds no fields.
 */
function reportRestoredFields() {
  addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    // A task later: every pageshow listener, the form's among them, has run by then.
    setTimeout(() => {
      const form = document.querySelector('cache-card-form');
      const root = form?.shadowRoot;
      if (!form || !root) return;
      void form.updateComplete.then(() => {
        const fields = Object.fromEntries(
          [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')].map((field) => [field.name, field.value]),
        );
        if (!Object.keys(fields).length) return; // the isolated host: its fields are in its frame
        if (window === top) Object.assign(window, { __restoredFields: fields });
        else parent.postMessage({ restoredFields: fields }, '*');
      });
    });
  });
  if (window === top) {
    addEventListener('message', (event) => {
      const data = event.data as { restoredFields?: Record<string, string> } | null;
      if (data?.restoredFields) Object.assign(window, { __restoredFields: data.restoredFields });
    });
  }
}

test.describe('back and forward', () => {
  for (const mode of MODES) {
    test(`${mode.name}: a card typed in full, its security code too, does not come back with the page`, async ({
      playwright,
      browserName,
      baseURL,
    }) => {
      test.skip(
        browserName !== 'chromium',
        "Firefox over BiDi loads the page anew on back (it did, empty). WebKit has no back/forward test here nor in test/webkit/: the form's answer to a page restored from the cache is test/element/form.test.ts's, in all three engines",
      );
      // Playwright turns Chromium's back/forward cache off; a shopper's browser has it on.
      const browser = await playwright.chromium.launch({ ...chromiumLaunchOptions(), ignoreDefaultArgs: ['--disable-back-forward-cache'] });
      try {
        const page = await browser.newPage({ baseURL });
        await page.addInitScript(reportRestoredFields);
        await page.goto(mode.path);
        const fields = await mode.fields(page);
        await typeCard(page, fields);
        await expect(fields.locator('input[name=securityCode]')).toHaveValue(CARD.code);
        await expect.poll(() => page.evaluate(() => document.querySelector('cache-card-form')!.cardState.complete)).toBe(true);
        await page.evaluate(() =>
          addEventListener('pageshow', (event) => ((window as unknown as { __restored: boolean }).__restored = event.persisted)),
        );
        await page.goto('/react.html');
        await page.goBack({ waitUntil: 'commit' });
        // Only a page restored from the cache says anything here: one loaded anew is empty anyway.
        await expect.poll(() => page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored)).toBe(true);
        // Every field of the form, in the page or in its frame, the security code's among them, is empty.
        const restored = () => page.evaluate(() => (window as unknown as { __restoredFields?: Record<string, string> }).__restoredFields);
        await expect.poll(restored).toBeDefined();
        const values = (await restored())!;
        expect(Object.keys(values)).toEqual(
          expect.arrayContaining(['cardNumber', 'expiry', 'securityCode', 'firstName', 'lastName', 'postalCode']),
        );
        for (const [name, value] of Object.entries(values)) expect(value, name).toBe('');
        // And the page hears the same: each field empty (the frame reports its fields' state once it has emptied them).
        const state = await page.evaluate(() => document.querySelector('cache-card-form')!.cardState);
        expect(state.empty).toBe(true);
        for (const [name, field] of Object.entries(state.fields)) expect(field.empty, name).toBe(true);
      } finally {
        await browser.close();
      }
    });
  }
});
