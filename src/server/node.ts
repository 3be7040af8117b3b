/**
 * Thin adapters from the proxy to `node:http` and Express. They call the proxy's core on plain values (no Request,
 * Headers or web streams); a Fetch-API handler of another making goes through Request and Response instead.
 * Mount the Express one before any body parser: the proxy reads and bounds the raw body itself. Fastify, Koa and
 * Hono on Node hand `toNodeListener` their raw request and response (README, "In your own server").
 */
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import { collectRequestBody } from './body.ts';
import type { CacheCardHandler, ProxyRequest, RequestContext } from './handler.ts';
import { forwardedAddress, namesAHost, parseAddress } from './client-address.ts';
import { errorName, jsonLineLogger, refusalLinesThrottled, type Logger } from './logger.ts';
import { Refusal, refusalAnswer, type ProxyAnswer } from './refusal.ts';

/** What Node's HTTP parser could not read, by its error code, and the refusal each gets. */
const UNREADABLE: Record<string, Refusal> = {
  HPE_HEADER_OVERFLOW: new Refusal('invalid_request', { status: 431, message: "The request's headers are larger than the proxy reads." }),
  HPE_CHUNK_EXTENSIONS_OVERFLOW: new Refusal('payload_too_large'),
  ERR_HTTP_REQUEST_TIMEOUT: new Refusal('invalid_request', { status: 408, message: 'The request did not arrive in time.' }),
};
const EXPECTATION = new Refusal('invalid_request', { status: 417, message: 'The proxy meets no Expect but 100-continue.' });
/** Why a request whose body something before the adapter read is refused: the log line a merchant reads. */
const BODY_READ_BEFORE =
  'its body was read before the proxy: mount the proxy before express.json() or any body parser (in Fastify, hand it the request in an onRequest hook)';
/** A request that cannot be read, by Node or by the adapter (a malformed Host, a method a Request cannot carry). */
const NOT_HTTP = new Refusal('invalid_request', { message: 'The request could not be read.' });

type FetchHandler = (request: Request, context?: RequestContext) => Promise<Response>;

/**
 * Whether a request names a host as HTTP says it must: HTTP/1.1 always (RFC 9112), and what it names a host and
 * port, nothing more ("a b", "[::1", "pay.example/path" are not). Checked on both paths, so that the Fetch-API
 * handler, whose Request needs a host, and the plain-value core answer alike.
 */
function namesItsHost(req: IncomingMessage): boolean {
  // Every Host it was given: `req.headers` keeps the first of two, which HTTP forbids (and a Request cannot carry).
  const hosts = req.headersDistinct.host;
  if (hosts === undefined) return req.httpVersion === '1.0';
  return hosts.length === 1 && namesAHost(hosts[0]!);
}

/** How `toNodeListener` and `expressMiddleware` read a client's address, and where they log a request they refuse. */
export interface NodeAdapterOptions {
  /**
   * Read the client's address from `X-Forwarded-For`, as the trusted proxies in front of this one appended it.
   * Only behind a load balancer or proxy that appends that header: otherwise any caller could write its own.
   */
  trustProxy?: boolean;
  /**
   * How many entries the trusted proxies in front of this one append to `X-Forwarded-For` (with `trustProxy`): one
   * each for nginx, AWS ALB or Cloudflare; two for Google Cloud's external Application Load Balancer, which appends
   * the client's address and its own. Default 1.
   */
  trustedHops?: number;
  /**
   * Where a request that cannot even be read is logged, when the proxy's core does not log it (a Fetch-API handler of
   * another making, which cannot take it); JSON lines on stderr by default, at most 20 a minute.
   */
  logger?: Logger;
}

