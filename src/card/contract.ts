/**
 * The one request contract between the component and the proxy, and the checks both sides run on it.
 *
 * Browser -> proxy: `{ "paymentMethodDetail": { "paymentMethodDetailType": "card", "card": { cardNo, brand,
 * securityCode, expiryYear (4 digits), expiryMonth (2 digits), instUserName: { firstName, lastName },
 * billingAddress?: { region, state, city, zipCode, address1, address2 } } } }`, every value a string, the
 * names those of Alipay's cacheCard. Proxy -> browser: `{ cardToken, mask }`, or `{ error: { code, message,
 * fields? } }`.
 */
import { DEFAULT_BRAND_POLICY, type AlipayBrand, type BrandPolicy } from './brands.ts';
import { ADDRESS_FIELDS, fieldsFor, type BillingAddressMode, type CardFieldName, type CardFields, type FieldError } from './card-fields.ts';
import { digitsOf } from './format.ts';
import {
  checkAddressText,
  checkCardNumber,
  checkCountry,
  checkExpiry,
  checkExpiryParts,
  checkName,
  checkPostalCode,
  isBlank,
  plainText,
  checkSecurityCode,
  type FieldCheck,
  type NumberCheck,
} from './validate.ts';

/** Every field, empty (each one the full address mode shows). */
export const emptyCardFields = (): CardFields => Object.fromEntries(fieldsFor('full').map((name) => [name, ''])) as unknown as CardFields;

export interface CheckOptions {
  policy?: BrandPolicy;
  billingAddress: BillingAddressMode;
  now: Date;
  /** Judge expiry at this offset from UTC instead of the runtime's own time zone (the proxy: -12). */
  utcOffsetHours?: number;
  /** Require a security code even on cards whose brand may have none (many Maestro cards). */
  requireSecurityCode?: boolean;
  /** The networks the proxy's BIN lookup gave for this number's first digits (see `checkCardNumber`). */
  binNetworks?: readonly AlipayBrand[];
}

/** Whether a card of this number may be saved without a security code. */
export function securityCodeOptional(check: NumberCheck, options: Pick<CheckOptions, 'requireSecurityCode'>): boolean {
  return !options.requireSecurityCode && check.securityCode?.optional === true;
}

export type FieldChecks = { cardNumber: NumberCheck } & Record<Exclude<CardFieldName, 'cardNumber'>, FieldCheck>;

/** Checks every field the form shows; the ones it does not show are valid by definition. */
export function checkCardFields(fields: CardFields, options: CheckOptions): FieldChecks {
  const shown = new Set(fieldsFor(options.billingAddress));
  const cardNumber = checkCardNumber(digitsOf(fields.cardNumber), options.policy ?? DEFAULT_BRAND_POLICY, options.binNetworks);
  const hidden: FieldCheck = { isValid: true, isPotentiallyValid: true };
  const when = (name: CardFieldName, check: () => FieldCheck) => (shown.has(name) ? check() : hidden);
  return {
    cardNumber,
    expiry: checkExpiry(fields.expiry, options.now, options.utcOffsetHours),
    securityCode:
      fields.securityCode === '' && securityCodeOptional(cardNumber, options)
        ? hidden
        : checkSecurityCode(fields.securityCode, cardNumber.securityCode?.size ?? null),
    firstName: checkName(fields.firstName),
    lastName: checkName(fields.lastName),
    country: when('country', () => checkCountry(fields.country)),
    state: when('state', () => checkAddressText(fields.state, false)),
    city: when('city', () => checkAddressText(fields.city, true)),
    postalCode: when('postalCode', () => checkPostalCode(fields.postalCode)),
    addressLine1: when('addressLine1', () => checkAddressText(fields.addressLine1, true)),
    addressLine2: when('addressLine2', () => checkAddressText(fields.addressLine2, false)),
  };
}

/** The fields that are not valid, in the order the form shows them. */
export function fieldErrors(checks: FieldChecks, mode: BillingAddressMode): FieldError[] {
  return fieldsFor(mode)
    .filter((name) => !checks[name].isValid)
    .map((name) => ({ field: name, problem: checks[name].problem ?? 'invalid' }));
}

export interface BillingAddress {
  region?: string;
  state?: string;
  city?: string;
  zipCode?: string;
  address1?: string;
  address2?: string;
}

