/**
 * Thin adapters from the proxy to `node:http` and Express. They call the proxy's core on plain values (no Request,
 * Headers or web streams); a Fetch-API handler of another making goes through Request and Response instead.
 * Mount the Express one before any body parser: the proxy reads and bounds the raw body itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { collect } from './body.ts';
import type { CacheCardHandler, ProxyRequest, RequestContext } from './handler.ts';
import type { ProxyAnswer } from './refusal.ts';

type FetchHandler = (request: Request, context?: RequestContext) => Promise<Response>;

export interface NodeAdapterOptions {
  /**
   * Read the client address from the first `X-Forwarded-For` entry. Only behind a proxy or load balancer that
   * sets that header itself: otherwise any caller could pick its own address and dodge the per-address limit.
   */
  trustProxy?: boolean;
}

export function toNodeListener(handler: CacheCardHandler | FetchHandler, options: NodeAdapterOptions = {}) {
  return nodeListener(handler, options, (req) => req.url ?? '/');
}

/**
 * Express: `app.use('/cache-card', expressMiddleware(handler))`, before `express.json()`. Express strips the
 * mount path from `req.url`; the proxy sees the whole path, as it was requested.
 */
export function expressMiddleware(handler: CacheCardHandler | FetchHandler, options: NodeAdapterOptions = {}) {
  return nodeListener(handler, options, (req) => (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/');
}

function nodeListener(handler: CacheCardHandler | FetchHandler, options: NodeAdapterOptions, urlOf: (req: IncomingMessage) => string) {
  const core = 'core' in handler ? handler.core : null;
  return async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    try {
      const clientAddress = clientAddressOf(req, options);
      const url = urlOf(req);
      const answer = core ? await core(toProxyRequest(req, url, clientAddress)) : await viaFetch(handler, req, url, clientAddress);
      // A body left unread (refused early, or cut off at the size limit) would leave the connection half-read.
      if (!req.complete) answer.headers.connection = 'close';
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? undefined);
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  };
}

function toProxyRequest(req: IncomingMessage, url: string, clientAddress: string): ProxyRequest {
  return {
    method: req.method ?? 'GET',
    path: url.split('?')[0]!,
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    },
    // Stops reading past the limit without destroying the socket: the refusal must still be written on it.
    body: (maxBytes) => collect(req.iterator({ destroyOnReturn: false }), maxBytes, () => req.pause()),
    clientAddress,
  };
}

async function viaFetch(handler: FetchHandler, req: IncomingMessage, url: string, clientAddress: string): Promise<ProxyAnswer> {
  const response = await handler(toRequest(req, url), { clientAddress });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: response.body ? await response.text() : null };
}

function toRequest(req: IncomingMessage, path: string): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(key, one);
  }
  const url = new URL(path, `http://${req.headers.host ?? 'localhost'}`);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error Node's fetch needs `duplex` for a streamed body; the DOM typings lack it.
    duplex: 'half',
  });
}

function clientAddressOf(req: IncomingMessage, options: NodeAdapterOptions): string {
  if (options.trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
