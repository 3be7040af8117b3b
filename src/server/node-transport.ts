/**
 * Node only: the Alipay call through node:http(s) and a keep-alive Agent, under the rules of every transport
 * (`transport.ts`): no redirect followed, the deadline's signal, at most `maxBytes` read. Against `fetch` (undici)
 * it skips the Request, Headers and web-stream objects of each call and keeps its TLS connections warm.
 *
 * A kept-alive socket that the server closes just as a request is written fails with ECONNRESET before any answer:
 * that one case is sent again once, on a new socket (Node's documented `reusedSocket` pattern). Nothing was
 * answered, and a cacheCard call that did reach Alipay mints at most a second, harmless temporary token.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { Refusal } from './refusal.ts';
import type { AlipayTransport, TransportRequest, TransportResponse } from './transport.ts';

/** The keep-alive Agent's settings for `nodeTransport()`. */
export interface NodeTransportOptions {
  /** Connections open to Alipay at most (per host). Default 64. */
  maxSockets?: number;
  /** An idle kept-alive connection is closed after this long. Default 4 s (under common 5 s server timeouts). */
  idleMs?: number;
}

/** What `nodeTransport()` makes: an `AlipayTransport` with a `close()`. */
export type NodeTransport = AlipayTransport & {
  /** Closes the kept-alive connections (at shutdown, or in tests). */
  close(): void;
};

/** The Alipay call through node:http(s) and a keep-alive Agent (see the file's header); `close()` at shutdown. */
export function nodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  const settings = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    maxFreeSockets: 16,
    scheduling: 'lifo',
    timeout: options.idleMs ?? 4000,
  } as const;
  const agents = { http: new HttpAgent(settings), https: new HttpsAgent(settings) };
  // A client calls one address: its request options are worked out again only when the address changes.
  let address = { href: '', options: {} as ReturnType<typeof urlToHttpOptions> };
  const addressOf = (url: URL) =>
    (url.href === address.href ? address : (address = { href: url.href, options: urlToHttpOptions(url) })).options;

  const send = (request: TransportRequest, firstTry: boolean): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const { url, headers, body, signal, maxBytes } = request;
      if (signal.aborted) return reject(signal.reason);
      const https = url.protocol === 'https:';
      // Node's raw header list (Host first, as Node would write it): written as given, without a header map per call.
      const raw = ['host', url.host, 'content-length', String(Buffer.byteLength(body))];
      for (const [name, value] of Object.entries(headers)) raw.push(name, value);
      let answered = false;
      // The deadline is heard here rather than through `request`'s own `signal` option, whose end-of-stream
      // bookkeeping cost a third or more of the call's CPU (README-proxy-profile.md).
      const abort = () => outgoing.destroy(signal.reason);
      const fulfil = (answer: TransportResponse | Promise<TransportResponse>) => {
        signal.removeEventListener('abort', abort);
        resolve(answer);
      };
      const fail = (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      };
      const outgoing = (https ? httpsRequest : httpRequest)(
        { ...addressOf(url), method: 'POST', agent: https ? agents.https : agents.http, headers: raw },
        (response) => {
          answered = true;
          read(response, maxBytes).then(fulfil, fail);
        },
      );
      signal.addEventListener('abort', abort, { once: true });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (firstTry && !answered && outgoing.reusedSocket && error.code === 'ECONNRESET' && !signal.aborted) {
          fulfil(send(request, false));
        } else fail(error);
      });
      outgoing.end(body);
    });

  return Object.assign((request: TransportRequest) => send(request, true), {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

function read(response: IncomingMessage, maxBytes: number): Promise<TransportResponse> {
  const status = response.statusCode ?? 0;
  const header = (name: string) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  };
  if (status >= 300 && status < 400) {
    // Never read, never followed; the connection goes rather than wait for a body of any size.
    response.destroy();
    return Promise.resolve({ status, header, text: '' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new Refusal('payload_too_large'));
      } else chunks.push(chunk);
    });
    response.on('end', () => resolve({ status, header, text: Buffer.concat(chunks, size).toString('utf8') }));
    response.on('error', reject);
    // Cut off (the deadline, a reset) before its end: an error, whatever the stream says about it.
    response.on('close', () => {
      if (!response.complete) reject(new Error('the answer was cut off'));
    });
  });
}
