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

/** What a Vue template takes on `<cache-card-form>`: its properties and a listener per event (`@tokenized`...). */
export interface CacheCardFormVueProps extends CacheCardFormProps {
  /** `tokenized`: a token is ready; `detail` is `{ cardToken, mask }`, and the card inputs are cleared. */
  onTokenized?: (event: CustomEvent<TokenizeResult>) => void;
  /** `tokenize-error`: tokenization failed, or (isolated) the frame could not load; `detail` is `{ code, message }`. */
  'onTokenize-error'?: (event: CustomEvent<TokenizeErrorDetail>) => void;
  /** `card-change`: the card's state changed; `detail` is its `CardState` (brand, completeness, each field's validity). */
  'onCard-change'?: (event: CustomEvent<CardState>) => void;
  /** `submit-request`: the shopper pressed Enter or the built-in button; `detail` is null. Cancel it to submit yourself. */
  'onSubmit-request'?: (event: CustomEvent<null>) => void;
  /** `ready`: the shopper can type the card (the inputs rendered, or the frame connected); `detail` is null. */
  onReady?: (event: CustomEvent<null>) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'cache-card-form': DefineComponent<CacheCardFormVueProps>;
  }
}
