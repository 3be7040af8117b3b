import { html, nothing, type TemplateResult } from 'lit/html.js';
import { DEFAULT_BRAND_POLICY, parseAcceptedBrands, type BrandPolicy } from '../card/brands.ts';
import { parseBillingAddressMode, type CardFieldName, type CheckOptions, type FieldError, type TokenizeResult } from '../card/contract.ts';
import { digitsOf, editKindOf, formatCardNumber, formatDigits, formatExpiry, type Formatted } from '../card/format.ts';
import { catalogFor, errorKey, message, registerCatalog, type MessageKey, type Messages } from '../card/messages.ts';
import { checkCardNumber, PAN_MAX_LENGTH } from '../card/validate.ts';
import { FrameFailure, FrameLink, type FrameLinkHandlers } from '../frame/host-link.ts';
import { isSafeThemeValue, type FrameConfig, type FrameState } from '../frame/protocol.ts';
import { CardEntry, type CardState } from './card-entry.ts';
import { cardEvent, type TokenizeErrorDetail } from './events.ts';
import { problemText, renderFieldSet } from './fields.ts';
import { ReactiveElement, type PropertyDeclaration } from './reactive-element.ts';
import { formStyleSheet, THEME_PROPERTIES } from './styles.ts';
import { postCard, TokenizeFailure } from './transport.ts';

/** Characters a shopper may type into each card field; anything else is refused at the key. */
const TYPEABLE: Partial<Record<CardFieldName, RegExp>> = {
  cardNumber: /^[\d\s-]*$/,
  expiry: /^[\d\s/.-]*$/,
  securityCode: /^\d*$/,
};

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * A card form that turns what the shopper types into an Alipay card token through the merchant's proxy.
 * Card data stays in the element's shadow root and leaves it only in the request to `endpoint`; the page gets
 * the token and the masked number. Inside a `<form>` it is a form control whose value is the card token.
 *
 * @tag cache-card-form
 *
 * @attr {string} endpoint - URL of the merchant's proxy (`POST`, JSON). Required to tokenize.
 * @attr {string} locale - BCP 47 tag for messages and country names; defaults to the nearest `lang`, then the browser's.
 * @attr {string} accepted-brands - Alipay brand codes accepted, space- or comma-separated (`VISA MASTERCARD AMEX`); default all.
 * @attr {boolean} allow-unknown-brands - Accept Luhn-valid numbers of no known brand (sent without a brand).
 * @attr {'full'|'postal'|'none'} billing-address - How much billing address to ask for; default `postal`.
 * @attr {string} name - The form field name under which the card token is submitted.
 * @attr {boolean} required - An empty form is invalid, as with native controls.
 * @attr {boolean} disabled - Disables every input (a disabled `<fieldset>` does the same).
 * @attr {boolean} submit-button - Render a built-in submit button.
 * @attr {number} timeout - Milliseconds to wait for the proxy; default 15000.
 * @attr {boolean} isolated - Render the inputs in a frame served by the proxy from its own origin (`<endpoint>/frame`),
 *   so no script on this page can read them. The page then only ever sees state, the token and the mask.
 * @attr {number} frame-timeout - Isolated mode: milliseconds to wait for the frame before `frame_unavailable`; default 10000.
 *
 * @prop {Partial<Record<MessageKey, string>>} messages - Overrides for any shown or announced string.
 *
 * @event {CustomEvent<{cardToken: string, mask: string}>} tokenized - A token is ready; the card inputs are cleared.
 * @event {CustomEvent<{code: string, message: string}>} tokenize-error - Tokenization failed; what was typed stays.
 * @event {CustomEvent<CardState>} card-change - Brand, emptiness, completeness or a field's validity changed.
 * @event {CustomEvent<void>} submit-request - The shopper pressed Enter or the built-in button; cancel it to handle
 *   the submit yourself. Otherwise the surrounding form is submitted, or the card tokenized when there is none.
 *
 * @csspart form - The inner form.
 * @csspart group - Each fieldset (also `group-card`, `group-name`, `group-address`).
 * @csspart legend - Each fieldset's legend.
 * @csspart field - Each label + input + message block (also `field-card-number`, `field-expiry`, ...).
 * @csspart label - Each label (also `label-card-number`, ...).
 * @csspart input - Each input and the country select (also `input-card-number`, ...).
 * @csspart message - Each field's message (also `message-card-number`, ...).
 * @csspart brand - The brand badge in the card number field.
 * @csspart status - The live region announcing progress and results.
 * @csspart submit - The built-in submit button.
 * @csspart frame - Isolated mode: the frame holding the inputs.
 * @csspart frame-error - Isolated mode: the message shown when the frame cannot load.
 *
 * @cssproperty --cache-card-font-family - Font of the whole form (default: inherited).
 * @cssproperty --cache-card-font-size - Base font size (default 1rem).
 * @cssproperty --cache-card-text-color - Text colour.
 * @cssproperty --cache-card-muted-color - Colour of secondary text.
 * @cssproperty --cache-card-field-background - Background of inputs.
 * @cssproperty --cache-card-border-color - Border of inputs.
 * @cssproperty --cache-card-border-radius - Corner radius of inputs and the button.
 * @cssproperty --cache-card-focus-color - Focus ring.
 * @cssproperty --cache-card-error-color - Invalid borders and messages.
 * @cssproperty --cache-card-placeholder-color - Placeholder text.
 * @cssproperty --cache-card-gap - Space between fields.
 * @cssproperty --cache-card-field-padding - Padding inside inputs.
 * @cssproperty --cache-card-button-background - Submit button background.
 * @cssproperty --cache-card-button-color - Submit button text.
 */
