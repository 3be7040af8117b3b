/**
 * Every string the form shows or announces, per locale: labels, field messages, tokenization errors and the
 * live region's words. A merchant overrides any of them with the element's `messages` property; the proxy
 * uses the English catalog for the `message` of its error answers.
 */
import type { CardFieldName } from './contract.ts';
import type { TokenizeErrorCode } from './errors.ts';

/**
 * Codes that are the merchant's set-up, not the shopper's doing: the shopper is told only that card payments
 * are unavailable (`error.unavailable`); the proxy's answer and log carry the detail for the merchant.
 */
const MERCHANT_ERRORS = [
  'invalid_request',
  'origin_not_allowed',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'processor_misconfigured',
] as const;
type ShopperErrorCode = Exclude<TokenizeErrorCode, (typeof MERCHANT_ERRORS)[number]>;

/** What a failure's message says: its code's, or for a rate limit that holds longer, to come back later. */
export type MessageCode = TokenizeErrorCode | 'rate_limited_later';

/**
 * A rate limit that holds for more than a minute (`retryAfter`, in seconds, as the proxy's Retry-After: one card
 * tried too often, too many declines) is not "a moment": its message says to come back later.
 */
export const messageCode = (code: TokenizeErrorCode, retryAfter = 0): MessageCode =>
  code === 'rate_limited' && retryAfter > 60 ? 'rate_limited_later' : code;

/** The message key that tells the shopper about a failed tokenization. */
export function errorKey(code: MessageCode): MessageKey {
  return (MERCHANT_ERRORS as readonly string[]).includes(code) ? 'error.unavailable' : `error.${code as ShopperErrorCode}`;
}
import type { FieldProblem } from './validate.ts';
import { registerCatalog, translate } from './catalogs.ts';
import { ELEMENT_ENGLISH, HOST_ENGLISH } from './host-english.ts';
import { FRAME_ENGLISH } from './frame-english.ts';

/**
 * The key of each string the form shows or announces (`label.cardNumber`, `expiry.expired`, `error.timeout`...):
 * what `messages` and `registerLocale` take.
 */
export type MessageKey =
  | `label.${CardFieldName}`
  | `${CardFieldName}.${FieldProblem}`
  | `error.${ShopperErrorCode}`
  | 'error.unavailable'
  | 'error.rate_limited_later'
  | 'placeholder.cardNumber'
  | 'placeholder.expiry'
  | 'placeholder.country'
  | 'optional'
  | 'group.card'
  | 'group.name'
  | 'group.address'
  | 'brand.unknown'
  | 'submit'
  | 'submit.busy'
  | 'status.tokenizing'
  | 'status.tokenized'
  | `status.errors.${Intl.LDMLPluralRule}`
  | 'frame.title'
  // For the co-badged network choice, the accepted brands row and the new field checks.
  | 'expiry.ambiguous'
  | 'network.legend'
  | 'network.hint'
  | 'brands.accepted'
  | 'error.missing_fields'
  | 'error.network_not_allowed';

/**
 * Strings by `MessageKey`, any of them: a catalog, or a form's `messages` overrides. `{name}` placeholders are filled
 * in (`label.securityCode`'s `{code}`); a key left out reads the next catalog along the locale's chain.
 */
export type Messages = Partial<Record<MessageKey, string>>;

