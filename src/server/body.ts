/**
 * The request body, read with a limit counted on the bytes as they arrive (Content-Length may be absent or
 * false), then decoded as strict UTF-8 JSON. Used by the Fetch-API handler and the Node adapter alike.
 */
import { Refusal } from './refusal.ts';

/** A declared length over the limit is refused before a byte is read. */
export function checkDeclaredLength(contentLength: string | null | undefined, maxBytes: number): void {
  const declared = Number(contentLength);
  if (contentLength && Number.isFinite(declared) && declared > maxBytes) throw new Refusal('payload_too_large');
}

/** Collects chunks into one buffer, refusing past `maxBytes`; `cancel` stops the source. */
export async function collect(chunks: AsyncIterable<Uint8Array>, maxBytes: number, cancel: () => unknown): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await Promise.resolve(cancel()).catch(() => undefined);
      throw new Refusal('payload_too_large');
    }
    parts.push(chunk);
  }
  if (parts.length === 1) return parts[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/**
 * A request's body, as `collect` reads it. A body that ends before it is whole (the client went away, or sent less
 * than it declared) is the client's doing: an `invalid_request` refusal, counted and answered as one, not a failure
 * of the proxy.
 */
export async function collectRequestBody(chunks: AsyncIterable<Uint8Array>, maxBytes: number, cancel: () => unknown): Promise<Uint8Array> {
  try {
    return await collect(chunks, maxBytes, cancel);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal('invalid_request', { message: 'The body ended before it was whole.' });
  }
}

/**
 * How long a client has to send its whole request unless REQUEST_TIMEOUT_MS or `requestTimeoutMs` says otherwise. A
 * card request is a few hundred bytes: a client still sending after this long is holding a connection open (as a
 * slow-request flood does), not paying. Node's own default is five minutes.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const TOO_SLOW = () => new Refusal('invalid_request', { status: 408, message: 'The request did not arrive in time.' });

/**
 * A request's body from a web stream, as `collectRequestBody` reads it, within `timeoutMs`: a client that trickles
 * it in (a slow-request flood, holding connections open) is cut off with a 408. Node's server has its own timeout;
 * Deno's and workerd's wait for a body for ever, and Bun's cuts it off with no answer.
 */
export async function collectStreamWithin(stream: ReadableStream<Uint8Array>, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  let late = false;
  // Each read races the deadline: a cancelled reader's pending read ends only when more bytes come, on Deno.
  let expire: () => void = () => undefined;
  const expired = new Promise<ReadableStreamReadDoneResult<Uint8Array>>((resolve) => {
    expire = () => resolve({ done: true, value: undefined });
  });
  const timer = setTimeout(() => {
    late = true;
    expire();
    void reader.cancel().catch(() => undefined);
  }, timeoutMs);
  async function* chunks(): AsyncIterable<Uint8Array> {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), expired]);
      if (done) return;
      yield value;
    }
  }
  try {
    const bytes = await collectRequestBody(chunks(), maxBytes, () => reader.cancel());
    if (late) throw TOO_SLOW();
    return bytes;
  } catch (error) {
    throw late ? TOO_SLOW() : error;
  } finally {
    clearTimeout(timer);
    try {
      reader.releaseLock();
    } catch {
      // a read still pending, in a runtime that will not release it then: the stream is cancelled already
    }
  }
}

/** A web stream as chunks (Node 20's ReadableStream is async-iterable, not every runtime's is). */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new Refusal('invalid_request', { message: 'The body is not valid UTF-8.' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal('invalid_request', { message: 'The body is not valid JSON.' });
  }
  if (repeatsAKey(text)) throw new Refusal('invalid_request', { message: 'The body names a key twice in one object.' });
  return value;
}

/**
 * Whether an object in `text`, valid JSON, names a key twice. `JSON.parse` keeps the last of the two: a gateway,
 * firewall or log in front of the proxy that keeps the first would see another card than the one sent to Alipay.
 */
function repeatsAKey(text: string): boolean {
  // One entry per open object (its keys so far) or array (null).
  const open: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') open.push(new Set());
    else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      // A string followed by a colon is a key; JSON's whitespace is all below U+0021, and outside strings nothing else is.
      let next = end + 1;
      while (text.charCodeAt(next) <= 0x20) next++;
      const keys = open.at(-1);
      if (text[next] === ':' && keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (keys.has(key)) return true;
        keys.add(key);
      }
      i = end;
    }
  }
  return false;
}
