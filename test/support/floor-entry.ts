// The dependency floor: lit and card-validator alone behind a trivial element, built the same way as the
// script-tag bundle. What the project adds is measured against this. The element shows one labelled input, so
// that the first-render bench's floor has style, layout and a font to find, as the form has.
import cardValidator from 'card-validator';
import { css, html, LitElement } from 'lit';

class FloorElement extends LitElement {
  static override styles = css`:host { display: block; }`;
  override render() {
    return html`<label>${cardValidator.number('4').isPotentiallyValid} <input /></label>`;
  }
}
customElements.define('floor-element', FloorElement);
