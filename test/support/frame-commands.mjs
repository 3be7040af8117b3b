// Commands for component tests of the isolated mode, run by the test runner on the browser it drives: the card
// inputs are in a frame of another origin, which a test page's own script cannot reach, but a shopper's mouse
// and keyboard can.
//   executeServerCommand('frame-type', { field, text })  clicks a field in the card frame and types into it.
import { keyActions } from './browsers.mjs';

/** Playwright (Chromium, Firefox): the one frame of the page whose URL ends in /frame. */
async function typeWithPlaywright(page, { field, text }) {
  const frames = page.frames().filter((frame) => new URL(frame.url()).pathname.endsWith('/frame'));
  if (frames.length !== 1) throw new Error(`expected one card frame on the page, found ${frames.length}`);
  const input = frames[0].locator(`[name="${field}"]`);
  await input.click();
  await page.keyboard.type(text);
}

/**
 * WebDriver (WebKit): into the card frame, a pointer click on the field (WebKitWebDriver refuses an element click
 * inside a shadow root), one key-down/key-up per character, and back out.
 */
async function typeWithWebDriver(driver, { field, text }) {
  const iframe = await driver.execute(() => document.querySelector('cache-card-form')?.shadowRoot?.querySelector('iframe'));
  if (!iframe) throw new Error('no card frame on the page');
  await driver.switchFrame(iframe);
  try {
    const input = await (await driver.$('cache-card-form')).shadow$(`[name="${field}"]`);
    await driver
      .action('pointer', { parameters: { pointerType: 'mouse' } })
      .move({ origin: input })
      .down()
      .up()
      .perform();
    for (const key of text) await driver.performActions([{ type: 'key', id: 'keyboard', actions: keyActions(key) }]);
  } finally {
    await driver.switchFrame(null);
  }
}

export function frameCommands() {
  return {
    name: 'frame-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'frame-type') return undefined;
      if (session.browser.type === 'playwright') await typeWithPlaywright(session.browser.getPage(session.id), payload);
      else if (session.browser.type === 'webdriver') await typeWithWebDriver(session.browser.driver, payload);
      else throw new Error(`frame-type: no way to type into a frame in a ${session.browser.type} browser`);
      return true;
    },
  };
}