export class CacheCardForm extends ReactiveElement {
  static formAssociated = true;
  static #connected = new Set<CacheCardForm>();

  /** Adds or extends a locale's messages (locale packs call this); every form on the page re-renders. */
  static registerLocale(tag: string, messages: Messages): void {
    registerCatalog(tag, messages);
    for (const form of CacheCardForm.#connected) form.requestUpdate();
  }

  static override styleSheets = () => [formStyleSheet()];
  static override properties: Record<string, PropertyDeclaration> = {
    endpoint: { type: String },
    locale: { type: String },
    acceptedBrands: { type: String, attribute: 'accepted-brands' },
    allowUnknownBrands: { type: Boolean, attribute: 'allow-unknown-brands' },
    billingAddress: { type: String, attribute: 'billing-address' },
    name: { type: String, reflect: true },
    disabled: { type: Boolean, reflect: true },
    required: { type: Boolean, reflect: true },
    submitButton: { type: Boolean, attribute: 'submit-button' },
    timeout: { type: Number },
    messages: { attribute: false },
    isolated: { type: Boolean },
    frameTimeout: { type: Number, attribute: 'frame-timeout' },
    busy: { attribute: false },
    frameFailed: { attribute: false },
    status: { attribute: false },
    formDisabled: { attribute: false },
  };

  declare endpoint: string;
  declare locale: string;
  declare acceptedBrands: string;
  declare allowUnknownBrands: boolean;
  declare billingAddress: string;
  declare name: string;
  declare disabled: boolean;
  declare required: boolean;
  declare submitButton: boolean;
  declare timeout: number;
  declare messages: Messages;
  declare isolated: boolean;
  declare frameTimeout: number;
  declare private busy: boolean;
  declare private frameFailed: boolean;
  declare private status: { text: string; error: boolean };
  declare private formDisabled: boolean;

  readonly #internals: ElementInternals;
  readonly #entry = new CardEntry(() => this.#checkOptions());
  #result?: TokenizeResult;
  #pending?: Promise<TokenizeResult>;
  #lastState = '';
  #form: HTMLFormElement | null = null;
  #policy?: { key: string; policy: BrandPolicy };
  #link?: FrameLink;
  #frameState?: FrameState;
  #lastConfig = '';
  readonly #frameSheet = new CSSStyleSheet();

  constructor() {
    super();
    this.endpoint = '';
    this.locale = '';
    this.acceptedBrands = '';
    this.allowUnknownBrands = false;
    this.billingAddress = 'postal';
    this.name = '';
    this.disabled = false;
    this.required = false;
    this.submitButton = false;
    this.timeout = DEFAULT_TIMEOUT_MS;
    this.messages = {};
    this.busy = false;
    this.status = { text: '', error: false };
    this.formDisabled = false;
    this.isolated = false;
    this.frameTimeout = 10_000;
    this.frameFailed = false;
    this.#internals = this.attachInternals();
    this.#internals.role = 'group';
  }

  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    CacheCardForm.#connected.add(this);
    this.addEventListener('invalid', this.#onInvalid);
    this.#watchForm(this.#internals.form);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    CacheCardForm.#connected.delete(this);
    this.removeEventListener('invalid', this.#onInvalid);
    this.#watchForm(null);
    this.#dropFrame();
  }

  protected override firstUpdated(): void {
    const root = this.renderRoot as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#frameSheet];
  }

  protected override willUpdate(changed: Set<string>): void {
    if (changed.has('acceptedBrands') || changed.has('allowUnknownBrands') || changed.has('billingAddress')) {
      this.#entry.invalidate();
    }
    if (changed.has('isolated') || changed.has('endpoint') || changed.has('frameTimeout')) this.#dropFrame();
    if (this.isolated && this.endpoint && !this.#link) {
      this.#link = new FrameLink(this.endpoint, document.baseURI, this.#frameHandlers, () => this.#frameConfig(), this.frameTimeout || 10_000);
    }
  }

  protected override updated(): void {
    this.#internals.ariaLabel = this.#t('group.card');
    if (this.#link) {
      const iframe = this.renderRoot.querySelector('iframe');
      if (iframe) this.#link.attach(iframe);
      this.#pushFrameConfig();
    }
    this.#syncValidity();
    const cardState = this.cardState;
    const state = JSON.stringify(cardState);
    if (this.#lastState && state !== this.#lastState) this.dispatchEvent(cardEvent('card-change', cardState));
    this.#lastState = state;
  }

  /** Form-associated callbacks: the element behaves as a native control in forms and fieldsets. */
  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.#watchForm(form);
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  formResetCallback(): void {
    this.reset();
  }

  // Public API

  /** The form this control belongs to, as for native controls. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  /** Non-sensitive state: brand, emptiness, completeness, per-field validity. Never a value. */
  get cardState(): CardState {
    if (!this.isolated) return this.#entry.state();
    const state = this.#frameState;
    if (!state) return { brand: null, cardType: null, empty: true, complete: false, fields: {} };
    return { brand: state.brand as CardState['brand'], cardType: state.cardType, empty: state.empty, complete: state.complete, fields: state.fields };
  }

  /**
   * Checks the fields, posts the card to `endpoint` and resolves to `{ cardToken, mask }`. While one call is
   * under way, further calls get the same promise. Rejects with a `TokenizeFailure` (`code`, localized
   * `message`) and fires `tokenize-error`; what the shopper typed stays so they can retry.
   */
  tokenize(): Promise<TokenizeResult> {
    if (this.#pending) return this.#pending;
    if (this.#result && this.#isEmpty()) return Promise.resolve({ ...this.#result });
    this.#pending = (this.isolated ? this.#tokenizeInFrame() : this.#tokenize()).finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Empties every field, drops the token and hides every message. */
  reset(): void {
    this.#link?.send({ type: 'reset' });
    this.#entry.clear();
    this.#clearInputs();
    this.#result = undefined;
    this.#internals.setFormValue(null);
    this.status = { text: '', error: false };
    this.requestUpdate();
  }

  override focus(options?: FocusOptions): void {
    if (this.isolated) {
      this.renderRoot.querySelector('iframe')?.focus(options);
      this.#link?.send({ type: 'focus' });
      return;
    }
    this.#input('cardNumber')?.focus(options);
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    this.#entry.submitted = true;
    this.requestUpdate();
    // In isolated mode the frame shows the messages and moves focus (see #onInvalid).
    return this.isolated ? this.#internals.checkValidity() : this.#internals.reportValidity();
  }

  // Handlers

  #onBeforeInput = (event: InputEvent): void => {
    const allowed = TYPEABLE[(event.target as HTMLInputElement).name as CardFieldName];
    if (allowed && event.inputType === 'insertText' && event.data && !allowed.test(event.data)) event.preventDefault();
  };

  #onInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    const name = input.name as CardFieldName;
    const edit = editKindOf(event.inputType);
    const formatted = this.#format(name, input, edit);
    if (formatted) {
      if (input.value !== formatted.value) input.value = formatted.value;
      if (this.shadowRoot?.activeElement === input) input.setSelectionRange(formatted.caret, formatted.caret);
    }
    this.#edited(name, input.value);
    const atEnd = input.selectionStart === input.value.length;
    if (edit !== 'deleteBackward' && edit !== 'deleteForward' && atEnd) this.#advanceFrom(name);
  };

  #onChange = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    this.#edited(select.name as CardFieldName, select.value);
  };

  #onBlur = (event: FocusEvent): void => {
    this.#entry.leave((event.target as HTMLInputElement).name as CardFieldName);
    this.requestUpdate();
  };

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    this.#submitFromShopper();
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.#submitFromShopper();
  };

  /** The browser found this control invalid while submitting its form: show every message. */
  #onInvalid = (): void => {
    this.#entry.submitted = true;
    this.#link?.send({ type: 'report-validity' });
    this.requestUpdate();
  };

