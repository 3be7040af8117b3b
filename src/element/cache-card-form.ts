import { catalogsFor, catalogTag, registerCatalog, translate, useCandidates } from '../card/catalogs.ts';
import type { TokenizeResult } from '../card/contract.ts';
import { FORM_PROPERTIES, type FormPropertyValues } from '../card/form-properties.ts';
import { canonicalLocale } from '../card/locale.ts';
import type { MessageKey, Messages } from '../card/messages.ts';
import type { CardState } from './card-entry.ts';
import { EMPTY_CARD_STATE, type CardMode, type CardModeClass, type ModeHost, type ModeName } from './card-mode.ts';
import { cardEvent, type CardFormEventMap } from './events.ts';
import { FormControl } from './form-control.ts';
import type { ChangedProperties } from './reactive-element.ts';
import { TokenizeFailure } from './transport.ts';

/**
 * A card form that turns what the shopper types into an Alipay card token through the merchant's proxy.
 * Card data stays in the element's shadow root (or, `isolated`, in a frame from the proxy's origin) and leaves
 * it only in the request to `endpoint`; the page gets the token and the masked number. Inside a `<form>` it is
 * a form control whose value is the card token. Its properties and attributes are declared in
 * `src/card/form-properties.ts`; its events in `./events.ts`; its custom properties, with their meaning, in
 * `THEME_PROPERTIES` (./styles.ts).
 *
 * @tag cache-card-form
 *
 * @event {CustomEvent<{cardToken: string, mask: string}>} tokenized - A token is ready; the card inputs are cleared.
 * @event {CustomEvent<TokenizeErrorDetail>} tokenize-error - Tokenization failed, or (isolated) the frame could not
 *   load (`frame_unavailable`, fired when that is found, with no `tokenize()` call); what was typed stays.
 * @event {CustomEvent<CardState>} card-change - The card's state changed: its brand or card type, its networks or
 *   the one chosen, emptiness, completeness or a field's validity.
 * @event {CustomEvent<null>} submit-request - The shopper pressed Enter or the built-in button; cancel it to handle
 *   the submit yourself. Otherwise the surrounding form is submitted, or the card tokenized when there is none.
 * @event {CustomEvent<null>} ready - The shopper can type the card: the inputs have rendered, or the isolated frame
 *   has connected (again after it loads anew).
 *
 * @cssstate user-invalid - The card is invalid and its messages show (a field left invalid, or a submit tried).
 * @cssstate complete - Every field is filled in and valid.
 * @cssstate busy - The card is being tokenized.
 * @cssstate ready - The shopper can type the card: the inputs are rendered, or the isolated frame has connected.
 * @cssstate unavailable - The form shows that it could not load (`frame_unavailable`): its frame, until it connects, or
 *   the bundle of its mode, until the page loads it.
 *
 * @csspart form - The inner form.
 * @csspart group - Each fieldset (also `group-card`, `group-name`, `group-address`).
 * @csspart legend - Each fieldset's legend.
 * @csspart field - Each label + input + message block (also `field-card-number`, `field-expiry`, ...).
 * @csspart label - Each label (also `label-card-number`, ...).
 * @csspart input - Each input and the country select (also `input-card-number`, ...).
 * @csspart message - Each field's message (also `message-card-number`, ...).
 * @csspart brand - The brand badge in the card number field.
 * @csspart accepted-brands - Inline: the list of the brands the form takes, under the card number.
 * @csspart networks - Inline: the choice of network for a co-badged card (a fieldset of radios).
 * @csspart network - Inline: each network to choose from.
 * @csspart status - The live region announcing progress and results.
 * @csspart submit - The built-in submit button.
 * @csspart frame - Isolated mode: the frame holding the inputs.
 * @csspart frame-error - Isolated mode: the message shown when the frame cannot load.
 */
