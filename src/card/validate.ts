// card-validator's modules one by one: its index also pulls in expiry parsing this project does itself, and its
// number check a brand table (credit-card-type's) that does not know Alipay's brands (brands.ts has ours).
import luhn10 from 'card-validator/dist/luhn-10.js';
import { postalCode } from 'card-validator/dist/postal-code.js';
import { DEFAULT_BRAND_POLICY, identify, ruleOf, type AlipayBrand, type BrandPolicy } from './brands.ts';
import type { FieldProblem } from './card-fields.ts';

export type { FieldProblem };

/** Each check answers like card-validator: valid now, and whether more typing could still make it valid. */
export interface FieldCheck {
  isValid: boolean;
  isPotentiallyValid: boolean;
  problem?: FieldProblem;
}

const ok: FieldCheck = { isValid: true, isPotentiallyValid: true };
const missing: FieldCheck = { isValid: false, isPotentiallyValid: true, problem: 'required' };
const bad = (problem: FieldProblem, isPotentiallyValid = false): FieldCheck => ({ isValid: false, isPotentiallyValid, problem });

export const PAN_MAX_LENGTH = 19;
const PAN_MIN_LENGTH_UNKNOWN_BRAND = 12;

export interface NumberCheck extends FieldCheck {
  /** The scheme's id once the prefix names one (`visa`, `american-express`...). */
  cardType: string | null;
  /** The scheme's own name ("American Express"), for labels. */
  brandName: string | null;
  /** Alipay's code for that scheme, null while unknown or for a scheme Alipay does not take. */
  brand: AlipayBrand | null;
  /** Every Alipay brand the prefix names: more than one for a co-badged card the table knows. */
  networks: readonly AlipayBrand[];
  /** Where the number's groups break, e.g. [4, 10] for Amex and 14-digit Diners; fours otherwise. */
  gaps: readonly number[];
  lengths: readonly number[];
  /** The security code's name on this brand's cards (CVV, CVC, CID...), its length, and whether it may be absent. */
  securityCode: { name: string; size: number; optional?: boolean } | null;
}

/** How many digits of a card the proxy's BIN lookup is asked about. */
export const BIN_LENGTH = 8;

/**
 * Checks a card number given as digits only (formatting already removed). `binNetworks`, when the proxy's BIN
 * lookup has answered for this number's first digits, are the networks the card can be paid on: they name a card
 * the table cannot (BC), and list both networks of a co-badged one.
 */
export function checkCardNumber(
  pan: string,
  policy: BrandPolicy = DEFAULT_BRAND_POLICY,
  binNetworks: readonly AlipayBrand[] = [],
): NumberCheck {
  // What the number names (nothing, until a range or the BIN lookup names a scheme), beside the check's answer.
  let described: Omit<NumberCheck, keyof FieldCheck> = {
    cardType: null,
    brandName: null,
    brand: null,
    networks: [],
    gaps: [4, 8, 12],
    lengths: [],
    securityCode: null,
  };
  const check = (): FieldCheck => {
    if (pan === '') return missing;
    if (!/^\d+$/.test(pan) || pan.length > PAN_MAX_LENGTH) return bad('invalid');

    const { rules, open } = identify(pan);
    const rule = rules[0] ?? (binNetworks[0] && ruleOf(binNetworks[0]));
    if (rule) {
      const networks = binNetworks.length && rule.brand ? binNetworks : rules.flatMap((r) => (r.brand ? [r.brand] : []));
      // Amex, and Diners of 14 digits, are printed 4-6-5 and 4-6-4; every other card in fours.
      const gaps = rule.brand === 'AMEX' || (rule.brand === 'DINERS' && pan.length <= 14) ? [4, 10] : [4, 8, 12];
      described = {
        cardType: rule.id,
        brandName: rule.name,
        brand: rule.brand,
        networks,
        gaps,
        lengths: rule.lengths,
        securityCode: rule.code,
      };
      if (!rule.brand || !networks.some((brand) => policy.acceptedBrands.includes(brand))) return bad('brand_not_accepted');
      const more = pan.length < Math.max(...rule.lengths);
      if (!rule.lengths.includes(pan.length)) return bad(more ? 'incomplete' : 'invalid', more);
      // A whole number that fails the check digit is not valid: the shopper should check it, not type on.
      return rule.luhn && !luhn10(pan) ? bad('invalid', more) : ok;
    }
    // A prefix ("5", "6") that names no scheme yet may still become one.
    if (open) return bad('incomplete', true);
    // Until the proxy's BIN lookup has had its say, a number no range names may still be one it knows (BC, CITI).
    if (!policy.allowUnknownBrands) return bad('brand_unknown', pan.length < BIN_LENGTH);
    const longEnough = pan.length >= PAN_MIN_LENGTH_UNKNOWN_BRAND;
    return longEnough && luhn10(pan) ? ok : bad(longEnough ? 'invalid' : 'incomplete', true);
  };
  const answer = check();
  return { ...answer, ...described };
}