/** The card as cacheCard takes it: every value a string, the year of 4 digits and the month of 2. */
export interface CacheCardCard {
  cardNo: string;
  brand?: AlipayBrand;
  /** Absent only for a card whose brand may have none, when the shopper's card has none. */
  securityCode?: string;
  expiryYear: string;
  expiryMonth: string;
  instUserName: { firstName: string; lastName: string };
  billingAddress?: BillingAddress;
}

/** The body the form posts to the proxy, and the proxy to Alipay once it has checked and rebuilt it. */
export interface CacheCardRequest {
  /** Always a card: `{ paymentMethodDetailType: 'card', card }`, with the card's fields as cacheCard names them. */
  paymentMethodDetail: { paymentMethodDetailType: 'card'; card: CacheCardCard };
}

export { isTokenizeResult, type TokenizeResult } from './token-result.ts';
export {
  fieldsFor,
  parseBillingAddressMode,
  type BillingAddressMode,
  type CardFieldName,
  type CardFields,
  type FieldError,
} from './card-fields.ts';

/** Where each form field travels in the request body. One table, read both ways. */
const BILLING_ADDRESS_KEYS = {
  country: 'region',
  state: 'state',
  city: 'city',
  postalCode: 'zipCode',
  addressLine1: 'address1',
  addressLine2: 'address2',
} as const satisfies Partial<Record<CardFieldName, keyof BillingAddress>>;

type AddressField = keyof typeof BILLING_ADDRESS_KEYS;

/** Builds the request body from checked fields (the caller has checked them: this only reshapes). */
export function buildCacheCardRequest(
  fields: CardFields,
  checks: FieldChecks,
  mode: BillingAddressMode,
  brand: AlipayBrand | null = checks.cardNumber.brand,
): CacheCardRequest {
  const expiry = checks.expiry as FieldCheck & { month?: string; year?: string };
  const card: CacheCardCard = {
    cardNo: digitsOf(fields.cardNumber),
    ...(brand ? { brand } : {}),
    ...(fields.securityCode ? { securityCode: fields.securityCode } : {}),
    expiryYear: expiry.year ?? '',
    expiryMonth: expiry.month ?? '',
    instUserName: { firstName: plainText(fields.firstName), lastName: plainText(fields.lastName) },
  };
  const address: BillingAddress = {};
  for (const name of ADDRESS_FIELDS[mode] as readonly AddressField[]) {
    const value = plainText(fields[name]);
    if (!isBlank(value)) address[BILLING_ADDRESS_KEYS[name]] = name === 'postalCode' ? value.toUpperCase() : value;
  }
  if (Object.keys(address).length) card.billingAddress = address;
  return { paymentMethodDetail: { paymentMethodDetailType: 'card', card } };
}

export type ReadResult =
  | {
      ok: true;
      /** The checked card, with the brand its number names (`brand`). */
      request: CacheCardRequest;
      brand: AlipayBrand | null;
      /** The network the shopper chose for a co-badged card, as sent: the proxy checks it against the card's BIN. */
      chosenBrand?: string;
      /** Builds the request again under another brand (the shopper's choice, once checked). */
      withBrand(brand: AlipayBrand): CacheCardRequest;
    }
  | { ok: false; code: 'invalid_request'; message: string }
  | { ok: false; code: 'invalid_card'; fields: FieldError[] };

/** The longest string any field may carry before the body is refused outright. */
export const MAX_FIELD_LENGTH = 256;

const CARD_KEYS = ['cardNo', 'brand', 'securityCode', 'expiryYear', 'expiryMonth', 'instUserName', 'billingAddress'];

/**
 * Reads a body the browser sent, trusting nothing: exactly the contract's shape (no extra keys, every value a
 * string), then every field checked again as the form checks it. The request it returns is rebuilt from the
 * checked values, with the brand derived here from the number (or the shopper's choice of network, once the
 * proxy has checked it); nothing is passed on as sent.
 */
