/**
 * Thin adapters from the proxy to `node:http` and Express. They call the proxy's core on plain values (no Request,
 * Headers or web streams); a Fetch-API handler of another making goes through Request and Response instead.
 * Mount the Express one before any body parser: the proxy reads and bounds the raw body itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { collect } from './body.ts';
import type { CacheCardHandler, ProxyRequest, RequestContext } from './handler.ts';
import { forwardedAddress, parseAddress } from './client-address.ts';
import { errorName, jsonLineLogger, type Logger } from './logger.ts';
import { Refusal, refusalAnswer, type ProxyAnswer } from './refusal.ts';

type FetchHandler = (request: Request, context?: RequestContext) => Promise<Response>;

export interface NodeAdapterOptions {
  /**
   * Read the client's address from `X-Forwarded-For`, as the trusted proxies in front of this one appended it.
   * Only behind a load balancer or proxy that appends that header: otherwise any caller could write its own.
   */
  trustProxy?: boolean;
  /** How many proxies in front of this one append to `X-Forwarded-For` (with `trustProxy`). Default 1. */
  trustedHops?: number;
  /** Where a request that cannot even be read is logged; JSON lines on stderr by default. */
  logger?: Logger;
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
  const logger = options.logger ?? jsonLineLogger((line) => process.stderr.write(line));
  // Never `next(error)` or a stack trace: whatever a request holds (a malformed Host, a method a Request cannot
  // carry), it gets the usual JSON error and one log line, never a 500.
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let answer: ProxyAnswer;
    try {
      const clientAddress = clientAddressOf(req, options);
      const url = urlOf(req);
      answer = core ? await core(toProxyRequest(req, url, clientAddress)) : await viaFetch(handler, req, url, clientAddress);
    } catch (error) {
      logger.log('warn', 'request_unreadable', { reason: errorName(error) });
      answer = refusalAnswer(new Refusal('invalid_request', { message: 'The request could not be read.' }), {});
    }
    // A body left unread (refused early, or cut off at the size limit) would leave the connection half-read.
    if (!req.complete) answer.headers.connection = 'close';
    if (res.headersSent) return void res.end();
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body ?? undefined);
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

/** The socket's peer, or the address the trusted proxies appended to X-Forwarded-For when there are such. */
function clientAddressOf(req: IncomingMessage, options: NodeAdapterOptions): string {
  const peer = parseAddress(req.socket.remoteAddress) ?? 'unknown';
  if (!options.trustProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  return forwardedAddress(Array.isArray(header) ? header.join(',') : header, options.trustedHops ?? 1) ?? peer;
}
