// Commands for component tests of the isolated mode, run by the test runner on the browser it drives. The card
// inputs are in a frame of another origin, inside a closed shadow root: a test page's own script cannot reach
// them, but a shopper's keyboard can.
//   executeServerCommand('ime-compose', { steps, commit }) composes into the focused field as an input method does,
//   and commits `commit` if given (Chromium only; false elsewhere).
//   executeServerCommand('frame-reload') reloads the card frame in place (Playwright only; false over WebDriver).
//   executeServerCommand('frame-keys', { keys }) goes into the card frame's first field and types `keys` in turn:
//   text is typed, 'Tab' and other named keys are pressed. The page must have a focusable `#before-card` just
//   before the form (WebDriver cannot reach a frame in a closed shadow root, so it tabs into it).
import { keyActions } from './browsers.mjs';

const NAMED = new Set(['Tab', 'Enter', 'Backspace', 'Shift+Tab']);

/**
 * Playwright (Chromium, Firefox): runs `action` on the one attached frame whose URL ends in /frame, once the page
 * has it (a test may ask as soon as the form is mounted, before its frame has loaded). The previous test's form, or
 * the frame a move let go of, may still be leaving the page: a frame that is detached, or detaches as `action` runs
 * on it, is not the card frame; look again.
 */
async function onCardFrame(page, action) {
  const cardFrames = () =>
    page
      .frames()
      .filter((frame) => !frame.isDetached() && frame.url().startsWith('http') && new URL(frame.url()).pathname.endsWith('/frame'));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frames = cardFrames();
    if (frames.length === 1) {
      try {
        return await action(frames[0], Math.max(1, deadline - Date.now()));
      } catch (error) {
        if (!frames[0].isDetached() || Date.now() >= deadline) throw error;
        continue;
      }
    }
    if (Date.now() >= deadline) throw new Error(`expected one card frame on the page, found ${frames.length}`);
    // Polled: a frame that navigated between the look above and a listener added now would never be heard.
    await page.waitForTimeout(50);
  }
}

/** Playwright: a click on the card frame's first field, then the keys. */
async function withPlaywright(page, keys) {
  await onCardFrame(page, (frame, timeout) => frame.locator('[name="cardNumber"]').click({ timeout }));
  for (const key of keys) await (NAMED.has(key) ? page.keyboard.press(key) : page.keyboard.type(key));
}

/** WebDriver (WebKit): from the element before the form, Tab into the frame, then one key-down/key-up per key. */
async function withWebDriver(driver, keys) {
  const ready = await driver.execute(() => {
    const before = document.querySelector('#before-card');
    before?.focus();
    return document.activeElement === before;
  });
  if (!ready) throw new Error('frame-keys: the page needs a focusable #before-card just before the card form');
  const press = (key) => driver.performActions([{ type: 'key', id: 'keyboard', actions: keyActions(key) }]);
  await press('Tab');
  for (const key of keys) {
    if (NAMED.has(key)) await press(key);
    else for (const character of key) await press(character);
  }
}

/**
 * An input method composing into the focused field, through Chromium's own IME path (DevTools `Input.imeSetComposition`,
 * then `Input.insertText` to commit): each of `steps` is the text under composition, as the IME shows it while the
 * shopper types, and `commit` the text it settles on (none: the composition stays open). Neither Firefox's WebDriver BiDi nor WebDriver has an IME to
 * drive: there the command answers false and the test says so.
 */
async function compose(session, { steps, commit }) {
  if (session.browser.type !== 'playwright' || session.browser.product !== 'chromium') return false;
  const page = session.browser.getPage(session.id);
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const text of steps) await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    if (commit !== undefined) await cdp.send('Input.insertText', { text: commit });
  } finally {
    await cdp.detach();
  }
  return true;
}

/**
 * The card frame reloads itself in place (`location.reload()` in the frame), as a frame can. Playwright only: over
 * WebDriver nothing reaches a frame in a closed shadow root; there the command answers false.
 */
async function reloadFrame(session) {
  if (session.browser.type !== 'playwright') return false;
  await onCardFrame(session.browser.getPage(session.id), (frame) => frame.evaluate(() => location.reload()));
  return true;
}

export function frameCommands() {
  return {
    name: 'frame-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'ime-compose') return compose(session, payload);
      if (command === 'frame-reload') return reloadFrame(session);
      if (command !== 'frame-keys') return undefined;
      if (session.browser.type === 'playwright') await withPlaywright(session.browser.getPage(session.id), payload.keys);
      else if (session.browser.type === 'webdriver') await withWebDriver(session.browser.driver, payload.keys);
      else throw new Error(`frame-keys: no way to type into a frame in a ${session.browser.type} browser`);
      return true;
    },
  };
}
