/**
 * Loading packs on demand: the element hands each form's locale to `load` as the form renders; the first time a
 * locale needs a pack not yet asked for, `fetchPack(tag)` fetches it (a script tag, a dynamic import), and the
 * pack registers itself.
 */
import { catalogCandidates, LOCALE_PACKS, packFor, type LocalePack } from '../card/locale.ts';
import { whenElementDefined } from './register.ts';

export function loadPacksWith(fetchPack: (tag: LocalePack) => unknown): void {
  const asked = new Set<string>();
  const load = (locale: string) => {
    const pack = packFor(locale);
    if (pack && !asked.has(pack)) {
      asked.add(pack);
      // Called as a form renders: a pack the page refuses (a script's `src` under Trusted Types without the policy
      // `cache-card-form`, which the browser reports itself) leaves the form in the language it has, not unrendered.
      try {
        fetchPack(pack);
      } catch {
        // Nothing to add: the browser told the page.
      }
    }
  };
  whenElementDefined((element) => element.useLocales({ candidates: catalogCandidates, load }));
}

/** The part of Trusted Types this uses (TypeScript's DOM library does not have them yet). */
interface TrustedTypes {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): { createScriptURL(input: string): string };
}

/**
 * A pack's script address as a script element's `src` takes it. Under Trusted Types (the page's
 * `require-trusted-types-for 'script'`) that `src` refuses a string: the address then comes from a policy named
 * after the product, `cache-card-form`, made here once, which gives one only for a pack there is. Where the browser
 * has no Trusted Types, or the page's `trusted-types` list leaves that name out, it is the string itself.
 */
export function packScriptUrl(address: (tag: string) => string): (tag: LocalePack) => string {
  let policy: ReturnType<TrustedTypes['createPolicy']> | undefined;
  try {
    policy = (globalThis as { trustedTypes?: TrustedTypes }).trustedTypes?.createPolicy('cache-card-form', {
      createScriptURL: (tag) => {
        if (!(LOCALE_PACKS as readonly string[]).includes(tag)) throw new TypeError(`no locale pack ${tag}`);
        return address(tag);
      },
    });
  } catch {
    // Not a name the page allows: a page that requires Trusted Types then refuses the string, and says so.
  }
  return (tag) => (policy ? policy.createScriptURL(tag) : address(tag));
}
