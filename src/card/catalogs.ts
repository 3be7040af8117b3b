/**
 * The catalogs registry and the lookup, without any catalog of its own: so that the isolated mode's host, which
 * shows a handful of strings, carries only those (./host-english.ts) and not the whole English catalog.
 */
import type { MessageKey, Messages } from './messages.ts';

/** Catalogs by BCP 47 tag: locale packs (src/locales/) and merchants add theirs with `registerCatalog`. */
export const CATALOGS: Record<string, Messages> = {};

export function registerCatalog(tag: string, messages: Messages): void {
  CATALOGS[tag] = { ...CATALOGS[tag], ...messages };
}

/**
 * Which catalogs a canonical tag reads from, best first: the tag, then its shorter forms (`de-CH` -> de-CH, de),
 * until a locale pack plugs in `catalogCandidates` (./locale.ts), which knows zh-HK, es-419 and the others. The
 * callback takes no third argument: Prototype.js 1.6 replaces `Array#map` with one that passes only two.
 */
let candidatesOf = (tag: string): string[] => {
  const list = [];
  for (; tag; tag = tag.replace(/-?[^-]*$/, '')) list.push(tag);
  return list;
};

export function useCandidates(candidates: (tag: string) => string[]): void {
  candidatesOf = candidates;
}

/** The registered catalogs a canonical tag reads from, best first. English comes after them all (the caller's). */
export function catalogsFor(locale: string): Messages[] {
  return candidatesOf(locale).flatMap((tag) => CATALOGS[tag] ?? []);
}

/** The tag of the catalog a canonical tag reads first: the language the form speaks. */
export function catalogTag(locale: string): string {
  return candidatesOf(locale).find((tag) => CATALOGS[tag]) ?? 'en';
}

/**
 * Looks a message up in `catalogs`, best first (the caller ends them with its English), and fills `{name}` slots.
 * A plural category no catalog has (`status.errors.few` where only English is loaded) reads the key's `other`.
 */
export function translate(key: MessageKey, catalogs: readonly Messages[], values: Record<string, string | number> = {}): string {
  let template: string | undefined;
  for (const catalog of catalogs) if ((template = catalog[key]) !== undefined) break;
  if (template === undefined && /\.(zero|two|few|many)$/.test(key))
    return translate(key.replace(/\w+$/, 'other') as MessageKey, catalogs, values);
  return (template ?? key).replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
