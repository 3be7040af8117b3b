// A skimmer for the WebKit suite: a script the test server puts first in the checkout page's <head>, so that it runs
// before any of the page's own (WebDriver has no "add init script"). It does what test/e2e/hostile.ts does for
// Playwright, and writes down everything it sees, by channel:
// - `key`, `input`, `event`: every keyboard, input, focus, form and message event, and the element's own events,
//   heard on window and on document in the capture phase (which no element can stop);
// - `message`: what the page posts and receives, on windows and MessagePorts;
// - `console`, `storage` (local and session storage, cookies), `url` (address and history), `network`;
// - `dom`: the markup of the document and of every shadow root it can reach: the open ones, and the closed ones it
//   catches by wrapping attachShadow (without changing their mode), with the value of every input and select, and
//   every iframe's address and, where the browser lets it, its document;
// - `formdata`: what each form on the page would submit;
// - `property`: the element's public properties.
// The test reads it all back through `window.__skim`.

export interface Sighting {
  channel: string;
  text: string;
}

export interface ShadowRootSeen {
  host: string;
  mode: ShadowRootMode;
  /** Whether the host's `shadowRoot` gives the root back (an open root), now. */
  reachable: boolean;
  iframes: string[];
}

export interface Skim {
  seen: Sighting[];
  /** Reads the page once more, now. */
  read(): void;
  /** Every shadow root attached on the page, in order. */
  roots(): ShadowRootSeen[];
  /** The first iframe in any shadow root the skimmer caught, open or closed. */
  frame(): HTMLIFrameElement | null;
}

