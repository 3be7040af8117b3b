// A skimmer on the checkout page, in WebKit (WebKitGTK's MiniBrowser over classic WebDriver, as in shopper.test.ts):
// the WebKit half of test/e2e/isolated.spec.ts's "a hostile script on the checkout page sees the token and the mask,
// and nothing of the card". WebDriver has no "add init script", so the demo's servers run here, in this process,
// with one plugin more: it puts the skimmer (./skimmer.ts) first in each page's <head>, before the page's scripts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer, type ViteDevServer } from 'vite';
import { remote } from 'webdriverio';
import { keyActions, startWebKit } from '../support/browsers.mjs';
import { skimmer, type ShadowRootSeen, type Sighting, type Skim } from './skimmer.ts';

type Browser = WebdriverIO.Browser;

const root = new URL('../..', import.meta.url).pathname;
const port = Number(process.env.WEBKIT_SKIMMER_PORT) || 5295;
const base = `http://localhost:${port}`;

let vite: ViteDevServer;
let webkit: Awaited<ReturnType<typeof startWebKit>>;
let browser: Browser;

/** `npm start`'s servers (the page's, the frame's proxy on the next port, the simulator), with the skimmer in each page. */
async function startDemo(): Promise<void> {
  // vite.config.ts takes its port (and the frame proxy's, the next one) from PORT.
  process.env.PORT = String(port);
  vite = await createServer({
    configFile: `${root}vite.config.ts`,
    root: `${root}demo`,
    logLevel: 'warn',
    plugins: [
      {
        name: 'test-skimmer',
        transformIndexHtml: {
          order: 'pre',
          // A classic script, first in <head>: it runs as the parser meets it, before any module script of the page.
          handler: () => [
            { tag: 'script', children: `(() => { const __name = (f) => f; (${skimmer.toString()})(); })();`, injectTo: 'head-prepend' },
          ],
        },
      },
    ],
  });
  await vite.listen();
}

before(async () => {
  [webkit] = await Promise.all([startWebKit(), startDemo()]);
  browser = await remote(webkit.options as Parameters<typeof remote>[0]);
  await browser.setTimeout({ implicit: 0, script: 30_000 });
});

after(async () => {
  await browser?.deleteSession().catch(() => undefined);
  await webkit?.stop();
  await vite?.close();
});

const press = (key: string) => browser.performActions([{ type: 'key', id: 'keyboard', actions: keyActions(key) }]);
async function type(text: string): Promise<void> {
  for (const character of text) await press(character);
}
const waitFor = (what: string, condition: () => Promise<boolean> | boolean, timeout = 15_000) =>
  browser.waitUntil(condition, { timeout, interval: 100, timeoutMsg: `waited ${timeout} ms for ${what}` });

// A card the demo page does not print in its table of test cards, and a code that is not the tests' usual 123.
const CARD = { number: '5555555555554444', expiry: '1234', code: '739', first: 'Grace', last: 'Hopper', postalCode: 'SW1A 1AA' };
/** What of the card may show nowhere on the page, as typed and as the form formats it. */
const SECRETS = [CARD.number, '5555 5555 5555 4444', '12 / 34', '12/34', CARD.first, CARD.last, CARD.postalCode, 'SW1A1AA'];
/** Tokens and masks are digits too: taken out before looking for the security code. */
const withoutTokens = (text: string) => text.replace(/PYMT[0-9a-f]{32}/g, '').replace(/\d{6}\*+\d{4}/g, '');

const skim = () => browser.execute(() => (window as unknown as { __skim: Skim }).__skim.seen);
const readNow = () => browser.execute(() => (window as unknown as { __skim: Skim }).__skim.read());
const roots = () => browser.execute(() => (window as unknown as { __skim: Skim }).__skim.roots());

