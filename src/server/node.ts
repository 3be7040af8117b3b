/**
 * Thin adapters from the Fetch-API handler to `node:http` and Express. Mount the Express one before any body
 * parser: the handler reads and bounds the raw body itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { CacheCardHandler } from './handler.ts';

export interface NodeAdapterOptions {
  /**
   * Read the client address from the first `X-Forwarded-For` entry. Only behind a proxy or load balancer that
   * sets that header itself: otherwise any caller could pick its own address and dodge the per-address limit.
   */
  trustProxy?: boolean;
}

export function toNodeListener(handler: CacheCardHandler, options: NodeAdapterOptions = {}) {
  return async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    try {
      const response = await handler(toRequest(req), { clientAddress: clientAddress(req, options) });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      // A body left unread (refused early, or cut off at the size limit) would leave the connection half-read.
      if (!req.complete) headers.connection = 'close';
      res.writeHead(response.status, headers);
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      }
      res.end();
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  };
}

/** Express: `app.use('/cache-card', expressMiddleware(handler))`, before `express.json()`. */
export const expressMiddleware = toNodeListener;

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(key, one);
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error Node's fetch needs `duplex` for a streamed body; the DOM typings lack it.
    duplex: 'half',
  });
}

function clientAddress(req: IncomingMessage, options: NodeAdapterOptions): string {
  if (options.trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
