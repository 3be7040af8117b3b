/**
 * Every public property of `<cache-card-form>`, declared once. The element's accessors and attributes, the
 * custom-elements manifest (custom-elements-manifest.config.mjs reads the comments below), the isolated frame's config
 * with its guard, and the React and Vue typings are all derived from this table.
 *
 * `frame: true` marks what the host element passes on to the form inside the isolated frame.
 */
import type { BillingAddressMode } from './contract.ts';
import type { Messages } from './messages.ts';

export interface FormPropertyOptions {
  attribute?: string | false;
  reflect?: boolean;
  frame?: true;
}

const text = <const O extends FormPropertyOptions>(value: string, options?: O) => ({ type: String, default: value, ...(options as O) });
const choice = <T extends string, const O extends FormPropertyOptions>(value: T, options?: O) => ({
  type: String,
  default: value,
  ...(options as O),
});
const flag = <const O extends FormPropertyOptions>(options?: O) => ({ type: Boolean, default: false as boolean, ...(options as O) });
const count = <const O extends FormPropertyOptions>(value: number, options?: O) => ({ type: Number, default: value, ...(options as O) });

export const FORM_PROPERTIES = {
  /** URL of the merchant's proxy (`POST`, JSON). Required to tokenize. */
  endpoint: text(''),
  /** BCP 47 tag for messages and country names; defaults to the nearest `lang`, then `<html lang>`, then the browser's. */
  locale: text('', { frame: true }),
  /**
   * Alipay brand codes accepted, space- or comma-separated (`VISA MASTERCARD AMEX`); default: those the proxy's
   * policy accepts. Brands the proxy refuses are dropped, with a console warning.
   */
  acceptedBrands: text('', { frame: true }),
  /**
   * Accept Luhn-valid numbers of no known brand (sent without a brand); only if the proxy's policy does too. Default:
   * what the proxy's policy says (off until it is known, and when it says nothing).
   */
  allowUnknownBrands: flag({ frame: true }),
  /**
   * How much billing address to ask for: `full`, `postal` or `none`. Default: what the proxy's policy needs
   * (`postal` until it is known); never less than that.
   */
  billingAddress: choice('postal' as BillingAddressMode, { frame: true }),
  /** For a card on two networks (co-badged), the one chosen until the shopper picks another: an Alipay brand code. */
  preferredNetwork: text('', { frame: true }),
  /** Show the marks of the accepted brands above the card number. */
  showAcceptedBrands: flag({ frame: true }),
  /** The form field name under which the card token is submitted. */
  name: text('', { reflect: true }),
  /** Disables every input (a disabled `<fieldset>` does the same). */
  disabled: flag({ reflect: true, frame: true }),
  /** An empty form is invalid, as with native controls. */
  required: flag({ reflect: true, frame: true }),
  /** Render a built-in submit button. */
  submitButton: flag({ frame: true }),
  /** Milliseconds to wait for the proxy; default 15000. */
  timeout: count(15_000, { frame: true }),
  /** Overrides for any shown or announced string, by message key. */
  messages: { default: Object.freeze({}) as Messages, attribute: false, frame: true } as const,
  /**
   * Render the inputs in a frame served by the proxy from its own origin (`<endpoint>/frame`), so no script on
   * this page can read them. The page then only ever sees state, the token and the mask.
   */
  isolated: flag(),
  /**
   * Isolated mode: milliseconds to wait for the frame to connect (when placed, and each time it loads anew), and for
   * its answer to a tokenization past `timeout`, before `frame_unavailable`; default 10000.
   */
  frameTimeout: count(10_000),
};

type Table = typeof FORM_PROPERTIES;

/** The properties' values: `{ endpoint: string; disabled: boolean; billingAddress: BillingAddressMode; ... }`. */
export type FormPropertyValues = { -readonly [K in keyof Table]: Table[K]['default'] };

/** The properties the host passes on to the form in the isolated frame. */
export type FramePropertyName = { [K in keyof Table]: Table[K] extends { frame: true } ? K : never }[keyof Table];

// Pure: a bundle that never passes properties to a frame (the inline script tag) drops it.
export const FRAME_PROPERTIES = /* @__PURE__ */ (Object.keys(FORM_PROPERTIES) as (keyof Table)[]).filter(
  (name): name is FramePropertyName => (FORM_PROPERTIES[name] as FormPropertyOptions).frame === true,
);

/** The properties the proxy's policy governs: the frame's form takes them from the host only when the page set them. */
export const POLICY_PROPERTIES: readonly FramePropertyName[] = ['acceptedBrands', 'allowUnknownBrands', 'billingAddress'];

/** `acceptedBrands` -> `accepted-brands`: attribute and part names. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The attribute a declared property is tied to (its name in kebab case, `accepted-brands`, unless it says), or null
 * for a property only. The table names none: every attribute is its property's name in kebab case.
 */
export function attributeOf(name: string, declaration: object): string | null {
  const { attribute } = declaration as { attribute?: string | false };
  return attribute === false ? null : (attribute ?? kebab(name));
}
