// Runs axe-core over a page and its frames (the card frame included, checked as part of the page it sits in)
// and returns the violations as readable lines. The test's browser context must bypass CSP: the card frame
// allows only its own script. Firefox over BiDi ignores bypassCSP, so axe is evaluated in each frame (a driver
// evaluation, which no page CSP blocks) rather than added as a <script> tag.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function axeViolations(page: Page): Promise<string[]> {
  for (const frame of page.frames()) {
    if (!frame.url().startsWith('http')) continue;
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
    // axe talks only to same-origin frames unless told otherwise, and the card frame is on another origin.
    await frame.evaluate(() =>
      (window as unknown as { axe: { configure(o: object): void } }).axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] }),
    );
  }
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { iframes: true, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}
