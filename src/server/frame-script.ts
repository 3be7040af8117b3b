/** Node only: reads the frame's built script, `dist/frame/frame.js`, which `npm install` (prepare) builds. */
import { readFileSync } from 'node:fs';

// From src/server/ (a checkout) and from dist/node/server/ (the package).
const CANDIDATES = ['../../dist/frame/frame.js', '../../frame/frame.js'];

export function readFrameScript(): string {
  for (const candidate of CANDIDATES) {
    try {
      return readFileSync(new URL(candidate, import.meta.url), 'utf8');
    } catch {
      // try the next layout (running from src/ or from dist/node/)
    }
  }
  throw new Error('dist/frame/frame.js is missing: run `npm run build:frame` (npm install runs it).');
}
