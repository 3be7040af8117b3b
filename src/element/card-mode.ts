/**
 * The two ways `<cache-card-form>` holds a card: inline (the inputs in its own shadow root) and isolated (the
 * inputs in a frame from the proxy's origin). The element owns the properties, the form value, validity and the
 * public API; a mode owns the inputs and says what they hold, never the values.
 */
import type { TokenizeResult } from '../card/contract.ts';
import type { FormPropertyValues } from '../card/form-properties.ts';
import type { MessageKey, Messages } from '../card/messages.ts';
import type { CardState } from './card-entry.ts';
import type { CardFormEventMap } from './events.ts';
import type { ChangedProperties } from './reactive-element.ts';

/** What a mode may use of its element. */
export interface ModeHost {
  readonly element: HTMLElement & FormPropertyValues;
  readonly renderRoot: ShadowRoot;
  /** Disabled by its own attribute or by a disabled fieldset. */
  isInactive(): boolean;
  isBusy(): boolean;
  setBusy(busy: boolean): void;
  /** Resolves once the element has rendered what is pending. */
  afterUpdate(): Promise<unknown>;
  /** A function the inline mode hands on to its field set as it is, as it does `requestUpdate`. */
  readonly t: (key: MessageKey, values?: Record<string, string | number>) => string;
  locale(): string;
  /** Whether the page set a property, rather than leaving it at its default. */
  isSet(name: keyof FormPropertyValues): boolean;
  readonly requestUpdate: () => void;
  fire<K extends keyof CardFormEventMap>(type: K, detail: CardFormEventMap[K]['detail']): void;
  /** The shopper changed the card: a token made earlier is no longer the form's value. */
  cardChanged(): void;
  /** The shopper pressed Enter or the built-in button. */
  submitRequested(): void;
}

/** The state of a form with nothing typed, or none loaded yet. */
export const EMPTY_CARD_STATE: CardState = {
  brand: null,
  cardType: null,
  empty: true,
  complete: false,
  fields: {},
  networks: [],
  network: null,
};

/** Where validity is anchored and what it says, for the element to pass to ElementInternals. */
export interface ModeValidity {
  anchor: HTMLElement;
  /** The message when the card is empty and required. */
  required: string;
  /** The first problem's message, or null when the card is complete. */
  problem: string | null;
}

/** How a mode is made; the entry points say which modes a build carries (`CacheCardForm.useModes`). */
export type CardModeClass = (new (host: ModeHost) => CardMode) & {
  /** The English this mode shows: the whole catalog inline, the host's few strings isolated. */
  readonly english: Messages;
  /**
   * Shows `text` in `root` as the alert that the secure form is unavailable, or takes it away (`null`), rendered as
   * this mode renders: a build's stand-in for the mode it does not carry uses it.
   */
  alert(root: ShadowRoot, text: string | null): void;
};
export type ModeName = 'inline' | 'isolated';

export interface CardMode {
  /** Non-sensitive state: brand, emptiness, completeness, per-field validity. */
  readonly state: CardState;
  readonly empty: boolean;
  /** Whether any field's message shows: the element's `:state(user-invalid)`. */
  readonly showsErrors: boolean;
  /** Whether the browser's own validity report (focus and bubble on the anchor) suits this mode; absent, it does not. */
  readonly nativeReport?: boolean;
  /** Whether the shopper can type the card: the inputs rendered (inline), the frame connected (isolated). */
  readonly ready: boolean;
  /** Whether the form shows that it could not load (isolated: the frame never connected, or the set-up was refused). */
  readonly unavailable?: boolean;
  /** Before each render. */
  update(changed: ChangedProperties<FormPropertyValues>): void;
  /** Renders into the element's shadow root, by whatever means the mode's code carries (lit inline, DOM isolated). */
  render(): void;
  /** After each render. */
  updated(): void;
  /** Checks, posts and resolves to the result; rejects with a `TokenizeFailure` it has already shown and fired. */
  tokenize(): Promise<TokenizeResult>;
  reset(): void;
  focus(options?: FocusOptions): void;
  /** A submit was tried: show every field's message. */
  showErrors(): void;
  /** The messages and anchor of the card's validity; null while there are no fields (the element then asks for one). */
  validity(): ModeValidity | null;
  /** The element left the page: let go of what runs (the frame's channel); what was typed stays. */
  disconnect(): void;
  /** The element switches to the other mode: take what this one rendered out of the shadow root. */
  remove(): void;
}
