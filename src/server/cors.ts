/**
 * Who may call: exact origins from the merchant's list, and, when the proxy serves the isolated frame, the
 * frame's own origin (this proxy's). The answer's CORS headers follow from it.
 */
export interface OriginCheck {
  allowed: boolean;
  /** CORS headers for the answer: `Access-Control-Allow-Origin` only for an allowed origin; always `Vary`. */
  headers: Record<string, string>;
}

export function originChecker(allowedOrigins: readonly string[], servesFrame: boolean) {
  const origins = new Set(allowedOrigins.map(normalizeOrigin));
  return (origin: string | null, host: string | null): OriginCheck => {
    // The frame posts from the proxy's own origin: the same host the request came to.
    const ownOrigin = servesFrame && origin !== null && host !== null && sameHost(origin, host);
    const allowed = origin !== null && (origins.has(origin) || ownOrigin);
    return { allowed, headers: allowed ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' } };
  };
}

/** The answer to an allowed CORS preflight. */
export function preflightHeaders(cors: Record<string, string>): Record<string, string> {
  return {
    ...cors,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new Error(`not an origin: ${origin}`);
  }
}
