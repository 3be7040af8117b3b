/**
 * What makes an element a form control, as native controls and Web Awesome's form-associated base have it: it
 * belongs to its form and its labels, takes part in validation (with the page's own `setCustomValidity`), is
 * disabled by a disabled fieldset, resets with its form, and shows custom states for `:state(...)` selectors.
 */
import { ReactiveElement } from './reactive-element.ts';

export abstract class FormControl<P extends object> extends ReactiveElement<P> {
  /** Makes the element a form-associated custom element: a control of the `<form>` around it. */
  static formAssociated = true;

  /** The element's ElementInternals: its form value, validity, role and custom states. */
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

  /** The element entered a document: it follows its form's submits, and its `invalid` events. */
  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('invalid', this.#onInvalid);
    this.#watchForm(this.internals.form);
  }

  /** The element left the document: it stops following its form. */
  disconnectedCallback(): void {
    this.removeEventListener('invalid', this.#onInvalid);
    this.#watchForm(null);
  }

  /** The browser's call when the element joins a form or leaves one: it follows that form's submits. */
  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.#watchForm(form);
  }

  /** The browser's call when a `<fieldset>` around the element is disabled or enabled. */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  /** The browser's call when the element's form is reset: `reset()`. */
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

  /** The control's validity flags, as native controls have them. */
  get validity(): ValidityState {
    return this.internals.validity;
  }

  /** What the browser says of the control when it is invalid; empty when it is valid. */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  /** Whether the control takes part in its form's validation: not while it is disabled, as native controls. */
  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  /** Whether the control is valid, as native controls answer: when it is not, `invalid` is fired on it. */
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
