// Checkout pages whose other scripts have changed the built-ins before the form's script loads, as old libraries and
// monitoring agents do on real merchant pages: the shipped bundles (script-tag pages), inline and isolated, a card
// typed with the keyboard and tokenized through the real proxy and simulator. Each alteration below copies what
// the library does to the built-ins the form could meet; none is the library itself.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page, type Route } from '@playwright/test';
import { CARD, cardFields, cardFrame, clickPay, typeCard } from './shopper.ts';

type Sent = { url: string; body: string }[];

/**
 * Prototype.js 1.6.1: `Array.from` is its `$A` (no map function; a Set or iterator gives []), `Object.keys` and
 * `Object.values` walk `for…in`, `Function#bind` is its own, arrays get Enumerable's methods by plain assignment
 * (enumerable: every `for…in` over an array meets them) with `map`, `filter`, `find`, `every`, `some` and `entries`
 * replaced, `reduce` returns the array or its one item, and arrays, strings and numbers get a `toJSON` that
 * returns JSON text: `JSON.stringify([1])` gives `"[1]"`, a string.
 */
function prototypeJs() {
  const $break = {};
  const isUndefined = (value: unknown) => typeof value === 'undefined';
  const objectToJSON = (object: unknown): string | undefined => {
    if (object === undefined || typeof object === 'function') return undefined;
    if (typeof object === 'boolean') return String(object);
    if (object === null) return 'null';
    const self = Object(object) as { toJSON?: () => string };
    if (typeof self.toJSON === 'function') return self.toJSON();
    const results: string[] = [];
    for (const property in object as object) {
      const value = objectToJSON((object as Record<string, unknown>)[property]);
      if (!isUndefined(value)) results.push(`${objectToJSON(property)}: ${value}`);
    }
    return `{${results.join(', ')}}`;
  };
  const assign = (target: object, source: object) => {
    for (const name in source) (target as Record<string, unknown>)[name] = (source as Record<string, unknown>)[name];
  };
  const K = (value: unknown) => value;
  type Iterator = (value: unknown, index: number) => unknown;
  const each = function (this: unknown[], iterator: Iterator, context?: unknown) {
    let index = 0;
    try {
      for (let i = 0, length = this.length; i < length; i++) iterator.call(context, this[i], index++);
    } catch (error) {
      if (error !== $break) throw error;
    }
    return this;
  };
  const collect = function (this: unknown[], iterator?: Iterator, context?: unknown) {
    const results: unknown[] = [];
    each.call(this, (value, index) => results.push((iterator ?? K).call(context, value, index)));
    return results;
  };
  const findAll = function (this: unknown[], iterator: Iterator, context?: unknown) {
    const results: unknown[] = [];
    each.call(this, (value, index) => iterator.call(context, value, index) && results.push(value));
    return results;
  };
  const detect = function (this: unknown[], iterator: Iterator, context?: unknown) {
    let result;
    each.call(this, (value, index) => {
      if (iterator.call(context, value, index)) {
        result = value;
        throw $break;
      }
    });
    return result;
  };
  const all = function (this: unknown[], iterator?: Iterator, context?: unknown) {
    let result = true;
    each.call(this, (value, index) => {
      result = result && !!(iterator ?? K).call(context, value, index);
      if (!result) throw $break;
    });
    return result;
  };
  const any = function (this: unknown[], iterator?: Iterator, context?: unknown) {
    let result = false;
    each.call(this, (value, index) => {
      if ((result = !!(iterator ?? K).call(context, value, index))) throw $break;
    });
    return result;
  };
  const toArray = function (this: unknown[]) {
    return collect.call(this);
  };
  const include = function (this: unknown[], object: unknown) {
    // Prototype compares loosely, as here.
    // eslint-disable-next-line eqeqeq
    return any.call(this, (value) => value == object);
  };
  assign(Array.prototype, {
    each,
    collect,
    map: collect,
    detect,
    find: detect,
    findAll,
    select: findAll,
    filter: findAll,
    all,
    every: all,
    any,
    some: any,
    include,
    member: include,
    toArray,
    entries: toArray,
    inspect(this: unknown[]) {
      return `[${collect.call(this, (value) => String(value)).join(', ')}]`;
    },
    first(this: unknown[]) {
      return this[0];
    },
    last(this: unknown[]) {
      return this[this.length - 1];
    },
    compact(this: unknown[]) {
      return findAll.call(this, (value) => value != null);
    },
    size(this: unknown[]) {
      return this.length;
    },
    reduce(this: unknown[]) {
      return this.length > 1 ? this : this[0];
    },
    toJSON(this: unknown[]) {
      const results: string[] = [];
      each.call(this, (object) => {
        const value = objectToJSON(object);
        if (!isUndefined(value)) results.push(value!);
      });
      return `[${results.join(', ')}]`;
    },
  });
  assign(String.prototype, {
    toJSON() {
      return `"${String(this).replace(/[\\"]/g, '\\$&')}"`;
    },
    startsWith(pattern: string) {
      return String(this).indexOf(pattern) === 0;
    },
    strip() {
      return String(this).trim();
    },
  });
  assign(Number.prototype, {
    toJSON() {
      return Number.isFinite(Number(this)) ? String(this) : 'null';
    },
  });
  Array.from = function $A(iterable: { length?: number; toArray?: () => unknown[] } & Record<number, unknown>) {
    if (!iterable) return [];
    if ('toArray' in Object(iterable)) return iterable.toArray!();
    let length = iterable.length || 0;
    const results = new Array(length);
    while (length--) results[length] = iterable[length];
    return results;
  } as typeof Array.from;
  Object.keys = (object: object) => {
    const results: string[] = [];
    for (const property in object) results.push(property);
    return results;
  };
  Object.values = (object: Record<string, unknown>) => {
    const results: unknown[] = [];
    for (const property in object) results.push(object[property]);
    return results;
  };
  Function.prototype.bind = function (this: (...args: unknown[]) => unknown, object: unknown, ...curried: unknown[]) {
    if (arguments.length < 2 && isUndefined(object)) return this;
    return (...args: unknown[]) => this.apply(object, [...curried, ...args]);
  } as typeof Function.prototype.bind;
}

