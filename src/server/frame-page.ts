/**
 * The isolated frame's page and its headers. The page holds no card logic of its own: `frame.js` (built from
 * src/frame/frame-page.ts) mounts the same element the inline mode uses.
 */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function framePageHtml(allowedOrigins: readonly string[], policy = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="cache-card-allowed-origins" content="${escape(allowedOrigins.join(' '))}">
<meta name="cache-card-policy" content="${escape(policy)}">
<title>Secure card form</title>
<script src="frame.js" defer></script>
</head>
<body></body>
</html>
`;
}

/**
 * Only the allowed checkout pages may embed the frame; only its own script runs; it talks only to its own
 * origin; nothing else loads. Styles come from constructed style sheets, which a CSP does not govern.
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
      `frame-ancestors ${ancestors}`,
    ].join('; '),
    'cache-control': 'no-cache',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    // Asks for an agent cluster of the frame's own origin, apart from other origins of its site.
    'origin-agent-cluster': '?1',
  };
}