  /**
   * A submit of the surrounding form with a card typed but not yet tokenized is held back, the card is
   * tokenized, and the form is submitted again carrying the token: a plain `<form action>` just works.
   */
  #onOuterSubmit = (event: SubmitEvent): void => {
    if (this.disabled || this.formDisabled || this.#isEmpty()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const form = event.target as HTMLFormElement;
    const submitter = event.submitter && (event.submitter as HTMLButtonElement).form === form ? event.submitter : null;
    this.tokenize().then(
      () => form.requestSubmit(submitter),
      () => undefined,
    );
  };

  // Internals

  #submitFromShopper(): void {
    if (this.busy || this.disabled || this.formDisabled) return;
    if (!this.dispatchEvent(new CustomEvent('submit-request', { bubbles: true, composed: true, cancelable: true }))) return;
    const form = this.#internals.form;
    if (form) form.requestSubmit();
    else this.tokenize().catch(() => undefined);
  }

  async #tokenize(): Promise<TokenizeResult> {
    this.#entry.submitted = true;
    const errors = this.#entry.errors();
    if (errors.length) throw this.#failed(new TokenizeFailure('invalid_card', 'invalid_card', errors));
    if (!this.endpoint) throw this.#failed(new TokenizeFailure('processor_misconfigured'));
    this.busy = true;
    this.#announce(this.#t('status.tokenizing'), false);
    try {
      const result = await postCard(this.endpoint, this.#entry.request(), { timeoutMs: this.timeout || DEFAULT_TIMEOUT_MS });
      this.#tokenized(result);
      return { ...result };
    } catch (error) {
      throw this.#failed(error instanceof TokenizeFailure ? error : new TokenizeFailure('network_error'));
    } finally {
      this.busy = false;
    }
  }

  async #tokenizeInFrame(): Promise<TokenizeResult> {
    if (!this.#link?.ready) throw this.#frameUnavailable();
    this.busy = true;
    try {
      const result = await this.#link.tokenize();
      this.#result = result;
      this.#internals.setFormValue(result.cardToken);
      this.dispatchEvent(cardEvent('tokenized', { cardToken: result.cardToken, mask: result.mask }));
      return { ...result };
    } catch (error) {
      // The frame has already shown the failure to the shopper and sent its tokenize-error on.
      if (error instanceof FrameFailure && error.code !== 'frame_unavailable') throw new TokenizeFailure(error.code, error.message);
      throw this.#frameUnavailable();
    } finally {
      this.busy = false;
    }
  }

  #frameHandlers: FrameLinkHandlers = {
    ready: () => {
      this.frameFailed = false;
      this.#lastConfig = '';
      this.requestUpdate();
    },
    state: (state) => {
      if (this.#result && !state.empty) {
        this.#result = undefined;
        this.#internals.setFormValue(null);
      }
      this.#frameState = state;
      this.requestUpdate();
    },
    height: (px) => this.#frameSheet.replaceSync(`iframe { block-size: ${px}px; }`),
    tokenizeError: (code, message) => this.dispatchEvent(cardEvent('tokenize-error', { code, message })),
    submitRequest: () => this.#submitFromShopper(),
    unavailable: () => void this.#frameUnavailable(),
  };

  /** The frame did not load or answer: say so where the form should be, and to the page. */
  #frameUnavailable(): TokenizeFailure {
    const message = this.#t('error.frame_unavailable');
    if (!this.frameFailed) {
      this.frameFailed = true;
      this.dispatchEvent(cardEvent('tokenize-error', { code: 'frame_unavailable', message }));
    }
    return new TokenizeFailure('frame_unavailable', message);
  }

  #dropFrame(): void {
    this.#link?.detach();
    this.#link = undefined;
    this.#frameState = undefined;
    this.#lastConfig = '';
    this.frameFailed = false;
  }

  #frameConfig(): FrameConfig {
    const messages: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.messages ?? {})) if (typeof value === 'string') messages[key] = value;
    return {
      locale: this.#locale(),
      acceptedBrands: this.acceptedBrands,
      allowUnknownBrands: this.allowUnknownBrands,
      billingAddress: this.billingAddress,
      required: this.required,
      disabled: this.disabled || this.formDisabled,
      submitButton: this.submitButton,
      timeout: this.timeout || DEFAULT_TIMEOUT_MS,
      messages,
      theme: this.#theme(),
    };
  }

  /**
   * The allowed custom properties as this element sees them, and the page's font and colour where none is
   * set, so the frame looks like the page around it. The frame checks every value again.
   */
  #theme(): Record<string, string> {
    const style = getComputedStyle(this);
    const theme: Record<string, string> = {};
    for (const name of THEME_PROPERTIES) {
      const value = style.getPropertyValue(name).trim();
      if (value && isSafeThemeValue(value)) theme[name] = value;
    }
    const inherited: Record<string, string> = {
      '--cache-card-font-family': style.fontFamily,
      '--cache-card-font-size': style.fontSize,
      '--cache-card-text-color': style.color,
    };
    for (const [name, value] of Object.entries(inherited)) if (!theme[name] && value && isSafeThemeValue(value)) theme[name] = value;
    return theme;
  }

  #pushFrameConfig(): void {
    if (!this.#link?.ready) return;
    const config = this.#frameConfig();
    const text = JSON.stringify(config);
    if (text === this.#lastConfig) return;
    this.#lastConfig = text;
    this.#link.send({ type: 'config', config });
  }

  #isEmpty(): boolean {
    return this.isolated ? (this.#frameState?.empty ?? true) : this.#entry.isEmpty;
  }

  #tokenized(result: TokenizeResult): void {
    this.#entry.clear();
    this.#clearInputs();
    this.#result = result;
    this.#internals.setFormValue(result.cardToken);
    this.#announce(this.#t('status.tokenized', { last4: result.mask.slice(-4) }), false);
    this.dispatchEvent(cardEvent('tokenized', { cardToken: result.cardToken, mask: result.mask }));
  }

  /** Shows a failure: marks the fields it names, focuses the first, announces it, fires `tokenize-error`. */
  #failed(failure: TokenizeFailure): TokenizeFailure {
    const known = new Set<string>(this.#entry.fields);
    const fields = failure.fields.filter((f): f is FieldError => known.has(f.field) && typeof f.problem === 'string');
    this.#entry.report(fields.filter((f) => this.#entry.checks[f.field].isValid));
    const errors = this.#entry.errors();
    let text = this.#t(errorKey(failure.code));
    if (failure.code === 'invalid_card' && errors.length) {
      const first = this.#problemText(errors[0]!);
      const plural = new Intl.PluralRules(this.#locale()).select(errors.length) === 'one' ? 'one' : 'other';
      text = this.#t(`status.errors.${plural}`, { count: errors.length, first });
      this.updateComplete.then(() => this.#input(errors[0]!.field)?.focus());
    }
    this.#announce(text, true);
    this.requestUpdate();
    const detail: TokenizeErrorDetail = { code: failure.code, message: text };
    this.dispatchEvent(cardEvent('tokenize-error', detail));
    return new TokenizeFailure(failure.code, text, fields);
  }

  #edited(name: CardFieldName, value: string): void {
    this.#entry.set(name, value);
    if (this.#result) {
      this.#result = undefined;
      this.#internals.setFormValue(null);
    }
    if (this.status.error || this.status.text) this.status = { text: '', error: false };
    this.requestUpdate();
  }

  #format(name: CardFieldName, input: HTMLInputElement, edit: ReturnType<typeof editKindOf>): Formatted | null {
    const raw = input.value;
    const caret = input.selectionStart ?? raw.length;
    const previous = this.#entry.values[name];
    if (name === 'cardNumber') {
      const probe = checkCardNumber(digitsOf(raw).slice(0, PAN_MAX_LENGTH), this.#brandPolicy());
      const maxLength = probe.lengths.length ? Math.max(...probe.lengths) : PAN_MAX_LENGTH;
      return formatCardNumber(raw, caret, previous, edit, probe.gaps, maxLength);
    }
    if (name === 'expiry') return formatExpiry(raw, caret, previous, edit, new Date());
    if (name === 'securityCode') return formatDigits(raw, caret, this.#entry.checks.cardNumber.securityCode?.size ?? 4);
    return null;
  }

  /** Moves on from number to expiry to security code, only once a field cannot take another character. */
  #advanceFrom(name: CardFieldName): void {
    const checks = this.#entry.checks;
    let next: CardFieldName | undefined;
    if (name === 'cardNumber') {
      const n = checks.cardNumber;
      const digits = digitsOf(this.#entry.values.cardNumber).length;
      if (n.isValid && n.lengths.length && digits === Math.max(...n.lengths)) next = 'expiry';
    } else if (name === 'expiry') {
      if (checks.expiry.isValid && digitsOf(this.#entry.values.expiry).length === 4) next = 'securityCode';
    }
    if (next) this.#input(next)?.focus();
  }

  #syncValidity(): void {
    if (this.isolated) return this.#syncFrameValidity();
    const anchor = this.#input('cardNumber');
    if (!anchor) return;
    if (this.#result && this.#entry.isEmpty) return this.#internals.setValidity({});
    if (this.#entry.isEmpty) {
      return this.required
        ? this.#internals.setValidity({ valueMissing: true }, this.#t('cardNumber.required'), anchor)
        : this.#internals.setValidity({});
    }
    const [first] = this.#entry.errors();
    if (!first) return this.#internals.setValidity({});
    this.#internals.setValidity({ customError: true }, this.#problemText(first), this.#input(first.field) ?? anchor);
  }

  /** Isolated mode: validity from the frame's state, anchored on the frame itself. */
  #syncFrameValidity(): void {
    const iframe = this.renderRoot.querySelector('iframe');
    const state = this.#frameState;
    if (!iframe || (this.#result && (!state || state.empty))) return this.#internals.setValidity({});
    if (!state || state.empty) {
      return this.required
        ? this.#internals.setValidity({ valueMissing: true }, state?.validationMessage || this.#t('cardNumber.required'), iframe)
        : this.#internals.setValidity({});
    }
    if (state.complete) return this.#internals.setValidity({});
    this.#internals.setValidity({ customError: true }, state.validationMessage || this.#t('error.invalid_card'), iframe);
  }

  #problemText({ field, problem }: FieldError): string {
    return problemText(this.#entry, this.#t, field, problem);
  }

  /** Sets the live region's text; emptied first so that the same words said twice are announced twice. */
  #announce(text: string, error: boolean): void {
    this.status = { text: '', error };
    this.updateComplete.then(() => (this.status = { text, error }));
  }

  #watchForm(form: HTMLFormElement | null): void {
    if (form === this.#form) return;
    this.#form?.removeEventListener('submit', this.#onOuterSubmit, { capture: true });
    this.#form = form;
    // Capture on the form itself runs before the page's own submit listeners on it.
    form?.addEventListener('submit', this.#onOuterSubmit, { capture: true });
  }

  #input(name: CardFieldName): HTMLInputElement | HTMLSelectElement | null {
    return this.renderRoot?.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`) ?? null;
  }

  #clearInputs(): void {
    for (const input of this.renderRoot?.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select') ?? []) {
      input.value = '';
    }
  }

  #locale(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  }

  #t = (key: MessageKey, values?: Record<string, string | number>): string =>
    message(key, [this.messages ?? {}, catalogFor(this.#locale())], values);

  #brandPolicy(): BrandPolicy {
    const key = `${this.acceptedBrands}|${this.allowUnknownBrands}`;
    if (this.#policy?.key !== key) {
      const policy = this.acceptedBrands
        ? { acceptedBrands: parseAcceptedBrands(this.acceptedBrands), allowUnknownBrands: this.allowUnknownBrands }
        : { ...DEFAULT_BRAND_POLICY, allowUnknownBrands: this.allowUnknownBrands };
      this.#policy = { key, policy };
    }
    return this.#policy.policy;
  }

  #checkOptions(): CheckOptions {
    return { policy: this.#brandPolicy(), billingAddress: parseBillingAddressMode(this.billingAddress), now: new Date() };
  }

  protected override render(): TemplateResult {
    if (this.isolated) {
      return html`${this.#link
        ? html`<iframe part="frame" src=${this.#link.url.href} title=${this.#t('frame.title')} referrerpolicy="no-referrer"></iframe>`
        : nothing}${this.frameFailed
        ? html`<p part="frame-error" class="frame-error" role="alert">${this.#t('error.frame_unavailable')}</p>`
        : nothing}`;
    }
    return renderFieldSet({
      entry: this.#entry,
      t: this.#t,
      locale: this.#locale(),
      disabled: this.disabled || this.formDisabled,
      submitButton: this.submitButton,
      busy: this.busy,
      status: this.status,
      onInput: this.#onInput,
      onBeforeInput: this.#onBeforeInput,
      onChange: this.#onChange,
      onBlur: this.#onBlur,
      onKeydown: this.#onKeydown,
      onSubmit: this.#onSubmit,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cache-card-form': CacheCardForm;
  }
}
