// Single-page apps mount and unmount <cache-card-form> many times (route changes, a checkout in a modal opened and
// closed, keyed re-renders): a form taken out of the page must leave nothing behind that keeps it alive. Counted in
// the browser's heap after a full collection, so the count is exact and no test waits for a time.
// Chromium only: the DevTools protocol's HeapProfiler.collectGarbage, Runtime.queryObjects and
// DOMDebugger.getEventListeners are Chromium's.
import { expect, test, type CDPSession, type Frame, type Locator, type Page } from '@playwright/test';

/**
 * Types a card with the keyboard into the fields these forms show (no address: shopper.ts's typeCard would type the
 * postal code into the next form).
 */
async function typeCard(page: Page, fields: Frame | Locator): Promise<void> {
  await fields.locator('input[name=cardNumber]').click();
  for (const [text, key] of [
    ['4111111111111111', 'Tab'],
    ['1234', ''], // the expiry moves on to the security code by itself
    ['123', 'Tab'],
    ['Ada', 'Tab'],
    ['Lovelace', ''],
  ] as const) {
    await page.keyboard.type(text);
    if (key) await page.keyboard.press(key);
  }
}

test.beforeEach(({ browserName }) => {
  test.skip(browserName !== 'chromium', "Counting live objects takes the DevTools protocol's heap domains, which are Chromium's");
});

// Tall enough for every form to show at once: a click into a frame of a closed shadow root that lies out of view
// misses (Playwright cannot scroll it into view).
test.use({ viewport: { width: 1280, height: 3000 } });

/**
 * The checkout with no card form, and both script tags (each adds its mode to the one element), as a merchant loads
 * them. The forms go into a `<form>` of their own at the top, with nothing to submit it.
 */
async function openCheckout(page: Page): Promise<CDPSession> {
  await page.goto('/late.html');
  await page.evaluate(() => document.querySelector('main')!.prepend(Object.assign(document.createElement('form'), { id: 'cards' })));
  await page.addScriptTag({ url: '/dist/cache-card-form.js' });
  await page.addScriptTag({ url: '/dist/cache-card-form.isolated.js' });
  return page.context().newCDPSession(page);
}

/** How many objects in the page's heap have `prototype` (an expression) in their chain, after a full collection. */
async function live(cdp: CDPSession, prototype: string): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { result } = await cdp.send('Runtime.evaluate', { expression: prototype });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: result.objectId! });
  const { result: length } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId!,
    functionDeclaration: 'function () { return this.length; }',
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObject', { objectId: objects.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  return length.value as number;
}

/** The forms, frames and frame channels alive in the page. */
const census = async (cdp: CDPSession) => ({
  forms: await live(cdp, "customElements.get('cache-card-form').prototype"),
  frames: await live(cdp, 'HTMLIFrameElement.prototype'),
  ports: await live(cdp, 'MessagePort.prototype'),
});

/** The types of the listeners on `target` (an expression): window, document, the forms' `<form>`. */
async function listenersOn(cdp: CDPSession, target: string): Promise<string[]> {
  const { result } = await cdp.send('Runtime.evaluate', { expression: target });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  return listeners.map((listener) => listener.type).sort();
}
const allListeners = async (cdp: CDPSession) => ({
  window: await listenersOn(cdp, 'window'),
  document: await listenersOn(cdp, 'document'),
  form: await listenersOn(cdp, "document.querySelector('#cards')"),
});

/** Puts `count` forms of a mode into the `<form>`: inline ones first, isolated ones after them (a frame that grows
 * moves only what is below it). */
const mount = (page: Page, count: number, isolated: boolean) =>
  page.evaluate(
    ({ count, isolated }) => {
      for (let i = 0; i < count; i++) {
        const card = document.createElement('cache-card-form');
        card.id = `${isolated ? 'isolated' : 'inline'}-${i}`;
        card.isolated = isolated;
        // As the proxy's policy asks: the form keeps its layout when the policy comes, under the clicks below.
        card.billingAddress = 'none';
        card.endpoint = isolated ? `${location.protocol}//localhost:${Number(location.port) + 1}/cache-card` : '/cache-card';
        document.querySelector('#cards')![isolated ? 'append' : 'prepend'](card);
      }
    },
    { count, isolated },
  );

const allReady = (page: Page) =>
  page.waitForFunction(() => [...document.querySelectorAll('cache-card-form')].every((card) => card.matches(':state(ready)')));

const removeAll = (page: Page) => page.evaluate(() => document.querySelectorAll('cache-card-form').forEach((card) => card.remove()));

