// Commands for component tests of the isolated mode, run by the test runner on the browser it drives: the card
// inputs are in a frame of another origin, which a test page's own script cannot reach, but a shopper's
// mouse and keyboard can.
//   executeServerCommand('frame-type', { field, text })  clicks a field in the card frame and types into it.
//   executeServerCommand('frame-field', { field })       reads what a field in the card frame shows.
/** The card frame of the page under test: the one frame whose URL ends in /frame. */
function cardFrame(page) {
  const frames = page.frames().filter((frame) => new URL(frame.url()).pathname.endsWith('/frame'));
  if (frames.length !== 1) throw new Error(`expected one card frame on the page, found ${frames.length}`);
  return frames[0];
}

export function frameCommands() {
  return {
    name: 'frame-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'frame-type' && command !== 'frame-field') return undefined;
      if (session.browser.type !== 'playwright') throw new Error(`${command} needs a Playwright browser, not ${session.browser.type}`);
      const page = session.browser.getPage(session.id);
      const input = cardFrame(page).locator(`[name="${payload.field}"]`);
      if (command === 'frame-field') return input.inputValue();
      await input.click();
      await page.keyboard.type(payload.text);
      return true;
    },
  };
}