const en: Messages = {
  ...ELEMENT_ENGLISH,
  'label.cardNumber': 'Card number',
  'label.expiry': 'Expiry date',
  'label.securityCode': 'Security code ({code})',
  'label.firstName': 'First name',
  'label.lastName': 'Last name',
  'label.country': 'Country or region',
  'label.state': 'State or province',
  'label.city': 'City',
  'label.postalCode': 'Postal code',
  'label.addressLine1': 'Address line 1',
  'label.addressLine2': 'Address line 2',
  'placeholder.cardNumber': '1234 1234 1234 1234',
  'placeholder.expiry': 'MM / YY',
  'placeholder.country': 'Select a country or region',
  optional: '(optional)',
  'group.name': 'Name on card',
  'group.address': 'Billing address',
  'brand.unknown': 'Card brand not yet known',
  'brands.accepted': 'Accepted cards',
  'network.legend': 'Card network',
  'network.hint': 'This card works on more than one network. Choose the one to pay with.',

  'cardNumber.incomplete': 'Your card number is incomplete.',
  'cardNumber.invalid': 'Your card number is not valid.',
  'cardNumber.brand_not_accepted': '{brand} cards are not accepted here.',
  'cardNumber.brand_unknown': 'This type of card is not accepted here.',
  'expiry.required': 'Enter the expiry date.',
  'expiry.incomplete': 'The expiry date is incomplete.',
  'expiry.invalid': 'The expiry date is not valid.',
  'expiry.expired': 'This card has expired.',
  'expiry.too_far_ahead': 'The expiry year is too far in the future.',
  'expiry.ambiguous': 'Enter the expiry date as MM / YY, as printed on the card.',
  'securityCode.required': 'Enter the security code.',
  'securityCode.incomplete': 'The {code} must have {size} digits.',
  'securityCode.invalid': 'The {code} must have {size} digits.',
  'firstName.required': 'Enter the first name shown on the card.',
  'firstName.invalid': 'Enter a name, not a number.',
  'firstName.too_long': 'This name is too long.',
  'lastName.required': 'Enter the last name shown on the card.',
  'lastName.invalid': 'Enter a name, not a number.',
  'lastName.too_long': 'This name is too long.',
  'country.required': 'Select a country or region.',
  'country.invalid': 'Select a country or region from the list.',
  'state.invalid': 'Use letters, digits and punctuation only.',
  'state.too_long': 'This is too long.',
  'city.required': 'Enter the city.',
  'city.invalid': 'Use letters, digits and punctuation only.',
  'city.too_long': 'This is too long.',
  'postalCode.required': 'Enter the postal code.',
  'postalCode.incomplete': 'The postal code is incomplete.',
  'postalCode.invalid': 'Use letters, digits, spaces and hyphens only.',
  'addressLine1.required': 'Enter the street address.',
  'addressLine1.invalid': 'Use letters, digits and punctuation only.',
  'addressLine1.too_long': 'This is too long.',
  'addressLine2.invalid': 'Use letters, digits and punctuation only.',
  'addressLine2.too_long': 'This is too long.',

  'error.unavailable': 'Card payments are not available right now. Try again later.',
  'error.network_not_allowed': 'This card cannot be used on the network you chose. Choose another network.',
  'error.card_rejected': 'The card details were not accepted. Check them and try again.',
  'error.rate_limited': 'Too many attempts. Wait a moment, then try again.',
  'error.rate_limited_later': 'Too many attempts. Try again later.',
  'error.processor_busy': 'The payment service is busy. Wait a moment, then try again.',
  'error.processor_unavailable': 'The payment service could not save your card just now. Try again.',
  'error.processor_timeout': 'The payment service took too long to answer. Try again.',
  'error.processor_unreachable': 'The payment service could not be reached. Try again.',
  'error.processor_error': 'Your card could not be saved. Try again later or use another card.',
  'error.network_error': 'We could not reach the payment service. Check your connection and try again.',
  'error.timeout': 'The payment service took too long to answer. Try again.',
  'error.bad_response': 'The payment service gave an unexpected answer. Try again.',
  'error.missing_fields': 'The payment service also needs: {fields}. Fill them in, then try again.',

  submit: 'Save card',
  'submit.busy': 'Saving…',
  'status.tokenizing': 'Saving your card…',
  'status.tokenized': 'Card ending in {last4} saved.',
  // English has only these two plural categories; a catalog without the category asked for gives its `other`.
  'status.errors.one': '{count} field needs attention: {first}',
  'status.errors.other': '{count} fields need attention. First: {first}',
};

export { CATALOGS, catalogsFor, catalogTag, registerCatalog, useCandidates } from './catalogs.ts';

// English is a registered catalog like the packs wherever this module is loaded (the inline form, the frame, the
// proxy); the isolated host, which does not load it, has its few strings (./host-english.ts), and the frame the one
// it alone shows (./frame-english.ts).
registerCatalog('en', en);

/**
 * Looks a message up (merchant overrides first, then the locale, then English) and fills `{name}` slots. A plural
 * category no catalog has (`status.errors.few` where only English is loaded) falls back to the same key's `other`.
 */
export function message(key: MessageKey, catalogs: readonly Messages[], values: Record<string, string | number> = {}): string {
  return translate(key, [...catalogs, en], values);
}

/** The English the form itself shows, inline and in the frame (the element's few strings among them). */
export { en as FORM_ENGLISH };

/**
 * The whole English catalog, the isolated host's frame title and the frame's own message included: the keys every
 * locale pack has.
 */
export const ENGLISH: Messages = { ...en, ...HOST_ENGLISH, ...FRAME_ENGLISH };
