/**
 * Loading packs on demand: the element hands each form's locale to `load` as the form renders; the first time a
 * locale needs a pack not yet asked for, `fetchPack(tag)` fetches it (a script tag, a dynamic import), and the
 * pack registers itself.
 */
import { catalogCandidates, packFor, type LocalePack } from '../card/locale.ts';
import { whenElementDefined } from './register.ts';

export function loadPacksWith(fetchPack: (tag: LocalePack) => unknown): void {
  const asked = new Set<string>();
  const load = (locale: string) => {
    const pack = packFor(locale);
    if (pack && !asked.has(pack)) {
      asked.add(pack);
      fetchPack(pack);
    }
  };
  whenElementDefined((element) => element.useLocales({ candidates: catalogCandidates, load }));
}
