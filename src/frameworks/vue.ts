/**
 * Vue 3 template typings for `<cache-card-form>`: `import type {} from 'cache-card-form/vue'` once. Tell Vue's
 * compiler it is a custom element (`isCustomElement: (tag) => tag === 'cache-card-form'`); Vue then sets its
 * properties and listens to `@tokenized`, `@tokenize-error`, `@card-change`, `@submit-request` and `@ready`.
 */
import type { DefineComponent } from 'vue';
import type { TokenizeResult } from '../card/contract.ts';
import type { CardState } from '../element/card-entry.ts';
import type { TokenizeErrorDetail } from '../element/events.ts';
import type { CacheCardFormProps } from './element-props.ts';

export interface CacheCardFormVueProps extends CacheCardFormProps {
  onTokenized?: (event: CustomEvent<TokenizeResult>) => void;
  'onTokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  'onCard-change'?: (event: CustomEvent<CardState>) => void;
  'onSubmit-request'?: (event: CustomEvent<null>) => void;
  onReady?: (event: CustomEvent<null>) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'cache-card-form': DefineComponent<CacheCardFormVueProps>;
  }
}
