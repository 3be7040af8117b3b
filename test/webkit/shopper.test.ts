// The shopper's end-to-end flows in WebKit (WebKitGTK's MiniBrowser behind WebKitWebDriver, under Xvfb), over
// classic WebDriver with webdriverio: Playwright has no WebKit it can drive on Debian. The same demo servers as
// the Playwright suite (`npm start`), the same flows: ESM, isolated, script-tag, React and Vue pages.
//
// What WebKitWebDriver needs, learnt the hard way: keys as one key-down/key-up pair each (webdriverio's keys()
// holds all down at once and loses repeated digits); clicks inside a shadow root as pointer actions (an element
// click is "intercepted" by the host); frames entered once and typed in (switching back out moves focus to the
// page's body); a <select> set with WebDriver's select command (a typed space opens GTK's popup).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { remote } from 'webdriverio';
import { keyActions, startWebKit } from '../support/browsers.mjs';

type Browser = WebdriverIO.Browser;
type Element = WebdriverIO.Element;

const root = new URL('../..', import.meta.url).pathname;
const port = Number(process.env.WEBKIT_E2E_PORT) || 5293;
const base = `http://localhost:${port}`;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: ChildProcess;
let webkit: Awaited<ReturnType<typeof startWebKit>>;
let browser: Browser;