export function skimmer(): void {
  const seen: Sighting[] = [];
  const once = new Set<string>();
  const stringify = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value instanceof FormData || value instanceof URLSearchParams)
      return JSON.stringify([...value.entries()].map(([k, v]) => [k, String(v)]));
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  /** Events and calls are written down each time (a key pressed twice is two keys); reads only when new. */
  const record = (channel: string, value: unknown, everyTime = true) => {
    const text = stringify(value);
    const key = `${channel}\u0000${text}`;
    if (!everyTime && once.has(key)) return;
    once.add(key);
    seen.push({ channel, text });
  };
  const describe = (element: Element) =>
    `${element.localName}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className)}` : ''}`;

  // Shadow roots: each one attached, in the mode the page asked for, kept.
  const attached: { host: Element; mode: ShadowRootMode; root: ShadowRoot }[] = [];
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    attached.push({ host: this, mode: init.mode, root });
    new MutationObserver(() => read()).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    return root;
  };
  const caught = (host: Element) => attached.find((entry) => entry.host === host)?.root;

  // Events, on window and document, capture phase.
  const KEYS = ['keydown', 'keypress', 'keyup'];
  const INPUTS = ['beforeinput', 'input', 'textInput', 'compositionend', 'change', 'paste', 'copy', 'cut', 'drop'];
  const OTHERS = ['focusin', 'focusout', 'submit', 'formdata', 'reset', 'invalid', 'message'];
  const ELEMENT = ['card-change', 'tokenized', 'tokenize-error', 'submit-request', 'ready'];
  for (const target of [window, document]) {
    for (const type of [...KEYS, ...INPUTS, ...OTHERS, ...ELEMENT]) {
      target.addEventListener(
        type,
        (event) => {
          const origin = event.composedPath()[0] as Partial<HTMLInputElement> | undefined;
          const channel = KEYS.includes(type) ? 'key' : INPUTS.includes(type) ? 'input' : type === 'message' ? 'message' : 'event';
          record(channel, {
            at: target === window ? 'window' : 'document',
            type,
            key: (event as KeyboardEvent).key,
            code: (event as KeyboardEvent).code,
            data: (event as InputEvent).data,
            clipboard: (event as ClipboardEvent).clipboardData?.getData('text'),
            value: typeof origin?.value === 'string' ? origin.value : undefined,
            detail: (event as CustomEvent).detail,
            message: (event as MessageEvent).data,
            formData: (event as FormDataEvent).formData,
          });
        },
        true,
      );
    }
  }

  // Input values, whenever a script of the page reads one.
  const value = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  Object.defineProperty(HTMLInputElement.prototype, 'value', {
    configurable: true,
    get(this: HTMLInputElement) {
      const v = value.get!.call(this) as string;
      record('dom', v, false);
      return v;
    },
    set(this: HTMLInputElement, v: string) {
      value.set!.call(this, v);
    },
  });

  // Messages: posted and received, on the window and on every MessagePort.
  const postMessage = window.postMessage;
  window.postMessage = function (this: Window, ...args: Parameters<Window['postMessage']>) {
    record('message', { posted: args[0] });
    return postMessage.apply(this, args as never);
  } as Window['postMessage'];
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (this: MessagePort, ...args: Parameters<MessagePort['postMessage']>) {
    record('message', { portPosted: args[0] });
    return portPost.apply(this, args as never);
  } as MessagePort['postMessage'];
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    set(this: MessagePort, handler: ((event: MessageEvent) => void) | null) {
      onmessage.set!.call(
        this,
        handler &&
          ((event: MessageEvent) => {
            record('message', { portReceived: event.data });
            handler.call(this, event);
          }),
      );
    },
    get(this: MessagePort) {
      return onmessage.get!.call(this) as unknown;
    },
  });
  const addListener = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (this: MessagePort, ...args: Parameters<MessagePort['addEventListener']>) {
    if (args[0] === 'message')
      addListener.call(this, 'message', (event) => record('message', { portReceived: (event as MessageEvent).data }));
    return addListener.apply(this, args as never);
  } as MessagePort['addEventListener'];

  // The console.
  for (const method of [
    'log',
    'info',
    'warn',
    'error',
    'debug',
    'trace',
    'dir',
    'dirxml',
    'table',
    'group',
    'groupCollapsed',
    'assert',
  ] as const) {
    const real = console[method] as (...args: unknown[]) => void;
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      record('console', { method, args: args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : arg)) });
      real.apply(console, args);
    };
  }

  // Storage, as it is written (and read back in full by read()).
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (this: Storage, key: string, item: string) {
    record('storage', { setItem: [key, item] });
    return setItem.call(this, key, item);
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const real = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      record('url', { [method]: [args[0], String(args[2] ?? '')] });
      return real.apply(this, args);
    };
  }

  // The network, from the page.
  const realFetch = window.fetch;
  window.fetch = function (this: Window, input: RequestInfo | URL, init?: RequestInit) {
    record('network', { fetch: String(input instanceof Request ? input.url : input), body: init?.body });
    return realFetch.call(this, input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    record('network', { xhr: String(args[1]) });
    return (open as (...a: unknown[]) => void).apply(this, args);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    record('network', { xhrBody: body });
    return send.call(this, body);
  };
  const beacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
    record('network', { beacon: String(url), data });
    return beacon(url, data);
  };

  // Everything the page holds, read in full.
  const walk = (root: Document | ShadowRoot) => {
    record('dom', root instanceof Document ? root.documentElement.outerHTML : root.innerHTML, false);
    for (const node of root.querySelectorAll('*')) {
      if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement || node instanceof HTMLTextAreaElement)
        record('dom', node instanceof HTMLInputElement ? (value.get!.call(node) as string) : node.value, false);
      if (node instanceof HTMLFormElement) {
        try {
          record('formdata', new FormData(node), false);
        } catch (error) {
          record('formdata', String(error), false);
        }
      }
      if (node.localName.includes('-')) {
        const element = node as Element & Record<string, unknown>;
        for (const name of ['value', 'cardState', 'validationMessage', 'form', 'name'])
          record('property', { [name]: name === 'form' ? (element.form as HTMLFormElement | null)?.id : element[name] }, false);
      }
      if (node instanceof HTMLIFrameElement) {
        record('dom', { iframe: node.src }, false);
        try {
          record('dom', node.contentDocument?.documentElement.outerHTML ?? 'no document', false);
        } catch (error) {
          record('dom', `iframe: ${String(error)}`, false);
        }
      }
      if (node.shadowRoot) walk(node.shadowRoot);
      const closed = caught(node);
      if (closed && closed !== node.shadowRoot) walk(closed);
    }
  };
  const read = () => {
    walk(document);
    record('storage', { local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }, false);
    record('url', { href: location.href, state: history.state as unknown }, false);
  };
  setInterval(read, 50);
  document.addEventListener('DOMContentLoaded', () => {
    read();
    new MutationObserver(read).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });

  const skim: Skim = {
    seen,
    read,
    roots: () =>
      attached.map(({ host, mode, root }) => ({
        host: describe(host),
        mode,
        reachable: host.shadowRoot === root,
        iframes: [...root.querySelectorAll('iframe')].map((iframe) => iframe.src),
      })),
    frame: () => attached.map(({ root }) => root.querySelector('iframe')).find(Boolean) ?? null,
  };
  Object.defineProperty(window, '__skim', { value: skim });
}
