/**
 * `cache-card-form.locale-loader.js`, for the script tag: loads the pack a form's locale needs from the folder
 * this script came from (`cache-card-form.<tag>.js`), each with the Subresource Integrity hash it was built with,
 * and only when a form needs it. A script element from that folder is all it adds: `script-src 'self'` allows it,
 * and so does a nonce-only `script-src`, since each pack carries the nonce the loader was given. Under Trusted
 * Types, each pack's address comes from the policy `cache-card-form`, the one name to allow besides `lit-html`.
 */
import { loadPacksWith, packScriptUrl } from './loader.ts';

/** Each pack's SRI hash, written in at build time (vite.config.ts). */
declare const PACK_INTEGRITY: Record<string, string>;

const loader = document.currentScript as HTMLScriptElement | null;
const folder = loader?.src ?? location.href;
// A page whose policy allows scripts by nonce gave this script one: each pack it adds carries the same.
const nonce = loader?.nonce;
// Made at once: under Trusted Types, the page allows the policy `cache-card-form` this makes (see packScriptUrl).
const packUrl = packScriptUrl((tag) => new URL(`cache-card-form.${tag}.js`, folder).href);

loadPacksWith((tag) => {
  const script = document.createElement('script');
  script.src = packUrl(tag);
  script.integrity = PACK_INTEGRITY[tag]!;
  script.crossOrigin = 'anonymous';
  if (nonce) script.nonce = nonce;
  document.head.append(script);
});
