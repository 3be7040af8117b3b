/**
 * Any locale string a page, an attribute or a browser may give, read as a tag `Intl` accepts. Templates write
 * `en_US`, servers `C.UTF-8` (WebKit reports `navigator.language` as "C" on such a machine), hand-written pages
 * anything at all; `Intl.DisplayNames` and friends throw a RangeError on what they refuse, which would leave the
 * form blank. What cannot be read falls back along the tag (`de-XX-bad` to `de`), then to English.
 */
const canonical = new Map<string, string>();

export function canonicalLocale(input: string | null | undefined): string {
  const key = input ?? '';
  return canonical.get(key) ?? canonical.set(key, readLocale(key)).get(key)!;
}

function readLocale(input: string): string {
  // `en_US.UTF-8@euro` -> `en-US`: POSIX locales carry an encoding and a modifier, and underscores.
  let text = input
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-');
  if (/^(c|posix)$/i.test(text)) return 'en';
  // Each time `Intl` refuses the tag, it is tried without its last subtag.
  for (; text; text = text.replace(/-?[^-]*$/, '')) {
    try {
      return Intl.getCanonicalLocales(text)[0]!;
    } catch {
      // Not a well-formed tag.
    }
  }
  return 'en';
}

/** Regions whose Spanish is Latin American: CLDR's children of `es-419`. */
const LATIN_AMERICA = /^(419|AR|BO|BR|BZ|CL|CO|CR|CU|DO|EC|GT|HN|MX|NI|PA|PE|PR|PY|SV|US|UY|VE)$/;

/**
 * The catalogs a canonical tag reads from, best first (English, built in, comes after them all): the tag and its
 * shorter forms, then the variant there is a pack for, then the language alone.
 * - `fr-CH` -> fr; `no`, `nn` -> nb; `iw` -> he, `in` -> id, `tl` -> fil (where Intl has not made them so).
 * - `zh-HK`, `zh-MO`, `zh-Hant-HK` -> zh-HK; `zh-Hant`, `zh-TW` -> zh-TW; `zh`, `zh-Hans`, `zh-SG` -> zh-CN.
 *   Traditional Chinese never falls back to Simplified.
 * - `es-MX` and the rest of Latin America -> es-419, then es; `pt` -> pt-BR; `pt-AO` and the rest -> pt-PT.
 *
 * Locale packs hand it to the element (`useLocales`), so that a page in English does not carry it.
 */
export function catalogCandidates(tag: string): string[] {
  const subtags = tag.split('-');
  const [language] = subtags as [string];
  const region = subtags.find((subtag, i) => i && /^([A-Z]{2}|\d{3})$/.test(subtag)) ?? '';
  const traditional = subtags.includes('Hant') || (!subtags.includes('Hans') && /^(HK|MO|TW)$/.test(region));
  const variant = {
    zh: traditional ? (/^(HK|MO)$/.test(region) ? 'zh-HK' : 'zh-TW') : 'zh-CN',
    es: LATIN_AMERICA.test(region) ? 'es-419' : 'es',
    pt: region && region !== 'BR' ? 'pt-PT' : 'pt-BR',
    no: 'nb',
    nn: 'nb',
    // Legacy codes, for engines whose Intl keeps them (WebKit keeps `tl`).
    iw: 'he',
    in: 'id',
    tl: 'fil',
  }[language];
  const shorter = subtags.map((_, i) => subtags.slice(0, subtags.length - i).join('-'));
  // `zh` alone is Simplified Chinese to whoever registers it: not a fallback for a Traditional tag.
  const list = [...shorter.slice(0, -1), ...(variant ? [variant] : []), ...(traditional ? [] : [language])];
  return [...new Set(list)];
}

/** The locale packs there are (src/locales/<tag>.ts): English is built in. */
// prettier-ignore
export const LOCALE_PACKS = [
  'zh-CN', 'zh-HK', 'zh-TW', 'ja', 'ko', 'ms', 'id', 'th', 'vi', 'fil', 'hi',
  'de', 'fr', 'it', 'nl', 'es', 'es-419', 'pt-BR', 'pt-PT', 'ro', 'pl', 'cs',
  'ru', 'uk', 'el', 'hu', 'sv', 'da', 'nb', 'fi', 'tr', 'he', 'ar',
] as const;

export type LocalePack = (typeof LOCALE_PACKS)[number];

/** The pack a canonical tag reads, or undefined for English and for languages there is no pack for. */
export function packFor(tag: string): LocalePack | undefined {
  return catalogCandidates(tag).find((candidate): candidate is LocalePack => (LOCALE_PACKS as readonly string[]).includes(candidate));
}
