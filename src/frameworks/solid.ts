/**
 * Solid JSX typings for `<cache-card-form>`: `import type {} from 'cache-card-form/solid'` once. Solid sets a
 * custom element's properties (`billingAddress={...}`), writes attributes on the server, and listens to its events
 * with `on:tokenized`, `on:tokenize-error`, `on:card-change`, `on:submit-request` and `on:ready`.
 */
import type { JSX } from 'solid-js';
import type { TokenizeResult } from '../card/contract.ts';
import type { CardState } from '../element/card-entry.ts';
import type { CacheCardForm } from '../element/cache-card-form.ts';
import type { TokenizeErrorDetail } from '../element/events.ts';
import type { CacheCardFormAttributes, CacheCardFormProps } from './element-props.ts';

/**
 * What Solid's JSX takes on `<cache-card-form>`: its properties, under their names and their attributes', the HTML
 * attributes and an `on:` listener per event.
 */
export interface CacheCardFormSolidProps
  extends Omit<JSX.HTMLAttributes<CacheCardForm>, keyof CacheCardFormProps>, CacheCardFormProps, CacheCardFormAttributes {
  /** `tokenized`: a token is ready; `detail` is `{ cardToken, mask }`, and the card inputs are cleared. */
  'on:tokenized'?: (event: CustomEvent<TokenizeResult>) => void;
  /** `tokenize-error`: tokenization failed, or (isolated) the frame could not load; `detail` is `{ code, message }`. */
  'on:tokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  /** `card-change`: the card's state changed; `detail` is its `CardState` (brand, completeness, each field's validity). */
  'on:card-change'?: (event: CustomEvent<CardState>) => void;
  /** `submit-request`: the shopper pressed Enter or the built-in button; `detail` is null. Cancel it to submit yourself. */
  'on:submit-request'?: (event: CustomEvent<null>) => void;
  /** `ready`: the shopper can type the card (the inputs rendered, or the frame connected); `detail` is null. */
  'on:ready'?: (event: CustomEvent<null>) => void;
}

declare module 'solid-js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'cache-card-form': CacheCardFormSolidProps;
    }
  }
}
