// Each way a merchant loads the form, as a shopper uses it: the ESM page (Vite), the script-tag bundle under a
// strict CSP, React 19 and Vue 3. Real Chromium, real keyboard, the real proxy and simulator behind `npm start`.
import { mkdirSync } from 'node:fs';
import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { axeViolations } from './axe.ts';
import { CARD, cardFields, cardFrame, clickPay, recordRequestBodies, typeCard } from './shopper.ts';

const PAGES = [
  { name: 'esm', title: 'ES modules (Vite)', path: '/' },
  { name: 'script-tag', title: 'script tag, strict CSP', path: '/script-tag.html' },
  { name: 'react', title: 'React 19', path: '/react.html' },
  { name: 'vue', title: 'Vue 3', path: '/vue.html' },
];
const SCREENSHOTS = new URL('../../demo/screenshots/', import.meta.url).pathname;

const status = (page: Page) => page.locator('cache-card-form [role=status]');
const pay = (page: Page) => page.getByRole('button', { name: 'Pay $42.00' });

async function expectSaved(page: Page, mask = '411111******1111') {
  await expect(page.locator('#outcome')).toBeVisible();
  const token = (await page.locator('#token').textContent())!;
  expect(token).toMatch(/^PYMT[0-9a-f]{32}$/);
  await expect(page.locator('#mask')).toHaveText(mask);
  await expect(page.locator('#form-data')).toHaveText(`cardToken=${token}`);
  return token;
}