/** Counts the page's requests (its frames' too) under way. */
function requestsUnderWay(page: Page): () => number {
  let underWay = 0;
  page.on('request', () => underWay++);
  page.on('requestfinished', () => underWay--);
  page.on('requestfailed', () => underWay--);
  return () => underWay;
}

/** Tokenizes a form from the page: its mask, or its failure's code. */
const tokenize = (page: Page, selector: string) =>
  page.evaluate(
    (selector) =>
      document
        .querySelector<HTMLElementTagNameMap['cache-card-form']>(`cache-card-form${selector}`)!
        .tokenize()
        .then(
          (result) => result.mask,
          (error: { code: string }) => error.code,
        ),
    selector,
  );

/** The selector of the isolated form whose card frame `frame` is (the frame sits in a closed root inside its form's). */
async function formOf(frame: Frame): Promise<string> {
  const iframe = await frame.frameElement();
  const id = await iframe.evaluate((element) => ((element.getRootNode() as ShadowRoot).host.getRootNode() as ShadowRoot).host.id);
  // Let go of the frame's handle: it would keep the frame alive.
  await iframe.dispose();
  return `#${id}`;
}

test('forms typed into, saved, moved and removed, inline and isolated, leave nothing alive behind', async ({ page }) => {
  const cdp = await openCheckout(page);
  const underWay = requestsUnderWay(page);
  const before = await allListeners(cdp);
  expect(await census(cdp)).toEqual({ forms: 0, frames: 0, ports: 0 });

  await mount(page, 3, false);
  await mount(page, 3, true);
  await allReady(page);
  // What the count sees: each form, each frame and the page's end of each frame's channel.
  expect(await census(cdp)).toEqual({ forms: 6, frames: 3, ports: 3 });

  // Inline: one card saved, another half typed (its first digits asked of the proxy).
  await typeCard(page, page.locator('#inline-0'));
  expect(await tokenize(page, '#inline-0')).toBe('411111******1111');
  await page.locator('#inline-1 input[name=cardNumber]').click();
  await page.keyboard.type('411111111');
  // Isolated: one card saved through its frame, another half typed.
  const [saved, halfTyped] = page.frames().filter((frame) => frame.url().includes('/cache-card/frame'));
  // Until each frame has grown to its form's height, what lies below it is still moving.
  for (const frame of [saved!, halfTyped!])
    await expect.poll(() => frame.evaluate(() => innerHeight > 100 && innerHeight >= document.documentElement.scrollHeight - 1)).toBe(true);
  await typeCard(page, saved!);
  const form = await formOf(saved!);
  // Chromium may judge a frame not yet seen (IntersectionObserver v2): asked again while it says so.
  await expect.poll(() => tokenize(page, form)).toBe('411111******1111');
  await halfTyped!.locator('input[name=cardNumber]').click();
  await page.keyboard.type('5555');

  // Moved, a form of each mode each way: taken out and put back (a route that keeps the element; the isolated one
  // loads its frame anew), and with moveBefore (a keyed reorder).
  await page.evaluate(() => {
    const cards = document.querySelectorAll('cache-card-form');
    const main = document.querySelector('main')!;
    for (const card of [cards[0]!, cards[3]!]) {
      main.append(card);
      document.querySelector('#cards')!.append(card);
    }
    for (const card of [cards[1]!, cards[4]!]) main.moveBefore(card, null);
  });
  await allReady(page);

  await removeAll(page);
  // Whatever the forms asked of the proxy has been answered (or cancelled with its frame), and a task has passed (the
  // isolated form reads focus moving in and out a task later).
  await expect.poll(underWay).toBe(0);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
  expect(await census(cdp)).toEqual({ forms: 0, frames: 0, ports: 0 });
  expect(await allListeners(cdp)).toEqual(before);
});

test('a proxy that never answers keeps no removed form alive while the page waits for it', async ({ page }) => {
  const cdp = await openCheckout(page);
  // The proxy's policy and its answer about a card's first digits never come (a gateway holding them, a stalled
  // network): the browser waits as long as the connection stays open.
  const held: { abort(): Promise<void> }[] = [];
  await page.route(/\/cache-card\/(policy|brands)$/, (route) => void held.push(route));
  await mount(page, 3, false);
  await allReady(page);
  await page.locator('cache-card-form').nth(0).locator('input[name=cardNumber]').click();
  await page.keyboard.type('411111111');
  await expect.poll(() => held.length).toBe(2);
  expect(await census(cdp)).toEqual({ forms: 3, frames: 0, ports: 0 });

  await removeAll(page);
  // Before, each form waiting for an answer was kept with all its shadow tree until the answer came.
  expect(await census(cdp)).toEqual({ forms: 0, frames: 0, ports: 0 });
  await Promise.all(held.map((route) => route.abort()));
});
