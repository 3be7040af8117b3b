/**
 * What the shopper has typed and what the form makes of it: values, which fields were edited and left,
 * whether a submit was tried, and the checks. No DOM: the inline element and the isolated frame share it.
 */
import { DEFAULT_BRAND_POLICY, type AlipayBrand } from '../card/brands.ts';
import {
  buildCacheCardRequest,
  checkCardFields,
  emptyCardFields,
  fieldErrors,
  fieldsFor,
  securityCodeOptional,
  type CardFieldName,
  type CacheCardRequest,
  type CardFields,
  type CheckOptions,
  type FieldChecks,
  type FieldError,
} from '../card/contract.ts';
import { digitsOf } from '../card/format.ts';
import { BIN_LENGTH, type FieldProblem } from '../card/validate.ts';

/** Per-field state that is safe to publish: never the value, only what kind of value it is. */
export interface FieldState {
  /** Nothing typed in it. */
  empty: boolean;
  /** Its value passes the field's checks. */
  valid: boolean;
  /** Its value may yet become valid as the shopper types on (a number cut short, say); false once it cannot. */
  potentiallyValid: boolean;
}

/** The `card-change` detail: brand and completeness, never card data. */
export interface CardState {
  /** The Alipay brand the number names; null while it names none, or names a scheme Alipay has no code for. */
  brand: AlipayBrand | null;
  /** credit-card-type's id (`visa`, `american-express`...), known before Alipay's brand for brands Alipay lacks. */
  cardType: string | null;
  /** Nothing typed in any field the form shows (blanks count as nothing). */
  empty: boolean;
  /** Every field the form shows is valid, and the proxy reported no problem left: ready to tokenize. */
  complete: boolean;
  /** Each field the form shows, by name (the address fields only as `billing-address` asks for them). */
  fields: Partial<Record<CardFieldName, FieldState>>;
  /** The accepted networks the card can be paid on: two or more for a co-badged card, the shopper's to choose. */
  networks: AlipayBrand[];
  /** The network the card goes on: the shopper's choice, else the preferred one, else the first. */
  network: AlipayBrand | null;
}

export class CardEntry {
  values: CardFields = emptyCardFields();
  // What only this class reads is in private fields, which the minifier shortens (properties it cannot).
  /** Fields the shopper changed and then left: their messages may show. */
  readonly #left = new Set<CardFieldName>();
  readonly #edited = new Set<CardFieldName>();
  /** Problems the proxy reported for fields the form itself found valid; dropped when the field changes. */
  readonly #reported = new Map<CardFieldName, FieldProblem>();
  submitted = false;
  /** The network the shopper picked for a co-badged card. */
  chosenNetwork?: AlipayBrand;
  #checks?: FieldChecks;
  /** The proxy's answer for the card's first digits. */
  #bin?: { bin: string; networks: readonly AlipayBrand[] };

  readonly #settings: () => CheckOptions;
  /** The merchant's preferred network for co-badged cards (`preferred-network`). */
  readonly #preferredNetwork: () => string;

  constructor(settings: () => CheckOptions, preferredNetwork: () => string = () => '') {
    this.#settings = settings;
    this.#preferredNetwork = preferredNetwork;
  }

