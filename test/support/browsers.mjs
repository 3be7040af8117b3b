// Where the three engines come from, in one place, and how each is started.
//
// Chromium and Firefox are driven by Playwright: Chromium over CDP; Debian's firefox-esr over WebDriver BiDi
// (Playwright's `moz-firefox` channel), since Playwright's own Firefox build cannot be downloaded here. WebKit has
// no Playwright path on Debian: it is WebKitGTK's MiniBrowser behind WebKitWebDriver, under a private Xvfb,
// driven over classic WebDriver (webdriverio, and @web/test-runner-webdriver for the component tests).
//
// ENGINES=chromium,firefox,webkit (the default) picks the engines every browser suite runs in.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines this run asks for: ENGINES, or all three. */
export function wantedEngines() {
  const wanted = (process.env.ENGINES ?? ENGINES.join(','))
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const unknown = wanted.filter((engine) => !ENGINES.includes(engine));
  if (unknown.length) throw new Error(`ENGINES: no engine called ${unknown.join(', ')} (choose from ${ENGINES.join(', ')})`);
  return wanted;
}

const which = (command) => {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
};

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** CHROME_PATH, then Playwright's own build, then the system's: a system Chromium is as good as Playwright's. */
export function findChromium() {
  if (process.env.CHROME_PATH) return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  const own = chromium.executablePath();
  if (own && existsSync(own)) return own;
  return SYSTEM_CHROMIUMS.find((path) => existsSync(path)) ?? null;
}

/** FIREFOX_PATH, then Debian's firefox-esr (Playwright's `moz-firefox` channel needs a stock Firefox of 2024 or later). */
export function findFirefox() {
  if (process.env.FIREFOX_PATH) return existsSync(process.env.FIREFOX_PATH) ? process.env.FIREFOX_PATH : null;
  return which('firefox-esr') ?? which('firefox');
}

/** WebKitGTK's MiniBrowser ships inside the library package, not on PATH. */
export function findMiniBrowser() {
  if (process.env.MINIBROWSER_PATH) return existsSync(process.env.MINIBROWSER_PATH) ? process.env.MINIBROWSER_PATH : null;
  const candidates = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].flatMap((lib) =>
    ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0'].map((dir) => join(lib, dir, 'MiniBrowser')),
  );
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** What each engine needs from the system, and Debian's packages for it. */
export const ENGINE_NEEDS = {
  chromium: {
    found: () => findChromium() !== null,
    packages: ['chromium'],
    hint: 'set CHROME_PATH or run `npx playwright install chromium`',
  },
  firefox: { found: () => findFirefox() !== null, packages: ['firefox-esr'], hint: 'install Firefox 128 or later and set FIREFOX_PATH' },
  webkit: {
    found: () => findMiniBrowser() !== null && which('WebKitWebDriver') !== null && which('Xvfb') !== null,
    packages: ['webkit2gtk-driver', 'xvfb'],
    hint: "install WebKitGTK's WebKitWebDriver and MiniBrowser (Debian: webkit2gtk-driver) and Xvfb",
  },
};

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
      "No Chromium found. Set CHROME_PATH, run `npx playwright install chromium`, or install your system's chromium " +
        "package (Debian: `apt-get install chromium`). `npm test` installs Debian's by itself when run as root.",
    );
  }
  return { executablePath, args: CHROMIUM_ARGS };
}

/** Firefox over WebDriver BiDi. `prefs` adds preferences (a dark colour scheme, say: see `DARK_FIREFOX_PREFS`). */
export function firefoxLaunchOptions(prefs = {}) {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error('No Firefox found: `apt-get install firefox-esr`, or set FIREFOX_PATH.');
  return {
    channel: 'moz-firefox',
    executablePath,
    headless: true,
    firefoxUserPrefs: {
      // A closed network: no update, telemetry or safe-browsing calls home.
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      ...prefs,
    },
  };
}

/** Over BiDi, Playwright's emulateMedia does nothing in Firefox; this preference sets the scheme for the whole launch. */
export const DARK_FIREFOX_PREFS = { 'layout.css.prefers-color-scheme.content-override': 0 };

/** A loopback port nothing listens on now, for a server another process starts. @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display (it picks one itself with -displayfd) and resolves to ":N". */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1400x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    let text = '';
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it gave a display`)));
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve({ display: `:${text.trim()}`, process: xvfb });
    });
  });
}

async function waitForDriver(port, child) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('WebKitWebDriver did not answer /status within 15 s');
}

/**
 * Xvfb plus WebKitWebDriver on free ports, and the webdriverio options that reach them. `lang` is the LANG the
 * browser sees: WebKitGTK takes navigator.language from it, and Debian's default C.UTF-8 gives "C" (the form
 * copes: test/element/locale.test.ts). en_US.UTF-8 works without the locale being generated.
 */
export async function startWebKit({ lang = 'en_US.UTF-8', miniBrowserArgs = ['--javascript-can-access-clipboard=true'] } = {}) {
  const binary = findMiniBrowser();
  if (!ENGINE_NEEDS.webkit.found()) throw new Error(`WebKit: ${ENGINE_NEEDS.webkit.hint}.`);
  const xvfb = await startXvfb();
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'webkit-home-'));
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
    stdio: ['ignore', 'ignore', process.env.WEBKIT_DEBUG ? 'inherit' : 'ignore'],
    // A HOME of its own: MiniBrowser keeps caches and local storage there.
    env: { ...process.env, DISPLAY: xvfb.display, LANG: lang, LC_ALL: '', HOME: home, XDG_RUNTIME_DIR: home },
  });
  await waitForDriver(port, driver);
  return {
    display: xvfb.display,
    async stop() {
      driver.kill('SIGTERM');
      xvfb.process.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
    options: {
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      // Without a host and port webdriverio would try to download and start a driver of its own.
      capabilities: {
        browserName: 'MiniBrowser',
        // webdriverio 9 asks for BiDi by default; WebKitWebDriver 2.50 refuses that session.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary, args: ['--automation', ...miniBrowserArgs] },
      },
    },
  };
}

// WebDriver's code points for the named keys the tests press (WebDriver spec, "keyboard actions").
const KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Space: ' ',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
  Meta: '\uE03D',
};

/**
 * One WebDriver key action sequence for Playwright-style key text: a character, a named key ("Backspace") or a
 * chord ("Control+V", "Shift+Tab"). Modifiers go down first and up last. webdriverio's own keys() presses every
 * key down before letting any up: a chord, which loses repeated characters ("4111" typed "41").
 */
export function keyActions(text) {
  const parts = text.length > 1 && text.includes('+') ? text.split('+') : [text];
  const codes = parts.map((part) => KEYS[part] ?? (part.length === 1 ? part : null));
  if (codes.some((code) => code === null)) throw new Error(`no WebDriver key for "${text}"`);
  // A chord's letter goes as lower case, as on a real keyboard.
  const keys = codes.map((code, i) => (i === codes.length - 1 && codes.length > 1 ? code.toLowerCase() : code));
  return [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))];
}