for (const target of PAGES) {
  test.describe(target.title, () => {
    test('a shopper pays with the keyboard alone', async ({ page }) => {
      await page.goto(target.path);
      const fields = cardFields(page);
      await page.locator('.note a').last().focus();
      await page.keyboard.press('Tab');
      await expect(fields.locator('input[name=cardNumber]')).toBeFocused();
      await page.keyboard.type('4111');
      await expect(page.locator('cache-card-form [part~=brand]')).toHaveAttribute('aria-label', 'Visa');
      await page.keyboard.press('Tab');
      await expect(fields.locator('#cardNumber-message')).toHaveText('Your card number is incomplete.');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('End');
      await typeCard(page, fields, { ...CARD, number: '111111111111' });
      await expect(fields.locator('#cardNumber-message')).toHaveText('');
      await page.keyboard.press('Enter');
      await expectSaved(page);
    });

    test('a pasted, formatted number is taken whole', async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto(target.path);
      const number = cardFields(page).locator('input[name=cardNumber]');
      await number.focus();
      // Firefox lets a page write the clipboard only within 5 s of the last key or click: a slow load may take longer.
      await page.keyboard.press('End');
      await page.evaluate(() => navigator.clipboard.writeText('Card: 4111-1111-1111-1111'));
      await page.keyboard.press('Control+V');
      await expect(number).toHaveValue('4111 1111 1111 1111');
    });

    test('a refused card and a failing Alipay: a clear message, and a retry without retyping', async ({ page }) => {
      await page.goto(target.path);
      const fields = cardFields(page);
      await typeCard(page, fields, { ...CARD, number: '4000000000000002' });
      await pay(page).click();
      await expect(status(page)).toHaveText('The card details were not accepted. Check them and try again.');
      await expect(fields.locator('input[name=lastName]')).toHaveValue(CARD.last);

      await fields.locator('input[name=cardNumber]').fill('');
      await fields.locator('input[name=cardNumber]').pressSequentially('4000000000000119');
      await pay(page).click();
      await expect(status(page)).toHaveText('The payment service could not save your card just now. Try again.');

      await fields.locator('input[name=cardNumber]').fill('');
      await fields.locator('input[name=cardNumber]').pressSequentially(CARD.number);
      await pay(page).click();
      await expectSaved(page);
    });

    test('after a token, the card is nowhere outside the form, and no request but the one to the proxy carries it', async ({ page }) => {
      const consoleLines: string[] = [];
      // Every request the page and its workers send, as the browser sends it: its address, headers and body.
      const requests: { method: string; url: string; headers: Record<string, string>; body: string }[] = [];
      const heard: Promise<void>[] = [];
      page.on('console', (message) => consoleLines.push(message.text()));
      page.on('request', (request) => {
        const body = request.postData() ?? '';
        heard.push(
          request.allHeaders().then(
            (headers) => void requests.push({ method: request.method(), url: request.url(), headers, body }),
            () => void requests.push({ method: request.method(), url: request.url(), headers: request.headers(), body }),
          ),
        );
      });
      // Playwright's BiDi Firefox gives no request bodies (postData() is null): take them from the page instead.
      await page.addInitScript(recordRequestBodies);
      await page.goto(target.path);
      // A card the demo pages do not print in their table of test cards, and details typed for this test alone.
      const card = { ...CARD, number: '5555555555554444', expiry: '0937', code: '846', first: 'Zorabel', last: 'Quixwell' };
      await typeCard(page, cardFields(page), card);
      await pay(page).click();
      await expectSaved(page, '555555******4444');
      // The number, the expiry and the names as typed, as the form shows them and as it sends them, and the address.
      const secrets = [
        card.number,
        '5555 5555 5555 4444',
        '0937',
        '09 / 37',
        '09/37',
        '2037',
        card.first,
        card.last,
        card.line1,
        card.city,
        card.postal,
      ];
      const code = /(?<![0-9A-Za-z])846(?![0-9A-Za-z])/;
      const holdsCard = (text: string) => secrets.some((secret) => text.includes(secret)) || code.test(text);
      const everything = await page.evaluate(() => {
        const walk = (root: Document | ShadowRoot): string =>
          [...root.querySelectorAll('*')]
            .map((el) => `${el.outerHTML}${el instanceof HTMLInputElement ? el.value : ''}${el.shadowRoot ? walk(el.shadowRoot) : ''}`)
            .join('');
        return {
          dom: walk(document),
          storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
          url: location.href,
        };
      });
      for (const [where, text] of Object.entries({ ...everything, console: consoleLines.join('\n') })) {
        for (const secret of secrets) expect(text, `${where} holds "${secret}"`).not.toContain(secret);
        expect(text.replace(/PYMT[0-9a-f]{32}/g, ''), `${where} holds the security code`).not.toMatch(code);
      }
      await Promise.all(heard);
      // The one request to the proxy's address, origin and path, carries the card: every field as the form sends it.
      const proxy = new URL('/cache-card', page.url()).href;
      const where = (url: string) => {
        const { origin, pathname } = new URL(url, page.url());
        return `${origin}${pathname}`;
      };
      const toProxy = requests.filter((request) => request.method === 'POST' && where(request.url) === proxy);
      expect(toProxy).toHaveLength(1);
      const sent = await page.evaluate(() => (window as unknown as { __sent: { url: string; body: string }[] }).__sent);
      const cardSent = sent.filter((request) => holdsCard(`${request.url}\n${request.body}`));
      expect(cardSent.map((request) => where(request.url))).toEqual([proxy]);
      expect(JSON.parse(cardSent[0]!.body)).toMatchObject({
        paymentMethodDetail: {
          card: {
            cardNo: card.number,
            securityCode: card.code,
            expiryMonth: '09',
            expiryYear: '2037',
            instUserName: { firstName: card.first, lastName: card.last },
          },
        },
      });
      // Every other request, in its address, its headers and its body, holds nothing of the card.
      const others = [
        ...requests.filter((request) => !toProxy.includes(request)),
        ...sent.filter((request) => !cardSent.includes(request)),
      ];
      expect(others.length).toBeGreaterThan(0);
      for (const request of others) {
        const text = `${request.url}\n${JSON.stringify('headers' in request ? request.headers : {})}\n${request.body}`;
        for (const secret of secrets) expect(text, `${request.url} holds "${secret}"`).not.toContain(secret);
        expect(text, `${request.url} holds the security code`).not.toMatch(code);
      }
    });

    test.describe('accessibility', () => {
      test('no axe-core violations: empty, with errors, and once saved', async ({ page }) => {
        await page.goto(target.path);
        await expect(cardFields(page).locator('input[name=cardNumber]')).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
        await pay(page).click();
        await expect(cardFields(page).locator('#cardNumber-message')).toHaveText('Enter your card number.');
        expect(await axeViolations(page)).toEqual([]);
        await typeCard(page, cardFields(page));
        await pay(page).click();
        await expectSaved(page);
        expect(await axeViolations(page)).toEqual([]);
      });
    });

    test('screenshots in light and dark mode', async ({ page, browserName }) => {
      // The README's screenshots are Chromium's; other engines' go to test-results, never over them.
      const folder = browserName === 'chromium' ? SCREENSHOTS : test.info().outputPath('screenshots/');
      mkdirSync(folder, { recursive: true });
      await page.setViewportSize({ width: 1000, height: 900 });
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.goto(target.path);
        if (!(await page.evaluate((scheme) => matchMedia(`(prefers-color-scheme: ${scheme})`).matches, colorScheme))) {
          test.skip(true, `${browserName} cannot emulate prefers-color-scheme here (Playwright over WebDriver BiDi ignores emulateMedia)`);
        }
        await typeCard(page, cardFields(page));
        await page.locator('h1').click(); // leave the last field, as a shopper would before paying
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.screenshot({ path: `${folder}${target.name}-${colorScheme}.png`, fullPage: true, animations: 'disabled' });
      }
    });
  });
}

