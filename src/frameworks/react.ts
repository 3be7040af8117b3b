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

export interface CacheCardFormJsxProps extends CacheCardFormProps, DetailedHTMLProps<HTMLAttributes<CacheCardForm>, CacheCardForm> {
  ontokenized?: (event: CustomEvent<TokenizeResult>) => void;
  'ontokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  'oncard-change'?: (event: CustomEvent<CardState>) => void;
  'onsubmit-request'?: (event: CustomEvent<null>) => void;
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
