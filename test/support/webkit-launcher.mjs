// A web-test-runner launcher for WebKitGTK: @web/test-runner-webdriver's, plus the Xvfb and WebKitWebDriver it
// needs (started in initialize, once per run, stopped in stop), plus a keyboard that types like a person: the
// stock launcher hands `type: "4111"` to webdriverio's keys(), which holds every key down before letting any up,
// so repeated characters are lost and a chord such as "Control+V" is typed out letter by letter. Here each
// character or chord is its own key-down/key-up sequence.
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { keyActions, startWebKit } from './browsers.mjs';

class WebKitLauncher extends WebdriverLauncher {
  #services;

  constructor() {
    super({ capabilities: { browserName: 'MiniBrowser' } });
  }

  async initialize(config, testFiles) {
    this.#services = await startWebKit();
    Object.assign(this.options, this.#services.options);
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  async stop() {
    await super.stop();
    await this.#services?.stop();
  }

  async sendKeys(_sessionId, keys) {
    if (!this.driver) throw new Error('Not initialized');
    for (const key of keys) await this.driver.performActions([{ type: 'key', id: 'keyboard', actions: keyActions(key) }]);
  }
}

export function webkitLauncher() {
  return new WebKitLauncher();
}
