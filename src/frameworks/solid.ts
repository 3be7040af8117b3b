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

export interface CacheCardFormSolidProps
  extends Omit<JSX.HTMLAttributes<CacheCardForm>, keyof CacheCardFormProps>, CacheCardFormProps, CacheCardFormAttributes {
  'on:tokenized'?: (event: CustomEvent<TokenizeResult>) => void;
  'on:tokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  'on:card-change'?: (event: CustomEvent<CardState>) => void;
  'on:submit-request'?: (event: CustomEvent<null>) => void;
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
