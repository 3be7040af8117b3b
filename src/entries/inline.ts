/**
 * The script tag `cache-card-form.js` (and the isolated frame's own form): `<cache-card-form>` with the inline
 * mode only. Pages that use `isolated` load `cache-card-form.isolated.js` instead. Loaded after the isolated tag (a
 * page with forms of both kinds, its tags in either order), it adds its mode to the element that one defined.
 */
// lit-html first: the module evaluated first gets the minifier's one-letter names, and lit's are the most used.
import 'lit/html.js';
import { defineCacheCardFormWith } from '../element/cache-card-form.ts';
import { InlineMode } from '../element/inline-mode.ts';

defineCacheCardFormWith({ inline: InlineMode });
