// The card proxy as a Cloudflare module Worker. Settings and secrets come from `env` (wrangler secrets and vars, or
// workerd bindings): the variables of the `cache-card-proxy` command, FRAME_SCRIPT, the built frame script as text,
// and FRAME_LOCALES, its locale packs as one JSON binding ({ "de": <dist/cache-card-form.de.js as text>, ... }).
// RATE_LIMITS, a Durable Object namespace of the class below, keeps every isolate's counts in one place; without it
// each isolate counts on its own. The client's address is CF-Connecting-IP, which Cloudflare's edge sets.
import { createProxyFromEnv, type ProxyFromEnv, type RateLimitStore } from '../index.ts';

interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(url: string): Promise<Response> };
}
interface DurableObjectState {
  storage: {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    setAlarm(scheduledTime: number): Promise<void>;
    deleteAll(): Promise<void>;
  };
}
type Env = Record<string, unknown> & {
  FRAME_SCRIPT?: string;
  FRAME_LOCALES?: Record<string, string>;
  RATE_LIMITS?: DurableObjectNamespace;
};

/**
 * One rate-limit window per object, one object per key. An object runs one request at a time: no lost update.
 * `?windowMs=` counts a hit; `?peek` reads the count (null when the window has ended or never began). A window
 * that begins sets an alarm for its end, and the alarm deletes the object's storage: an object stores nothing once
 * its window is over, so the addresses, cards and declines seen do not pile up.
 */
export class RateLimitCounter {
  constructor(private readonly state: DurableObjectState) {}

  async fetch(request: Request): Promise<Response> {
    const query = new URL(request.url).searchParams;
    const at = Date.now();
    let window = await this.state.storage.get<{ count: number; resetAt: number }>('window');
    if (window && window.resetAt <= at) window = undefined;
    if (query.has('peek')) return Response.json(window ?? null);
    if (!window) {
      window = { count: 0, resetAt: at + Number(query.get('windowMs')) };
      // The one alarm an object has, moved to this window's end from an ended window's, if that one has not run.
      await this.state.storage.setAlarm(window.resetAt);
    }
    window.count += 1;
    await this.state.storage.put('window', window);
    return Response.json(window);
  }

  /**
   * At the window's end, the object's storage goes. Alarms run at least once: one run again after a newer window
   * began leaves that window its count, and sets the alarm to its end.
   */
  async alarm(): Promise<void> {
    const window = await this.state.storage.get<{ count: number; resetAt: number }>('window');
    if (window && window.resetAt > Date.now()) return this.state.storage.setAlarm(window.resetAt);
    await this.state.storage.deleteAll();
  }
}

function durableObjectStore(namespace: DurableObjectNamespace): RateLimitStore {
  // The stub is made on every call: a stub belongs to the request that made it, and the handler outlives it.
  const ask = async (key: string, query: string) => {
    const response = await namespace.get(namespace.idFromName(key)).fetch(`https://rate-limit/?${query}`);
    if (!response.ok) throw new Error(`rate-limit object answered ${response.status}`);
    return (await response.json()) as { count: number; resetAt: number } | null;
  };
  return {
    hit: async (key, windowMs) => (await ask(key, `windowMs=${windowMs}`))!,
    peek: (key) => ask(key, 'peek'),
  };
}

let proxy: Promise<ProxyFromEnv> | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // Built once per isolate, at its first request: `env` is known only then.
    proxy ??= createProxyFromEnv(env, {
      frameScript: env.FRAME_SCRIPT,
      frameLocales: env.FRAME_LOCALES,
      rateLimitStore: env.RATE_LIMITS ? durableObjectStore(env.RATE_LIMITS) : undefined,
    });
    const { handler } = await proxy;
    return handler(request, { clientAddress: request.headers.get('cf-connecting-ip') ?? undefined });
  },
};