/** Checks a security code for a brand whose code has `size` digits (null while the brand is unknown: 3 or 4). */
export function checkSecurityCode(code: string, size: number | null): FieldCheck {
  if (code === '') return missing;
  if (!/^\d+$/.test(code)) return bad('invalid');
  // What card-validator's `cvv` answers for these lengths (3 or 4, shortest first): more digits may come while
  // there are fewer than the shortest.
  const sizes = size ? [size] : [3, 4];
  if (sizes.includes(code.length)) return ok;
  const more = code.length < sizes[0]!;
  return bad(more ? 'incomplete' : 'invalid', more);
}

/**
 * Reads what a shopper types or a browser or password manager fills into the one expiry field:
 * `MM/YY`, `MM / YY`, `MM/YYYY`, `M/YY`, `MM-YY`, `MM.YYYY`, `MMYY`, `MMYYYY`, and year first, `YYYY-MM` and
 * `YYYY/MM` (what date fields and some password managers give). Years of two digits are read here, rather than by
 * card-validator, which misreads some (card-validator#127). What cannot be read one way only is `ambiguous`.
 */
export function parseExpiry(input: string, now: Date): { month: string; yearDigits: string; typedYear: string; ambiguous?: true } {
  const text = input.trim();
  const yearFirst = /^(\d{4})\s*[/\-.]\s*(\d{1,2})$/.exec(text);
  if (yearFirst) {
    const [, year, month] = yearFirst as unknown as [string, string, string];
    return { month: month.padStart(2, '0'), yearDigits: year, typedYear: year };
  }
  const split = /^(\d{1,2})\s*[/\-.\s]\s*(\d{0,4})$/.exec(text);
  let month: string;
  let yearDigits: string;
  if (split) {
    [, month, yearDigits] = split as unknown as [string, string, string];
    if (month.length === 1 && (yearDigits.length > 0 || /[/\-.]/.test(text))) month = `0${month}`;
  } else {
    const digits = text.replace(/\D/g, '');
    // Five digits could be M/YYYY or MM/YYY: neither is read for the shopper.
    if (digits.length === 5 && /^\d+$/.test(text)) return { month: '', yearDigits: '', typedYear: '', ambiguous: true };
    // A first digit above 1 can only be a one-digit month: "230" is 02/30.
    const monthLength = /^[2-9]/.test(digits) ? 1 : 2;
    month = digits.slice(0, monthLength);
    yearDigits = digits.slice(monthLength);
    if (monthLength === 1 && month) month = `0${month}`;
  }
  return { month, yearDigits: yearDigits.length === 2 ? twoDigitYear(yearDigits, calendar(now).year) : yearDigits, typedYear: yearDigits };
}

/** Two digits as a year of this century, unless that is more than 80 years past: across 2100, "05" is 2105. */
function twoDigitYear(yy: string, thisYear: number): string {
  const year = Math.floor(thisYear / 100) * 100 + Number(yy);
  return String(year < thisYear - 80 ? year + 100 : year);
}

/**
 * Today's year and month, in the runtime's own time zone, or at a fixed offset from UTC. The proxy takes the
 * earliest time zone (UTC-12): a card is good until its month has ended everywhere, so a proxy never refuses a
 * card a shopper's browser, wherever it is, still takes.
 */
