// What isolated mode holds against, on two real origins: a proxy mounted on the page's own origin, a page script
// that lays something over the frame or transforms it, one that points the frame elsewhere, and one that
// looks for the frame at all. (The proxy's side of these is in test/server/attacker.test.ts.)
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page, type Route } from '@playwright/test';
import { hostileScript, nextSkim } from './hostile.ts';
import { CARD, cardFrame, coverForm, tokenizeOutcome, typeCard } from './shopper.ts';

const skimmedText = (page: Page) => page.evaluate(() => (window as unknown as { __skimmed: string[] }).__skimmed.join('\n'));

/** IntersectionObserver v2 (`isVisible`), which the frame needs to tell it is covered: Chromium has it. */
async function skipWithoutVisibilityTracking(page: Page, browserName: string) {
  const frame = await cardFrame(page);
  const tracks = await frame.evaluate(() => 'isVisible' in IntersectionObserverEntry.prototype);
  test.skip(!tracks, `${browserName} has no IntersectionObserver v2, so the frame cannot tell it is covered: it tokenizes as before`);
}

/** A look-alike's server on another origin (127.0.0.1, another port): each request gets an HTML page from `send`. */
async function lookalikeServer(send: (response: ServerResponse) => void) {
  const server = createServer((_, response) => send(response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

test("a proxy on the page's own origin is refused: no frame, a clear error, one console line", async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto('/isolated.html');
  const outcome = await page.evaluate(async () => {
    const card = document.createElement('cache-card-form');
    card.id = 'same-origin';
    card.isolated = true;
    card.endpoint = '/cache-card';
    const events: string[] = [];
    card.addEventListener('tokenize-error', (e) => events.push(e.detail.code));
    document.body.append(card);
    await card.updateComplete;
    const code = await card.tokenize().then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    // What a script that listens too late reads instead of the event.
    return { events, code, unavailable: card.matches(':state(unavailable)') };
  });
  expect(outcome).toEqual({ events: ['frame_unavailable'], code: 'frame_unavailable', unavailable: true });
  await expect(page.locator('#same-origin').locator('[part=frame-error]')).toBeVisible();
  expect(page.frames().filter((f) => f.url() === new URL('/cache-card/frame', page.url()).href)).toEqual([]);
  // Console messages reach the test on their own channel (WebDriver BiDi in Firefox), maybe after the DOM did.
  await expect.poll(() => errors.filter((line) => /own origin/.test(line))).toHaveLength(1);
});

test('the frame sits in a closed shadow root: a page script finds no frame to read or redirect', async ({ page }) => {
  await page.goto('/isolated.html');
  await cardFrame(page);
  const reach = await page.evaluate(() => {
    const root = document.querySelector('cache-card-form')!.shadowRoot!;
    return {
      iframes: root.querySelectorAll('iframe').length,
      innerRoot: root.querySelector('.frame-box')!.shadowRoot,
      frames: window.frames.length,
    };
  });
  expect(reach).toEqual({ iframes: 0, innerRoot: null, frames: 0 });
});

test('a frame pointed elsewhere is no longer trusted: no tokenization', async ({ page, baseURL }) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  // A script with more power than a page's (an extension, a debugger) swaps the frame for a look-alike.
  await (await frame.frameElement()).evaluate((iframe, lookalike) => ((iframe as HTMLIFrameElement).src = lookalike), `${baseURL}/`);
  expect(await tokenizeOutcome(page)).toBe('frame_unavailable');
  await expect(page.locator('#outcome')).toBeHidden();
});

test('a frame navigated through its window, its address left alone, is not trusted until it connects again', async ({ page, baseURL }) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  // A page script can do this through the frame's window: Chromium hands it over as the source of the height
  // message the frame posts to its parent before the two connect.
  await frame.evaluate((lookalike) => void (location.href = lookalike), `${baseURL}/?lookalike`);
  await expect.poll(() => page.frames().some((f) => f.url().endsWith('?lookalike'))).toBe(true);
  await page
    .frames()
    .find((f) => f.url().endsWith('?lookalike'))!
    .waitForLoadState('load');
  // The element still loads the frame from the proxy's address; the look-alike in it never connects.
  expect(await tokenizeOutcome(page)).toBe('frame_unavailable');
  await expect(page.locator('#outcome')).toBeHidden();
});

