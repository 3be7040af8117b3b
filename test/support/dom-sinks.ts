/**
 * What a DOM XSS in the frame would try, each with a plain string, run inside the frame's page by Playwright's
 * `evaluate` or WebDriver's `execute` (self-contained: each serializes it). Under the frame's Trusted Types each
 * throws a TypeError; the frame's own two policies are made already, so making them again throws too.
 */
export function tryDomSinks(): string[] {
  const policies = (globalThis as unknown as { trustedTypes: { createPolicy(name: string, rules: object): unknown } }).trustedTypes;
  const tries: Record<string, () => unknown> = {
    innerHTML: () => (document.body.innerHTML = '<b>x</b>'),
    insertAdjacentHTML: () => document.body.insertAdjacentHTML('beforeend', '<b>x</b>'),
    'script src': () => (document.createElement('script').src = 'frame.de.js'),
    'a new policy': () => policies.createPolicy('skimmer', { createHTML: (html: string) => html }),
    "lit's policy again": () => policies.createPolicy('lit-html', { createHTML: (html: string) => html }),
    "the loader's policy again": () => policies.createPolicy('cache-card-form', { createScriptURL: (url: string) => url }),
  };
  return Object.entries(tries).map(([name, attempt]) => {
    try {
      attempt();
      return `${name}: done`;
    } catch (error) {
      return `${name}: ${(error as Error).name}`;
    }
  });
}

/** What `tryDomSinks` gives in a frame that requires Trusted Types. */
export const EVERY_SINK_REFUSED = [
  'innerHTML: TypeError',
  'insertAdjacentHTML: TypeError',
  'script src: TypeError',
  'a new policy: TypeError',
  "lit's policy again: TypeError",
  "the loader's policy again: TypeError",
];
