/**
 * Svelte 5 template typings for `<cache-card-form>`: `import type {} from 'cache-card-form/svelte'` once (in
 * `src/app.d.ts`, say), and svelte-check then checks its attributes and events. Svelte sets a custom element's
 * properties when it has them (otherwise attributes) and turns `on<event>` attributes into listeners:
 * `ontokenized`, `ontokenize-error`, `oncard-change`, `onsubmit-request`, `onready`. Both spellings are typed: the properties
 * (`billingAddress`) and the attributes a server writes into the HTML (`billing-address`).
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { TokenizeResult } from '../card/contract.ts';
import type { CardState } from '../element/card-entry.ts';
import type { CacheCardForm } from '../element/cache-card-form.ts';
import type { TokenizeErrorDetail } from '../element/events.ts';
import type { CacheCardFormAttributes, CacheCardFormProps } from './element-props.ts';

/**
 * What a Svelte 5 template takes on `<cache-card-form>`: its properties, under their names and their attributes', the
 * HTML attributes and a handler per event.
 */
export interface CacheCardFormSvelteProps
  extends Omit<HTMLAttributes<CacheCardForm>, keyof CacheCardFormProps>, CacheCardFormProps, CacheCardFormAttributes {
  /** `tokenized`: a token is ready; `detail` is `{ cardToken, mask }`, and the card inputs are cleared. */
  ontokenized?: (event: CustomEvent<TokenizeResult>) => void;
  /** `tokenize-error`: tokenization failed, or (isolated) the frame could not load; `detail` is `{ code, message }`. */
  'ontokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  /** `card-change`: the card's state changed; `detail` is its `CardState` (brand, completeness, each field's validity). */
  'oncard-change'?: (event: CustomEvent<CardState>) => void;
  /** `submit-request`: the shopper pressed Enter or the built-in button; `detail` is null. Cancel it to submit yourself. */
  'onsubmit-request'?: (event: CustomEvent<null>) => void;
  /** `ready`: the shopper can type the card (the inputs rendered, or the frame connected); `detail` is null. */
  onready?: (event: CustomEvent<null>) => void;
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'cache-card-form': CacheCardFormSvelteProps;
  }
}
