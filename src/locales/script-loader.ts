/**
 * `cache-card-form.locale-loader.js`, for the script tag: loads the pack a form's locale needs from the folder
 * this script came from (`cache-card-form.<tag>.js`), each with the Subresource Integrity hash it was built with,
 * and only when a form needs it. A script element from that folder is all it adds: `script-src 'self'` allows it.
 */
import { loadPacksWith } from './loader.ts';

/** Each pack's SRI hash, written in at build time (vite.config.ts). */
declare const PACK_INTEGRITY: Record<string, string>;

const folder = (document.currentScript as HTMLScriptElement | null)?.src ?? location.href;

loadPacksWith((tag) => {
  const script = document.createElement('script');
  script.src = new URL(`cache-card-form.${tag}.js`, folder).href;
  script.integrity = PACK_INTEGRITY[tag]!;
  script.crossOrigin = 'anonymous';
  document.head.append(script);
});
