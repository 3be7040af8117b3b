/**
 * The client's address, the unit of the per-address rate limit, read so that a client cannot choose it.
 *
 * Behind a load balancer the socket's peer is the balancer; the client is in `X-Forwarded-For`. Every common
 * balancer (nginx's `$proxy_add_x_forwarded_for`, AWS ALB, Cloudflare's) appends the address it saw on the right,
 * after whatever the client sent, so only the entries the trusted hops appended can be believed: with one trusted
 * hop, the rightmost. Google Cloud's external Application Load Balancer appends two entries, the client's and then
 * its forwarding rule's own address: it counts as two hops. Addresses are validated and normalised (IPv4-mapped
 * IPv6 to IPv4, no port, no brackets, no zone, no leading zeros), and IPv6 clients are keyed on their network prefix
 * (/64 by default): one host owns a whole /64, and could otherwise multiply its limit by rotating addresses in it.
 * No `node:*` import: every runtime's adapter uses this.
 */

/** Only this much of a forwarded header is read: the entries that matter are its last ones. */
const FORWARDED_TAIL = 1024;
const MAX_ADDRESS_LENGTH = 64;

/** A normalised IPv4 or IPv6 address, or null for anything that is not one. */
export function parseAddress(text: string | null | undefined): string | null {
  let value = (text ?? '').trim();
  if (!value || value.length > MAX_ADDRESS_LENGTH) return null;
  // "[2001:db8::1]:443", "[::1]"
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  // "203.0.113.7:51234"
  else if (/^[\d.]+:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.replace(/%[\w.-]+$/, '');
  const v4 = ipv4(value);
  if (v4) return v4;
  const v6 = ipv6Hextets(value);
  if (!v6) return null;
  // ::ffff:a.b.c.d is an IPv4 client.
  if (v6.slice(0, 5).every((h) => h === 0) && v6[5] === 0xffff) return `${v6[6]! >> 8}.${v6[6]! & 255}.${v6[7]! >> 8}.${v6[7]! & 255}`;
  return compressIpv6(v6);
}

/** The address the trusted hops saw: the `hops`-th entry from the right, or null when there is none to believe. */
export function forwardedAddress(header: string | null | undefined, hops: number): string | null {
  if (!header || hops < 1) return null;
  const entries = header.slice(-FORWARDED_TAIL).split(',');
  // A tail cut in the middle of an entry leaves a fragment on the left: never one of the last `hops`.
  if (entries.length < hops || (header.length > FORWARDED_TAIL && entries.length === hops)) return null;
  return parseAddress(entries[entries.length - hops]);
}

/** The rate-limit key of an address: the address for IPv4, its network prefix for IPv6. Null for no address. */
export function addressKey(address: string | null | undefined, ipv6Prefix = 64): string {
  const parsed = parseAddress(address);
  if (!parsed) return 'unknown';
  if (!parsed.includes(':')) return parsed;
  const hextets = ipv6Hextets(parsed)!;
  const bits = Math.max(0, Math.min(128, ipv6Prefix));
  const masked = hextets.map((h, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : h & (0xffff << (16 - keep)) & 0xffff;
  });
  return `${compressIpv6(masked)}/${bits}`;
}

function ipv4(text: string): string | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number).join('.');
}

/** The eight 16-bit groups of an IPv6 address (with `::` and an embedded IPv4 tail), or null. */
function ipv6Hextets(text: string): number[] | null {
  if (!/^[\da-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let head = text;
  const tail: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4(dotted[1]!);
    if (!v4) return null;
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    head = text.slice(0, dotted.index + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...left, ...right].every((g) => /^[\da-fA-F]{1,4}$/.test(g))) return null;
  const present = left.length + right.length + tail.length;
  if (halves.length === 1 ? present !== 8 : present > 7) return null;
  const zeros = new Array<number>(8 - present).fill(0);
  return [...left.map((g) => parseInt(g, 16)), ...zeros, ...right.map((g) => parseInt(g, 16)), ...tail];
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function compressIpv6(hextets: readonly number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (hextets[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && hextets[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const text = hextets.map((h) => h.toString(16));
  if (best.start < 0) return text.join(':');
  return `${text.slice(0, best.start).join(':')}::${text.slice(best.start + best.length).join(':')}`;
}

/**
 * Whether a URL's hostname is this machine to a browser: `localhost` and `*.localhost` (which browsers answer with
 * loopback themselves, and treat as secure), 127.0.0.0/8 or `[::1]`. For origins a browser loads a page from.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname.toLowerCase().endsWith('.localhost') || reachesLoopback(hostname);
}

/**
 * Whether a connection the proxy itself opens to a URL's hostname stays on this machine: `localhost`, 127.0.0.0/8
 * or `[::1]`. Not `*.localhost`: Node (and the other runtimes) resolve such a name through DNS like any other, and
 * a resolver may answer it with any address.
 */
export function reachesLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  const address = parseAddress(host);
  return address !== null && (address.startsWith('127.') || address === '::1');
}

/**
 * Whether a Host header names a host and an optional port, nothing more ("a b", "[::1", "pay.example/path",
 * "user@pay.example" do not). A request's URL is built from it, by Node's adapter and by Deno, Bun and workerd alike.
 */
export function namesAHost(host: string): boolean {
  return !/[\s/?#@\\]/.test(host) && URL.canParse(`http://${host}`);
}