// The class merges with the interface below, which types the accessors made from the property table.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CacheCardForm extends FormControl<FormPropertyValues> {
  static #connected = new Set<CacheCardForm>();
  /** Watches every `lang` in the page (made on the first connection: a server has no MutationObserver). */
  static #langs?: MutationObserver;
  static #modes: Partial<Record<ModeName, CardModeClass>> = {};

  /**
   * The modes this build carries: the entry points register them (`define` both; the script tags one each), so
   * a page loads only the code of the mode it uses. A mode registered late is picked up by the forms on the page at
   * once, and by one out of it when it comes back.
   */
  static useModes(modes: Partial<Record<ModeName, CardModeClass>>): void {
    Object.assign(CacheCardForm.#modes, modes);
    CacheCardForm.#renderAll();
  }

  static #loadLocale?: (locale: string) => unknown;

  /** Adds or extends a locale's messages (locale packs call this); every form on the page re-renders. */
  static registerLocale(tag: string, messages: Messages): void {
    registerCatalog(tag, messages);
    CacheCardForm.#renderAll();
  }

  /**
   * Plugs in the locale layer (locale packs and loaders call it; every form re-renders): `candidates` lists the
   * catalogs a canonical tag reads from, best first; `load` is handed each form's locale whenever the form renders,
   * to fetch and register the pack it needs (cache-card-form.locales.js, the isolated frame).
   */
  static useLocales(hooks: { candidates?: (tag: string) => string[]; load?: (locale: string) => unknown }): void {
    if (hooks.candidates) useCandidates(hooks.candidates);
    CacheCardForm.#loadLocale = hooks.load ?? CacheCardForm.#loadLocale;
    CacheCardForm.#renderAll();
  }

  static #renderAll(): void {
    for (const form of CacheCardForm.#connected) form.requestUpdate();
  }

  /** Every property of the element, with its attribute and default: the one table (`src/card/form-properties.ts`). */
  static override properties = FORM_PROPERTIES;

  #mode: CardMode;
  #modeClass?: CardModeClass;
  #busy = false;
  #ready?: boolean;
  #result?: TokenizeResult;
  #pending?: Promise<TokenizeResult>;
  #lastState?: string;
  #dir = '';
  /** The mode whose absence this element last reported on the console. */
  #missing?: ModeName;

  constructor() {
    super();
    this.#mode = this.#makeMode();
  }

  // Lifecycle

  /** The element entered a document: it renders, and follows its form's submits and the page's `lang` from now on. */
  override connectedCallback(): void {
    super.connectedCallback();
    CacheCardForm.#connected.add(this);
    // A page that changes its language (a `lang` anywhere in it, `<html lang>` most often) has every form speak
    // it at once, not at the shopper's next key.
    (CacheCardForm.#langs ??= new MutationObserver(CacheCardForm.#renderAll)).observe(document, {
      attributeFilter: ['lang'],
      subtree: true,
    });
  }

  /** The element left the document: it stops following its form, and lets go of its frame; what was typed stays. */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    CacheCardForm.#connected.delete(this);
    this.#mode.disconnect();
  }

  /**
   * Before each render: asks the locale loader, if any, for the form's pack, and switches mode if `isolated` changed
   * or the mode's bundle has come.
   */
  protected override willUpdate(changed: ChangedProperties<FormPropertyValues>): void {
    CacheCardForm.#loadLocale?.(this.#locale());
    // `isolated` changed, or the mode's bundle came since: also to a form that was out of the page when it came (a
    // single-page app's route left and come back to), which `useModes` did not reach.
    if (this.#modeClass !== CacheCardForm.#modes[this.#modeName()]) {
      this.#mode.disconnect();
      this.#mode.remove();
      this.#mode = this.#makeMode();
    }
    // Said when the form renders without its mode, not when it is made: an element made before its attributes are
    // read (upgraded, or made by `createElement`) looks inline at first, even when it is isolated.
    const name = this.#modeName();
    if (!this.#modeClass && this.#missing !== name) {
      this.#missing = name;
      console.error(`<cache-card-form>: no ${name} mode here: load cache-card-form${name === 'inline' ? '' : '.isolated'}.js`);
    }
    this.#mode.update(changed);
  }

  /**
   * After each render: sets the element's label, direction, validity and custom states, and fires `ready` and
   * `card-change` when they come about.
   */
  protected override updated(): void {
    this.internals.ariaLabel = this.#t('group.card');
    // The direction of the language the form speaks, unless the page gave the element one of its own.
    // Written only when it changes: each write restyles the whole shadow tree (on every keystroke, before).
    const dir = /^(ar|he|fa|ur)\b/.test(catalogTag(this.#locale())) ? 'rtl' : 'ltr';
    if (this.dir === this.#dir && dir !== this.#dir) this.dir = this.#dir = dir;
    this.#mode.updated();
    this.syncValidity();
    const cardState = this.cardState;
    const invalid = this.#mode.showsErrors && !this.internals.validity.valid;
    const { ready, unavailable = false } = this.#mode;
    this.setStates({ busy: this.#busy, complete: cardState.complete, 'user-invalid': invalid, ready, unavailable });
    if (ready && !this.#ready) this.#fire('ready', null);
    this.#ready = ready;
    const state = JSON.stringify(cardState);
    this.#catalogs = undefined;
    if (this.#lastState && state !== this.#lastState) this.#fire('card-change', cardState);
    this.#lastState = state;
  }

  // Public API

  /** Non-sensitive state: brand, emptiness, completeness, per-field validity. Never a value. */
  get cardState(): CardState {
    return this.#mode.state;
  }

  /**
   * Checks the fields, posts the card to `endpoint` and resolves to `{ cardToken, mask }`. While one call is
   * under way, further calls get the same promise. Rejects with a `TokenizeFailure` (`code`, localized
   * `message`) and fires `tokenize-error`, except while an isolated form already shows `:state(unavailable)` for a
   * frame that could not load (the event came when that was found); what the shopper typed stays so they can retry.
   */
  tokenize(): Promise<TokenizeResult> {
    if (this.#pending) return this.#pending;
    if (this.#result && this.#mode.empty) return Promise.resolve({ ...this.#result });
    const pending: Promise<TokenizeResult> = (this.#pending = this.#mode
      .tokenize()
      .then((result) => {
        // Unless reset() overtook it: the card it is for is gone from the form, and so is its token.
        if (this.#pending === pending) {
          this.#result = result;
          this.internals.setFormValue(result.cardToken);
          // Valid from now on, before the page hears of it (it may submit its form at once).
          this.syncValidity();
        }
        this.#fire('tokenized', { ...result });
        return { ...result };
      })
      .finally(() => this.#pending === pending && (this.#pending = undefined)));
    return pending;
  }

  /** Empties every field, drops the token (and that of a tokenization under way) and hides every message. */
  reset(): void {
    this.#pending = undefined;
    this.#mode.reset();
    this.#result = undefined;
    this.internals.setFormValue(null);
    this.requestUpdate();
  }

  /** Moves the focus to the card number (isolated: into the frame). */
  override focus(options?: FocusOptions): void {
    this.#mode.focus(options);
  }

  /**
   * As for native controls: false, with `invalid` fired and every field's message shown, when the card is not valid.
   * Inline, the browser shows its own report on the first field at fault; isolated, the frame shows it.
   */
  reportValidity(): boolean {
    // In isolated mode the frame shows the messages and moves focus (see #onInvalid).
    if (!this.#mode.nativeReport) return this.internals.checkValidity();
    this.#mode.showErrors();
    this.requestUpdate();
    return this.internals.reportValidity();
  }

  // Handlers

  /** The browser found this control invalid while submitting its form: show every message. */
  protected override onInvalid(): void {
    this.#mode.showErrors();
    this.requestUpdate();
  }

  /**
   * A submit of the surrounding form with a card typed but not yet tokenized is held back, the card is
   * tokenized, and the form is submitted again carrying the token: a plain `<form action>` just works.
   */
  protected override onFormSubmit(event: SubmitEvent): void {
    if (this.disabled || this.formDisabled || this.#mode.empty) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // Pay pressed again while the card is saved is held back for good: the first submit goes on with the token,
    // once (each used to go on: a shop placing an order per submit placed one per click).
    if (this.#pending) return;
    const form = event.target as HTMLFormElement;
    const submitter = event.submitter && (event.submitter as HTMLButtonElement).form === form ? event.submitter : null;
    // Not if reset() overtook the tokenization, nor if the page took this element out of the form meanwhile: the
    // form then holds no token to send.
    this.tokenize().then(
      () => this.#result && this.internals.form === form && form.requestSubmit(submitter),
      () => undefined,
    );
  }

  // Internals

  #modeName(): ModeName {
    return this.isolated ? 'isolated' : 'inline';
  }

  #makeMode(): CardMode {
    const name = this.#modeName();
    this.#modeClass = CacheCardForm.#modes[name];
    if (this.#modeClass) return new this.#modeClass(this.#host);
    return missingMode(this.#host, Object.values(CacheCardForm.#modes)[0]?.alert ?? (() => undefined));
  }

  /** What the modes may use of this element. */
  readonly #host: ModeHost = {
    element: this,
    renderRoot: this.renderRoot,
    isInactive: () => this.disabled || this.formDisabled,
    isBusy: () => this.#busy,
    setBusy: (busy) => {
      this.#busy = busy;
      this.requestUpdate();
    },
    afterUpdate: () => this.updateComplete,
    t: (key, values) => this.#t(key, values),
    locale: () => this.#locale(),
    isSet: (name) => this.isSet(name),
    requestUpdate: () => this.requestUpdate(),
    fire: (type, detail) => this.#fire(type, detail),
    cardChanged: () => {
      if (!this.#result) return;
      this.#result = undefined;
      this.internals.setFormValue(null);
    },
    submitRequested: () => this.#submitFromShopper(),
  };

  #fire<K extends keyof CardFormEventMap>(type: K, detail: CardFormEventMap[K]['detail']): void {
    this.dispatchEvent(cardEvent(type, detail));
  }

  #submitFromShopper(): void {
    if (this.#busy || this.disabled || this.formDisabled) return;
    if (!this.dispatchEvent(cardEvent('submit-request', null, true))) return;
    const form = this.internals.form;
    if (form) form.requestSubmit();
    else this.tokenize().catch(() => undefined);
  }

  protected override syncValidity(): void {
    const validity = this.#mode.validity();
    const empty = this.#mode.empty;
    // One call, as the browser reads it: the flags and their message, or none (valid) when a token stands for the
    // emptied card or nothing is wrong; the anchor counts only under a flag. A mode with no fields yet (a frame not
    // connected, a mode not loaded) holds an empty card: a required form is not sent without its token.
    const [flags, message] = this.customValidity
      ? [{ customError: true }, this.customValidity]
      : empty
        ? this.#result || !this.required
          ? [{}]
          : [{ valueMissing: true }, validity?.required ?? this.#t('cardNumber.required')]
        : validity?.problem == null
          ? [{}]
          : [{ customError: true }, validity.problem];
    this.internals.setValidity(flags, message, validity?.anchor);
  }

  /**
   * `locale`, else the nearest `lang` around the element, out through every shadow root it is in (`closest` stops
   * at one: the form may sit in a merchant's own component), up to the page's; else the browser's language.
   */
  #locale(): string {
    return canonicalLocale(this.locale || langAround(this) || navigator.language);
  }

  /**
   * The merchant's words, the locale's, then the English the mode carries (the isolated host only a few strings); a
   * form whose mode is not loaded has that of the mode its build carries.
   */
  #t = (key: MessageKey, values?: Record<string, string | number>): string =>
    translate(key, this.#catalogs ?? this.#readCatalogs(), values);

  #readCatalogs = (): Messages[] => [
    this.messages ?? {},
    ...catalogsFor(this.#locale()),
    (this.#modeClass ?? Object.values(CacheCardForm.#modes)[0])?.english ?? {},
  ];

  /**
   * The catalogs, read once for a render and its `updated`: a render asks for twenty-odd messages, and reading them
   * each time (the `lang` above the element, the locale's candidates) was a tenth of a keystroke's work.
   */
  #catalogs?: Messages[];

  protected override render(): void {
    this.#catalogs = this.#readCatalogs();
    this.#mode.render();
  }
}

/** Defines `<cache-card-form>` unless it is defined already, or there is no `customElements` (a server). */
export function defineCacheCardForm(): void {
  if (globalThis.customElements && !customElements.get('cache-card-form')) customElements.define('cache-card-form', CacheCardForm);
}

/**
 * A script tag's entry: gives `modes` to the `<cache-card-form>` another script tag already defined on the page (a
 * page with forms of both kinds loads both tags, in either order), else to this build's element, and defines it.
 */
export function defineCacheCardFormWith(modes: Partial<Record<ModeName, CardModeClass>>): void {
  ((globalThis.customElements?.get('cache-card-form') as typeof CacheCardForm | undefined) ?? CacheCardForm).useModes(modes);
  defineCacheCardForm();
}

/** Stands in for a mode the page did not load: says the form is unavailable (unstyled), and holds no card. */
function missingMode(host: ModeHost, alert: CardModeClass['alert']): CardMode {
  return {
    state: EMPTY_CARD_STATE,
    empty: true,
    showsErrors: false,
    ready: false,
    unavailable: true,
    update: () => undefined,
    render: () => alert(host.renderRoot, host.t('error.frame_unavailable')),
    remove: () => alert(host.renderRoot, null),
    updated: () => undefined,
    tokenize: () => {
      const message = host.t('error.frame_unavailable');
      host.fire('tokenize-error', { code: 'frame_unavailable', message });
      return Promise.reject(new TokenizeFailure('frame_unavailable', message));
    },
    reset: () => undefined,
    focus: () => undefined,
    showErrors: () => undefined,
    validity: () => null,
    disconnect: () => undefined,
  };
}

// The declared properties' types, from the one table (their accessors are made by ReactiveElement.finalize).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface CacheCardForm extends FormPropertyValues {}

declare global {
  interface HTMLElementTagNameMap {
    'cache-card-form': CacheCardForm;
  }
}

/**
 * The nearest `lang` around `node`, then around the host of each shadow root it is in, out to the page's. An empty
 * `lang` ("unknown") is passed over, as it was when `<html lang>` came next.
 */
const langAround = (node: Element | undefined): string | null | undefined =>
  node && (node.closest('[lang]:not([lang=""])')?.getAttribute('lang') || langAround((node.getRootNode() as ShadowRoot).host));
