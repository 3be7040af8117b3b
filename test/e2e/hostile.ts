// A hostile script injected into the checkout page before anything else runs. It hooks every way a skimmer
// reads a page: input, keyboard and message events, shadow roots (forced open), input value getters, fetch,
// XMLHttpRequest, postMessage and MessagePort traffic, and every DOM node. It records all it sees.
import type { Page } from '@playwright/test';

export function hostileScript() {
  const seen: string[] = [];
  (window as unknown as { __skimmed: string[] }).__skimmed = seen;
  const record = (what: string, value: unknown) => {
    try {
      seen.push(`${what}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    } catch {
      seen.push(`${what}: [unserialisable]`);
    }
  };
  for (const type of ['input', 'change', 'keydown', 'keyup', 'keypress', 'paste', 'message', 'beforeinput', 'focusin']) {
    window.addEventListener(
      type,
      (event) => {
        const target = event.composedPath()[0] as HTMLInputElement;
        record(type, {
          key: (event as KeyboardEvent).key,
          data: (event as InputEvent).data,
          value: target?.value,
          message: (event as MessageEvent).data,
        });
      },
      true,
    );
  }
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    return attachShadow.call(this, { ...init, mode: 'open' });
  };
  const value = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  Object.defineProperty(HTMLInputElement.prototype, 'value', {
    get() {
      const v = value.get!.call(this);
      record('value', v);
      return v;
    },
    set(v) {
      value.set!.call(this, v);
    },
  });
  const realFetch = window.fetch;
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    record('fetch', { url: String(input), body: init?.body });
    return realFetch.call(this, input, init);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    record('xhr', body);
    return send.call(this, body);
  };
  const postMessage = window.postMessage;
  window.postMessage = function (this: Window, ...args: Parameters<Window['postMessage']>) {
    record('postMessage', args[0]);
    return postMessage.apply(this, args as never);
  } as Window['postMessage'];
  const portPost = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (this: MessagePort, ...args: Parameters<MessagePort['postMessage']>) {
    record('port.postMessage', args[0]);
    return portPost.apply(this, args as never);
  } as MessagePort['postMessage'];
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    set(handler: (event: MessageEvent) => void) {
      onmessage.set!.call(this, (event: MessageEvent) => {
        record('port.message', event.data);
        handler.call(this, event);
      });
    },
    get() {
      return onmessage.get!.call(this);
    },
  });
  const readAll = (root: Document | ShadowRoot) => {
    for (const node of root.querySelectorAll('*')) {
      if (node instanceof HTMLInputElement || node instanceof HTMLSelectElement) record('read', node.value);
      if (node.shadowRoot) readAll(node.shadowRoot);
      if (node instanceof HTMLIFrameElement) {
        try {
          record('frame', node.contentDocument?.documentElement.outerHTML);
        } catch {
          record('frame', 'blocked');
        }
      }
    }
    record('html', root instanceof Document ? root.documentElement.outerHTML : root.innerHTML);
  };
  setInterval(() => readAll(document), 50);
  window.addEventListener('DOMContentLoaded', () =>
    new MutationObserver(() => readAll(document)).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    }),
  );
}

/** Waits for the skimmer's next full read of the page, begun after everything that happened so far. */
export async function nextSkim(page: Page): Promise<void> {
  const from = await page.evaluate(() => (window as unknown as { __skimmed: string[] }).__skimmed.length);
  await page.waitForFunction(
    (start) => (window as unknown as { __skimmed: string[] }).__skimmed.slice(start).some((line) => line.startsWith('html: ')),
    from,
  );
}
