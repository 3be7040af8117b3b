/**
 * How the Alipay client sends its one POST: a transport is a function from a request to the status, the headers
 * and at most `maxBytes` of the body. Every transport follows the same rules: it never follows a redirect (a 3xx
 * comes back as itself, its body unread), it stops at the deadline's `signal`, and past `maxBytes` it stops reading
 * and throws a `Refusal` (payload_too_large). `fetchTransport` runs everywhere; on Node, `node-transport.ts` sends
 * the same request through node:http(s) with a keep-alive Agent, for less CPU per call.
 */
import { collect, streamChunks } from './body.ts';

/** The one POST a transport sends: everything is made and signed already. */
export interface TransportRequest {
  /** The cacheCard URL: Alipay's, or a simulator's. */
  url: URL;
  /** The headers to send as they are: content type, client id, request time and signature. */
  headers: Record<string, string>;
  /** The JSON body, exactly as signed. */
  body: string;
  /** Aborts at the proxy's deadline: the transport stops then, and rejects. */
  signal: AbortSignal;
  /** The most of the answer's body to read; past it the transport throws `Refusal('payload_too_large')`. */
  maxBytes: number;
}

/** What came back, read whole (up to `maxBytes`). */
export interface TransportResponse {
  /** The HTTP status, a redirect's included: a transport never follows one. */
  status: number;
  /** A response header by its lower-case name. */
  header(name: string): string | null;
  /** The body as UTF-8 text; empty for a redirect, which is never read. */
  text: string;
}

/** Sends the Alipay client's POST and reads the answer, under the rules above: `fetchTransport()`, `nodeTransport()`, or yours. */
export type AlipayTransport = (request: TransportRequest) => Promise<TransportResponse>;

const isRedirect = (status: number) => status >= 300 && status < 400;

/** The transport on the Fetch API, for every runtime. `redirect: 'manual'`, since workerd refuses `'error'`. */
export function fetchTransport(doFetch: typeof fetch = fetch): AlipayTransport {
  return async ({ url, headers, body, signal, maxBytes }) => {
    const response = await doFetch(url, { method: 'POST', headers, body, redirect: 'manual', signal });
    const header = (name: string) => response.headers.get(name);
    if (isRedirect(response.status) || !response.body) {
      await response.body?.cancel();
      return { status: response.status, header, text: '' };
    }
    const bytes = await collect(streamChunks(response.body), maxBytes, () => response.body?.cancel());
    return { status: response.status, header, text: new TextDecoder().decode(bytes) };
  };
}