/**
 * MooTools and a site script of the same age: enumerable methods on arrays, strings and functions, 1.2's own
 * `Function#bind(object, argsArray)`, 1.3 to 1.5's own `Array.from` (no map function; anything with a length is
 * sliced, so `{ length: 3 }` gives three holes), and enumerable properties on `Object.prototype`, which every
 * `for…in` meets.
 */
function mooToolsAndObjectPrototype() {
  Array.from = function (item: unknown) {
    if (item == null) return [];
    const enumerable = typeof (item as { length?: unknown }).length === 'number' && typeof item !== 'function';
    if (!enumerable || typeof item === 'string') return [item];
    return Array.isArray(item) ? item : Array.prototype.slice.call(item);
  } as typeof Array.from;
  const implement = (target: object, methods: Record<string, unknown>) => {
    for (const name in methods) (target as Record<string, unknown>)[name] = methods[name];
  };
  implement(Array.prototype, {
    each(this: unknown[], fn: (value: unknown, index: number) => void) {
      for (let i = 0; i < this.length; i++) fn(this[i], i);
    },
    contains(this: unknown[], item: unknown) {
      return this.indexOf(item) !== -1;
    },
    include(this: unknown[], item: unknown) {
      if (this.indexOf(item) === -1) this.push(item);
      return this;
    },
    getLast(this: unknown[]) {
      return this.length ? this[this.length - 1] : null;
    },
    clean(this: unknown[]) {
      return this.filter((value) => value != null);
    },
    $family: { name: 'array' },
  });
  implement(String.prototype, {
    contains(this: string, text: string) {
      return this.indexOf(text) > -1;
    },
    $family: { name: 'string' },
  });
  implement(Function.prototype, {
    bind(this: (...args: unknown[]) => unknown, object: unknown, args?: unknown) {
      return (...more: unknown[]) => this.apply(object, args === undefined ? more : ([] as unknown[]).concat(args));
    },
    $family: { name: 'function' },
  });
  implement(Object.prototype, {
    extend(this: object, source: object) {
      return Object.assign(this, source);
    },
    each(this: Record<string, unknown>, fn: (value: unknown, key: string) => void) {
      for (const key of Object.keys(this)) fn(this[key], key);
    },
  });
}

/**
 * A real-user-monitoring agent and an error tracker: `fetch`, XMLHttpRequest, `addEventListener` (each listener
 * wrapped, and unwrapped again for `removeEventListener`), `history.pushState` and `console.*` wrapped. The wrapped
 * `fetch` and XMLHttpRequest keep every body the page sends in `window.__sent`.
 */
