// One shopper at one framework app's checkout, in a real browser: the server's HTML, hydration, the card typed
// with the keyboard (in the element's open shadow root, or in the isolated frame), the framework's own state
// after `tokenized`, and the token in the form the page submits.
import assert from 'node:assert/strict';
import { firefox, chromium, type Browser, type Frame, type Page } from 'playwright';
import { chromiumLaunchOptions, findFirefox, firefoxLaunchOptions, wantedEngines } from '../support/browsers.mjs';

export const CARD = { number: '4111111111111111', expiry: '1234', code: '123', first: 'Ada', last: 'Lovelace', postal: 'SW1A 1AA' };

export type Engine = 'chromium' | 'firefox';

/** The engines to drive: those of ENGINES that Playwright can (Chromium, and Firefox where one is installed). */
export function engines(): Engine[] {
  return wantedEngines().filter((e): e is Engine => e === 'chromium' || (e === 'firefox' && findFirefox() !== null));
}

export function launch(engine: Engine): Promise<Browser> {
  if (engine === 'chromium') return chromium.launch(chromiumLaunchOptions());
  // Over WebDriver BiDi, keys never reach a frame of another site that Fission runs in its own process (the
  // isolated card frame here is on another site): with frames in the page's process they arrive, as a shopper's do.
  return firefox.launch(firefoxLaunchOptions({ 'fission.autostart': false }));
}

/**
 * What each framework prints when hydration goes wrong, in production builds (React's comes as a page error,
 * "Minified React error #418"; Vue's, Svelte's and Angular's as console messages). Angular's production build says
 * nothing at all: the test of the element's identity below is what catches a page rendered again.
 */
const MISMATCH = [/Minified React error #4\d\d|Hydration failed|didn't match/i, /Hydration .*mismatch/i, /NG05\d\d/, /hydration_mismatch/];

export interface Visit {
  /** Page errors, and console errors and warnings: there should be none. */
  problems: string[];
  /** The tokenized event's detail, heard on the document, and what the framework's state shows of it. */
  detail: { cardToken: string; mask: string };
  saved: string;
  submitted: string;
  /** The token in the framework's own form model, where the app shows one (Angular's reactive form). */
  formValue: string | null;
}

/** The card fields: in the element's open shadow root, or in the frame the isolated mode loads from its proxy. */
async function fieldsOf(page: Page, isolated: boolean): Promise<Page | Frame> {
  if (!isolated) return page;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = page.frames().find((f) => /\/cache-card\/frame([?#]|$)/.test(f.url()));
    if (frame && (await frame.locator('input[name=cardNumber]').count())) return frame;
    if (Date.now() > deadline) throw new Error(`no card frame in ${page.url()}: ${page.frames().map((f) => f.url())}`);
    await page.waitForTimeout(100);
  }
}

/** The name of the card field that has the focus, wherever the fields are. */
const focusedField = (fields: Page | Frame) =>
  fields.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.getAttribute('name') ?? null;
  });

/** Types the card as a shopper does: number, then Tab only where the form does not move on by itself. */
async function typeCard(page: Page, fields: Page | Frame): Promise<void> {
  await fields.locator('input[name=cardNumber]').click();
  await page.keyboard.type(CARD.number);
  // A 16-digit Visa might still take 19 digits, so the form stays in the number field.
  await page.keyboard.press('Tab');
  await page.keyboard.type(CARD.expiry);
  // Polled up to a bound that only a stuck page meets: a busy machine is slower, never red.
  for (const deadline = Date.now() + 15_000; (await focusedField(fields)) !== 'securityCode';) {
    assert.ok(Date.now() < deadline, `a full expiry moves on to the security code (focus: ${await focusedField(fields)})`);
    await page.waitForTimeout(50);
  }
  await page.keyboard.type(CARD.code);
  for (const value of [CARD.first, CARD.last, CARD.postal]) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
}

export async function checkout(browser: Browser, url: string, isolated: boolean): Promise<Visit> {
  const html = await (await fetch(url)).text();
  const tag = /<cache-card-form\b[^>]*>/.exec(html)?.[0];
  assert.ok(tag, `the server's HTML for ${url} holds <cache-card-form>`);
  assert.match(tag, /name="cardToken"/, `the server wrote its attributes: ${tag}`);
  if (isolated) assert.match(tag, /\sisolated(=|\s|>|\/)/, `the server wrote isolated: ${tag}`);

  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const frames: string[] = [];
  context.on('request', (request) => {
    if (/\/cache-card\/frame/.test(request.url())) frames.push(request.url());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || message.type() === 'warning' || MISMATCH.some((re) => re.test(text))) {
      problems.push(`console ${message.type()}: ${text}`);
    }
  });
  // The element the HTML parser made: after hydration it must still be the one in the page (a framework that
  // finds a mismatch renders the page again, with a new element), and the tokenized event as the page hears it.
  await page.addInitScript(() => {
    const seen = window as unknown as { parsedCard?: Element; heard?: unknown };
    new MutationObserver((_records, observer) => {
      const card = document.querySelector('cache-card-form');
      if (card) {
        seen.parsedCard = card;
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    document.addEventListener('tokenized', (event) => (seen.heard = (event as CustomEvent).detail));
  });
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    const fields = await fieldsOf(page, isolated);
    await typeCard(page, fields);
    await page.getByRole('button', { name: /^Pay/ }).click();
    const submitted = page.getByTestId('submitted');
    await submitted.filter({ hasText: /\S/ }).waitFor({ timeout: 15_000 });
    const kept = await page.evaluate(() => {
      const seen = window as unknown as { parsedCard?: Element };
      return seen.parsedCard !== undefined && seen.parsedCard === document.querySelector('cache-card-form') && seen.parsedCard.isConnected;
    });
    assert.ok(kept, 'the element the server sent is the one in the page after hydration');
    // An inline form that loads a frame, even for a moment, was rendered isolated first (a server that wrote a
    // boolean attribute for false, say).
    if (!isolated) assert.deepEqual(frames, [], 'the inline checkout loads no card frame');
    return {
      problems,
      detail: (await page.evaluate(() => (window as unknown as { heard?: unknown }).heard)) as Visit['detail'],
      saved: (await page.getByTestId('saved').textContent())!.trim(),
      submitted: (await submitted.textContent())!.trim(),
      formValue: (await page.getByTestId('form-value').count()) ? (await page.getByTestId('form-value').textContent())!.trim() : null,
    };
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}\n${problems.join('\n')}`, { cause: error });
  } finally {
    await context.close();
  }
}