test('a look-alike that speaks the protocol, loaded into the frame, never gets the channel: no token from it', async ({ page }) => {
  // It takes any port it is handed, says it is ready, and answers a tokenization with a token of its own.
  const lookalikePage = `<!doctype html><meta charset="utf-8"><input name="cardNumber" autocomplete="cc-number">
<script>
  window.heard = [];
  addEventListener('message', (event) => {
    heard.push(typeof event.data === 'string' ? event.data : event.data?.type);
    const port = event.ports[0];
    if (!port) return;
    port.onmessage = ({ data }) =>
      data.type === 'tokenize' &&
      port.postMessage({ type: 'tokenized', id: data.id, result: { cardToken: 'PYMT' + '0'.repeat(32), mask: '411111******1111' } });
    port.postMessage({ type: 'ready' });
  });
  parent.postMessage({ type: 'height', px: 300 }, '*');
</script>`;
  const { origin, close } = await lookalikeServer((response) => response.end(lookalikePage));
  try {
    await page.goto('/isolated.html');
    const frame = await cardFrame(page);
    await typeCard(page, frame);
    await page.evaluate(() => {
      const events: string[] = ((window as unknown as { __events: string[] }).__events = []);
      document.querySelector('cache-card-form')!.addEventListener('tokenized', (event) => events.push(JSON.stringify(event.detail)));
    });
    await frame.evaluate((url) => void (location.href = url), `${origin}/`);
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(origin))).toBe(true);
    const inFrame = page.frames().find((f) => f.url().startsWith(origin))!;
    await inFrame.waitForLoadState('load');
    // The element has seen the frame load anew (it is no longer ready) and offered its channel to the proxy's
    // origin. A message the page posts now reaches the look-alike after that offer would have.
    await expect.poll(() => page.evaluate(() => document.querySelector('cache-card-form')!.matches(':state(ready)'))).toBe(false);
    await (await inFrame.frameElement()).evaluate((iframe) => (iframe as HTMLIFrameElement).contentWindow!.postMessage('after', '*'));
    await expect.poll(() => inFrame.evaluate(() => (window as unknown as { heard: string[] }).heard)).toContain('after');
    expect(await inFrame.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual(['after']);
    expect(await tokenizeOutcome(page)).toBe('frame_unavailable');
    expect(await page.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual([]);
    expect(await page.evaluate(() => new FormData(document.querySelector('form')!).get('cardToken'))).toBeNull();
    await expect(page.locator('#outcome')).toBeHidden();
  } finally {
    close();
  }
});

test('a frame navigated to a look-alike that loads is shown as unavailable within frame-timeout, nothing asked of it', async ({
  page,
  baseURL,
}) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await page.evaluate(() => {
    const codes: string[] = [];
    (window as unknown as { codes: string[] }).codes = codes;
    document.querySelector('cache-card-form')!.addEventListener('tokenize-error', (event) => codes.push(event.detail.code));
  });
  await expect(page.locator('cache-card-form').locator('[part=frame-error]')).toBeHidden();
  await frame.evaluate((lookalike) => void (location.href = lookalike), `${baseURL}/?lookalike`);
  // The demo page's frame-timeout is 5 s: the look-alike never connects, and the shopper is told below it.
  await expect(page.locator('cache-card-form').locator('[part=frame-error]')).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { codes: string[] }).codes)).toEqual(['frame_unavailable']);
});

test('a frame navigated to a look-alike that never finishes loading: a tokenization fails in time, and says so', async ({ page }) => {
  // The look-alike's server sends the start of a page and never the rest: the page shows, its load event never
  // comes, so the element never hears of it, and the old frame, whose channel still looks connected, is gone.
  // (Past the bytes a browser may wait for before it shows a page.)
  const start = `<!doctype html><meta charset="utf-8"><p>Card</p><!--${' '.repeat(4096)}-->`;
  const { origin, close } = await lookalikeServer((response) => response.write(start));
  try {
    await page.goto('/isolated.html');
    const frame = await cardFrame(page);
    await typeCard(page, frame);
    await frame.evaluate((url) => void (location.href = url), `${origin}/`);
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(origin))).toBe(true);
    // Its deadline is the form's own (`timeout`, shortened here), then the frame's load time (`frame-timeout`).
    const outcome = await page.evaluate(async () => {
      const card = document.querySelector('cache-card-form')!;
      card.timeout = 1000;
      const events: string[] = [];
      card.addEventListener('tokenize-error', (event) => events.push(event.detail.code));
      const code = await card.tokenize().then(
        () => 'ok',
        (error: { code: string }) => error.code,
      );
      return { code, events, busy: card.matches(':state(busy)') };
    });
    expect(outcome).toEqual({ code: 'frame_unavailable', events: ['frame_unavailable'], busy: false });
    await expect(page.locator('cache-card-form').locator('[part=frame-error]')).toBeVisible();
    // The frame is now taken as gone: the next tokenization fails at once, though its deadline is now the longest a
    // timer takes (24 days).
    const next = await page.evaluate(() => {
      const card = document.querySelector('cache-card-form')!;
      card.timeout = 2 ** 31 - 1 - card.frameTimeout;
      return card.tokenize().then(
        () => 'ok',
        (error: { code: string }) => error.code,
      );
    });
    expect(next).toBe('frame_unavailable');
  } finally {
    close();
  }
});