function monitoringAgent() {
  const sent: Sent = [];
  Object.assign(window, { __sent: sent });
  const text = (body: unknown) => (typeof body === 'string' ? body : body == null ? '' : String(body));
  const realFetch = window.fetch;
  window.fetch = function fetch(input: RequestInfo | URL, init?: RequestInit) {
    sent.push({ url: input instanceof Request ? input.url : String(input), body: text(init?.body) });
    return realFetch.call(this, input, init).then((response) => response);
  };
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest & { url?: string }, ...args: unknown[]) {
    this.url = String(args[1]);
    return (open as (...args: unknown[]) => void).apply(this, args);
  };
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest & { url?: string }, body) {
    sent.push({ url: this.url ?? '', body: text(body) });
    return send.call(this, body);
  };
  const wrapped = new WeakMap<object, EventListener>();
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (typeof listener !== 'function') return addEventListener.call(this, type, listener, options);
    let wrapper = wrapped.get(listener);
    if (!wrapper) {
      wrapper = function (this: unknown, event: Event) {
        try {
          return listener.call(this, event);
        } catch (error) {
          sent.push({ url: 'error-tracker', body: String(error) });
          throw error;
        }
      };
      wrapped.set(listener, wrapper);
    }
    return addEventListener.call(this, type, wrapper, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    return removeEventListener.call(this, type, (listener && wrapped.get(listener)) || listener, options);
  };
  const { pushState, replaceState } = history;
  history.pushState = (...args) => pushState.apply(history, args);
  history.replaceState = (...args) => replaceState.apply(history, args);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const real = console[level];
    console[level] = (...args: unknown[]) => {
      sent.push({ url: `console.${level}`, body: args.map(String).join(' ') });
      real.apply(console, args);
    };
  }
}

/**
 * Polyfills that replace what the browser has: `window.Promise` another class (as Bluebird, or es6-promise's
 * `polyfill()` and core-js when they judge the native one wanting: `fetch` and `async` functions still give the
 * browser's own promises), `structuredClone` through JSON, and an old `CustomEvent` polyfill (IE's,
 * `document.createEvent`, no `composed`) loaded unconditionally.
 */
function polyfills() {
  const NativePromise = Promise;
  class LibraryPromise<T> extends NativePromise<T> {}
  Object.assign(window, { Promise: LibraryPromise });
  window.structuredClone = ((value: unknown) => JSON.parse(JSON.stringify(value)) as unknown) as typeof structuredClone;
  function CustomEvent(type: string, params?: CustomEventInit) {
    const event = document.createEvent('CustomEvent');
    event.initCustomEvent(type, !!params?.bubbles, !!params?.cancelable, params?.detail);
    return event;
  }
  CustomEvent.prototype = Event.prototype;
  Object.assign(window, { CustomEvent });
}

/**
 * A scoped custom element registry polyfill's hold on the registry: `customElements.define` and `get` wrapped,
 * `attachShadow` wrapped to take (and drop) a `registry` option.
 */
function wrappedRegistry() {
  const registry = window.customElements;
  const { define, get } = registry;
  const defined: string[] = [];
  Object.assign(window, { __defined: defined });
  registry.define = function (name, constructor, options) {
    defined.push(name);
    return define.call(this, name, constructor, options);
  };
  registry.get = function (name) {
    return get.call(this, name);
  };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init: ShadowRootInit & { registry?: unknown }) {
    const { registry: _, ...rest } = init;
    return attachShadow.call(this, rest);
  };
}

/**
 * zone.js itself (Angular's change detection before zoneless): `window.Promise` its ZoneAwarePromise, and timers,
 * `fetch`, XMLHttpRequest, listeners, MutationObserver and `customElements.define` patched. (The Angular app of the
 * framework tests is zoneless.)
 */
const zoneJs = readFileSync(createRequire(import.meta.url).resolve('zone.js'), 'utf8');

const ALTERATIONS: { name: string; script: string | (() => void); took: () => boolean }[] = [
  { name: 'Prototype.js 1.6', script: prototypeJs, took: () => typeof (Array.prototype as { toJSON?: unknown }).toJSON === 'function' },
  {
    name: 'MooTools and an extended Object.prototype',
    script: mooToolsAndObjectPrototype,
    took: () => 'extend' in {} && Array.from({ length: 1 }, () => 1)[0] !== 1,
  },
  {
    name: 'a monitoring agent wrapping fetch, XMLHttpRequest, listeners, history and console',
    script: monitoringAgent,
    took: () => !/\[native code\]/.test(String(window.fetch)),
  },
  {
    name: 'polyfills replacing Promise, structuredClone and CustomEvent',
    script: polyfills,
    took: () => !((async () => undefined)() instanceof Promise) && !/\[native code\]/.test(String(CustomEvent)),
  },
  {
    name: 'a scoped registry polyfill wrapping customElements and attachShadow',
    script: wrappedRegistry,
    took: () => (window as unknown as { __defined: string[] }).__defined.includes('cache-card-form'),
  },
  { name: 'zone.js', script: zoneJs, took: () => 'Zone' in window && String(Promise).includes('ZoneAwarePromise') },
];