/** Records the page's CSP violations and console errors from its first script on; the check says there were none. */
async function watchPolicyViolations(page: Page): Promise<() => Promise<void>> {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  return async () => {
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(consoleErrors.filter((line) => /Content Security Policy|Refused/.test(line))).toEqual([]);
  };
}

/**
 * What a policy allows for `kind`, as the browser reads it: the first directive of a name counts, and a directive
 * left out falls back (`script-src-elem` to `script-src`, `style-src-attr` to `style-src`, each to `default-src`).
 * A policy that left out all of them would allow anything, which "no `'unsafe-inline'` in it" cannot tell.
 */
function sourcesFor(csp: string, kind: string): string[] {
  const directives = new Map<string, string[]>();
  for (const directive of csp.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  const chain = [kind, kind.replace(/-(elem|attr)$/, ''), 'default-src'];
  const sources = chain.map((name) => directives.get(name)).find(Boolean);
  expect(sources, `${chain.join(', or ')}, in ${csp}`).toBeDefined();
  return sources!;
}

/** A policy under which the form must run: scripts and styles from named places, none inline, no eval. */
function expectStrict(csp: string) {
  for (const kind of ['script-src', 'script-src-elem', 'style-src', 'style-src-elem', 'style-src-attr']) {
    const sources = sourcesFor(csp, kind);
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'https:', 'http:', 'data:', 'blob:'])
      expect(sources, kind).not.toContain(loose);
  }
}

/**
 * A policy that requires Trusted Types for every script sink and allows exactly `names` (or `'none'`) as policies:
 * a string given to `innerHTML` or to a script's `src` throws, and so does making a policy of another name.
 */
function expectTrustedTypes(csp: string, names: string[]) {
  const directives = csp.split(';').map((directive) => directive.trim().split(/\s+/));
  expect(directives).toContainEqual(['require-trusted-types-for', "'script'"]);
  expect(directives.filter(([name]) => name === 'trusted-types')).toEqual([['trusted-types', ...names]]);
}

