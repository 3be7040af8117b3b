// End-to-end tests: real Chromium against the servers `npm start` runs (the demo page, the proxy, the isolated
// frame's proxy on the next port, the simulator).
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium.mjs';

const port = Number(process.env.E2E_PORT) || 5273;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 30_000,
  workers: 1,
  forbidOnly: true,
  reporter: [['list'], ['./test/support/playwright-count-reporter.mjs']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: 'npm start',
    env: { PORT: String(port) },
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
