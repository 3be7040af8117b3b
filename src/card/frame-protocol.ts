/**
 * The host <-> frame protocol. The host posts one `connect` message to the frame's exact origin, carrying a
 * MessagePort; everything after that goes over the port. The frame sends only non-sensitive state and, at the
 * end, `{ cardToken, mask }`. Every message is checked for shape on arrival; anything else is ignored (and, in the
 * frame, counted).
 */
import { isTokenizeResult, type TokenizeResult } from './token-result.ts';
import { isTokenizeErrorCode, type TokenizeErrorCode } from './errors.ts';
import { FORM_PROPERTIES, FRAME_PROPERTIES, type FormPropertyValues, type FramePropertyName } from './form-properties.ts';

export const PROTOCOL = 'cache-card-frame/1';

/**
 * What the host tells the frame about how to behave and look: the element's properties marked `frame` in the
 * property table, and the theme.
 */
export type FrameConfig = Pick<FormPropertyValues, FramePropertyName> & {
  /** Allowed `--cache-card-*` custom properties and their values, checked again in the frame. */
  theme: Record<string, string>;
  /** The properties the page set, rather than left at their defaults (see POLICY_PROPERTIES). */
  explicit: FramePropertyName[];
};

export interface FrameState {
  brand: string | null;
  cardType: string | null;
  empty: boolean;
  complete: boolean;
  fields: Record<string, { empty: boolean; valid: boolean; potentiallyValid: boolean }>;
  /** The inner form's validity: whether it would pass, and its localized message when not. */
  valid: boolean;
  validationMessage: string;
  valueMissing: boolean;
  /** Whether the frame shows any field's message (a field left invalid, or a submit tried). */
  showsErrors?: boolean;
  networks?: string[];
  network?: string | null;
}

export type HostMessage =
  | { type: 'connect'; protocol: typeof PROTOCOL; config: FrameConfig }
  | { type: 'config'; config: FrameConfig }
  | { type: 'tokenize'; id: number }
  | { type: 'reset' }
  | { type: 'focus' }
  | { type: 'report-validity' };

export type FrameMessage =
  | { type: 'ready' }
  | { type: 'state'; state: FrameState }
  | { type: 'height'; px: number }
  | { type: 'tokenized'; id: number; result: TokenizeResult }
  | { type: 'tokenize-failed'; id: number; code: TokenizeErrorCode; message: string }
  | { type: 'tokenize-error'; code: TokenizeErrorCode; message: string }
  | { type: 'submit-request' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= 2000;
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export function isFrameConfig(v: unknown): v is FrameConfig {
  return (
    isObject(v) &&
    isStringMap(v.theme) &&
    Array.isArray(v.explicit) &&
    v.explicit.every((name) => (FRAME_PROPERTIES as unknown[]).includes(name)) &&
    FRAME_PROPERTIES.every((name) => isPropertyValue(name, v[name]))
  );
}

/** Whether `value` fits the declared type of property `name`. */
function isPropertyValue(name: FramePropertyName, value: unknown): boolean {
  const { type } = FORM_PROPERTIES[name] as { type?: unknown };
  if (type === String) return isString(value);
  if (type === Boolean) return isBool(value);
  if (type === Number) return Number.isFinite(value);
  return isStringMap(value);
}

function isStringMap(v: unknown): v is Record<string, string> {
  return isObject(v) && Object.keys(v).length <= 200 && Object.values(v).every(isString);
}

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'connect':
      return v.protocol === PROTOCOL && isFrameConfig(v.config);
    case 'config':
      return isFrameConfig(v.config);
    case 'tokenize':
      return isId(v.id);
    case 'reset':
    case 'focus':
    case 'report-validity':
      return true;
    default:
      return false;
  }
}

function isFrameState(v: unknown): v is FrameState {
  return (
    isObject(v) &&
    (v.brand === null || isString(v.brand)) &&
    (v.cardType === null || isString(v.cardType)) &&
    isBool(v.empty) &&
    isBool(v.complete) &&
    isBool(v.valid) &&
    isBool(v.valueMissing) &&
    isString(v.validationMessage) &&
    (v.showsErrors === undefined || isBool(v.showsErrors)) &&
    (v.networks === undefined || (Array.isArray(v.networks) && v.networks.length <= 16 && v.networks.every(isString))) &&
    (v.network === undefined || v.network === null || isString(v.network)) &&
    isObject(v.fields) &&
    // Each field's three flags and nothing else: the page gets them as they are, in `cardState.fields`.
    Object.values(v.fields).every(
      (f) => isObject(f) && isBool(f.empty) && isBool(f.valid) && isBool(f.potentiallyValid) && Object.keys(f).length === 3,
    )
  );
}

export function isFrameMessage(v: unknown): v is FrameMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'submit-request':
      return true;
    case 'state':
      return isFrameState(v.state);
    case 'height':
      return Number.isFinite(v.px) && (v.px as number) >= 0 && (v.px as number) < 10_000;
    case 'tokenized':
      return isId(v.id) && isTokenizeResult(v.result) && Object.keys(v.result as object).length === 2;
    case 'tokenize-failed':
      return isId(v.id) && isTokenizeErrorCode(v.code) && isString(v.message);
    case 'tokenize-error':
      return isTokenizeErrorCode(v.code) && isString(v.message);
    default:
      return false;
  }
}

/**
 * A theme value the frame may take: colours, lengths, font names. Nothing that loads (`url()`, `image-set()`),
 * refers elsewhere (`var()`, `attr()`) or could break out of a declaration.
 */
export function isSafeThemeValue(value: string): boolean {
  return (
    value.length <= 200 &&
    /^[\w\s#%.,()'"+\-/]*$/.test(value) &&
    !/(url|image|image-set|cross-fade|element|paint|var|attr|env|src|expression)\s*\(/i.test(value)
  );
}

/**
 * Whether the frame takes a `connect` message: the first one only, from its parent window, from an origin the
 * proxy lists, never from the frame's own origin (a page on the proxy's origin is no checkout, and a frame that
 * shares its page's origin isolates nothing), carrying exactly one port.
 */
export function acceptsConnect(message: {
  data: unknown;
  origin: string;
  fromParent: boolean;
  ports: number;
  ownOrigin: string;
  allowedOrigins: ReadonlySet<string>;
  connected: boolean;
}): boolean {
  const { data, origin } = message;
  return (
    !message.connected &&
    message.fromParent &&
    message.ports === 1 &&
    origin !== message.ownOrigin &&
    message.allowedOrigins.has(origin) &&
    isHostMessage(data) &&
    data.type === 'connect'
  );
}
