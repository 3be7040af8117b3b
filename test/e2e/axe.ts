// Runs axe-core over a page and over each of its frames, the card frame included, and returns the violations as
// readable lines. axe cannot reach the card frame from the page (it sits in a closed shadow root), so each frame
// is checked on its own, without the rules about a whole page's structure (landmarks, a first-level heading)
// that belong to the page around it. axe is evaluated through the driver, which no page CSP blocks (Firefox over
// BiDi ignores bypassCSP).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from '@playwright/test';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGE_STRUCTURE_RULES = ['region', 'landmark-one-main', 'page-has-heading-one'];

async function violationsIn(frame: Frame, embedded: boolean): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  const lines = await frame.evaluate(
    async (disabled) => {
      const axe = (
        window as unknown as {
          axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> };
        }
      ).axe;
      const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
      const result = await axe.run(document, { iframes: false, rules, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    },
    embedded ? PAGE_STRUCTURE_RULES : [],
  );
  return lines.map((line) => (embedded ? `${new URL(frame.url()).pathname}: ${line}` : line));
}

export async function axeViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    if (!frame.url().startsWith('http')) continue;
    found.push(...(await violationsIn(frame, frame !== page.mainFrame())));
  }
  return found;
}
