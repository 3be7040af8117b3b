/**
 * Any locale string a page, an attribute or a browser may give, read as a tag `Intl` accepts. Templates write
 * `en_US`, servers `C.UTF-8` (WebKit reports `navigator.language` as "C" on such a machine), hand-written pages
 * anything at all; `Intl.DisplayNames` and friends throw a RangeError on what they refuse, which would leave the
 * form blank. What cannot be read falls back along the tag (`de-XX-bad` to `de`), then to English.
 */
const canonical = new Map<string, string>();

export function canonicalLocale(input: string | null | undefined): string {
  const key = input ?? '';
  let tag = canonical.get(key);
  if (tag === undefined) {
    tag = readLocale(key);
    canonical.set(key, tag);
  }
  return tag;
}

function readLocale(input: string): string {
  // `en_US.UTF-8@euro` -> `en-US`: POSIX locales carry an encoding and a modifier, and underscores.
  const text = input
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-');
  if (!text || /^(c|posix)$/i.test(text)) return 'en';
  const subtags = text.split('-');
  for (let length = subtags.length; length > 0; length--) {
    try {
      const [tag] = Intl.getCanonicalLocales(subtags.slice(0, length).join('-'));
      if (tag) return tag;
    } catch {
      // Not a well-formed tag: try it with one subtag less.
    }
  }
  return 'en';
}
