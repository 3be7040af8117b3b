/**
 * Registers `<cache-card-form>`. Importing the class from the package entry registers nothing. Where there is no
 * `customElements` (a server rendering the page), this does nothing: the browser defines the element.
 */
import { CacheCardForm } from './element/cache-card-form.ts';

if (globalThis.customElements && !customElements.get('cache-card-form')) customElements.define('cache-card-form', CacheCardForm);

export { CacheCardForm };