/**
 * The proxy as a node:http request listener: `createServer(toNodeListener(createCacheCardHandler(...)))`. A request
 * Node cannot read, or whose Host names no host, gets the proxy's JSON error, never a 500.
 */
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
  // A flood of unreadable requests costs a line each at most 20 times a minute, as the core's refusals do.
  const logger = refusalLinesThrottled(
    options.logger ?? jsonLineLogger((line) => process.stderr.write(line)),
    ['request_unreadable'],
    Date.now,
  );
  const unreadable = (reason: string) => {
    logger.log('warn', 'request_unreadable', { reason });
    return refusalAnswer(NOT_HTTP, {});
  };
  // Never `next(error)` or a stack trace: whatever a request holds (a malformed Host, a method a Request cannot
  // carry), it gets the usual JSON error and one log line, never a 500.
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let answer: ProxyAnswer;
    try {
      const clientAddress = clientAddressOf(req, options);
      const url = originForm(urlOf(req));
      // A body parser mounted before the proxy (`express.json()`) has read the body: what the proxy would read is
      // nothing, and what the parser made of it is not the proxy's to trust. Refused, with the fix in the log.
      const why = !namesItsHost(req) ? 'host' : req.readableDidRead ? BODY_READ_BEFORE : undefined;
      if (core) {
        // The core refuses such a request, logged and counted against its address as its other refusals.
        const request = toProxyRequest(req, url, clientAddress);
        answer = await core(why ? { ...request, unreadable: why } : request);
      } else answer = why ? unreadable(why) : await viaFetch(handler, req, url, clientAddress);
    } catch (error) {
      answer = unreadable(errorName(error));
    }
    // A body left unread (refused early, or cut off at the size limit) would leave the connection half-read.
    if (!req.complete) answer.headers.connection = 'close';
    if (res.headersSent) return void res.end();
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body ?? undefined);
  };
}

/**
 * The path and query of a request target in absolute form (`POST http://pay.example/cache-card`, which a server must
 * take, RFC 9112), as the Fetch-API runtimes give it; any other target as it is.
 */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const url = URL.parse(target);
  return url ? url.pathname + url.search : target;
}

/**
 * Makes `server` answer what never reaches a listener with the proxy's JSON error, as every other refusal: a
 * request Node cannot parse (a bad method, a false length, a body cut off, headers too large), one too slow to
 * arrive (the server's `requestTimeout`), and `CONNECT`. Node's own answer to these is an empty 400, 408, 413 or
 * 431, and to `CONNECT` a closed connection. `npx cache-card-proxy` does this; call it on a server of your own.
 */
export function refuseUnreadableRequests(server: Server): void {
  // Sockets already refused: Node's parser, once failed, reports every later chunk on the socket as another error.
  const refused = new WeakSet<Duplex>();
  const refuse = (socket: Duplex, refusal: Refusal, extra: Record<string, string> = {}) => {
    if (refused.has(socket)) return;
    refused.add(socket);
    // Node takes its own error listener off a socket it hands to `connect`: one reset by its client would throw.
    socket.on('error', () => socket.destroy());
    answer(socket, refusal, extra);
  };
  const answer = (socket: Duplex, refusal: Refusal, extra: Record<string, string>) => {
    // An answer to an earlier, whole request on this connection (a client that pipelines) is still to come: it
    // goes first, whole, and this one after it (Node writes its own over it: the earlier request's token was
    // lost). A request still arriving is the one refused (too slow): its answer is this one, if none has begun.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (inFlight && !inFlight.writableFinished && inFlight.req.complete) {
      inFlight.once('finish', () => answer(socket, refusal, extra));
      inFlight.once('close', () => inFlight.writableFinished || socket.destroy());
      return;
    }
    if (!socket.writable || inFlight?.headersSent) return void socket.destroy();
    const { status, headers, body } = refusalAnswer(refusal, { ...extra, connection: 'close' });
    const head = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body ?? '')) })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body ?? ''}`);
    socket.once('finish', () => socket.destroy());
  };
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => refuse(socket, UNREADABLE[error.code ?? ''] ?? NOT_HTTP));
  server.on('connect', (_req: IncomingMessage, socket: Duplex) =>
    refuse(socket, new Refusal('method_not_allowed'), { allow: 'POST, OPTIONS' }),
  );
  // An Expect other than 100-continue: Node's own answer is an empty 417.
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const { status, headers, body } = refusalAnswer(EXPECTATION, { connection: 'close' });
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body ?? '')) }).end(body);
  });
}

function toProxyRequest(req: IncomingMessage, url: string, clientAddress: string): ProxyRequest {
  return {
    method: req.method ?? 'GET',
    path: url.split('?')[0]!,
    // Every value a header was given: `req.headers` keeps the first of two Content-Types, where the runtimes the
    // Fetch-API handler serves join them (and the proxy refuses that).
    header: (name) => req.headersDistinct[name]?.join(', ') ?? null,
    // Stops reading past the limit without destroying the socket: the refusal must still be written on it.
    body: (maxBytes) => collectRequestBody(req.iterator({ destroyOnReturn: false }), maxBytes, () => req.pause()),
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
  for (const [key, values] of Object.entries(req.headersDistinct)) for (const value of values ?? []) headers.append(key, value);
  // Never `new URL(path, base)`: it reads a target such as `//evil.example/cache-card` as another host.
  const url = new URL(`http://${req.headers.host ?? 'localhost'}${path.startsWith('/') ? '' : '/'}${path}`);
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