/** Each channel the skimmer found a secret in, with the secret and the first line it was in. */
function leaks(seen: Sighting[]): string[] {
  const found = new Map<string, string>();
  const note = (what: string, text: string, at: number) => {
    if (!found.has(what)) found.set(what, text.slice(Math.max(0, at - 60), at + 60));
  };
  const code = new RegExp(`\\b${CARD.code}\\b`);
  for (const { channel, text } of seen) {
    for (const secret of SECRETS) if (text.includes(secret)) note(`${channel}: "${secret}"`, text, text.indexOf(secret));
    const digits = withoutTokens(text);
    const match = code.exec(digits);
    if (match) note(`${channel}: the security code`, digits, match.index);
  }
  return [...found].map(([what, excerpt]) => `${what} in …${excerpt}…`);
}

/** The keys of the keydown events and the text of the input events the page heard, each put back together. */
function typed(seen: Sighting[]): { keys: string; data: string } {
  const heard = seen
    .filter(({ channel }) => channel === 'key' || channel === 'input')
    .map(({ text }) => JSON.parse(text) as { at: string; type: string; key?: string; data?: string | null });
  const fromWindow = heard.filter(({ at }) => at === 'window');
  return {
    keys: fromWindow
      .filter(({ type }) => type === 'keydown')
      .map(({ key }) => (key && key.length === 1 ? key : ''))
      .join(''),
    data: fromWindow
      .filter(({ type }) => type === 'input')
      .map(({ data }) => data ?? '')
      .join(''),
  };
}

/** Every iframe the page can reach without the skimmer's help: through the document and the open shadow roots. */
const iframesInOpenRoots = () =>
  browser.execute(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const node of root.querySelectorAll('*')) {
        if (node instanceof HTMLIFrameElement) found.push(node.src);
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    };
    walk(document);
    return { found, frames: window.frames.length };
  });

const cardState = () => browser.execute(() => document.querySelector('cache-card-form')?.cardState ?? null);

/** The page with its form asking for a postal code only (no <select> to drive blind), once the form is there. */
async function open(path: string, ready: () => Promise<boolean>): Promise<void> {
  await browser.url(`${base}${path}`);
  await waitFor('the skimmer', () => browser.execute(() => '__skim' in window));
  await waitFor('the element', async () => Boolean(await browser.execute(() => customElements.get('cache-card-form'))));
  await browser.execute(() => (document.querySelector('cache-card-form')!.billingAddress = 'postal'));
  await waitFor('the form, asking for a postal code only', ready);
}

/** The card from the number field on, with one key action per character, as a shopper types it. */
async function typeCard(): Promise<void> {
  for (const key of [CARD.number, CARD.expiry, CARD.code, 'Tab', CARD.first, 'Tab', CARD.last, 'Tab', CARD.postalCode]) {
    if (key === 'Tab') await press(key);
    else await type(key);
  }
}