test('the script-tag page runs under its strict CSP, Trusted Types required, without a single violation', async ({ page }) => {
  const expectNoViolation = await watchPolicyViolations(page);
  const response = await page.goto('/script-tag.html');
  const csp = response!.headers()['content-security-policy']!;
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expectStrict(csp);
  // lit's policy for its templates, and the locale loader's for each pack's address.
  expectTrustedTypes(csp, ['lit-html', 'cache-card-form']);
  expect(
    await page
      .locator('script[src]')
      .evaluateAll((scripts) => scripts.filter((s) => s.getAttribute('src')!.startsWith('/dist/')).map((s) => s.getAttribute('integrity'))),
  ).toEqual([expect.stringMatching(/^sha384-/), expect.stringMatching(/^sha384-/)]);
  // Each language's pack comes from the loader, checked against its hash, under the same policy.
  await page.locator('#locale').selectOption('zh-CN');
  await expect(page.locator('cache-card-form label[for=cardNumber]')).toHaveText('卡号');
  await page.locator('#locale').selectOption('ar');
  await expect(page.locator('cache-card-form label[for=cardNumber]')).toHaveText('رقم البطاقة');
  await expect(page.locator('cache-card-form')).toHaveAttribute('dir', 'rtl');
  expect(
    await page
      .locator('script[src*="cache-card-form."]')
      .evaluateAll((scripts) =>
        scripts.map((s) => [s.getAttribute('src')!.replace(/^.*\//, ''), s.getAttribute('integrity')?.slice(0, 7)]),
      ),
  ).toEqual([
    ['cache-card-form.js', 'sha384-'],
    ['cache-card-form.locale-loader.js', 'sha384-'],
    ['cache-card-form.zh-CN.js', 'sha384-'],
    ['cache-card-form.ar.js', 'sha384-'],
  ]);
  await page.locator('#locale').selectOption('en');
  await typeCard(page, cardFields(page));
  await pay(page).click();
  await expectSaved(page);
  await expectNoViolation();
});

test('under a policy that allows scripts by nonce alone, the locale loader passes its nonce to each pack', async ({ page }) => {
  const expectNoViolation = await watchPolicyViolations(page);
  const response = await page.goto('/script-tag-nonce.html');
  expect(response!.headers()['content-security-policy']).toMatch(/script-src 'nonce-[\w+/=]+';/);
  expectStrict(response!.headers()['content-security-policy']!);
  expectTrustedTypes(response!.headers()['content-security-policy']!, ['lit-html', 'cache-card-form']);
  await page.locator('#locale').selectOption('zh-CN');
  await expect(page.locator('cache-card-form label[for=cardNumber]')).toHaveText('卡号');
  await page.locator('#locale').selectOption('en');
  await typeCard(page, cardFields(page));
  await pay(page).click();
  await expectSaved(page);
  await expectNoViolation();
});

test('the isolated script tag runs under a strict CSP whose only allowance for the proxy is frame-src, with no Trusted Types policy', async ({
  page,
}) => {
  const expectNoViolation = await watchPolicyViolations(page);
  const response = await page.goto('/isolated-script-tag.html');
  const csp = response!.headers()['content-security-policy']!;
  const proxyOrigin = `http://localhost:${Number(new URL(page.url()).port) + 1}`;
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expectStrict(csp);
  // The isolated host (no lit) gives no DOM sink anything: the page need allow no policy at all.
  expectTrustedTypes(csp, ["'none'"]);
  expect(csp).toContain("connect-src 'none'");
  expect(csp).toContain(`frame-src ${proxyOrigin}`);
  expect(csp.replace(`frame-src ${proxyOrigin}`, '')).not.toContain(proxyOrigin);
  const frame = await cardFrame(page);
  expect(new URL(frame.url()).origin).toBe(proxyOrigin);
  // The frame loads its locale pack under its own policy, which requires Trusted Types too.
  await page.locator('#locale').selectOption('zh-CN');
  await expect(frame.locator('cache-card-form label[for=cardNumber]')).toHaveText('卡号');
  await page.locator('#locale').selectOption('en');
  await expect(frame.locator('cache-card-form label[for=cardNumber]')).toHaveText('Card number');
  await typeCard(page, frame);
  await clickPay(page);
  await expectSaved(page);
  await expectNoViolation();
});

// A shop whose own page runs lit has made lit's policy before the script tag's copy of lit makes it again.
test("on a page whose own lit made lit's policy first, the script tag needs 'allow-duplicates' under Trusted Types", async ({ page }) => {
  await page.route('**/own-lit.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: "trustedTypes.createPolicy('lit-html', { createHTML: (html) => html });",
    }),
  );
  const serve = (allowDuplicates: boolean) =>
    page.route('**/script-tag.html', async (route) => {
      const response = await route.fetch();
      const csp = response.headers()['content-security-policy']!;
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'content-security-policy': allowDuplicates ? `${csp} 'allow-duplicates'` : csp,
        },
        body: (await response.text()).replace('<script src="/dist/cache-card-form.js"', '<script src="/own-lit.js"></script>\n    $&'),
      });
    });
  await serve(false);
  await page.goto('/script-tag.html');
  // The script tag's lit could not make its policy: the bundle stopped there, and defined no element.
  await expect.poll(() => page.evaluate(() => document.readyState)).toBe('complete');
  expect(await page.evaluate(() => customElements.get('cache-card-form'))).toBeUndefined();

  await page.unroute('**/script-tag.html');
  await serve(true);
  const expectNoViolation = await watchPolicyViolations(page);
  const response = await page.goto('/script-tag.html');
  expectTrustedTypes(response!.headers()['content-security-policy']!, ['lit-html', 'cache-card-form', "'allow-duplicates'"]);
  await page.locator('#locale').selectOption('zh-CN');
  await expect(page.locator('cache-card-form label[for=cardNumber]')).toHaveText('卡号');
  await page.locator('#locale').selectOption('en');
  await typeCard(page, cardFields(page));
  await pay(page).click();
  await expectSaved(page);
  await expectNoViolation();
});

