import { isLoopbackHost } from './client-address.ts';

/**
 * Who may call: exact origins from the merchant's list, and, when the proxy serves the isolated frame, the
 * frame's own origin: the proxy's public origin as configured, compared whole (scheme, host and port), never
 * guessed from the request's Host header, which a client or a rebinding DNS name chooses. The answer's CORS
 * headers follow from it.
 */
export interface OriginCheck {
  allowed: boolean;
  /** CORS headers for the answer: `Access-Control-Allow-Origin` only for an allowed origin; always `Vary`. */
  headers: Record<string, string>;
}

export function originChecker(allowedOrigins: readonly string[], publicOrigin: string | null) {
  const origins = new Set(allowedOrigins.map(normalizeOrigin));
  if (publicOrigin) origins.add(normalizeOrigin(publicOrigin));
  return (origin: string | null): OriginCheck => {
    const allowed = origin !== null && origins.has(origin);
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

/**
 * Why a configured origin may not exchange card data with the proxy, or null: plain http is refused except on
 * loopback, or in a test set-up that says so (ALLOW_INSECURE_ORIGINS=1). One rule for every way to start the proxy.
 */
export function plainHttpProblem(setting: string, origin: string, insecureAllowed: boolean): string | null {
  const url = new URL(origin);
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !insecureAllowed
    ? `${setting}: ${origin} is plain http; card data must travel over https (ALLOW_INSECURE_ORIGINS=1 for a test set-up)`
    : null;
}

export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new Error(`not an origin: ${origin}`);
  }
}
