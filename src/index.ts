/** The browser entry: the element class with both modes, and the card core, without registering the tag (see `define`). */
import { CacheCardForm } from './element/cache-card-form.ts';
import { InlineMode } from './element/inline-mode.ts';
import { IsolatedMode } from './element/isolated-mode.ts';

CacheCardForm.useModes({ inline: InlineMode, isolated: IsolatedMode });

export { CacheCardForm, defineCacheCardForm } from './element/cache-card-form.ts';
export { TokenizeFailure } from './element/transport.ts';
export type { CardState, FieldState } from './element/card-entry.ts';
export type { TokenizeErrorDetail } from './element/events.ts';
export type { CacheCardRequest, TokenizeResult, BillingAddressMode, CardFieldName, FieldError } from './card/contract.ts';
export type { TokenizeErrorCode } from './card/errors.ts';
export type { MessageKey, Messages } from './card/messages.ts';
export { ALL_ALIPAY_BRANDS, type AlipayBrand } from './card/brands.ts';
