// Component tests in Chromium, Firefox and WebKit (ENGINES picks; all three by default), each browser started
// once per run: real keyboard through sendKeys, real HTTP to the real proxy and simulator.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions, firefoxLaunchOptions, wantedEngines } from './test/support/browsers.mjs';
import { frameCommands } from './test/support/frame-commands.mjs';
import { prebundleCommonJs } from './test/support/prebundle-commonjs.mjs';
import { webkitLauncher } from './test/support/webkit-launcher.mjs';
import { countReporter } from './test/support/wtr-count-reporter.mjs';
// Loaded with `node --import tsx` (see test/run.mjs) so the real proxy and simulator can be imported.
import { proxyForTests } from './test/support/proxy-plugin.ts';

const proxy = proxyForTests();
const clipboard = ({ browser }) => browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });

const LAUNCHERS = {
  chromium: () => playwrightLauncher({ product: 'chromium', launchOptions: chromiumLaunchOptions(), createBrowserContext: clipboard }),
  // Playwright's WebDriver BiDi client for Debian's Firefox; it accepts Chromium's permission names, and
  // Firefox lets a page write the clipboard without them.
  firefox: () => playwrightLauncher({ product: 'firefox', launchOptions: firefoxLaunchOptions(), createBrowserContext: clipboard }),
  webkit: () => webkitLauncher(),
};

export default {
  files: ['test/element/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  middleware: [proxy.middleware],
  plugins: [
    proxy.plugin,
    frameCommands(),
    prebundleCommonJs(['card-validator', ...['luhn-10', 'postal-code'].map((m) => `card-validator/dist/${m}.js`)]),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  ],
  browsers: wantedEngines().map((engine) => LAUNCHERS[engine]()),
  // Three engines share two cores: a test that tokenizes is slower than under one engine alone.
  testFramework: { config: { timeout: 20000 } },
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
  reporters: [defaultReporter(), countReporter()],
};
