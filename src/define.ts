/**
 * Registers `<cache-card-form>` with both modes. Importing the class from the package entry registers no tag.
 * Where there is no `customElements` (a server rendering the page), this does nothing: the browser defines it.
 * The modes are registered here too, not only as a side effect of the package entry: bundlers may drop a bare
 * import of a module they take to be free of side effects.
 */
import { InlineMode } from './element/inline-mode.ts';
import { IsolatedMode } from './element/isolated-mode.ts';
import { CacheCardForm, defineCacheCardForm } from './index.ts';

CacheCardForm.useModes({ inline: InlineMode, isolated: IsolatedMode });
defineCacheCardForm();

export { CacheCardForm };
