/**
 * Every locale pack, each loaded the first time a form needs it: `import 'cache-card-form/locales/on-demand'`.
 * A bundler makes each pack a chunk of its own; a page in English loads none of them.
 */
import type { LocalePack } from '../card/locale.ts';
import { loadPacksWith } from './loader.ts';

const PACKS: Record<LocalePack, () => Promise<unknown>> = {
  'zh-CN': () => import('./zh-CN.ts'),
  'zh-HK': () => import('./zh-HK.ts'),
  'zh-TW': () => import('./zh-TW.ts'),
  ja: () => import('./ja.ts'),
  ko: () => import('./ko.ts'),
  ms: () => import('./ms.ts'),
  id: () => import('./id.ts'),
  th: () => import('./th.ts'),
  vi: () => import('./vi.ts'),
  fil: () => import('./fil.ts'),
  hi: () => import('./hi.ts'),
  de: () => import('./de.ts'),
  fr: () => import('./fr.ts'),
  it: () => import('./it.ts'),
  nl: () => import('./nl.ts'),
  es: () => import('./es.ts'),
  'es-419': () => import('./es-419.ts'),
  'pt-BR': () => import('./pt-BR.ts'),
  'pt-PT': () => import('./pt-PT.ts'),
  ro: () => import('./ro.ts'),
  pl: () => import('./pl.ts'),
  cs: () => import('./cs.ts'),
  ru: () => import('./ru.ts'),
  uk: () => import('./uk.ts'),
  el: () => import('./el.ts'),
  hu: () => import('./hu.ts'),
  sv: () => import('./sv.ts'),
  da: () => import('./da.ts'),
  nb: () => import('./nb.ts'),
  fi: () => import('./fi.ts'),
  tr: () => import('./tr.ts'),
  he: () => import('./he.ts'),
  ar: () => import('./ar.ts'),
};

loadPacksWith((tag) => PACKS[tag]());
