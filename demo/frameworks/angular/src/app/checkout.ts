// The checkout form. The element's module is imported as usual: in the server bundle it only exports the class
// (there is no customElements there), in the browser it defines <cache-card-form> before Angular hydrates.
import { Component, CUSTOM_ELEMENTS_SCHEMA, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import 'cache-card-form/define';
import type { TokenizeResult } from 'cache-card-form';

@Component({
  selector: 'app-checkout',
  imports: [ReactiveFormsModule],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <form [formGroup]="form" (ngSubmit)="pay(native)" #native>
      <!--
        [endpoint] is a property binding: set in the browser. [attr.isolated] is an attribute binding, so the
        server's HTML already asks for the frame; null leaves the attribute out.
      -->
      <cache-card-form
        name="cardToken"
        required
        [endpoint]="endpoint()"
        [attr.isolated]="isolated() ? '' : null"
        (tokenized)="onTokenized($event)"
      ></cache-card-form>
      <p data-testid="saved">{{ saved() ? saved()!.mask + ' ' + saved()!.cardToken : 'No card yet' }}</p>
      <button type="submit">Pay $42.00</button>
      <output data-testid="submitted">{{ submitted() }}</output>
      <output data-testid="form-value">{{ form.value.cardToken }}</output>
    </form>
  `,
})
export class Checkout {
  readonly endpoint = input.required<string>();
  readonly isolated = input(false);
  readonly saved = signal<TokenizeResult | null>(null);
  readonly submitted = signal('');
  /** The token in a reactive form, for the rest of the checkout to read. */
  readonly form = new FormGroup({ cardToken: new FormControl('', { nonNullable: true, validators: [Validators.required] }) });

  onTokenized(event: CustomEvent<TokenizeResult>) {
    this.saved.set(event.detail);
    this.form.controls.cardToken.setValue(event.detail.cardToken);
  }

  /** What the browser submits: the element's own form value. */
  pay(form: HTMLFormElement) {
    this.submitted.set(String(new FormData(form).get('cardToken')));
  }
}
