// End-to-end tests against the servers `npm start` runs (the demo pages, the proxy, the isolated frame's proxy
// on the next port, the simulator), in Chromium and in Debian's Firefox ESR (ENGINES picks). WebKit has no
// Playwright path on Debian: its end-to-end suite is test/webkit/, over WebDriver.
// The `firefox-dark` project runs the tests tagged @dark in a Firefox whose preference sets a dark colour
// scheme: over WebDriver BiDi, Playwright's emulateMedia does nothing in Firefox.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, DARK_FIREFOX_PREFS, firefoxLaunchOptions, wantedEngines } from './test/support/browsers.mjs';

const port = Number(process.env.E2E_PORT) || 5273;
const engines = wantedEngines();

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 45_000,
  // Two cores and a browser: a wait ends when its condition holds, and only a stuck page meets this bound.
  expect: { timeout: 15_000 },
  workers: 1,
  forbidOnly: true,
  reporter: [['list'], ['./test/support/playwright-count-reporter.mjs']],
  outputDir: 'test-results',
  use: { baseURL: `http://localhost:${port}` },
  projects: [
    ...(engines.includes('chromium')
      ? [{ name: 'chromium', use: { browserName: 'chromium' as const, launchOptions: chromiumLaunchOptions() } }]
      : []),
    ...(engines.includes('firefox')
      ? [
          { name: 'firefox', use: { browserName: 'firefox' as const, launchOptions: firefoxLaunchOptions() } },
          {
            name: 'firefox-dark',
            grep: /@dark/,
            use: { browserName: 'firefox' as const, launchOptions: firefoxLaunchOptions(DARK_FIREFOX_PREFS) },
          },
        ]
      : []),
  ],
  webServer: {
    command: 'npm start',
    env: { PORT: String(port) },
    url: `http://localhost:${port}/`,
    reuseExistingServer: !!process.env.E2E_REUSE,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
