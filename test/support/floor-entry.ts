// The dependency floor: lit and card-validator alone behind a trivial element, built the same way as the
// script-tag bundle. What the project adds is measured against this.
import cardValidator from 'card-validator';
import { css, html, LitElement } from 'lit';

class FloorElement extends LitElement {
  static override styles = css`:host { display: block; }`;
  override render() {
    return html`${cardValidator.number('4').isPotentiallyValid}`;
  }
}
customElements.define('floor-element', FloorElement);