  /** The settings, with the BIN lookup's networks while the number still starts with its digits. */
  options(): CheckOptions {
    const settings = this.#settings();
    return this.#bin && digitsOf(this.values.cardNumber).startsWith(this.#bin.bin)
      ? { ...settings, binNetworks: this.#bin.networks }
      : settings;
  }

  /** The card's first digits, when there are enough of them to ask the proxy about and it has not been asked. */
  get binToLookUp(): string | null {
    const bin = digitsOf(this.values.cardNumber).slice(0, BIN_LENGTH);
    return bin.length === BIN_LENGTH && bin !== this.#bin?.bin ? bin : null;
  }

  /** The proxy's answer for a prefix; one that comes after the card was cleared or changed is not kept. */
  lookedUp(bin: string, networks: readonly AlipayBrand[]): void {
    if (!digitsOf(this.values.cardNumber).startsWith(bin)) return;
    this.#bin = { bin, networks };
    this.#checks = undefined;
  }

  /** The accepted networks the card can be paid on. */
  get networks(): AlipayBrand[] {
    const { acceptedBrands } = this.options().policy ?? DEFAULT_BRAND_POLICY;
    return this.checks.cardNumber.networks.filter((brand) => acceptedBrands.includes(brand));
  }

  /** The network the card goes on. */
  get network(): AlipayBrand | null {
    const networks = this.networks;
    const preferred = this.#preferredNetwork().toUpperCase();
    return (
      networks.find((brand) => brand === this.chosenNetwork) ??
      networks.find((brand) => brand === preferred) ??
      networks[0] ??
      this.checks.cardNumber.brand
    );
  }

  /** Whether this card may go without a security code (its brand's cards may have none, and the proxy agrees). */
  get securityCodeOptional(): boolean {
    return securityCodeOptional(this.checks.cardNumber, this.options());
  }

  set(name: CardFieldName, value: string): void {
    if (this.values[name] === value) return;
    this.values[name] = value;
    this.#edited.add(name);
    this.#reported.delete(name);
    this.#checks = undefined;
  }

  leave(name: CardFieldName): void {
    if (this.#edited.has(name)) this.#left.add(name);
  }

  /** Call when the options (brands, address mode, clock) may have changed. */
  invalidate(): void {
    this.#checks = undefined;
  }

  get checks(): FieldChecks {
    return (this.#checks ??= checkCardFields(this.values, this.options()));
  }

  get fields(): CardFieldName[] {
    return fieldsFor(this.options().billingAddress);
  }

  /** The problem a field has now, the proxy's word included. */
  problem(name: CardFieldName): FieldProblem | undefined {
    const check = this.checks[name];
    return check.isValid ? this.#reported.get(name) : (check.problem ?? 'invalid');
  }

  /** A message shows once the field was edited and left, or after a submit; it goes as soon as the value is fixed. */
  showsMessage(name: CardFieldName): boolean {
    return this.problem(name) !== undefined && (this.submitted || this.#left.has(name) || this.#reported.has(name));
  }

  /** The field is marked invalid when its message shows, or while typing once it can no longer become valid. */
  isMarkedInvalid(name: CardFieldName): boolean {
    return this.showsMessage(name) || (this.values[name] !== '' && !this.checks[name].isPotentiallyValid);
  }

  errors(): FieldError[] {
    const mode = this.options().billingAddress;
    const found = fieldErrors(this.checks, mode);
    for (const [field, problem] of this.#reported) if (!found.some((e) => e.field === field)) found.push({ field, problem });
    const order = fieldsFor(mode);
    return found.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  }

  get isEmpty(): boolean {
    return this.fields.every((name) => this.values[name].trim() === '');
  }

  state(): CardState {
    const checks = this.checks;
    const fields: CardState['fields'] = {};
    for (const name of this.fields) {
      const check = checks[name];
      fields[name] = { empty: this.values[name] === '', valid: check.isValid, potentiallyValid: check.isPotentiallyValid };
    }
    return {
      brand: checks.cardNumber.brand,
      cardType: checks.cardNumber.cardType,
      empty: this.isEmpty,
      complete: this.errors().length === 0,
      fields,
      networks: this.networks,
      network: this.network,
    };
  }

  /** The body for the proxy; call only once `errors()` is empty. */
  request(): CacheCardRequest {
    return buildCacheCardRequest(this.values, this.checks, this.options().billingAddress, this.network);
  }

  clear(): void {
    this.values = emptyCardFields();
    this.#left.clear();
    this.#edited.clear();
    this.#reported.clear();
    this.submitted = false;
    this.chosenNetwork = undefined;
    this.#bin = undefined;
    this.#checks = undefined;
  }

  report(errors: readonly FieldError[]): void {
    for (const { field, problem } of errors) this.#reported.set(field, problem);
  }
}
