/**
 * `<cache-card-form>` with the isolated mode only, for pages whose card fields live in the proxy's frame: the script
 * tag `cache-card-form.isolated.js` and `import 'cache-card-form/isolated'`. It carries neither lit nor
 * card-validator: the frame has them. Loaded after an element with the inline mode, it adds its mode to that one.
 */
import { CacheCardForm, defineCacheCardForm } from '../element/cache-card-form.ts';
import { IsolatedMode } from '../element/isolated-mode.ts';

const defined = globalThis.customElements?.get('cache-card-form') as typeof CacheCardForm | undefined;
(defined ?? CacheCardForm).useModes({ isolated: IsolatedMode });
defineCacheCardForm();

export { CacheCardForm };