/** `npm start`'s servers (vite with the proxy, the frame's proxy on the next port and the simulator), from a build. */
async function startDemo(): Promise<void> {
  server = spawn(process.execPath, [`${root}node_modules/vite/bin/vite.js`], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the demo servers did not come up on ${base}`);
}

before(async () => {
  [webkit] = await Promise.all([startWebKit(), startDemo()]);
  browser = await remote(webkit.options as Parameters<typeof remote>[0]);
  await browser.setTimeout({ implicit: 0, script: 30_000 });
});

after(async () => {
  await browser?.deleteSession().catch(() => undefined);
  await webkit?.stop();
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

const press = (key: string) => browser.performActions([{ type: 'key', id: 'keyboard', actions: keyActions(key) }]);
async function type(text: string): Promise<void> {
  for (const character of text) await press(character);
}

/** A pointer click at the element's centre. */
const click = (element: Element) =>
  browser
    .action('pointer', { parameters: { pointerType: 'mouse' } })
    .move({ origin: element })
    .down()
    .up()
    .perform();

const waitFor = (what: string, condition: () => Promise<boolean> | boolean, timeout = 15_000) =>
  browser.waitUntil(condition, { timeout, interval: 100, timeoutMsg: `waited ${timeout} ms for ${what}` });

/** An input of the element on this document (the page's, or the frame's own element once switched into it). */
const cardInput = async (name: string): Promise<Element> => await browser.$('cache-card-form').shadow$(`[name="${name}"]`).getElement();
const focusedName = () =>
  browser.execute(() => {
    const host = document.querySelector('cache-card-form');
    return (host?.shadowRoot?.activeElement ?? document.activeElement)?.getAttribute('name') ?? document.activeElement?.tagName ?? '';
  });
const status = () =>
  browser.execute(() => document.querySelector('cache-card-form')?.shadowRoot?.querySelector('[role=status]')?.textContent?.trim() ?? '');

/** The whole card from the number field on, with the keyboard, as test/e2e/shopper.ts types it. */
async function typeCard(number = '4111111111111111'): Promise<void> {
  await type(number);
  // A 16-digit Visa may run to 19 digits, so it does not move on by itself.
  if ((await focusedName()) !== 'expiry') await press('Tab');
  await type('1234');
  assert.equal(await focusedName(), 'securityCode', 'moved on to the security code by itself');
  await type('123');
  await typeNameAndAddress();
}

/** From the security code on: the name, then the address the form asks for, with the keyboard. */
async function typeNameAndAddress(): Promise<void> {
  for (const text of ['Ada', 'Lovelace']) {
    await press('Tab');
    await type(text);
  }
  await press('Tab');
  const country = await cardInput('country');
  if (await country.isExisting()) {
    await waitFor('the country list, built after the first paint', async () => (await country.$$('option').length) > 200);
    await country.selectByAttribute('value', 'GB');
    for (const [tabs, text] of [
      [1, '1 Horse Guards Rd'],
      [2, 'London'],
      [2, ''],
    ] as const) {
      for (let i = 0; i < tabs; i++) await press('Tab');
      await type(text);
    }
  }
  await type('SW1A 1AA');
}

async function expectSaved(): Promise<string> {
  await waitFor('the order outcome', () => browser.$('#outcome').isDisplayed());
  const token = await browser.$('#token').getText();
  assert.match(token, /^PYMT[0-9a-f]{32}$/);
  assert.equal(await browser.$('#form-data').getText(), `cardToken=${token}`);
  return token;
}

const PAGES = [
  { name: 'ES modules', path: '/' },
  { name: 'script tag, strict CSP', path: '/script-tag.html' },
  { name: 'React 19', path: '/react.html' },
  { name: 'Vue 3', path: '/vue.html' },
];

describe('WebKit: a shopper pays on each page', () => {
  for (const page of PAGES) {
    it(`${page.name}: keyboard only, formatted as typed, brand shown, paid with Enter, nothing left behind`, async () => {
      await browser.url(`${base}${page.path}`);
      const number = await cardInput('cardNumber');
      await waitFor('the card form', () => number.isExisting());
      await click(number);
      // A card the demo pages do not print in their table of test cards.
      await type('5555');
      const brand = await (await browser.$('cache-card-form')).shadow$('[part~="brand"]');
      assert.equal(await brand.getAttribute('aria-label'), 'Mastercard');
      await type('555555554444');
      assert.equal(await number.getValue(), '5555 5555 5555 4444');
      // A Mastercard cannot take a 17th digit: focus has moved on by itself.
      assert.equal(await focusedName(), 'expiry');
      await type('1234');
      assert.equal(await (await cardInput('expiry')).getValue(), '12 / 34');
      await type('123');
      await typeNameAndAddress();
      await press('Enter');
      await expectSaved();
      assert.equal(await browser.$('#mask').getText(), '555555******4444');
      // The card is nowhere in the page, its storage or its address once tokenized.
      const traces = await browser.execute(() =>
        [
          document.documentElement.outerHTML,
          JSON.stringify({ ...localStorage }),
          JSON.stringify({ ...sessionStorage }),
          location.href,
        ].join('\n'),
      );
      for (const secret of ['5555555555554444', '5555 5555 5555 4444', 'Lovelace'])
        assert.ok(!traces.includes(secret), `the page holds "${secret}"`);
    });
  }

  it('a pasted, formatted number is taken whole', async () => {
    await browser.url(`${base}/`);
    const number = await cardInput('cardNumber');
    await waitFor('the card form', () => number.isExisting());
    await click(number);
    await browser.execute(() => navigator.clipboard.writeText('Card: 4111-1111-1111-1111'));
    await press('Control+V');
    assert.equal(await number.getValue(), '4111 1111 1111 1111');
  });

  it('Pay with nothing typed: every message shows, the first field has focus', async () => {
    await browser.url(`${base}/`);
    await waitFor('the card form', async () => (await cardInput('cardNumber')).isExisting());
    await (await browser.$('button.pay')).click();
    await waitFor(
      'the card number message',
      async () =>
        (await browser.execute(() =>
          document.querySelector('cache-card-form')!.shadowRoot!.getElementById('cardNumber-message')!.textContent!.trim(),
        )) === 'Enter your card number.',
    );
    assert.equal(await focusedName(), 'cardNumber');
  });

  it('a timeout the form itself gives up on is told as a timeout, not as a network failure', async () => {
    // WebKit rejects an aborted fetch with an AbortError, where the others name it a TimeoutError.
    await browser.url(`${base}/`);
    await waitFor('the card form', async () => (await cardInput('cardNumber')).isExisting());
    await browser.execute(() => document.querySelector('cache-card-form')!.setAttribute('timeout', '800'));
    await click(await cardInput('cardNumber'));
    await typeCard('4000000000000259');
    await press('Enter');
    await waitFor('a status', async () => /again/i.test(await status()));
    assert.equal(await status(), 'The payment service took too long to answer. Try again.');
  });

  it('no axe-core violations, empty and with errors showing', async () => {
    await browser.url(`${base}/`);
    await waitFor('the card form', async () => (await cardInput('cardNumber')).isExisting());
    const violations = async () => {
      await browser.execute(axeSource);
      return browser.executeAsync((done: (lines: string[]) => void) => {
        const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        void axe.run({ resultTypes: ['violations'] }).then((r) => done(r.violations.map((v) => `${v.id} (${v.nodes.length})`)));
      });
    };
    assert.deepEqual(await violations(), []);
    await (await browser.$('button.pay')).click();
    assert.deepEqual(await violations(), []);
  });
});

describe('WebKit: the isolated frame', () => {
  // The frame sits in a closed shadow root: WebDriver, like a page script, cannot reach it. A shopper's keyboard
  // can, and the host element's state says what the frame holds (never a value).
  const cardState = async () =>
    (await browser.execute(() => document.querySelector('cache-card-form')?.cardState ?? null)) ?? {
      brand: null,
      complete: false,
      fields: {} as Record<string, { empty: boolean }>,
    };

  /** Loads the isolated page with a postal-code-only form (no <select> to drive blind), once its frame is ready. */
  async function openIsolated(): Promise<void> {
    await browser.url(`${base}/isolated.html`);
    await waitFor('the element', async () => Boolean(await browser.execute(() => customElements.get('cache-card-form'))));
    await browser.execute(() => (document.querySelector('cache-card-form')!.billingAddress = 'postal'));
    await waitFor('the frame to ask for a postal code only', async () => {
      const { fields } = await cardState();
      return 'postalCode' in fields && !('country' in fields);
    });
    await browser.execute(() => (document.querySelector('.note a') as HTMLElement).focus());
    await press('Tab');
  }

  it('the page holds no input, and cannot reach the frame', async () => {
    await browser.url(`${base}/isolated.html`);
    await waitFor('the frame to connect', async () => Object.keys((await cardState()).fields).length > 0);
    const reach = await browser.execute(() => {
      const root = document.querySelector('cache-card-form')!.shadowRoot!;
      return {
        inputs: root.querySelectorAll('input, select').length,
        iframes: root.querySelectorAll('iframe').length,
        frames: window.frames.length,
      };
    });
    assert.deepEqual(reach, { inputs: 0, iframes: 0, frames: 0 });
  });

  it('Tab from the page goes into the frame, where typing reaches the card number', async () => {
    await openIsolated();
    await type('4111');
    await waitFor('the brand', async () => (await cardState()).brand === 'VISA');
    assert.equal((await cardState()).fields.cardNumber?.empty, false);
  });

  it('a card typed in the frame is paid with Enter, and the page sees only the token and the mask', async () => {
    await openIsolated();
    for (const key of ['5555555555554444', '1234', '123', 'Tab', 'Ada', 'Tab', 'Lovelace', 'Tab', 'SW1A 1AA']) {
      if (key === 'Tab') await press(key);
      else await type(key);
    }
    await waitFor('a complete card', async () => (await cardState()).complete);
    await press('Enter');
    await expectSaved();
    assert.equal(await browser.$('#mask').getText(), '555555******4444');
    const page = await browser.execute(() => document.documentElement.outerHTML);
    for (const secret of ['5555555555554444', '5555 5555 5555 4444', 'Lovelace', '12 / 34']) assert.ok(!page.includes(secret), secret);
  });
});
