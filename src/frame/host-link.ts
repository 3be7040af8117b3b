/**
 * The host's side of the isolated frame: loads it, connects over a MessageChannel posted to the frame's exact
 * origin, and turns its messages into calls. Used by `<cache-card-form isolated>`.
 */
import type { TokenizeResult } from '../card/contract.ts';
import type { TokenizeErrorCode } from '../card/errors.ts';
import { isFrameMessage, PROTOCOL, type FrameConfig, type FrameState, type HostMessage } from './protocol.ts';

export interface FrameLinkHandlers {
  ready(): void;
  state(state: FrameState): void;
  height(px: number): void;
  tokenizeError(code: TokenizeErrorCode, message: string): void;
  submitRequest(): void;
  unavailable(): void;
}

export class FrameFailure extends Error {
  constructor(
    readonly code: TokenizeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `https://pay.example/cache-card` -> `https://pay.example/cache-card/frame`. */
export function frameUrlFor(endpoint: string, base: string): URL {
  const url = new URL(endpoint, base);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/frame`;
  url.search = '';
  url.hash = '';
  return url;
}

export class FrameLink {
  /** Messages on the channel that were not of the protocol's shape: ignored. */
  ignoredMessages = 0;
  readonly url: URL;
  #port?: MessagePort;
  #iframe?: HTMLIFrameElement;
  #ready = false;
  #timer?: ReturnType<typeof setTimeout>;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve(result: TokenizeResult): void; reject(error: FrameFailure): void }>();

  constructor(
    endpoint: string,
    base: string,
    private readonly handlers: FrameLinkHandlers,
    private readonly config: () => FrameConfig,
    private readonly timeoutMs: number,
  ) {
    this.url = frameUrlFor(endpoint, base);
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** Call with the rendered iframe; safe to call again with the same one. */
  attach(iframe: HTMLIFrameElement): void {
    if (this.#iframe === iframe) return;
    this.detach();
    this.#iframe = iframe;
    iframe.addEventListener('load', this.#connect);
    this.#timer = setTimeout(() => this.#fail(), this.timeoutMs);
  }

  detach(): void {
    this.#iframe?.removeEventListener('load', this.#connect);
    this.#iframe = undefined;
    this.#port?.close();
    this.#port = undefined;
    this.#ready = false;
    clearTimeout(this.#timer);
    for (const { reject } of this.#pending.values()) reject(new FrameFailure('frame_unavailable', 'frame_unavailable'));
    this.#pending.clear();
  }

  send(message: HostMessage): void {
    this.#port?.postMessage(message);
  }

  tokenize(): Promise<TokenizeResult> {
    if (!this.#ready) return Promise.reject(new FrameFailure('frame_unavailable', 'frame_unavailable'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.send({ type: 'tokenize', id });
    });
  }

  /** Each load of the frame (first or after a reload) gets a fresh channel. */
  #connect = (): void => {
    const target = this.#iframe?.contentWindow;
    if (!target) return;
    this.#port?.close();
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#port.onmessage = (event) => this.#receive(event.data);
    // The exact origin: if anything else has loaded in the frame, the message is simply not delivered.
    target.postMessage({ type: 'connect', protocol: PROTOCOL, config: this.config() } satisfies HostMessage, this.url.origin, [channel.port2]);
  };

  #receive(data: unknown): void {
    if (!isFrameMessage(data)) {
      this.ignoredMessages++;
      return;
    }
    switch (data.type) {
      case 'ready':
        this.#ready = true;
        clearTimeout(this.#timer);
        return this.handlers.ready();
      case 'state':
        return this.handlers.state(data.state);
      case 'height':
        return this.handlers.height(data.px);
      case 'tokenize-error':
        return this.handlers.tokenizeError(data.code, data.message);
      case 'submit-request':
        return this.handlers.submitRequest();
      case 'tokenized':
      case 'tokenize-failed': {
        const pending = this.#pending.get(data.id);
        if (!pending) return void this.ignoredMessages++;
        this.#pending.delete(data.id);
        if (data.type === 'tokenized') pending.resolve({ cardToken: data.result.cardToken, mask: data.result.mask });
        else pending.reject(new FrameFailure(data.code, data.message));
      }
    }
  }

  #fail(): void {
    if (this.#ready) return;
    this.handlers.unavailable();
  }
}