// A page that requires Trusted Types but left `cache-card-form` out of its list: the loader cannot make its policy,
// and the browser refuses each pack's address. The forms still render, in English.
test('under Trusted Types without the policy cache-card-form, a pack is refused and the form renders in English', async ({ page }) => {
  await page.route('**/script-tag.html', async (route) => {
    const response = await route.fetch();
    const csp = response.headers()['content-security-policy']!.replace('trusted-types lit-html cache-card-form', 'trusted-types lit-html');
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
  });
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
  });
  const response = await page.goto('/script-tag.html');
  expectTrustedTypes(response!.headers()['content-security-policy']!, ['lit-html']);
  await expect(page.locator('cache-card-form label[for=cardNumber]')).toHaveText('Card number');
  // A form the page adds later (a single-page app's route) in a language whose pack was never asked for.
  await page.evaluate(() => {
    const form = document.createElement('cache-card-form');
    form.id = 'later';
    form.lang = 'fr';
    document.body.append(form);
  });
  await expect(page.locator('#later label[for=cardNumber]')).toHaveText('Card number');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))
    .toEqual(['trusted-types', 'require-trusted-types-for']);
  // The page's own form still tokenizes.
  await typeCard(page, cardFields(page).first());
  await pay(page).click();
  await expectSaved(page);
});

test('a slow Alipay: the proxy gives up, the shopper is told, and can retry', async ({ page }) => {
  await page.goto('/script-tag.html');
  const fields = cardFields(page);
  await typeCard(page, fields, { ...CARD, number: '4000000000000259' });
  await pay(page).click();
  await expect(status(page)).toHaveText('The payment service took too long to answer. Try again.');
  await fields.locator('input[name=cardNumber]').fill('');
  await fields.locator('input[name=cardNumber]').pressSequentially(CARD.number);
  await pay(page).click();
  await expectSaved(page);
});

// In Chromium the page is asked for a dark scheme; Firefox's `firefox-dark` project starts dark by preference.
test("the form follows the shopper's dark colour scheme, inline and in the frame @dark", async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
  test.skip(
    !dark,
    `${testInfo.project.name} cannot be asked for a dark scheme (Firefox over BiDi ignores emulateMedia): the firefox-dark project checks it`,
  );
  const background = (fields: Frame | Locator) =>
    fields.locator('input[name=cardNumber]').evaluate((input) => getComputedStyle(input).backgroundColor);
  expect(await background(cardFields(page))).not.toBe('rgb(255, 255, 255)');
  await page.goto('/isolated.html');
  const frame = await cardFrame(page);
  await expect(frame.locator('input[name=cardNumber]')).toBeVisible();
  expect(await background(frame)).not.toBe('rgb(255, 255, 255)');
  // What the shopper sees between the fields, read from the screen: the frame's document and its box agree on the
  // scheme, so the page's dark background shows through, and the labels above it stay readable.
  const box = (await page.locator('cache-card-form').boundingBox())!;
  const shot = await page.screenshot({ clip: { x: box.x + box.width - 8, y: box.y + 2, width: 6, height: 6 } });
  const [red, green, blue] = await page.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const context = Object.assign(document.createElement('canvas'), { width: 6, height: 6 }).getContext('2d')!;
    context.drawImage(image, 0, 0);
    return [...context.getImageData(3, 3, 1, 1).data];
  }, shot.toString('base64'));
  expect(Math.max(red!, green!, blue!), `the frame's background, rgb(${red}, ${green}, ${blue})`).toBeLessThan(96);
});
