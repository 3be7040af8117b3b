/**
 * Structured log lines that cannot carry card data: only these keys exist, and every value is checked to be
 * short and free of anything that looks like a card number before a line is written.
 */

/** What a log line may say beside its level and event: these keys only, each line the few that apply. */
export interface LogFields {
  /** An HTTP status: the one answered (`card_refused`), or Alipay's (`alipay_failed`). */
  status?: number;
  /** The stable code answered (`card_refused`, `alipay_refused`). */
  code?: string;
  /** Alipay's result status, `F` or `U` (`alipay_refused`). */
  resultStatus?: string;
  /** Alipay's result code (`alipay_refused`, `alipay_retry`). */
  resultCode?: string;
  /** The try whose answer is tried again, from 1 (`alipay_retry`). */
  attempt?: number;
  /** Milliseconds taken: the call to Alipay, retries included. */
  ms?: number;
  /** The refused Origin, or `(none)` (`origin_refused`). */
  origin?: string;
  /** The card's brand (`tokenized`). */
  brand?: string;
  /** The fields at fault, `field:problem`, comma-separated (`card_refused`). */
  fields?: string;
  /** Why: an error's class name (never its text), a transport failure, the limit passed, a warning. */
  reason?: string;
  /** What the merchant should do about it. */
  fix?: string;
  /** Seconds until the limit's window ends (`rate_limited`). */
  retryAfter?: number;
  /** How many lines of this event were left out before this one (see `throttledLogger`). */
  dropped?: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** Where the proxy's log lines go: `jsonLineLogger(...)`, `silentLogger`, or yours. */
export interface Logger {
  /** Writes one line: its level, its event (`tokenized`, `card_refused`, `alipay_failed`...) and its fields. */
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

const ALLOWED = new Set<string>([
  'status',
  'code',
  'resultStatus',
  'resultCode',
  'attempt',
  'ms',
  'origin',
  'brand',
  'fields',
  'reason',
  'fix',
  'retryAfter',
  'dropped',
]);
// Digits of card length with or without separators, as a last line of defence.
const LOOKS_LIKE_CARD = /(?:\d[ -]?){12,19}/;

export function redact(fields: LogFields = {}): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!ALLOWED.has(key) || value === undefined) continue;
    if (typeof value === 'number') out[key] = value;
    else out[key] = LOOKS_LIKE_CARD.test(String(value)) ? '[redacted]' : String(value).slice(0, 300);
  }
  return out;
}

/** One JSON object a line: `{"time","level","event",...fields}`. */
export function jsonLineLogger(write: (line: string) => void, now: () => number = Date.now): Logger {
  return {
    log(level, event, fields) {
      write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, event, ...redact(fields) })}\n`);
    },
  };
}

/** JSON lines on `console.error`: the console exists in Node and in every Fetch-API runtime. */
export const consoleLogger = (): Logger => jsonLineLogger((line) => console.error(line.trimEnd()));

/** Writes nothing (tests, benchmarks). */
export const silentLogger: Logger = { log() {} };

const LEVELS: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

/** Lines of `level` and above only (`warn` leaves out a line per tokenization). */
export function atLeast(level: LogLevel, logger: Logger): Logger {
  return { log: (lineLevel, event, fields) => void (LEVELS[lineLevel] >= LEVELS[level] && logger.log(lineLevel, event, fields)) };
}

/** What may be logged of a thrown value: its class's name, never its text (which could hold data). */
export const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/**
 * Lines a flood of refused requests would repeat (`events`) are written at most 20 a minute each, wherever they are
 * written: by the proxy's core, and by an adapter that refuses a request before the core sees it.
 */
export function refusalLinesThrottled(logger: Logger, events: readonly string[], now: () => number): Logger {
  return throttledLogger(logger, events, 20, 60_000, now);
}

/**
 * Keeps a flood of one kind of line (refused origins, say) from flooding the log: at most `perWindow` lines of each
 * listed event a window; the next line written after some were left out says how many (`dropped`).
 */
export function throttledLogger(logger: Logger, events: readonly string[], perWindow: number, windowMs: number, now: () => number): Logger {
  const counts = new Map<string, { windowEnds: number; written: number; dropped: number }>();
  return {
    log(level, event, fields) {
      if (!events.includes(event)) return logger.log(level, event, fields);
      const at = now();
      let count = counts.get(event);
      if (!count || at >= count.windowEnds) {
        count = { windowEnds: at + windowMs, written: 0, dropped: count?.dropped ?? 0 };
        counts.set(event, count);
      }
      if (count.written >= perWindow) {
        count.dropped++;
        return;
      }
      count.written++;
      const dropped = count.dropped;
      count.dropped = 0;
      logger.log(level, event, dropped ? { ...fields, dropped } : fields);
    },
  };
}