test('a token the frame sends after the element took it as gone is dropped: no event, no form value', async ({ page }) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  // A frame only that slow: its own deadline on the proxy (the form's `timeout`) never fires, as when its thread
  // stalls, and it notes each message it sends the element.
  const timeout = 1234;
  await frame.evaluate((timeout) => {
    const sent: string[] = ((window as unknown as { __sent: string[] }).__sent = []);
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (this: MessagePort, message: { type?: string }, transfer?: StructuredSerializeOptions) {
      sent.push(String(message?.type));
      return post.call(this, message, transfer);
    } as typeof post;
    const later = window.setTimeout;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) =>
      ms === timeout ? 0 : later(handler, ms, ...rest)) as typeof window.setTimeout;
  }, timeout);
  const held: Route[] = [];
  await page.route('**/cache-card', (route) => void held.push(route));
  const code = await page.evaluate(async (timeout) => {
    const card = document.querySelector('cache-card-form')!;
    card.timeout = timeout;
    await card.updateComplete; // the frame has the new timeout before it is asked to tokenize
    const events: string[] = ((window as unknown as { __events: string[] }).__events = []);
    card.addEventListener('tokenized', (event) => events.push(JSON.stringify(event.detail)));
    return card.tokenize().then(
      () => 'ok',
      (error: { code: string }) => error.code,
    );
  }, timeout);
  expect(code).toBe('frame_unavailable');
  // Now the proxy answers, with a real token from the simulator, and the frame sends it on.
  expect(held).toHaveLength(1);
  await held[0]!.continue();
  await page.unroute('**/cache-card');
  await expect.poll(() => frame.evaluate(() => (window as unknown as { __sent: string[] }).__sent)).toContain('tokenized');
  // The element reads the frame's messages in order: once the one the shopper's next key sends has been read, so
  // has the token.
  await frame.locator('input[name=cardNumber]').press('End');
  await page.keyboard.press('Backspace');
  await expect.poll(() => page.evaluate(() => document.querySelector('cache-card-form')!.checkValidity())).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual([]);
  const value = await page.evaluate(() => {
    const card = document.querySelector('cache-card-form')!;
    return card.form ? new FormData(card.form).get('cardToken') : 'no form';
  });
  expect(value).toBeNull();
});

test("the frame's window, before or after it connects, is heard for its height alone: no event from anything else", async ({ page }) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await expect(frame.locator('input[name=cardNumber]')).toBeVisible();
  await page.evaluate(() => {
    const heard: string[] = ((window as unknown as { __heard: string[] }).__heard = []);
    for (const type of ['tokenize-error', 'tokenized', 'submit-request'])
      document.addEventListener(type, (event) => heard.push(`${type}:${JSON.stringify((event as CustomEvent).detail)}`));
    // A last message after them shows the ones before it have been handled.
    (window as unknown as { __after: Promise<void> }).__after = new Promise<void>((resolve) =>
      addEventListener('message', (event) => event.data === 'after' && resolve()),
    );
  });
  // The frame's own window, on the proxy's origin, posts messages of the protocol to the page, where only a height may come.
  await frame.evaluate(() => {
    parent.postMessage({ type: 'tokenize-error', code: 'invalid_card', message: 'Card 4111 1111 1111 1111 refused' }, '*');
    parent.postMessage({ type: 'submit-request' }, '*');
    parent.postMessage('after', '*');
  });
  await page.evaluate(() => (window as unknown as { __after: Promise<void> }).__after);
  expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toEqual([]);
});

test('a frame that sends more than a token and a mask is not taken at its word: the page gets no token from it', async ({ page }) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  // The frame's script, changed as a compromised or mistaken build might: its token message carries the card beside
  // the token and mask.
  await frame.evaluate(() => {
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (
      this: MessagePort,
      message: { type?: string; result?: object },
      transfer?: StructuredSerializeOptions,
    ) {
      const sent = message?.type === 'tokenized' ? { ...message, result: { ...message.result, cardNo: '4111111111111111' } } : message;
      return post.call(this, sent, transfer);
    } as typeof post;
  });
  const outcome = await page.evaluate(async () => {
    const card = document.querySelector('cache-card-form')!;
    // The element waits `timeout` and then `frame-timeout` (10 s) for an answer it can take, then gives up on the frame.
    card.timeout = 1000;
    await card.updateComplete;
    const events: string[] = [];
    card.addEventListener('tokenized', (event) => events.push(JSON.stringify(event.detail)));
    const result = await card.tokenize().then(
      (value) => JSON.stringify(value),
      (error: { code: string }) => error.code,
    );
    return { result, events };
  });
  expect(outcome).toEqual({ result: 'frame_unavailable', events: [] });
});

