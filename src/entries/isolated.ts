/**
 * The script tag `cache-card-form.isolated.js`: `<cache-card-form>` with the isolated mode only, for pages whose
 * card fields live in the proxy's frame. Loaded after `cache-card-form.js`, it adds the mode to that element.
 */
import { CacheCardForm, defineCacheCardForm } from '../element/cache-card-form.ts';
import { IsolatedMode } from '../element/isolated-mode.ts';

const defined = globalThis.customElements?.get('cache-card-form') as typeof CacheCardForm | undefined;
(defined ?? CacheCardForm).useModes({ isolated: IsolatedMode });
defineCacheCardForm();
