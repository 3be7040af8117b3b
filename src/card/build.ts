/**
 * Whether this build's element may host the inline mode. The isolated script tag's never does (vite.config.ts
 * defines `CACHE_CARD_FORM_INLINE_MODE` false there): it carries the isolated mode only, and an inline script tag
 * loaded after it defines nothing and keeps its mode to its own element. So what only the inline mode needs, of its
 * element and of the message lookup, is left out of that bundle. Builds that do not define it (the ES modules, the
 * tests) host both modes.
 */
declare const CACHE_CARD_FORM_INLINE_MODE: boolean | undefined;
export const HOSTS_INLINE = typeof CACHE_CARD_FORM_INLINE_MODE !== 'boolean' || CACHE_CARD_FORM_INLINE_MODE;
