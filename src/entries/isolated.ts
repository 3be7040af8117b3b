/**
 * `<cache-card-form>` with the isolated mode only, for pages whose card fields live in the proxy's frame: the script
 * tag `cache-card-form.isolated.js` and `import 'cache-card-form/isolated'`. It carries neither lit nor
 * card-validator: the frame has them. Loaded after an element with the inline mode, it adds its mode to that one.
 */
import { CacheCardForm, defineCacheCardFormWith } from '../element/cache-card-form.ts';
import { IsolatedMode } from '../element/isolated-mode.ts';

defineCacheCardFormWith({ isolated: IsolatedMode });

export { CacheCardForm };
