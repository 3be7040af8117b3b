/**
 * Isolated mode: the inputs live in a frame the proxy serves from its own origin (`<endpoint>/frame`). This side
 * loads the frame, connects over a MessageChannel posted to the frame's exact origin, passes on the element's
 * settings and theme, and hears back only non-sensitive state and, at the end, `{ cardToken, mask }`.
 *
 * The frame sits in a closed shadow root of its own, so no page script finds the iframe by querying the DOM (one
 * that wraps the DOM methods called on it can still catch it); its address is checked again before every
 * tokenization, and a frame that loads anew is not trusted until it has connected again. A proxy on the page's own origin is refused: its frame would share the
 * page's origin, and page scripts could read the card through `contentDocument`.
 */
import type { TokenizeResult } from '../card/contract.ts';
import type { FormPropertyValues } from '../card/form-properties.ts';
import { FRAME_PROPERTIES } from '../card/form-properties.ts';
import {
  isFrameMessage,
  PROTOCOL,
  type FrameConfig,
  type FrameMessage,
  type FrameState,
  type HostMessage,
} from '../card/frame-protocol.ts';
import { HOST_ENGLISH } from '../card/host-english.ts';
import type { CardState } from './card-entry.ts';
import { EMPTY_CARD_STATE, type CardMode, type ModeHost, type ModeValidity } from './card-mode.ts';
import type { ChangedProperties } from './reactive-element.ts';
import { frameStyleSheet, hostStyleSheet, THEME_PROPERTIES } from './styles.ts';
import { proxyUrl, TokenizeFailure } from './transport.ts';

/** One load of the frame: its URL, its channel once connected, and the tokenizations under way. */
class FrameLink {
  readonly url: URL;
  port?: MessagePort;
  iframe?: HTMLIFrameElement;
  ready?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  nextId = 1;
  readonly pending = new Map<number, { resolve(result: TokenizeResult): void; reject(error: TokenizeFailure): void }>();

  constructor(endpoint: string) {
    this.url = proxyUrl(endpoint, 'frame');
  }

  /** Fails the tokenizations under way: the frame that was asked for them will not answer. */
  failPending(): void {
    for (const { reject } of this.pending.values()) reject(new TokenizeFailure('frame_unavailable'));
    this.pending.clear();
  }
}

export class IsolatedMode implements CardMode {
  static readonly english = HOST_ENGLISH;
  /**
   * Shows `text` as the alert that the frame is unavailable, after the frame's box, or takes it away (`null`); kept
   * in place while it shows, so that it is announced once.
   */
  static alert(root: ShadowRoot, text: string | null): void {
    let alert = root.querySelector<HTMLElement>('.frame-error');
    if (text === null) return alert?.remove();
    if (!alert) {
      alert = root.appendChild(document.createElement('p'));
      alert.className = 'frame-error';
      alert.part = 'frame-error';
      alert.role = 'alert';
    }
    alert.textContent = text;
  }

  #link?: FrameLink;
  /** Counts down `frame-timeout` while the form has no `endpoint`. */
  #noEndpoint?: ReturnType<typeof setTimeout>;
  #state?: FrameState;
  #failed?: boolean;
  #lastConfig?: string;
  readonly #heightSheet = new CSSStyleSheet();
  /** The closed shadow root the frame lives in, on a box of the element's own (open) root. */
  #frameRoot?: ShadowRoot;
  /** Whether the frame has the focus, as the element last said with `focus` and `blur`. */
  #focused = false;

  /** The element: a private field, which the minifier shortens (a `host` property it cannot). */
  readonly #host: ModeHost;

  constructor(host: ModeHost) {
    this.#host = host;
    host.renderRoot.adoptedStyleSheets = [hostStyleSheet()];
  }

  get state(): CardState {
    const state = this.#state as Partial<CardState> | undefined;
    // The card state's keys, in its order, from the frame's. Its state has been checked (isFrameMessage): `networks`
    // is an array or missing, `network` null or missing, and the others are there and never null but as in the empty one.
    return state
      ? (Object.fromEntries(
          Object.entries(EMPTY_CARD_STATE).map(([key, none]) => [key, state[key as keyof CardState] ?? none]),
        ) as unknown as CardState)
      : EMPTY_CARD_STATE;
  }

  get ready(): boolean {
    return !!this.#link?.ready;
  }

