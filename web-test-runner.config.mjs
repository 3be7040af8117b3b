// Component tests: real Chromium through Playwright, real keyboard through sendKeys.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions } from './test/support/chromium.mjs';
import { frameCommands } from './test/support/frame-commands.mjs';
import { prebundleCommonJs } from './test/support/prebundle-commonjs.mjs';
import { countReporter } from './test/support/wtr-count-reporter.mjs';
// Loaded with `node --import tsx` (see test/run.mjs) so the real proxy and simulator can be imported.
import { proxyForTests } from './test/support/proxy-plugin.ts';

const proxy = proxyForTests();

export default {
  files: ['test/element/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  middleware: [proxy.middleware],
  plugins: [
    proxy.plugin,
    frameCommands(),
    prebundleCommonJs([
      'card-validator',
      ...['card-number', 'cardholder-name', 'cvv', 'luhn-10', 'postal-code'].map((m) => `card-validator/dist/${m}.js`),
    ]),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: chromiumLaunchOptions(),
      createBrowserContext: ({ browser }) => browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] }),
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), countReporter()],
};