export function calendar(now: Date, utcOffsetHours?: number): { year: number; month: number } {
  if (utcOffsetHours === undefined) return { year: now.getFullYear(), month: now.getMonth() + 1 };
  const shifted = new Date(now.getTime() + utcOffsetHours * 3_600_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

export const MAX_YEARS_AHEAD = 20;

/** Checks an expiry typed as one field. */
export function checkExpiry(input: string, now: Date, utcOffsetHours?: number): FieldCheck & { month: string; year: string } {
  let month = '';
  let year = '';
  const check = (): FieldCheck => {
    if (input.trim() === '') return missing;
    if (!/^[\d\s/.-]+$/.test(input)) return bad('invalid');
    const parsed = parseExpiry(input, now);
    if (parsed.ambiguous) return bad('ambiguous');
    ({ month, yearDigits: year } = parsed);
    const parts = checkExpiryParts(month, year, now, utcOffsetHours);
    // "12 / 20" may be a past year or the start of "12 / 2030": not marked while typing, "expired" if left so.
    return parsed.typedYear === '20' && parts.problem === 'expired' ? bad('expired', true) : parts;
  };
  const answer = check();
  return { ...answer, month, year };
}

/**
 * Checks a month ("07") and a year ("2030"; a partial year while typing) against the clock: the card is
 * good through the last day of its month, and at most MAX_YEARS_AHEAD years ahead.
 */
export function checkExpiryParts(month: string, year: string, now: Date, utcOffsetHours?: number): FieldCheck {
  if (month === '' && year === '') return missing;
  if (!/^\d{0,2}$/.test(month) || !/^\d{0,4}$/.test(year)) return bad('invalid');
  const today = calendar(now, utcOffsetHours);
  const thisYear = today.year;
  const lastYear = thisYear + MAX_YEARS_AHEAD;
  if (month.length < 2) {
    return month === '' || month === '0' || month === '1' ? bad('incomplete', true) : bad('invalid');
  }
  const m = Number(month);
  if (m < 1 || m > 12) return bad('invalid');
  if (year.length < 4) {
    // Could some completion of these digits still be a year from now to lastYear? One digit starts a
    // two-digit year of this century ("3" -> 2030-2039) or a four-digit one ("2"); two or three start four.
    const low = year.length === 1 ? Math.floor(thisYear / 100) * 100 + Number(year) * 10 : Number(year.padEnd(4, '0'));
    const width = year.length === 1 ? 10 : 10 ** (4 - year.length);
    const reachable = year === '' || year === '2' || (low + width - 1 >= thisYear && low <= lastYear);
    return bad(reachable ? 'incomplete' : 'invalid', reachable);
  }
  const y = Number(year);
  if (y < thisYear || (y === thisYear && m < today.month)) return bad('expired');
  if (y > lastYear) return bad('too_far_ahead');
  return ok;
}

/** What no name or address holds: control characters and line breaks, and half a surrogate pair (no character). */
// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cs}/u;

/**
 * A name or an address field as it is checked and sent: trimmed, and without the bidirectional embeddings,
 * overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which reorder how the text after them shows and which
 * a shopper cannot see to take out (text copied from some apps carries isolates). The marks a right-to-left
 * keyboard types (U+200E, U+200F, U+061C) are text, and stay.
 */
export const plainText = (text: string): string => text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '').trim();

/**
 * Text with nothing to see: format characters (a zero-width space, a soft hyphen, tag characters), spaces,
 * combining marks with no letter to sit on, and the blank fillers (Hangul's, Braille's). It is no name or address.
 */
const BLANK = /^[\p{Cf}\p{M}\s\u115f\u1160\u2800\u3164\uffa0]*$/u;

/** Whether a name or address field holds nothing to see (it is then left out of a request, as an empty one is). */
export const isBlank = (text: string): boolean => BLANK.test(plainText(text));

/**
 * Digits enough for a card number, in any layout and any script's digits, counted as compatibility normalization
 * (NFKC) spells them, so that superscript ¹ is a digit and circled ⑪ two: a name that holds them is refused, so a
 * name never carries one a reader could copy.
 */
const NAME_DIGIT_LIMIT = 12;

/** A cardholder's first or last name. */
export function checkName(name: string): FieldCheck {
  const value = plainText(name);
  if (isBlank(value)) return missing;
  if (NOT_TEXT.test(value)) return bad('invalid');
  if ((value.normalize('NFKC').match(/\p{Nd}/gu)?.length ?? 0) >= NAME_DIGIT_LIMIT) return bad('invalid');
  if (value.length > 255) return bad('too_long');
  // As card-validator's `cardholderName` does: no name of digits, spaces and hyphens only.
  return /^[\d\s-]*$/.test(value) ? bad('invalid') : ok;
}

export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

export function checkPostalCode(code: string): FieldCheck {
  const value = plainText(code);
  if (value === '') return missing;
  if (!POSTAL_CODE_PATTERN.test(value)) return bad('invalid');
  const result = postalCode(value, { minLength: 3 });
  if (result.isValid) return ok;
  return bad(value.length < 3 ? 'incomplete' : 'invalid', result.isPotentiallyValid);
}

/** An ISO 3166-1 alpha-2 code that the platform's own region data knows. */
export function checkCountry(code: string): FieldCheck {
  if (code === '') return missing;
  return isRegionCode(code) ? ok : bad('invalid');
}

export function isRegionCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && regionCodes().includes(code);
}

// Codes CLDR names that are not ISO 3166-1 countries: groupings, pseudo-regions and the exceptional
// reservations (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, Canaries, Tristan da Cunha).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);
let regions: string[] | undefined;

/**
 * Every ISO 3166-1 alpha-2 region the platform's Intl data names, worked out once from the data itself
 * (there is no `Intl.supportedValuesOf('region')`), less withdrawn codes and those that are not countries.
 */
export function regionCodes(): string[] {
  if (regions) return regions;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const found: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      // A withdrawn code (BU, UK, YU...) canonicalises to its successor: keep only current ones.
      const current = Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
      if (current && !NOT_COUNTRIES.has(code) && names.of(code)) found.push(code);
    }
  }
  return (regions = found);
}

/** Free address text: a line, a city, a state. */
export function checkAddressText(text: string, required: boolean, maxLength = 128): FieldCheck {
  const value = plainText(text);
  if (isBlank(value)) return required ? missing : ok;
  if (NOT_TEXT.test(value)) return bad('invalid');
  if (value.length > maxLength) return bad('too_long');
  return ok;
}