export function readCacheCardRequest(body: unknown, options: CheckOptions): ReadResult {
  const shape = (message: string): ReadResult => ({ ok: false, code: 'invalid_request', message });
  if (!isPlainObject(body) || !hasOnlyKeys(body, ['paymentMethodDetail'])) return shape('The body must hold only paymentMethodDetail.');
  const detail = body.paymentMethodDetail;
  if (!isPlainObject(detail) || !hasOnlyKeys(detail, ['paymentMethodDetailType', 'card']))
    return shape('paymentMethodDetail must hold only paymentMethodDetailType and card.');
  if (detail.paymentMethodDetailType !== 'card') return shape('paymentMethodDetailType must be "card".');
  const card = detail.card;
  if (!isPlainObject(card) || !hasOnlyKeys(card, CARD_KEYS)) return shape(`card may hold only ${CARD_KEYS.join(', ')}.`);
  const name = card.instUserName;
  if (!isPlainObject(name) || !hasOnlyKeys(name, ['firstName', 'lastName']))
    return shape('card.instUserName must hold only firstName and lastName.');
  const address = card.billingAddress === undefined ? {} : card.billingAddress;
  if (!isPlainObject(address) || !hasOnlyKeys(address, Object.values(BILLING_ADDRESS_KEYS)))
    return shape('card.billingAddress may hold only region, state, city, zipCode, address1 and address2.');
  const strings: Record<string, unknown> = {
    cardNo: card.cardNo,
    ...(card.securityCode === undefined ? {} : { securityCode: card.securityCode }),
    expiryYear: card.expiryYear,
    expiryMonth: card.expiryMonth,
    'instUserName.firstName': name.firstName,
    'instUserName.lastName': name.lastName,
    ...(card.brand === undefined ? {} : { brand: card.brand }),
    ...Object.fromEntries(Object.entries(address).map(([key, value]) => [`billingAddress.${key}`, value])),
  };
  for (const [path, value] of Object.entries(strings)) {
    if (typeof value !== 'string') return shape(`card.${path} must be a string.`);
    if (value.length > MAX_FIELD_LENGTH) return shape(`card.${path} is longer than ${MAX_FIELD_LENGTH} characters.`);
  }

  const fields: CardFields = {
    ...emptyCardFields(),
    cardNumber: card.cardNo as string,
    securityCode: (card.securityCode as string | undefined) ?? '',
    firstName: name.firstName as string,
    lastName: name.lastName as string,
  };
  for (const [field, key] of Object.entries(BILLING_ADDRESS_KEYS) as [AddressField, keyof BillingAddress][]) {
    fields[field] = (address[key] as string | undefined) ?? '';
  }
  const checks = checkCardFields(fields, options);
  // The browser sends digits only; a number with spaces or letters is refused, not cleaned up.
  if (!/^\d*$/.test(fields.cardNumber)) checks.cardNumber = { ...checks.cardNumber, isValid: false, problem: 'invalid' };
  if (!/^\d*$/.test(fields.securityCode)) checks.securityCode = { isValid: false, isPotentiallyValid: false, problem: 'invalid' };
  const month = card.expiryMonth as string;
  const year = card.expiryYear as string;
  checks.expiry =
    /^\d{2}$/.test(month) && /^\d{4}$/.test(year)
      ? ({ ...checkExpiryParts(month, year, options.now, options.utcOffsetHours), month, year } as FieldCheck)
      : { isValid: false, isPotentiallyValid: false, problem: month === '' && year === '' ? 'required' : 'invalid' };
  const errors = fieldErrors(checks, options.billingAddress);
  // Address fields the merchant does not ask for may still be sent: a country and a postal code are checked as such,
  // the rest as free text.
  for (const field of Object.keys(BILLING_ADDRESS_KEYS) as AddressField[]) {
    if (errors.some((error) => error.field === field) || (ADDRESS_FIELDS[options.billingAddress] as readonly string[]).includes(field))
      continue;
    if (isBlank(fields[field])) continue;
    const extra =
      field === 'country'
        ? checkCountry(fields.country)
        : field === 'postalCode'
          ? checkPostalCode(fields.postalCode)
          : checkAddressText(fields[field], false);
    if (!extra.isValid) errors.push({ field, problem: extra.problem ?? 'invalid' });
  }
  if (errors.length) return { ok: false, code: 'invalid_card', fields: errors };
  const mode: BillingAddressMode = Object.keys(address).length ? 'full' : 'none';
  return {
    ok: true,
    request: buildCacheCardRequest(fields, checks, mode),
    brand: checks.cardNumber.brand,
    ...(card.brand === undefined ? {} : { chosenBrand: card.brand as string }),
    withBrand: (brand) => buildCacheCardRequest(fields, checks, mode, brand),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when every own key is one of `allowed`; a `__proto__` or `constructor` key is never allowed. */
function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}
