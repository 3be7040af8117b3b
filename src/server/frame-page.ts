/**
 * The isolated frame's page and its headers. The page holds no card logic of its own: its script (built from
 * src/frame/frame-page.ts as `frame.js`, served under a content-hashed name) mounts the element the inline mode uses.
 */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A digest of the frame script for its address (`frame.<16 hex digits>.js`): each build gets an address of its own,
 * so browsers may keep one for good. FNV-1a twice over, 64 bits in all: a cache key, not a security measure (the
 * page's `script-src 'self'` is).
 */
export function frameScriptName(script: string): string {
  let a = 0x811c9dc5;
  let b = 0x1b873593;
  for (let i = 0; i < script.length; i++) {
    const c = script.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `frame.${hex(a)}${hex(b)}.js`;
}

/**
 * The isolated frame's page: the allowed origins and the proxy's `policy` (JSON) in meta tags, and `scriptName`
 * loaded. Serve it with `framePageHeaders`; the handler does, at `GET <path>/frame`.
 */
export function framePageHtml(allowedOrigins: readonly string[], policy = '', scriptName = 'frame.js'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="cache-card-allowed-origins" content="${escape(allowedOrigins.join(' '))}">
<meta name="cache-card-policy" content="${escape(policy)}">
<title>Secure card form</title>
<script src="${scriptName}" defer></script>
</head>
<body></body>
</html>
`;
}

/**
 * Only the allowed checkout pages may embed the frame; only its own script runs; it talks only to its own
 * origin; nothing else loads; no string reaches a DOM sink (Trusted Types). Styles come from constructed style
 * sheets, which a CSP does not govern.
 */
export function framePageHeaders(allowedOrigins: readonly string[]): Record<string, string> {
  const ancestors = allowedOrigins.length ? allowedOrigins.join(' ') : "'none'";
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "connect-src 'self'",
      "style-src 'none'",
      "img-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      // A DOM sink (innerHTML, a script's src) takes no string: only the policies of lit and of the frame's own
      // locale loader, which its script makes as it starts.
      "require-trusted-types-for 'script'",
      'trusted-types lit-html cache-card-form',
      `frame-ancestors ${ancestors}`,
    ].join('; '),
    'cache-control': 'no-cache',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    // Asks for an agent cluster of the frame's own origin, apart from other origins of its site.
    'origin-agent-cluster': '?1',
    // A cross-origin isolated checkout (COEP and COOP, for SharedArrayBuffer) embeds only frames that declare a COEP
    // of their own and, the frame being of another origin, a CORP that lets it in. require-corp, not credentialless,
    // which WebKit does not know: its require-corp pages would take the frame as declaring none. The frame loads
    // nothing from other origins, so its own policy changes nothing for it; `cross-origin` because the checkout is
    // on another site, and the page holds nothing a GET from anyone does not get: who may frame it is still
    // `frame-ancestors`'s say.
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'cross-origin',
  };
}
