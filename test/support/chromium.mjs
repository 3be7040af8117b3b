// Finds the Chromium every browser test uses, in one place: CHROME_PATH, then Playwright's own build,
// then the system's. Browsers cannot be downloaded everywhere (this project's CI cannot), so a system
// Chromium is as good as Playwright's.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium() {
  if (process.env.CHROME_PATH) return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  const own = chromium.executablePath();
  if (own && existsSync(own)) return own;
  return SYSTEM_CHROMIUMS.find((path) => existsSync(path)) ?? null;
}

/** Flags for a headless Chromium on a closed network: without them it keeps dialling out. */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function chromiumLaunchOptions() {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      "No Chromium found. Set CHROME_PATH, run `npx playwright install chromium`, or install your system's " +
        "chromium package (Debian: `apt-get install chromium`). `npm test` installs Debian's by itself when run as root.",
    );
  }
  return { executablePath, args: CHROMIUM_ARGS };
}
