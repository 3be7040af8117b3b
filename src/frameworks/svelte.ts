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

export interface CacheCardFormSvelteProps
  extends Omit<HTMLAttributes<CacheCardForm>, keyof CacheCardFormProps>, CacheCardFormProps, CacheCardFormAttributes {
  ontokenized?: (event: CustomEvent<TokenizeResult>) => void;
  'ontokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  'oncard-change'?: (event: CustomEvent<CardState>) => void;
  'onsubmit-request'?: (event: CustomEvent<null>) => void;
  onready?: (event: CustomEvent<null>) => void;
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'cache-card-form': CacheCardFormSvelteProps;
  }
}
