// The shopper's end-to-end flows in WebKit (WebKitGTK's MiniBrowser behind WebKitWebDriver, under Xvfb), over
// classic WebDriver with webdriverio: Playwright has no WebKit it can drive on Debian. The same demo servers as
// the Playwright suite (`npm start`), the same flows: ESM, isolated, script-tag, React and Vue pages; and, behind a
// CDN that drops the frame page's Content-Security-Policy, the frame's own check of its ancestors.
//
// What WebKitWebDriver needs, learnt the hard way: keys as one key-down/key-up pair each (webdriverio's keys()
// holds all down at once and loses repeated digits); clicks inside a shadow root as pointer actions (an element
// click is "intercepted" by the host); frames entered once and typed in (switching back out moves focus to the
// page's body); a <select> set with WebDriver's select command (a typed space opens GTK's popup).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { remote } from 'webdriverio';
import { FORM_PROPERTIES, FRAME_PROPERTIES } from '../../src/card/form-properties.ts';
import { PROTOCOL, type FrameConfig, type FrameMessage, type HostMessage } from '../../src/card/frame-protocol.ts';
import { keyActions, startWebKit } from '../support/browsers.mjs';
import { EVERY_SINK_REFUSED, tryDomSinks } from '../support/dom-sinks.ts';

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

