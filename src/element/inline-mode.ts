/**
 * Inline mode: the inputs live in the element's own shadow root. It formats and checks what the shopper types,
 * moves on when a field is full, shows each field's message when it should, and posts the card to the proxy.
 */
import { html, render } from 'lit/html.js';
import { brandPolicyFor, parseAcceptedBrands, ruleOf, type AlipayBrand } from '../card/brands.ts';
import { parseBillingAddressMode, type CardFieldName, type CheckOptions, type FieldError, type TokenizeResult } from '../card/contract.ts';
import {
  digitsOf,
  editKindOf,
  latinDigits,
  formatCardNumber,
  formatDigits,
  formatExpiry,
  type EditKind,
  type Formatted,
} from '../card/format.ts';
import { FORM_ENGLISH, errorKey, type MessageCode, type MessageKey } from '../card/messages.ts';
import { followPolicy } from '../card/policy.ts';
import { checkCardNumber, PAN_MAX_LENGTH } from '../card/validate.ts';
import { CardEntry, type CardState } from './card-entry.ts';
import type { CardMode, ModeHost, ModeValidity } from './card-mode.ts';
import { problemText, renderFieldSet, type FieldSetView } from './fields.ts';
import { formStyleSheet } from './styles.ts';
import type { ChangedProperties } from './reactive-element.ts';
import type { FormPropertyValues } from '../card/form-properties.ts';
import { forgetNetworks, knownPolicy, loadPolicy, lookUpNetworks, postCard, TokenizeFailure } from './transport.ts';

/** Characters a shopper may type into each card field; anything else is refused at the key. */
const TYPEABLE: Partial<Record<CardFieldName, RegExp>> = {
  cardNumber: /^[\d\s-]*$/,
  expiry: /^[\d\s/.-]*$/,
  securityCode: /^\d*$/,
};

/**
 * The forms whose inputs are on the page. Back from the back/forward cache with its page, each empties what the
 * shopper typed and did not save (the isolated frame's own form among them): a card half typed, its security code
 * too, does not come back to whoever presses Back next (a shared computer, say). A token already made stays the
 * form's value. Emptied on the way in: at `pagehide`, a save under way failed as network_error when the isolated
 * frame came back, in Chromium.
 */
const ON_PAGE = new Set<InlineMode>();
globalThis.addEventListener?.(
  'pageshow',
  (event) => (event as PageTransitionEvent).persisted && ON_PAGE.forEach((mode) => mode.restored()),
);

export class InlineMode implements CardMode {
  static readonly english = FORM_ENGLISH;

  static alert(root: ShadowRoot, text: string | null): void {
    render(text === null ? html`` : html`<p part="frame-error" class="frame-error" role="alert">${text}</p>`, root);
  }
  readonly nativeReport = true;
  readonly ready = true;
  readonly #entry: CardEntry;
  /** The live region's text. */
  #status: FieldSetView['status'] = { text: '', error: false };

  /** The proxy whose policy the form follows (or is fetching). */
  #policyOf?: string;
  /** The field the form itself moved the shopper into, while they stay in it: Backspace there, empty, goes back. */
  #movedInto?: CardFieldName;
  /** Whether the edit under way deletes a selection: a separator selected alone goes, and comes back, alone. */
  #deletesSelection = false;
  /** The settings already warned about as contradicting the proxy's policy. */
  readonly #warned = new Set<string>();

  /** The element: a private field, which the minifier shortens (a `host` property it cannot). */
  readonly #host: ModeHost;

