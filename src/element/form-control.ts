/**
 * What makes an element a form control, as native controls and Web Awesome's form-associated base have it: it
 * belongs to its form and its labels, takes part in validation (with the page's own `setCustomValidity`), is
 * disabled by a disabled fieldset, resets with its form, and shows custom states for `:state(...)` selectors.
 */
import { ReactiveElement } from './reactive-element.ts';

export abstract class FormControl<P extends object> extends ReactiveElement<P> {
  static formAssociated = true;

  protected readonly internals: ElementInternals;
  /** Disabled by a disabled `<fieldset>` around it. */
  protected formDisabled = false;
  /** The page's own message from `setCustomValidity()`; empty, or not yet set, when none. */
  protected customValidity?: string;
  /** The form whose submits this control watches: none (undefined, then null) until it is connected in one. */
  #form?: HTMLFormElement | null;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.internals.role = 'group';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('invalid', this.#onInvalid);
    this.#watchForm(this.internals.form);
  }

  disconnectedCallback(): void {
    this.removeEventListener('invalid', this.#onInvalid);
    this.#watchForm(null);
  }

  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.#watchForm(form);
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  formResetCallback(): void {
    this.reset();
  }

  /** The form this control belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** The `<label>` elements of this control. */
  get labels(): NodeList {
    return this.internals.labels;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Marks the control invalid with `message` until it is called with an empty one, as native controls do. */
  setCustomValidity(message: string): void {
    this.customValidity = String(message);
    this.syncValidity();
  }

  abstract reset(): void;
  /** Sets the validity flags, message and anchor from the control's state. */
  protected abstract syncValidity(): void;
  /** The browser found the control invalid while submitting its form. */
  protected abstract onInvalid(): void;
  /** The surrounding form is being submitted; runs before the page's own listeners on the form. */
  protected abstract onFormSubmit(event: SubmitEvent): void;

  /**
   * Custom states for `:state(...)` selectors (browsers without them just skip this). Changed by what this element
   * set, never by asking the set: after a garbage collection WebKit hands out a new, empty `states` object while
   * `:state()` still matches what was added, so `has()` said "no" and a form stayed busy after its save.
   */
  protected setStates(wanted: Record<string, boolean>): void {
    const states = this.internals.states as CustomStateSet | undefined;
    for (const [name, on] of Object.entries(wanted)) {
      if (!states || this.#states.has(name) === on) continue;
      const change = on ? 'add' : 'delete';
      states[change](name);
      this.#states[change](name);
    }
  }

  /** The states this element has set. */
  readonly #states = new Set<string>();

  #onInvalid = (): void => this.onInvalid();
  #onFormSubmit = (event: SubmitEvent): void => this.onFormSubmit(event);

  #watchForm(form: HTMLFormElement | null): void {
    if (form === this.#form) return;
    this.#form?.removeEventListener('submit', this.#onFormSubmit, true);
    this.#form = form;
    // Capture on the form itself runs before the page's own submit listeners on it.
    form?.addEventListener('submit', this.#onFormSubmit, true);
  }
}
