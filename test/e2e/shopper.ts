// What a shopper does, for the end-to-end tests: find the card fields (in the page or in the frame) and type.
import { expect, type Frame, type FrameLocator, type Locator, type Page } from '@playwright/test';

export const CARD = {
  number: '4111111111111111',
  expiry: '1234',
  code: '123',
  first: 'Ada',
  last: 'Lovelace',
  line1: '1 Horse Guards Rd',
  city: 'London',
  postal: 'SW1A 1AA',
};

/** The card fields of an inline form: in the element's shadow root. */
export function cardFields(page: Page): Locator {
  return page.locator('cache-card-form');
}

const isCardFrame = (frame: Frame) => frame.url().startsWith('http') && new URL(frame.url()).pathname.endsWith('/cache-card/frame');

/**
 * The isolated form's card frame, once it has loaded. Page scripts cannot reach it (it sits in a closed shadow
 * root); the test's driver can, as the browser's own frame.
 */
export async function cardFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some(isCardFrame), { message: 'the card frame loads' }).toBe(true);
  const frame = page.frames().find(isCardFrame)!;
  // Until the frame has grown to its form's height, what lies below it (the Pay button) is still moving.
  await expect
    .poll(() => frame.evaluate(() => innerHeight > 100 && innerHeight >= document.documentElement.scrollHeight - 1), {
      message: 'the card frame fits its form',
    })
    .toBe(true);
  return frame;
}

/**
 * Types the whole card with the keyboard, as a shopper does, from the card number field on. `afterNumber` runs
 * once the number is typed (to choose a network, say) and leaves the focus before the expiry field.
 */
export async function typeCard(
  page: Page,
  fields: Frame | FrameLocator | Locator,
  card = CARD,
  afterNumber?: () => Promise<void>,
): Promise<void> {
  await fields.locator('input[name=cardNumber]').click();
  await page.keyboard.type(card.number);
  await afterNumber?.();
  // A number that cannot take another digit moves on by itself; one that might (a 16-digit Visa) does not.
  const expiry = fields.locator('input[name=expiry]');
  if (
    !(await expiry.evaluate((input) =>
      input.getRootNode() instanceof ShadowRoot
        ? (input.getRootNode() as ShadowRoot).activeElement === input
        : document.activeElement === input,
    ))
  ) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type(card.expiry);
  await expect(fields.locator('input[name=securityCode]')).toBeFocused(); // moved on by itself
  await page.keyboard.type(card.code);
  await page.keyboard.press('Tab');
  await page.keyboard.type(card.first);
  await page.keyboard.press('Tab');
  await page.keyboard.type(card.last);
  await page.keyboard.press('Tab');
  const country = fields.locator('select[name=country]');
  if (await country.count()) {
    await country.selectOption('GB');
    await page.keyboard.press('Tab');
    await page.keyboard.type(card.line1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // address line 2 is optional
    await page.keyboard.type(card.city);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // state is optional
  }
  await page.keyboard.type(card.postal);
}

/**
 * An init script that keeps every body the page sends with fetch, XMLHttpRequest or sendBeacon in
 * `window.__sent`: request bodies for engines whose driver does not report them (Firefox over BiDi).
 */
export function recordRequestBodies() {
  const sent: { url: string; body: string }[] = [];
  (window as unknown as { __sent: typeof sent }).__sent = sent;
  const text = (body: unknown) => (typeof body === 'string' ? body : body == null ? '' : String(body));
  const realFetch = window.fetch;
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    sent.push({ url: input instanceof Request ? input.url : String(input), body: text(init?.body) });
    return realFetch.call(this, input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (
    this: XMLHttpRequest & { __url?: string },
    method: string,
    url: string | URL,
    ...rest: unknown[]
  ) {
    this.__url = String(url);
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest & { __url?: string }, body?: Document | XMLHttpRequestBodyInit | null) {
    sent.push({ url: this.__url ?? '', body: text(body) });
    return send.call(this, body);
  };
  const beacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
    sent.push({ url: String(url), body: text(data) });
    return beacon(url, data);
  };
}

/**
 * Clicks the checkout's Pay button. Scrolled into view by the page first: Playwright's own scrolling does not move
 * a page whose card frame sits in a closed shadow root, and its click would land on the frame.
 */
export async function clickPay(page: Page): Promise<void> {
  const pay = page.getByRole('button', { name: 'Pay $42.00' });
  // After typing into the card frame, the browser may still scroll the page to keep the frame's caret in view, and a
  // frame whose content just shrank is resized a moment later: either moves the button away from under the click,
  // which then lands in the frame. Wait until the button is what a click at its centre reaches, two frames running.
  await expect
    .poll(
      () =>
        pay.evaluate(async (button) => {
          button.scrollIntoView({ block: 'center' });
          const onTop = () => {
            const box = button.getBoundingClientRect();
            return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === button;
          };
          const first = onTop();
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          return first && onTop();
        }),
      { message: 'the Pay button is where a click lands' },
    )
    .toBe(true);
  await pay.click();
}

/** Tokenizes from the page and says how it ended: 'ok', or the failure's code. */
export const tokenizeOutcome = (page: Page) =>
  page.evaluate(() =>
    document
      .querySelector('cache-card-form')!
      .tokenize()
      .then(
        () => 'ok',
        (error: { code: string }) => error.code,
      ),
  );

/** The code of the next `tokenize-error` the page's form fires. */
export const nextTokenizeError = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document
          .querySelector('cache-card-form')!
          .addEventListener('tokenize-error', (event) => resolve((event as CustomEvent<{ code: string }>).detail.code), { once: true }),
      ),
  );

/** Lays a box of the page's over its form, styled by `style` (opacity, background, pointer events). */
export const coverForm = (page: Page, style: Record<string, string>) =>
  page.evaluate((style) => {
    const box = document.querySelector('cache-card-form')!.getBoundingClientRect();
    const cover = document.createElement('div');
    cover.id = 'cover';
    Object.assign(cover.style, {
      position: 'fixed',
      left: `${box.left}px`,
      top: `${box.top}px`,
      width: `${box.width}px`,
      height: `${box.height}px`,
      ...style,
    });
    document.body.append(cover);
  }, style);