describe('WebKit: a skimmer that runs first on the checkout page', () => {
  it('isolated: it sees the token and the mask, and nothing of the card; the frame is in a closed root', async () => {
    await open('/isolated.html', async () => {
      const fields = (await cardState())?.fields ?? {};
      return 'postalCode' in fields && !('country' in fields);
    });
    // Nothing the test looks for is on the page before the card is typed: a find later is the card's.
    await readNow();
    assert.deepEqual(leaks(await skim()), []);

    // From the page's last link, Tab goes into the frame's card number.
    await browser.execute(() => (document.querySelector('.note a') as HTMLElement).focus());
    await press('Tab');
    await typeCard();
    await waitFor('a complete card', async () => (await cardState())?.complete === true);
    // The card is in the frame now, whole: what the page can find while it is typed.
    await readNow();
    assert.deepEqual(leaks(await skim()), [], 'while the card is typed');

    await press('Enter');
    await waitFor('the order outcome', () => browser.$('#outcome').isDisplayed());
    const token = await browser.$('#token').getText();
    assert.match(token, /^PYMT[0-9a-f]{32}$/);
    assert.equal(await browser.$('#mask').getText(), '555555******4444');
    await readNow();
    const seen = await skim();

    // It did see the page's side of things: the token and the mask, over the element's channel and in the page.
    const all = seen.map(({ text }) => text).join('\n');
    assert.ok(all.includes(token), 'the skimmer saw the token');
    assert.ok(all.includes('555555******4444'), 'the skimmer saw the mask');
    assert.ok(
      seen.some(({ channel, text }) => channel === 'message' && text.includes(token)),
      "the skimmer heard the element's channel",
    );
    assert.ok(
      seen.some(({ channel, text }) => channel === 'formdata' && text.includes(`["cardToken","${token}"]`)),
      "the skimmer read the page's form data",
    );
    // And nothing of the card, on any channel: events, keys, messages, console, storage, address, network, markup
    // of every root it reached (the closed ones included), form data, the element's properties.
    assert.deepEqual(leaks(seen), []);
    // Nor one key at a time: the page heard the Tab into the frame and the Enter it passed on, no card key.
    const { keys, data } = typed(seen);
    for (const [what, text] of [
      ['keys', keys],
      ['input', data],
    ] as const)
      for (const secret of [CARD.number, CARD.expiry, CARD.code, CARD.first, CARD.last, 'SW1A'])
        assert.ok(!text.includes(secret), `the page heard ${what} "${secret}": ${text}`);

    // The frame is in a closed shadow root: no open root leads to it, and window.frames does not count it.
    assert.deepEqual(await iframesInOpenRoots(), { found: [], frames: 0 });
    const holding = (await roots()).filter((seenRoot: ShadowRootSeen) => seenRoot.iframes.length > 0);
    assert.deepEqual(
      holding.map(({ host, mode, reachable, iframes }) => ({ host, mode, reachable, iframes: iframes.length })),
      [{ host: 'div.frame-box', mode: 'closed', reachable: false, iframes: 1 }],
    );
    assert.equal(new URL(holding[0]!.iframes[0]!).origin, `http://localhost:${port + 1}`);

    // In the frame too, once the token is out (reached through the closed root the skimmer caught): every input is
    // empty, and its storage, cookies and address hold nothing of the card.
    const frame = await browser.execute(() => (window as unknown as { __skim: Skim }).__skim.frame());
    await browser.switchFrame(frame as unknown as WebdriverIO.Element);
    try {
      const inFrame = await browser.execute(() => ({
        values: [...(document.querySelector('cache-card-form')?.shadowRoot?.querySelectorAll('input') ?? [])].map((input) => input.value),
        kept: [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie, location.href].join('\n'),
      }));
      assert.ok(inFrame.values.length >= 5, `${inFrame.values.length} inputs in the frame`);
      assert.deepEqual(new Set(inFrame.values), new Set(['']));
      assert.deepEqual(leaks([{ channel: 'frame', text: inFrame.kept }]), []);
    } finally {
      await browser.switchFrame(null);
    }
  });

  it('the control, inline: the same skimmer reads the card, from the open root and from the keys (why isolated exists)', async () => {
    await open('/', async () =>
      Boolean(
        await browser.execute(() => {
          const form = document.querySelector('cache-card-form')!.shadowRoot;
          return form?.querySelector('[name="postalCode"]') && !form.querySelector('[name="country"]');
        }),
      ),
    );
    await browser.execute(() =>
      document.querySelector('cache-card-form')!.shadowRoot!.querySelector<HTMLInputElement>('[name="cardNumber"]')!.focus(),
    );
    await typeCard();
    await waitFor('a complete card', async () => (await cardState())?.complete === true);
    await readNow();
    const seen = await skim();
    const found = leaks(seen).map((line) => line.slice(0, line.indexOf(' in ')));
    for (const expected of ['dom: "5555 5555 5555 4444"', 'dom: "Hopper"', 'dom: the security code', 'key: "Hopper"'])
      assert.ok(found.includes(expected), `the skimmer found ${expected} (found: ${found.join(', ')})`);
    const { keys, data } = typed(seen);
    assert.ok(keys.includes(`${CARD.number}${CARD.expiry}${CARD.code}`), keys);
    assert.ok(data.includes(CARD.last), data);
    assert.deepEqual(
      (await roots()).filter(({ host }) => host.startsWith('cache-card-form')).map(({ mode, reachable }) => ({ mode, reachable })),
      [{ mode: 'open', reachable: true }],
    );
  });
});