  get empty(): boolean {
    return this.#state?.empty ?? true;
  }

  get showsErrors(): boolean {
    return this.#state?.showsErrors ?? false;
  }

  get unavailable(): boolean {
    return !!this.#failed;
  }

  update(changed: ChangedProperties<FormPropertyValues>): void {
    if (changed.has('isolated') || changed.has('endpoint') || changed.has('frameTimeout')) this.disconnect();
    const { endpoint, frameTimeout } = this.#host.element;
    // A page may give the address a moment late (a framework after hydration), but not never: a form with none by
    // `frame-timeout` says it is unavailable, as one whose frame does not connect.
    if (!endpoint)
      return void (this.#noEndpoint ??= setTimeout(() => {
        console.error('<cache-card-form isolated>: no endpoint');
        this.#unavailable();
      }, frameTimeout || 10_000));
    // (A new endpoint went through disconnect() above, which stopped that count.)
    if (this.#link || this.#failed) return;
    const link = new FrameLink(endpoint);
    if (link.url.origin === location.origin) {
      console.error(
        `<cache-card-form isolated>: the proxy (${link.url.origin}) is on this page's own origin: its frame would isolate nothing`,
      );
      return void this.#unavailable();
    }
    // The frame's settings ride in its address's fragment (never sent to any server), so that it renders as this
    // element asks before the two have connected. Each value is written as it is, not as its `toJSON` says: a page's
    // Prototype.js 1.6 gives arrays one that makes them JSON text, which the frame would refuse.
    link.url.hash = encodeURIComponent(
      JSON.stringify(this.#config(), function (this: Record<string, unknown>, key) {
        return this[key];
      }),
    );
    this.#link = link;
  }

  /** The frame's box with the frame in its closed root, and after the box the alert when the frame failed. */
  render(): void {
    const root = this.#host.renderRoot;
    let box = root.querySelector('.frame-box');
    if (!box) {
      box = document.createElement('div');
      box.className = 'frame-box';
      box.setAttribute('exportparts', 'frame');
      root.prepend(box);
    }
    if (!this.#frameRoot || this.#frameRoot.host !== box) {
      // delegatesFocus: the box, which page scripts can see, passes focus (and validity's anchor) to the frame.
      this.#frameRoot = box.attachShadow({ mode: 'closed', delegatesFocus: true });
      this.#frameRoot.adoptedStyleSheets = [frameStyleSheet(), this.#heightSheet];
    }
    const link = this.#link;
    let iframe = this.#frameRoot.querySelector('iframe');
    if (!link) iframe?.remove();
    else {
      if (!iframe) {
        iframe = document.createElement('iframe');
        iframe.part = 'frame';
        iframe.referrerPolicy = 'no-referrer';
      }
      // Set before the frame is placed (it loads as it is inserted), and again when the endpoint changes.
      if (iframe.getAttribute('src') !== link.url.href) iframe.setAttribute('src', link.url.href);
      iframe.title = this.#host.t('frame.title');
      if (!iframe.isConnected) this.#frameRoot.append(iframe);
      this.#attach(link, iframe);
    }
    IsolatedMode.alert(root, this.#failed ? this.#host.t('error.frame_unavailable') : null);
  }

  remove(): void {
    this.#host.renderRoot.querySelector('.frame-box')?.remove();
    IsolatedMode.alert(this.#host.renderRoot, null);
    this.#frameRoot = undefined;
  }

  updated(): void {
    this.#pushConfig();
  }

  async tokenize(): Promise<TokenizeResult> {
    const link = this.#link;
    // The frame must still be the one this element loaded, at the address it loaded it from.
    if (!link?.ready || !link.iframe?.isConnected || link.iframe.getAttribute('src') !== link.url.href) throw this.#unavailable();
    const { element } = this.#host;
    this.#host.setBusy(true);
    // The frame answers within its own deadline. One that does not (it went away, and what took its place never
    // finished loading) is given its load time again, and then taken as gone until it connects again, so that what
    // is asked of it next fails at once. (At most setTimeout's own limit, past which a timer fires at once.)
    const deadline = setTimeout(
      () => {
        link.ready = false;
        link.failPending();
      },
      Math.min(2 ** 31 - 1, (element.timeout || 15_000) + (element.frameTimeout || 10_000)),
    );
    try {
      const id = link.nextId++;
      return await new Promise<TokenizeResult>((resolve, reject) => {
        link.pending.set(id, { resolve, reject });
        this.#send({ type: 'tokenize', id });
      });
    } catch (error) {
      // The frame has already shown the failure to the shopper and sent its tokenize-error on.
      if (error instanceof TokenizeFailure && error.code !== 'frame_unavailable') throw error;
      // A frame this element has let go of since (it was moved, or given another endpoint) says nothing of the
      // frame it loads next: that one is not marked failed.
      throw this.#unavailable(link === this.#link);
    } finally {
      clearTimeout(deadline);
      this.#host.setBusy(false);
    }
  }

  reset(): void {
    this.#send({ type: 'reset' });
  }

  focus(options?: FocusOptions): void {
    this.#link?.iframe?.focus(options);
    this.#send({ type: 'focus' });
  }

  showErrors(): void {
    this.#send({ type: 'report-validity' });
  }

  /**
   * Validity from the frame's state, anchored on the frame's box: a browser does not report a control whose anchor
   * it cannot reach, and the frame itself is in a closed shadow root. The box hands focus on to the frame.
   */
  validity(): ModeValidity | null {
    const anchor = this.#frameRoot?.host as HTMLElement | undefined;
    if (!this.#link?.iframe) return null;
    if (!anchor) return null;
    const { t } = this.#host;
    const state = this.#state;
    return {
      anchor: anchor!,
      required: state?.validationMessage || t('cardNumber.required'),
      problem: state?.complete ? null : state?.validationMessage || t('error.invalid_card'),
    };
  }

  /** Drops the frame's channel; a later update loads it again. */
  disconnect(): void {
    const link = this.#link;
    this.#link = undefined;
    this.#state = undefined;
    this.#lastConfig = '';
    this.#failed = false;
    clearTimeout(this.#noEndpoint);
    this.#noEndpoint = undefined;
    this.#listen(removeEventListener);
    if (!link) return;
    // Its frame goes with it: the next link loads a frame of its own. Given its src again before another endpoint's
    // frame had loaded (A, B, A again), the old one only scrolled to its fragment, and never loaded or connected.
    link.iframe?.removeEventListener('load', this.#connect);
    link.iframe?.remove();
    link.port?.close();
    clearTimeout(link.timer);
    link.failPending();
  }

  #attach(link: FrameLink, iframe: HTMLIFrameElement): void {
    if (link.iframe === iframe) return;
    link.iframe?.removeEventListener('load', this.#connect);
    link.iframe = iframe;
    iframe.addEventListener('load', this.#connect);
    this.#listen(addEventListener);
    this.#expectReady(link);
  }

  /** Listens to this window (`addEventListener`) for the frame's early height and focus moving in and out, or stops. */
  #listen(method: typeof addEventListener): void {
    method('message', this.#early);
    method('blur', this.#focusMoved);
    method('focus', this.#focusMoved);
  }

  /** The frame has `frame-timeout` to connect, when first placed and on every load after it has connected; else it fails. */
  #expectReady(link: FrameLink): void {
    clearTimeout(link.timer);
    link.timer = setTimeout(() => {
      if (!link.ready) this.#unavailable();
    }, this.#host.element.frameTimeout || 10_000);
  }

  /**
   * Focus going into the frame blurs this window, and coming back focuses it, while the element itself hears
   * nothing: it fires `focus` and `blur` itself, as the inputs inline make it fire them. Read a task later: Firefox
   * blurs the window before it moves its active element to the frame.
   */
  #focusMoved = (): void =>
    void setTimeout(() => {
      const focused = !!this.#frameRoot?.activeElement;
      if (focused === this.#focused) return;
      this.#focused = focused;
      this.#host.element.dispatchEvent(new FocusEvent(focused ? 'focus' : 'blur'));
    });

  /** Each load of the frame (first or after a reload) gets a fresh channel. */
  #connect = (): void => {
    const link = this.#link;
    const target = link?.iframe?.contentWindow;
    if (!link || !target) return;
    // A frame that loads anew (reloaded, or navigated away) is trusted again only once it has connected again,
    // within `frame-timeout` as on its first load, and what was asked of the frame before will not be answered.
    // The element is no longer `:state(ready)` until then, and fires `ready` again when it is.
    if (link.ready) {
      this.#expectReady(link);
      this.#host.requestUpdate();
    }
    link.ready = false;
    link.port?.close();
    link.failPending();
    const channel = new MessageChannel();
    link.port = channel.port1;
    // Messages not of the protocol's shape are ignored (the frame counts what it ignores; nothing reads a count here).
    link.port.onmessage = (event) => isFrameMessage(event.data) && this.#handle(link, event.data);
    // The exact origin: if anything else has loaded in the frame, the message is simply not delivered.
    target.postMessage({ type: 'connect', protocol: PROTOCOL, config: this.#config() } satisfies HostMessage, link.url.origin, [
      channel.port2,
    ]);
  };

  /**
   * The frame's height before it has connected, posted to this window: taken only from the window of the frame
   * this element loaded, from its origin, and only a height. It shows the form while the two connect.
   */
  #early = (event: MessageEvent): void => {
    const link = this.#link;
    if (!link?.iframe || event.source !== link.iframe.contentWindow || event.origin !== link.url.origin) return;
    if (isFrameMessage(event.data) && event.data.type === 'height') this.#handle(link, event.data);
  };

  #handle(link: FrameLink, message: FrameMessage): void {
    const host = this.#host;
    switch (message.type) {
      case 'ready':
        link.ready = true;
        clearTimeout(link.timer);
        this.#failed = false;
        this.#lastConfig = '';
        return host.requestUpdate();
      case 'state':
        if (!message.state.empty) host.cardChanged();
        this.#state = message.state;
        return host.requestUpdate();
      case 'height':
        return this.#heightSheet.replaceSync(`iframe{block-size:${message.px}px}`);
      case 'tokenize-error':
        return host.fire('tokenize-error', { code: message.code, message: message.message });
      case 'submit-request':
        return host.submitRequested();
      case 'tokenized':
      case 'tokenize-failed': {
        const pending = link.pending.get(message.id);
        if (!pending) return;
        link.pending.delete(message.id);
        // The result has been checked (isFrameMessage): a token, a mask, and nothing else.
        if (message.type === 'tokenized') pending.resolve(message.result);
        else pending.reject(new TokenizeFailure(message.code, message.message));
      }
    }
  }

  /** The frame did not load or answer: say so to the page, and (`failed`) where the form should be. */
  #unavailable(failed = true): TokenizeFailure {
    const message = this.#host.t('error.frame_unavailable');
    if (!this.#failed) {
      this.#failed = failed;
      this.#host.requestUpdate();
      this.#host.fire('tokenize-error', { code: 'frame_unavailable', message });
    }
    return new TokenizeFailure('frame_unavailable', message);
  }

  #send(message: HostMessage): void {
    this.#link?.port?.postMessage(message);
  }

  #config(): FrameConfig {
    const { element } = this.#host;
    const config = Object.fromEntries(FRAME_PROPERTIES.map((name) => [name, element[name]])) as Omit<FrameConfig, 'theme'>;
    return {
      ...config,
      locale: this.#host.locale(),
      disabled: this.#host.isInactive(),
      timeout: element.timeout || 15_000,
      messages: Object.fromEntries(Object.entries(element.messages ?? {}).filter(([, value]) => typeof value === 'string')),
      theme: this.#theme(),
      explicit: FRAME_PROPERTIES.filter((name) => this.#host.isSet(name)),
    };
  }

  #pushConfig(): void {
    if (!this.#link?.ready) return;
    const config = this.#config();
    const text = JSON.stringify(config);
    if (text === this.#lastConfig) return;
    this.#lastConfig = text;
    this.#send({ type: 'config', config });
  }

  /**
   * The allowed custom properties as this element sees them, and the page's font and colour where none is
   * set, so the frame looks like the page around it. The frame takes only the values it finds safe
   * (`isSafeThemeValue`: nothing that loads or refers elsewhere), so they are not checked here too; only their
   * length is, as the frame refuses a config with an over-long value whole.
   */
  #theme(): Record<string, string> {
    const style = getComputedStyle(this.#host.element);
    // What the element inherits, for the first three (font family, font size, text colour).
    const inherited = [style.fontFamily, style.fontSize, style.color];
    const theme: Record<string, string> = {};
    THEME_PROPERTIES.forEach((name, i) => {
      // The page's own value, else (for the font and the colour) the one the element inherits.
      const value = [style.getPropertyValue(name).trim(), inherited[i]].find((v) => v && v.length <= 200);
      if (value) theme[name] = value;
    });
    return theme;
  }
}
