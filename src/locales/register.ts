/**
 * How locale packs and loaders reach the element: through the registered element rather than an import, so that
 * a script-tag pack reaches the element the script-tag bundle defined (and the isolated frame's, in the frame).
 * Guarded, so that server-side code can import a catalog.
 */
import { catalogCandidates } from '../card/locale.ts';
import type { Messages } from '../card/messages.ts';

interface LocaleLayer {
  registerLocale(tag: string, messages: Messages): void;
  useLocales(hooks: { candidates?: (tag: string) => string[]; load?: (locale: string) => unknown }): void;
}

export function whenElementDefined(then: (element: LocaleLayer) => void): void {
  void globalThis.customElements?.whenDefined('cache-card-form').then((element) => then(element as unknown as LocaleLayer));
}

/** Registers a pack's catalog, with the rules that send `es-MX` to es-419, `zh-MO` to zh-HK and so on. */
export function registerPack(tag: string, messages: Messages): void {
  whenElementDefined((element) => {
    element.useLocales({ candidates: catalogCandidates });
    element.registerLocale(tag, messages);
  });
}