test('a working frame tokenizes with the longest timeout there is', async ({ page }) => {
  // The host gives the frame `timeout` and then `frame-timeout` to answer: a sum past setTimeout's limit would fire
  // at once, so it is capped there.
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  await page.evaluate(() => void (document.querySelector('cache-card-form')!.timeout = 2 ** 31 - 1));
  expect(await tokenizeOutcome(page)).toBe('ok');
});

test('a tokenization under way when the frame loads anew fails as frame_unavailable, and busy clears', async ({ page }) => {
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  // The proxy's answer is held back, so that the tokenization is still under way when the frame reloads.
  const held: Route[] = [];
  await page.route('**/cache-card', (route) => void held.push(route));
  await page.evaluate(() => {
    const saving = document.querySelector('cache-card-form')!.tokenize();
    (window as unknown as { saving: Promise<string> }).saving = saving.then(
      () => 'ok',
      (error: { code: string }) => error.code,
    );
  });
  await expect.poll(() => held.length).toBe(1);
  await frame.evaluate(() => location.reload()).catch(() => undefined);
  expect(await page.evaluate(() => (window as unknown as { saving: Promise<string> }).saving)).toBe('frame_unavailable');
  expect(await page.evaluate(() => document.querySelector('cache-card-form')!.matches(':state(busy)'))).toBe(false);
  await page.unroute('**/cache-card');
  await held[0]!.abort().catch(() => undefined);
});

test('a proxy answer that echoes the card reaches the page in nothing the frame sends', async ({ page }) => {
  await page.addInitScript(hostileScript);
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await typeCard(page, frame, { ...CARD, number: '5555555555554444', first: 'Grace', last: 'Hopper' });
  // A middlebox in front of the proxy puts the request into every part of its 422.
  await page.route('**/cache-card', async (route) => {
    const echo = route.request().postData() ?? '';
    const fields = ['cardNumber', 'expiry', 'securityCode', 'firstName', 'lastName', 'postalCode'].map((field) => ({
      field,
      problem: echo,
      echo,
    }));
    await route.fulfill({ status: 422, json: { error: { code: 'invalid_card', message: echo, fields }, echo } });
  });
  expect(await tokenizeOutcome(page)).toBe('invalid_card');
  await expect.poll(() => skimmedText(page)).toContain('tokenize-failed');
  await nextSkim(page);
  const skimmed = await skimmedText(page);
  for (const secret of ['5555555555554444', '5555 5555 5555 4444', 'Grace', 'Hopper', 'SW1A'])
    expect(skimmed, `the page saw "${secret}"`).not.toContain(secret);
  expect(skimmed.replace(/\d{6}\*+\d{4}/g, '')).not.toMatch(/\b123\b/);
  await page.unroute('**/cache-card');
});

test('a frame covered by something the page laid over it refuses to tokenize, and says why', async ({ page, browserName }) => {
  await page.goto('/isolated.html');
  await skipWithoutVisibilityTracking(page, browserName);
  const frame = await cardFrame(page);
  await typeCard(page, frame);
  await coverForm(page, { opacity: '0.01' });
  await expect.poll(() => tokenizeOutcome(page)).toBe('frame_obscured');
  await expect(frame.locator('[role=alert]')).toHaveText(
    'The card form is covered by something else on this page. Close or move it, then try again.',
  );
  await page.evaluate(() => document.querySelector('#cover')!.remove());
  await expect.poll(() => tokenizeOutcome(page)).toBe('ok');
});

test('a frame the page transforms refuses to tokenize', async ({ page, browserName }) => {
  await page.goto('/isolated.html');
  await skipWithoutVisibilityTracking(page, browserName);
  await typeCard(page, await cardFrame(page));
  await page.evaluate(() => (document.querySelector('cache-card-form')!.style.transform = 'scale(0.9)'));
  await expect.poll(() => tokenizeOutcome(page)).toBe('frame_obscured');
  await page.evaluate(() => (document.querySelector('cache-card-form')!.style.transform = ''));
  await expect.poll(() => tokenizeOutcome(page)).toBe('ok');
});

test('the frame page asks for an agent cluster of its own origin', async ({ page, baseURL }) => {
  const frameUrl = `${baseURL!.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 1}`)}/cache-card/frame`;
  const response = await page.goto(frameUrl);
  expect(response!.headers()['origin-agent-cluster']).toBe('?1');
});
