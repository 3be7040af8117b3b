/**
 * The card's fields by name, and the words for what can be wrong with one: what the form, the frame and the proxy
 * call them. A module with no imports of weight, so that what the isolated host reads of a proxy's answer does not
 * bring in the card checks (and card-validator).
 */
import type { Words } from './errors.ts';

// prettier-ignore
const PROBLEMS = 'required incomplete invalid brand_not_accepted brand_unknown expired too_far_ahead too_long ambiguous';

/** Why a field is not valid. Stable words: they key the messages and travel in the proxy's 422 answers. */
export type FieldProblem = Words<typeof PROBLEMS>;

export const isFieldProblem = (problem: unknown): problem is FieldProblem => PROBLEMS.split(' ').includes(problem as string);

/** The fields the shopper fills in, as the form holds them. */
export interface CardFields {
  cardNumber: string;
  expiry: string;
  securityCode: string;
  firstName: string;
  lastName: string;
  country: string;
  state: string;
  city: string;
  postalCode: string;
  addressLine1: string;
  addressLine2: string;
}

/** A field's name, as the form, its events and the proxy's answers call it (`cardNumber`, `postalCode`...). */
export type CardFieldName = keyof CardFields;

/** How much billing address the merchant asks for. */
export type BillingAddressMode = 'full' | 'postal' | 'none';

export const CARD_FIELDS = ['cardNumber', 'expiry', 'securityCode', 'firstName', 'lastName'] as const;
export const ADDRESS_FIELDS = {
  full: ['country', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode'],
  postal: ['postalCode'],
  none: [],
} as const satisfies Record<BillingAddressMode, readonly CardFieldName[]>;

export function fieldsFor(mode: BillingAddressMode): CardFieldName[] {
  return [...CARD_FIELDS, ...ADDRESS_FIELDS[mode]];
}

export function parseBillingAddressMode(value: string | null | undefined): BillingAddressMode {
  return value === 'full' || value === 'none' ? value : 'postal';
}

/** A field that is not valid, and why: in `TokenizeFailure.fields`, and in the `fields` of the proxy's 422 answers. */
export interface FieldError {
  /** The field at fault. */
  field: CardFieldName;
  /** What is wrong with it (`required`, `incomplete`, `expired`...): its message's key is `<field>.<problem>`. */
  problem: FieldProblem;
}

/**
 * The field problems in a proxy's answer, each copied as `{ field, problem }` and only if both are words this
 * project knows: whatever else an answer holds (a middlebox that echoes the request, say) is never shown or passed on.
 */
export function readFieldErrors(fields: unknown): FieldError[] {
  const names: readonly unknown[] = fieldsFor('full');
  return (Array.isArray(fields) ? (fields as Partial<Record<keyof FieldError, unknown>>[]) : [])
    .filter((f) => names.includes(f?.field) && isFieldProblem(f.problem))
    .map((f) => ({ field: f.field, problem: f.problem }) as FieldError);
}
