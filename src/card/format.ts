import { parseExpiry } from './validate.ts';

/** What a formatter returns: the text to show and where the caret goes in it. */
export interface Formatted {
  value: string;
  caret: number;
}

/**
 * How the shopper changed the field: typing, deleting either way, pasting (or dropping) text where the caret is,
 * or text arriving whole (autofill, a password manager).
 */
/** How a field's text changed; `deleteSelection` is the shopper's selection deleted, told apart by the element. */
export type EditKind = 'insert' | 'deleteBackward' | 'deleteForward' | 'deleteSelection' | 'paste' | 'replace';

/** Maps an `InputEvent.inputType` onto the edits a formatter tells apart. */
export function editKindOf(inputType: string | undefined): EditKind {
  if (!inputType) return 'replace';
  if (inputType.startsWith('deleteContentBackward') || inputType === 'deleteWordBackward') return 'deleteBackward';
  if (inputType.startsWith('delete')) return 'deleteForward';
  if (inputType === 'insertText' || inputType === 'insertCompositionText') return 'insert';
  return inputType.startsWith('insertFrom') ? 'paste' : 'replace';
}

export const digitsOf = (text: string): string => text.replace(/\D/g, '');

/**
 * What the shopper typed, with the digits of other keyboards as the digits they are: full-width ones as Japanese and
 * Chinese input methods type them (NFKC, one for one there; it also turns a circled ⑩ into two digits), and the
 * Arabic-Indic ones of Arabic keyboards and the Persian ones of Persian and Urdu keyboards, one for one (runs of ten
 * from U+0660 and U+06F0: the low four bits are the digit). Other scripts' digits are not read.
 */
export const latinDigits = (text: string): string =>
  text.normalize('NFKC').replace(/[٠-٩۰-۹]/g, (digit) => (digit.charCodeAt(0) % 16) + '');

/** How many digits stand before `caret` in `text`. */
const digitsBefore = (text: string, caret: number): number => digitsOf(text.slice(0, caret)).length;

/** The index just after the n-th digit of `text` (0 when n is 0; its end when it has fewer). */
const indexAfterDigit = (text: string, n: number): number => new RegExp(`^(\\D*\\d){${n}}`).exec(text)?.[0].length ?? text.length;

/**
 * When a deletion removed only a separator the formatter puts back, the shopper meant the digit beside it:
 * take that digit out instead, so Backspace over "4111 |1111" deletes the second "1" rather than nothing.
 */
function deleteAcrossSeparator(previous: string, raw: string, caret: number, edit: EditKind) {
  let digits = digitsOf(raw);
  let before = digitsBefore(raw, caret);
  // The digit beside the separator: before it for Backspace, after it for Delete.
  const beside = edit === 'deleteBackward' ? before - 1 : edit === 'deleteForward' ? before : -1;
  if (beside >= 0 && raw.length < previous.length && digits === digitsOf(previous)) {
    digits = digits.slice(0, beside) + digits.slice(beside + 1);
    before = beside;
  }
  return { digits, before };
}

/**
 * Groups digits at the brand's gaps: 4-4-4-4, 4-6-5 for Amex... Brands grouped in fours keep grouping past
 * 16 digits, as 19-digit cards are printed (4-4-4-4-3).
 */
export function groupDigits(digits: string, gaps: readonly number[]): string {
  const inFours = gaps.length > 0 && gaps.every((gap, i) => gap === (i + 1) * 4);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (gaps.includes(i) || (inFours && i % 4 === 0))) out += ' ';
    out += digits[i];
  }
  return out;
}

/**
 * Formats a card number as the shopper edits it. `raw` is the field's text after the edit, `caret` where the
 * browser left the caret, `previous` the text before the edit. Anything that is not a digit (spaces, dashes,
 * words before a pasted number) is dropped; the number is cut at `maxLength` digits.
 */