describe('WebKit: under Trusted Types', () => {
  it('the script-tag page, which requires them, loads a locale pack through the policy it allows', async () => {
    await browser.url(`${base}/script-tag.html`);
    const label = async () =>
      (await browser.execute(
        () => document.querySelector('cache-card-form')?.shadowRoot?.querySelector('label[for=cardNumber]')?.textContent?.trim() ?? '',
      )) as string;
    await waitFor('the card form', async () => (await label()) === 'Card number');
    await (await browser.$('#locale')).selectByAttribute('value', 'zh-CN');
    await waitFor('the Chinese pack', async () => (await label()) === '卡号');
  });

  it('the frame page gives no string to a DOM sink, and lets no script make a policy of its own', async () => {
    // Opened on its own: the same page and headers as in the frame (frame-ancestors aside), within WebDriver's reach.
    await browser.url(`http://localhost:${port + 1}/cache-card/frame`);
    await waitFor("the frame's script to run", () => browser.execute(() => 'cacheCardFrame' in globalThis));
    const attempts = await browser.execute(tryDomSinks);
    assert.deepEqual(attempts, EVERY_SINK_REFUSED);
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

describe("WebKit: with the proxy's frame-ancestors lost on the way, the frame's own check of its ancestors", () => {
  // A CDN in front of the frame's proxy that drops the Content-Security-Policy, and frame-ancestors with it: WebKit
  // then lets any page frame the frame page, and what stands between a page the proxy does not allow and the card
  // form is the frame's script, which checks location.ancestorOrigins. The CDN has an origin of its own, as a CDN
  // has; the frame page it passes on is the proxy's, naming the one origin the demo's proxy allows (`base`).
  let cdn: Server | undefined;
  let cdnOrigin = '';

  before(async () => {
    const proxy = `localhost:${port + 1}`;
    cdn = createServer((req, res) => {
      const upstream = request(`http://${proxy}${req.url}`, { method: req.method, headers: { ...req.headers, host: proxy } }, (answer) => {
        const headers = { ...answer.headers };
        delete headers['content-security-policy'];
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => cdn!.listen(0, 'localhost', resolve));
    cdnOrigin = `http://localhost:${(cdn.address() as AddressInfo).port}`;
  });

  after(() => {
    cdn?.closeAllConnections();
    cdn?.close();
  });

  interface TestHost {
    /** Every message posted to the page's window, in order. */
    heard: unknown[];
    /** Every message from the frame over the channel the page offers it. */
    overPort: unknown[];
    loaded: boolean;
  }
  type FrameStatus = { cacheCardFrame?: { connected: boolean; ignoredMessages: number } };
  const MARK = 'test: the frame has had two animation frames';
  /** The connect message, as the element builds it (src/element/isolated-mode.ts), from each property's default. */
  const CONNECT = {
    type: 'connect',
    protocol: PROTOCOL,
    config: {
      ...(Object.fromEntries(FRAME_PROPERTIES.map((name) => [name, FORM_PROPERTIES[name].default])) as Omit<
        FrameConfig,
        'theme' | 'explicit'
      >),
      locale: 'en',
      theme: {},
      explicit: [],
    },
  } satisfies HostMessage;
  const typesOf = (messages: unknown[]) => messages.map((message) => (message as { type?: unknown }).type);

  /**
   * Opens the checkout page without a script (`/late.html`) on `origin` and plays the host there: it frames the
   * frame page through the CDN (a bare iframe: the element's own frame is in a closed shadow root, out of WebDriver's
   * reach), hears what the frame posts on its own, then offers it a channel as the element does. `typeInFrame` is
   * typed into the frame's card number once it has answered.
   */
  async function frameOn(origin: string, typeInFrame?: string) {
    await browser.url(`${origin}/late.html`);
    await browser.execute((src) => {
      const host = window as unknown as TestHost;
      Object.assign(host, { heard: [], overPort: [], loaded: false });
      addEventListener('message', (event) => host.heard.push(event.data));
      const iframe = document.createElement('iframe');
      iframe.id = 'card-frame';
      iframe.title = 'Card';
      iframe.src = src;
      // In view, so that it gets its animation frames (WebKit throttles those of a frame out of view).
      iframe.style.cssText = 'display: block; width: 640px; height: 640px; border: 0';
      iframe.addEventListener('load', () => (host.loaded = true), { once: true });
      document.body.prepend(iframe);
    }, `${cdnOrigin}/cache-card/frame`);
    await waitFor('the frame to load', () => browser.execute(() => (window as unknown as TestHost).loaded));

    await browser.switchFrame(await browser.$('#card-frame'));
    await waitFor("the frame's script to run", () => browser.execute(() => 'cacheCardFrame' in globalThis));
    const shown = await browser.execute(() => ({
      // null where the browser names no ancestors: then the frame's script has nothing to check.
      ancestorOrigins: 'ancestorOrigins' in location ? [...location.ancestorOrigins] : null,
      forms: document.querySelectorAll('cache-card-form').length,
      inputs: [document, ...[...document.querySelectorAll('cache-card-form')].map((form) => form.shadowRoot)].reduce(
        (sum, root) => sum + (root?.querySelectorAll('input').length ?? 0),
        0,
      ),
    }));
    // A frame that renders mounts its form as its script runs, and its ResizeObserver reports at the next rendering,
    // which comes before the second animation frame after load: by then it has posted its height (a window's
    // messages from one source arrive in order). The mark follows whatever the frame posted on its own.
    await browser.executeAsync(
      (mark: string, done: () => void) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            parent.postMessage(mark, '*');
            done();
          }),
        ),
      MARK,
    );
    await browser.switchFrame(null);
    await waitFor('the mark', async () => (await browser.execute(() => (window as unknown as TestHost).heard)).includes(MARK));
    const heard = await browser.execute(() => (window as unknown as TestHost).heard);
    const beforeConnect = heard.slice(0, heard.indexOf(MARK));

    // The page asks to connect, to the frame's exact origin, with a port, as the element does.
    await browser.execute(
      (message, frameOrigin) => {
        const host = window as unknown as TestHost;
        const channel = new MessageChannel();
        channel.port1.onmessage = (event) => host.overPort.push(event.data);
        document.querySelector<HTMLIFrameElement>('#card-frame')!.contentWindow!.postMessage(message, frameOrigin, [channel.port2]);
      },
      CONNECT,
      cdnOrigin,
    );
    await browser.switchFrame(await browser.$('#card-frame'));
    const answered = () =>
      browser.execute(() => {
        const { connected, ignoredMessages } = (globalThis as FrameStatus).cacheCardFrame!;
        return { connected, ignoredMessages };
      });
    await waitFor('the frame to take or refuse the connect message', async () => {
      const { connected, ignoredMessages } = await answered();
      return connected || ignoredMessages > 0;
    });
    const status = await answered();
    if (typeInFrame) {
      await click(await cardInput('cardNumber'));
      await type(typeInFrame);
    }
    await browser.switchFrame(null);
    return { ...shown, beforeConnect, ...status };
  }

  it('a page on an origin not allowed: the frame renders no input and tells the page nothing, not even its height', async () => {
    // The CDN did drop the header the proxy sends.
    const [direct, viaCdn] = await Promise.all([
      fetch(`http://localhost:${port + 1}/cache-card/frame`),
      fetch(`${cdnOrigin}/cache-card/frame`),
    ]);
    assert.match(direct.headers.get('content-security-policy') ?? '', new RegExp(`frame-ancestors ${base}$`));
    assert.equal(viaCdn.headers.get('content-security-policy'), null);
    assert.equal(viaCdn.status, 200);
    await Promise.all([direct.text(), viaCdn.text()]);

    const other = base.replace('localhost', '127.0.0.1');
    const seen = await frameOn(other);
    // WebKit framed the page (its script ran) and named the page around it; the frame, framed by an origin the
    // proxy does not allow, mounted no form, posted nothing to the page, and took no channel, so no state either.
    assert.deepEqual(seen, { ancestorOrigins: [other], forms: 0, inputs: 0, beforeConnect: [], connected: false, ignoredMessages: 1 });
    assert.deepEqual(await browser.execute(() => (window as unknown as TestHost).overPort), []);
  });

  it('the control: an allowed page gets the same frame, through the same CDN, working', async () => {
    const seen = await frameOn(base, '4111');
    assert.deepEqual(seen.ancestorOrigins, [base]);
    assert.equal(seen.forms, 1);
    assert.ok(seen.inputs >= 5, `${seen.inputs} inputs`);
    // Before the page connected: its height, and only that.
    assert.ok(seen.beforeConnect.length > 0, 'the frame told its height before the page connected');
    assert.deepEqual(new Set(typesOf(seen.beforeConnect)), new Set(['height']));
    assert.deepEqual({ connected: seen.connected, ignoredMessages: seen.ignoredMessages }, { connected: true, ignoredMessages: 0 });
    // Connected: ready, then the card's state as the shopper types, over the channel.
    const overPort = () => browser.execute(() => (window as unknown as TestHost).overPort as FrameMessage[]);
    await waitFor('the state of a Visa card over the channel', async () =>
      (await overPort()).some((message) => message.type === 'state' && message.state.brand === 'VISA'),
    );
    assert.equal((await overPort())[0]?.type, 'ready');
  });
});
