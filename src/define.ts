/** Registers `<cache-card-form>`. Importing the class from the package entry registers nothing. */
import { CacheCardForm } from './element/cache-card-form.ts';

if (!customElements.get('cache-card-form')) customElements.define('cache-card-form', CacheCardForm);

export { CacheCardForm };
