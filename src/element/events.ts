/** Every event `<cache-card-form>` fires, typed in one place. Each bubbles and crosses shadow roots. */
import type { TokenizeResult } from '../card/contract.ts';
import type { TokenizeErrorCode } from '../card/errors.ts';
import type { CardState } from './card-entry.ts';

/** The `tokenize-error` detail: what went wrong, in a stable code and in the shopper's words. */
export interface TokenizeErrorDetail {
  /** The stable code, for your code (README, "The contract between the form and the proxy"). */
  code: TokenizeErrorCode;
  /** Localized, for the shopper; never card data. */
  message: string;
}

export interface CardFormEventMap {
  /** A token is ready: `detail` is exactly `{ cardToken, mask }`; the card inputs are cleared. */
  tokenized: CustomEvent<TokenizeResult>;
  /**
   * Tokenization failed, or (isolated) the frame could not load (`frame_unavailable`, fired when that is found, with
   * no `tokenize()` call); what the shopper typed stays.
   */
  'tokenize-error': CustomEvent<TokenizeErrorDetail>;
  /**
   * The card's state changed: its brand or card type, its networks or the one chosen, emptiness, completeness or a
   * field's validity.
   */
  'card-change': CustomEvent<CardState>;
  /**
   * The shopper pressed Enter or the built-in button. Cancel it to handle the submit yourself; otherwise the
   * surrounding form is submitted, or the card tokenized when there is none.
   */
  'submit-request': CustomEvent<null>;
  /**
   * The shopper can type the card: the inputs have rendered (inline), or the frame has connected (isolated).
   * Again after the frame loads anew and reconnects. `:state(ready)` says the same at any time.
   */
  ready: CustomEvent<null>;
}

type Detail<K extends keyof CardFormEventMap> = CardFormEventMap[K]['detail'];

export function cardEvent<K extends keyof CardFormEventMap>(type: K, detail: Detail<K>, cancelable = false): CardFormEventMap[K] {
  return new CustomEvent(type, {
    detail: detail && Object.freeze(detail),
    bubbles: true,
    composed: true,
    cancelable,
  }) as CardFormEventMap[K];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CardFormEventMap {}
}