// A JCB card: its lengths are a range (16 to 19 digits), the brand table's one use of Array.from.
const JCB = { ...CARD, number: '3530111333300000' };
const JCB_MASK = '353011******0000';

/**
 * Alters the checkout page's globals before any of its scripts run, and only the page's: Playwright runs init scripts
 * in every frame, and the card frame, on the proxy's origin, is out of the page's scripts' reach.
 */
const alter = (page: Page, script: string | (() => void)) =>
  page.addInitScript(`if (window === top) {${typeof script === 'string' ? script : `(${script.toString()})();`}\n}`);

/** The errors the page's scripts throw and do not catch: none, on a page whose scripts work. */
function uncaught(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.message}\n${error.stack ?? ''}`));
  return errors;
}

/** Every body the page's monitoring agent saw leave, or none when this page has no agent. */
const sentByPage = (page: Page) => page.evaluate(() => (window as unknown as { __sent?: Sent }).__sent ?? []);

async function expectSaved(page: Page) {
  await expect(page.locator('#outcome')).toBeVisible();
  await expect(page.locator('#token')).toHaveText(/^PYMT[0-9a-f]{32}$/);
  await expect(page.locator('#mask')).toHaveText(JCB_MASK);
}

for (const { name, script, took } of ALTERATIONS) {
  test.describe(`a page altered by ${name}`, () => {
    test('inline: the card typed is saved, and the proxy got the contract', async ({ page }) => {
      const errors = uncaught(page);
      await alter(page, script);
      // The page's own record of what it sends (an agent of its own where the alteration brings none).
      if (script !== monitoringAgent) await alter(page, monitoringAgent);
      // The proxy's policy answers late, as over a slow network: the card is typed while its request is under way.
      const held: Route[] = [];
      await page.route('**/cache-card/policy', (route) => void held.push(route));
      await page.goto('/script-tag.html');
      expect(await page.evaluate(took)).toBe(true);
      await expect.poll(() => held.length, { message: 'the form asks for the policy' }).toBe(1);
      await typeCard(page, cardFields(page), JCB);
      await held[0]!.continue();
      await clickPay(page);
      await expectSaved(page);
      expect(errors).toEqual([]);
      // Inline, the page's scripts see the request to the proxy (README, "Inline or isolated"): it is the contract's.
      const toProxy = (await sentByPage(page)).filter((request) => new URL(request.url, page.url()).pathname === '/cache-card');
      expect(toProxy).toHaveLength(1);
      const body = JSON.parse(toProxy[0]!.body) as { paymentMethodDetail: { card: Record<string, unknown> } };
      expect(body).toEqual({
        paymentMethodDetail: {
          paymentMethodDetailType: 'card',
          card: {
            cardNo: JCB.number,
            brand: 'JCB',
            securityCode: JCB.code,
            expiryMonth: '12',
            expiryYear: '2034',
            instUserName: { firstName: JCB.first, lastName: JCB.last },
            billingAddress: { region: 'GB', city: JCB.city, zipCode: JCB.postal, address1: JCB.line1 },
          },
        },
      });
    });

    test('isolated: the card typed in the frame is saved, and the page sees none of it', async ({ page }) => {
      const errors = uncaught(page);
      await alter(page, script);
      if (script !== monitoringAgent) await alter(page, monitoringAgent);
      await page.goto('/isolated-script-tag.html');
      const frame = await cardFrame(page);
      expect(await page.evaluate(took)).toBe(true);
      // The settings the host put in the frame's address are of the protocol's shape, as the frame reads them.
      const config = JSON.parse(decodeURIComponent(new URL(frame.url()).hash.slice(1))) as { explicit: unknown; theme: unknown };
      expect(Array.isArray(config.explicit)).toBe(true);
      expect(typeof config.theme).toBe('object');
      await typeCard(page, frame, JCB);
      await clickPay(page);
      await expectSaved(page);
      expect(errors).toEqual([]);
      // The host sends nothing to the proxy: the frame does, from its own origin.
      const sent = await sentByPage(page);
      expect(sent.filter((request) => request.url.includes('/cache-card'))).toEqual([]);
      const seen = JSON.stringify(sent);
      for (const secret of [JCB.number, JCB.number.slice(0, 8), 'securityCode', JCB.last]) expect(seen).not.toContain(secret);
    });
  });
}
