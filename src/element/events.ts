import type { TokenizeResult } from '../card/contract.ts';
import type { TokenizeErrorCode } from '../card/errors.ts';
import type { CardState } from './card-entry.ts';

export interface TokenizeErrorDetail {
  code: TokenizeErrorCode;
  /** Localized, for the shopper; never card data. */
  message: string;
}

/** Every event the element fires bubbles and crosses shadow roots, so a page can listen where it likes. */
export function cardEvent<T>(type: string, detail: T): CustomEvent<T> {
  return new CustomEvent(type, { detail: Object.freeze(detail), bubbles: true, composed: true });
}

declare global {
  interface HTMLElementEventMap {
    /** A token is ready: `detail` is exactly `{ cardToken, mask }`. */
    tokenized: CustomEvent<TokenizeResult>;
    'tokenize-error': CustomEvent<TokenizeErrorDetail>;
    /** Brand, emptiness, completeness and per-field validity changed. */
    'card-change': CustomEvent<CardState>;
  }
}
