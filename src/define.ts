/**
 * Registers `<cache-card-form>` with both modes. Importing the class from the package entry registers no tag.
 * Where there is no `customElements` (a server rendering the page), this does nothing: the browser defines it.
 */
import { CacheCardForm, defineCacheCardForm } from './index.ts';

defineCacheCardForm();

export { CacheCardForm };
