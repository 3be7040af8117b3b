// The isolated frame page's headers as the README lists them ("The frame page's headers"), in one place for every way
// the proxy serves the page: the Node command (test/server/cli.test.ts) and each runtime's entry (test/runtimes/).
import assert from 'node:assert/strict';

/**
 * Fails unless the frame page's answer carries every header the README lists, each whole: loosening any one of them,
 * or leaving one out, fails here. `checkoutOrigins` are the proxy's ALLOWED_ORIGINS, the page's only ancestors.
 */
export function assertFramePageHeaders(headers: Headers, checkoutOrigins: readonly string[], where = 'the frame page'): void {
  const expected = {
    // As the README writes it, <ALLOWED_ORIGINS> filled in.
    'content-security-policy': `default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types lit-html cache-card-form; frame-ancestors ${checkoutOrigins.join(' ')}`,
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    // What a cross-origin isolated checkout needs of a frame to embed it (test/e2e/coep.spec.ts).
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'cross-origin',
    'x-content-type-options': 'nosniff',
    // Revalidated on each load, so that it names the current build's script.
    'cache-control': 'no-cache',
  };
  for (const [name, value] of Object.entries(expected)) assert.equal(headers.get(name), value, `${where}: ${name}`);
}
