/**
 * JSX typings for `<cache-card-form>` in React 19: `import type {} from 'cache-card-form/react'` once, or list
 * it in tsconfig `types`. React 19 sets properties on custom elements and takes `on<event>` props for their
 * events: `ontokenized`, `ontokenize-error`, `oncard-change`, `onsubmit-request`, `onready`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { TokenizeResult } from '../card/contract.ts';
import type { CardState } from '../element/card-entry.ts';
import type { CacheCardForm } from '../element/cache-card-form.ts';
import type { TokenizeErrorDetail } from '../element/events.ts';
import type { CacheCardFormProps } from './element-props.ts';

/** What React 19's JSX takes on `<cache-card-form>`: its properties, the HTML attributes and a handler per event. */
export interface CacheCardFormJsxProps extends CacheCardFormProps, DetailedHTMLProps<HTMLAttributes<CacheCardForm>, CacheCardForm> {
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

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'cache-card-form': CacheCardFormJsxProps;
    }
  }
}
