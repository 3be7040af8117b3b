/** Node only: reads the frame's built script, `dist/frame/frame.js`, which `npm run build` (and `npm pack`) builds. */
import { readFileSync } from 'node:fs';
import { LOCALE_PACKS } from '../card/locale.ts';

// From src/server/ (a checkout) and from dist/node/server/ (the package).
const DIST = ['../../dist/', '../../'];

function readBuilt(path: string): string {
  for (const dist of DIST) {
    try {
      return readFileSync(new URL(`${dist}${path}`, import.meta.url), 'utf8');
    } catch {
      // try the next layout (running from src/ or from dist/node/)
    }
  }
  throw new Error(`dist/${path} is missing: run \`npm run build\` (npm install runs it).`);
}

/** The built frame script as text, for `ProxyOptions.frame.script`; throws when it has not been built. */
export function readFrameScript(): string {
  return readBuilt('frame/frame.js');
}

/**
 * The locale packs the frame may fetch, by tag: the script-tag packs (`dist/cache-card-form.<tag>.js`), which
 * register themselves with whichever element is defined, the frame's included.
 */
export function readFrameLocales(): Record<string, string> {
  return Object.fromEntries(LOCALE_PACKS.map((tag) => [tag, readBuilt(`cache-card-form.${tag}.js`)]));
}