export function formatCardNumber(
  raw: string,
  caret: number,
  previous: string,
  edit: EditKind,
  gaps: readonly number[],
  maxLength: number,
): Formatted {
  // A paste ends at the number's last digit: an expiry (a group of one or two digits and a slash or a dot) or other
  // text after it is not the number's ("4242 … 4242 12/34", "4242…4242 exp 12/34" give the number alone). What may
  // group a number's digits does not end it: spaces, dots, any dash, and invisible marks (a zero-width space).
  if (edit === 'paste') raw = raw.replace(/(\d)([\s.\p{Pd}\p{Cf}]*\s\d\d?\s*[/.]|[\s.\p{Pd}\p{Cf}]*[^\d\s.\p{Pd}\p{Cf}])[^]*/u, '$1');
  const { digits, before } = deleteAcrossSeparator(previous, raw, caret, edit);
  const kept = digits.slice(0, maxLength);
  const value = groupDigits(kept, gaps);
  // Text that arrived whole leaves the caret at the end; a paste, after the digits it brought, as typing does.
  const caretAt = edit === 'replace' ? value.length : indexAfterDigit(value, before);
  return { value, caret: caretAt };
}

export const EXPIRY_SEPARATOR = ' / ';

/** Shows an expiry as `MM / YY`, the form printed on cards. */
export function expiryText(month: string, yy: string): string {
  return `${month}${EXPIRY_SEPARATOR}${yy}`;
}

/**
 * Formats the expiry as the shopper types `MM / YY`. A first digit above 1 is a one-digit month ("4" is
 * "04 / "); a slash after one digit pads it ("1/" is "01 / "). Text that arrives whole, from a paste or a
 * password manager, may carry a four-digit year (`12/2030`, `1/30`, `122030`): it is read and shown as `12 / 30`;
 * so is a four-digit year the shopper types out.
 */
export function formatExpiry(raw: string, caret: number, previous: string, edit: EditKind, now: Date): Formatted {
  // A pasted expiry is read whole, as one that arrives whole is: "12/2030" is one date, not digits to group.
  const whole = edit === 'replace' || edit === 'paste';
  if (whole || /\d{4}\s*$/.test(raw.replace(/^\s*\d{1,2}\s*[/\-.]\s*/, ''))) {
    const { month, yearDigits, ambiguous } = parseExpiry(raw, now);
    // Text that arrived whole and reads more than one way stays as it came, for the check to question.
    const read = month.length === 2 && yearDigits.length === 4 ? expiryText(month, yearDigits.slice(2)) : whole && ambiguous && raw.trim();
    if (read) return { value: read, caret: read.length };
  }
  let { digits, before } = deleteAcrossSeparator(previous, raw, caret, edit);
  // The month's digits: those before the slash, or before the caret where a deletion took it; less the one
  // Backspace at the separator took. Short of two, with a year after them, each stays where it is: "12 / 34" less
  // its "2" is "1 / 34", not "13 / 4", and the month typed again finds the year in place.
  const slash = raw.indexOf('/');
  const month = digitsBefore(raw, slash < 0 ? caret : slash) - +(edit === 'deleteBackward' && digits !== digitsOf(raw));
  if (previous.includes('/') && month < 2 && digits.length > month) {
    const value = expiryText(digits.slice(0, month), digits.slice(month, month + 2));
    return { value, caret: indexAfterDigit(value, before) };
  }
  if (/^\d[/\-.]/.test(raw.trim()) || /^[2-9]/.test(digits)) {
    digits = `0${digits}`;
    before += 1;
  }
  // A year typed out in full ("12 / 2030") may run to four digits, then shows as two.
  const fullYear = digits.slice(2, 4) === '20' && digits.length > 4;
  digits = digits.slice(0, fullYear ? 6 : 4);
  // All six: the year's last two shown, the caret at the end.
  const six = digits.length === 6;
  // Two digits typed (not left by a deletion) show the separator after them.
  const value =
    digits.length > 2 || (digits[1] && !edit.startsWith('delete')) ? expiryText(digits.slice(0, 2), digits.slice(six ? 4 : 2)) : digits;
  return { value, caret: !six && before < digits.length ? indexAfterDigit(value, before) : value.length };
}

/** Keeps only digits, up to `maxLength`, with the caret after the same digit as before. */
export function formatDigits(raw: string, caret: number, maxLength: number): Formatted {
  const value = digitsOf(raw).slice(0, maxLength);
  return { value, caret: Math.min(digitsBefore(raw, caret), value.length) };
}

/** The number as Alipay shows it: first six and last four, the rest masked. */
export function maskCardNumber(pan: string): string {
  return pan.length <= 10 ? '*'.repeat(pan.length) : pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
}
