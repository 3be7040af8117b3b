/**
 * The script tag `cache-card-form.js` (and the isolated frame's own form): `<cache-card-form>` with the inline
 * mode only. Pages that use `isolated` load `cache-card-form.isolated.js` instead.
 */
import { CacheCardForm, defineCacheCardForm } from '../element/cache-card-form.ts';
import { InlineMode } from '../element/inline-mode.ts';

CacheCardForm.useModes({ inline: InlineMode });
defineCacheCardForm();