  constructor(host: ModeHost) {
    this.#host = host;
    host.renderRoot.adoptedStyleSheets = [formStyleSheet()];
    this.#entry = new CardEntry(
      () => this.#checkOptions(),
      () => host.element.preferredNetwork,
    );
  }

  get state(): CardState {
    return this.#entry.state();
  }

  get empty(): boolean {
    return this.#entry.isEmpty;
  }

  get showsErrors(): boolean {
    return this.#entry.fields.some((name) => this.#entry.showsMessage(name));
  }

  update(changed: ChangedProperties<FormPropertyValues>): void {
    // Before each render, which connecting the element asks for.
    ON_PAGE.add(this);
    const { endpoint } = this.#host.element;
    if (endpoint && endpoint !== this.#policyOf) {
      this.#policyOf = endpoint;
      if (knownPolicy(endpoint) === undefined) this.#follow(loadPolicy(endpoint));
    }
    if (changed.has('acceptedBrands') || changed.has('allowUnknownBrands') || changed.has('billingAddress') || changed.has('endpoint'))
      this.#entry.invalidate();
  }

  updated(): void {}

  disconnect(): void {
    ON_PAGE.delete(this);
  }

  /** The page came back from the back/forward cache. */
  restored(): void {
    this.reset();
    this.#host.requestUpdate();
  }

  remove(): void {
    InlineMode.alert(this.#host.renderRoot, null);
  }

  async tokenize(): Promise<TokenizeResult> {
    const host = this.#host;
    this.#entry.submitted = true;
    const errors = this.#entry.errors();
    if (errors.length) throw this.#failed(new TokenizeFailure('invalid_card', 'invalid_card', errors));
    if (!host.element.endpoint) throw this.#failed(new TokenizeFailure('processor_misconfigured'));
    host.setBusy(true);
    this.#announce(host.t('status.tokenizing'), false);
    try {
      const result = await postCard(host.element.endpoint, this.#entry.request(), { timeoutMs: host.element.timeout || 15_000 });
      this.#clear();
      this.#announce(host.t('status.tokenized', { last4: result.mask.slice(-4) }), false);
      return result;
    } catch (error) {
      throw this.#failed(error instanceof TokenizeFailure ? error : new TokenizeFailure('network_error'));
    } finally {
      host.setBusy(false);
    }
  }

  reset(): void {
    this.#clear();
    this.#status = { text: '', error: false };
  }

  focus(options?: FocusOptions): void {
    this.#input('cardNumber')?.focus(options);
  }

  showErrors(): void {
    this.#entry.submitted = true;
  }

  validity(): ModeValidity | null {
    const anchor = this.#input('cardNumber');
    if (!anchor) return null;
    const [first] = this.#entry.errors();
    return {
      anchor: (first && this.#input(first.field)) || anchor,
      required: this.#host.t('cardNumber.required'),
      problem: first ? this.#problemText(first) : null,
    };
  }

  render(): void {
    render(this.#fieldSet(), this.#host.renderRoot);
  }

  /** The settings the checks follow: the page's, under the proxy's policy once it is known. */
  #checkOptions(): CheckOptions {
    const { element } = this.#host;
    const billingAddress = parseBillingAddressMode(element.billingAddress);
    const proxy = knownPolicy(element.endpoint);
    if (!proxy) return { policy: brandPolicyFor(element.acceptedBrands, element.allowUnknownBrands), billingAddress, now: new Date() };
    // A setting the page did not make is undefined, which followPolicy reads as not given.
    const followed = followPolicy(
      {
        acceptedBrands:
          this.#host.isSet('acceptedBrands') && element.acceptedBrands ? parseAcceptedBrands(element.acceptedBrands) : undefined,
        allowUnknownBrands: this.#host.isSet('allowUnknownBrands') ? element.allowUnknownBrands : undefined,
        billingAddress: this.#host.isSet('billingAddress') ? billingAddress : undefined,
      },
      proxy,
    );
    for (const name of followed.overridden) {
      if (this.#warned.has(name)) continue;
      this.#warned.add(name);
      console.warn(
        `<cache-card-form>: ${name} ${JSON.stringify(element[name])} contradicts the proxy's policy; the form follows it:`,
        followed,
      );
    }
    const { requireSecurityCode } = followed;
    return { policy: followed, billingAddress: followed.billingAddress, requireSecurityCode, now: new Date() };
  }

  #fieldSet() {
    const host = this.#host;
    return renderFieldSet({
      entry: this.#entry,
      t: host.t,
      locale: host.locale(),
      requestUpdate: host.requestUpdate,
      disabled: host.isInactive(),
      submitButton: host.element.submitButton,
      busy: host.isBusy(),
      status: this.#status,
      acceptedBrands: host.element.showAcceptedBrands ? (this.#checkOptions().policy?.acceptedBrands ?? []) : null,
      onNetwork: this.#onNetwork,
      onInput: this.#onInput,
      onBeforeInput: this.#onBeforeInput,
      onChange: this.#onChange,
      onBlur: this.#onBlur,
      onKeydown: this.#onKeydown,
      onSubmit: this.#onSubmit,
    });
  }

  // Handlers

  #onBeforeInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    const allowed = TYPEABLE[input.name as CardFieldName];
    this.#deletesSelection = event.inputType.startsWith('delete') && input.selectionStart !== input.selectionEnd;
    if (allowed && event.inputType === 'insertText' && event.data && !allowed.test(latinDigits(event.data))) event.preventDefault();
    // The browser cuts a paste at `maxlength` before the form drops what is not a digit ("12 3" would keep "12"):
    // the security code takes it whole, then formats it.
    else if (input.maxLength > 0 && event.inputType === 'insertFromPaste' && event.data) {
      event.preventDefault();
      input.setRangeText(event.data, input.selectionStart!, input.selectionEnd!, 'end');
      this.#applyEdit(input, 'paste');
    }
  };

  /**
   * An edit, or the end of an input method's composition (`compositionend`, which comes after its last `input` in
   * Chromium and WebKit). Digits still being composed are left as the input method shows them: formatting them then
   * would rewrite what the input method is about to replace, and scramble them. Other fields are formatted by
   * nobody, so the card takes what is composed there at once (Android keyboards compose every word of a name).
   */
  #onInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    const edit = editKindOf(event.inputType);
    // What an input method commits (its compositionend, which has no inputType) was typed: it moves on as typing does.
    if (!event.isComposing || !TYPEABLE[input.name as CardFieldName])
      this.#applyEdit(
        input,
        this.#deletesSelection && edit.startsWith('delete') ? 'deleteSelection' : edit,
        event.type === 'compositionend',
      );
  };

  /**
   * A select changed; or an input changed without an input event: some autofills and password managers set the
   * value and fire only `change`. Either way the text arrived whole.
   */
  #onChange = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const name = target.name as CardFieldName;
    if (target instanceof HTMLSelectElement) this.#edited(name, target.value);
    else if (target.value !== this.#entry.values[name]) this.#applyEdit(target, 'replace');
  };

  /** Formats what the field holds after an edit, keeps the caret in place, and moves on when typing filled the field. */
  #applyEdit(input: HTMLInputElement, edit: EditKind, typed?: boolean): void {
    const name = input.name as CardFieldName;
    const formatted = this.#format(name, input, edit);
    if (formatted) {
      if (input.value !== formatted.value) input.value = formatted.value;
      if (this.#host.renderRoot.activeElement === input) input.setSelectionRange(formatted.caret, formatted.caret);
    }
    this.#edited(name, input.value);
    const atEnd = input.selectionStart === input.value.length;
    // Typed (an input method's commit too) or pasted only: an autofill ('replace') writes the focused field too, and
    // moving on there would take the shopper's caret from the field they picked the saved card in.
    if ((typed || edit === 'insert' || edit === 'paste') && atEnd && this.#host.renderRoot.activeElement === input) this.#advanceFrom(name);
  }

  /** The shopper picked a network for a co-badged card. */
  #onNetwork = (event: Event): void => {
    this.#entry.chosenNetwork = (event.target as HTMLInputElement).value as AlipayBrand;
    this.#host.cardChanged();
    this.#host.requestUpdate();
  };

  #onBlur = (event: FocusEvent): void => {
    this.#movedInto = undefined;
    this.#entry.leave((event.target as HTMLInputElement).name as CardFieldName);
    this.#host.requestUpdate();
  };

  #onKeydown = (event: KeyboardEvent): void => {
    const input = event.target as HTMLInputElement;
    if (event.isComposing) return;
    if (event.key === 'Enter') this.#host.submitRequested();
    // What moving on did, Backspace in the still empty field undoes (the field before keeps its caret, at its end).
    // Not a held key's repeats: one that has just emptied this field would run on deleting the field before.
    else if (event.key === 'Backspace' && !event.repeat && !input.value && input.name === this.#movedInto)
      this.#input(input.name === 'expiry' ? 'cardNumber' : 'expiry')!.focus();
    else return;
    event.preventDefault();
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.#host.submitRequested();
  };

  // Internals

  /** Shows a failure: marks the fields it names, focuses the first, announces it, fires `tokenize-error`. */
  #failed(failure: TokenizeFailure): TokenizeFailure {
    const host = this.#host;
    const known = new Set<string>(this.#entry.fields);
    const fields = failure.fields.filter((f) => known.has(f.field));
    this.#entry.report(fields.filter((f) => this.#entry.checks[f.field].isValid));
    const errors = this.#entry.errors();
    let text = host.t(errorKey(failure.message as MessageCode));
    // The proxy needs fields this form did not show (its policy changed, or could not be read): say which, and
    // read the policy again, so that they appear.
    const missing = [...new Set(failure.fields.map((f) => f.field).filter((field) => !known.has(field)))];
    if (failure.code === 'invalid_card' && !errors.length && missing.length && host.element.endpoint) {
      const labels = missing.map((field) => host.t(`label.${field}` as MessageKey));
      text = host.t('error.missing_fields', { fields: new Intl.ListFormat(host.locale(), { type: 'conjunction' }).format(labels) });
      this.#follow(loadPolicy(host.element.endpoint, true));
    }
    if (failure.code === 'invalid_card' && errors[0]) {
      const first = this.#problemText(errors[0]);
      // The locale's own plural category (Arabic has six); a catalog without it gives its `other`.
      const category = new Intl.PluralRules(host.locale()).select(errors.length);
      text = host.t(`status.errors.${category}`, { count: errors.length, first });
      const field = errors[0].field;
      void host.afterUpdate().then(() => this.#input(field)?.focus());
    }
    this.#announce(text, true);
    host.requestUpdate();
    host.fire('tokenize-error', { code: failure.code, message: text });
    return new TokenizeFailure(failure.code, text, fields);
  }

  #edited(name: CardFieldName, value: string): void {
    const network = this.#entry.network;
    this.#entry.set(name, value);
    if (name === 'cardNumber') this.#lookUpNetworks();
    this.#host.cardChanged();
    if (this.#status.error || (this.#status.text && !this.#status.quiet)) this.#status = { text: '', error: false };
    this.#sayNetwork(network);
    this.#host.requestUpdate();
  }

  /**
   * The network the card now goes on, said once to screen readers, out of sight (its mark beside the number changes
   * silently), and left in place until something else is said: a polite announcement taken away at once may go
   * unsaid. No network any more: the last one is taken away.
   */
  #sayNetwork(before: AlipayBrand | null): void {
    const network = this.#entry.network;
    if (network === before) return;
    if (network) this.#announce(ruleOf(network).name, false, true);
    else if (this.#status.quiet) this.#status = { text: '', error: false };
  }

  /** Once the number has enough digits, asks the proxy which networks it can go on (its first 8 digits only). */
  #lookUpNetworks(): void {
    const bin = this.#entry.binToLookUp;
    const { endpoint } = this.#host.element;
    if (bin && endpoint) this.#follow(lookUpNetworks(endpoint, bin), bin);
  }

  /**
   * Re-checks the card and re-renders once the proxy answers: with the networks the card's first digits (`bin`) can
   * go on, or else with its policy. Only while the form is alive: a proxy that never answers (a gateway holding the
   * request, a stalled network) keeps no form the page has removed and let go of; one the page keeps, to put back
   * later, still gets the answer.
   */
  #follow(answer: Promise<unknown>, bin?: string): void {
    const form = new WeakRef(this);
    void answer.then((networks) => {
      const mode = form.deref();
      if (mode) {
        const network = mode.#entry.network;
        if (bin) mode.#entry.lookedUp(bin, networks as AlipayBrand[]);
        else mode.#entry.invalidate();
        mode.#sayNetwork(network);
        mode.#host.requestUpdate();
      }
    });
  }

  #format(name: CardFieldName, input: HTMLInputElement, edit: EditKind): Formatted | null {
    const raw = latinDigits(input.value);
    const caret = input.selectionStart ?? raw.length;
    const previous = this.#entry.values[name];
    if (name === 'cardNumber') {
      const options = this.#entry.options();
      const probe = checkCardNumber(digitsOf(raw).slice(0, PAN_MAX_LENGTH), options.policy, options.binNetworks);
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
    const digits = digitsOf(this.#entry.values[name]).length;
    // The number at its brand's longest length (a valid number has one), the expiry at its four digits.
    const next = checks[name].isValid
      ? name === 'cardNumber'
        ? digits === Math.max(...checks.cardNumber.lengths) && 'expiry'
        : name === 'expiry' && digits === 4 && 'securityCode'
      : undefined;
    if (next) {
      this.#input(next)?.focus();
      this.#movedInto = next;
    }
  }

  #problemText({ field, problem }: FieldError): string {
    return problemText(this.#entry, this.#host.t, field, problem);
  }

  /**
   * Sets the live region's text (`quiet`: out of sight); emptied first so that the same words said twice are
   * announced twice.
   */
  #announce(text: string, error: boolean, quiet?: boolean): void {
    this.#status = { text: '', error };
    this.#host.requestUpdate();
    void this.#host.afterUpdate().then(() => {
      this.#status = { text, error, quiet };
      this.#host.requestUpdate();
    });
  }

  #clear(): void {
    this.#entry.clear();
    forgetNetworks();
    for (const input of this.#host.renderRoot.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) input.value = '';
  }

  #input(name: CardFieldName): HTMLInputElement | HTMLSelectElement | null {
    return this.#host.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  }
}
