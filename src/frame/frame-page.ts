/**
 * Runs inside the isolated frame, on the proxy's origin. It mounts the very same `<cache-card-form>` the
 * inline mode uses, posting to the proxy on this origin, and tells its host only non-sensitive state and the
 * token. Framed by an allowed page, it renders at once, as its host's address says (the settings in the fragment),
 * so that the form is there when the host connects; before that it tells its parent only its height and tokenizes
 * nothing. Opened on its own, or framed by any other page, it renders nothing.
 */
import type { CacheCardForm } from '../element/cache-card-form.ts';
import '../entries/inline.ts';
import { loadPacksWith, packScriptUrl } from '../locales/loader.ts';
import { FRAME_PROPERTIES, POLICY_PROPERTIES } from '../card/form-properties.ts';
import { canonicalLocale } from '../card/locale.ts';
import { catalogsFor, message as translate } from '../card/messages.ts';
import { FRAME_ENGLISH } from '../card/frame-english.ts';
import {
  acceptsConnect,
  isFrameConfig,
  isHostMessage,
  isSafeThemeValue,
  type FrameConfig,
  type FrameMessage,
  type FrameState,
  type HostMessage,
} from '../card/frame-protocol.ts';
import { THEME_PROPERTIES } from '../element/styles.ts';
import { seedPolicy, type TokenizeFailure } from '../element/transport.ts';

// The frame follows its host's locale: it fetches the one pack that locale needs from the proxy, beside this
// script (`<endpoint>/frame.<tag>.js`), when the form first needs it. The page requires Trusted Types and allows
// two policies, lit's and this one, both made as this script starts: no script that runs later can make another.
const packUrl = packScriptUrl((tag) => `frame.${tag}.js`);
loadPacksWith((tag) => {
  const script = document.createElement('script');
  script.src = packUrl(tag);
  document.head.append(script);
});

const allowedOrigins = new Set(
  (document.querySelector('meta[name="cache-card-allowed-origins"]')?.getAttribute('content') ?? '').split(/\s+/).filter(Boolean),
);
// The origins of the pages around the frame, nearest first, where the browser names them (Chromium, WebKit).
const ancestors = location.ancestorOrigins as DOMStringList | undefined;
const endpoint = location.pathname.replace(/\/frame$/, '');
// The proxy's policy comes with the page: the form follows it from its first render, without asking.
try {
  seedPolicy(endpoint, JSON.parse(document.querySelector('meta[name="cache-card-policy"]')?.getAttribute('content') || 'null'));
} catch {
  // A page without a readable policy: the form asks the proxy, as the inline form does.
}
/** Whether the form could be seen, as the browser last reported it (IntersectionObserver v2). */
let seen = true;
const status = {
  ignoredMessages: 0,
  connected: false,
  /** Read-only: a script of the frame's own origin could otherwise say the form was seen. */
  get seen() {
    return seen;
  },
};
// Read by tests through the frame itself; a page outside the frame cannot reach it.
Object.assign(globalThis, { cacheCardFrame: status });

let port: MessagePort | undefined;
let form: CacheCardForm | undefined;
const pageSheet = new CSSStyleSheet();
// The body's padding is the focus ring's room (its outline and offset): a field at the frame's edge keeps it whole.
pageSheet.replaceSync('html, body { margin: 0; padding: 0; background: transparent; } body { padding: 3px; }');
const themeSheet = new CSSStyleSheet();
document.adoptedStyleSheets = [pageSheet, themeSheet];

window.addEventListener('message', (event) => {
  const data = event.data as HostMessage;
  const accepted = acceptsConnect({
    data,
    origin: event.origin,
    fromParent: window.parent !== window && event.source === window.parent,
    ports: event.ports.length,
    ownOrigin: location.origin,
    allowedOrigins,
    connected: port !== undefined,
  });
  if (!accepted || data.type !== 'connect') {
    status.ignoredMessages++;
    return;
  }
  port = event.ports[0]!;
  port.onmessage = (message) => (isHostMessage(message.data) ? onHost(message.data) : status.ignoredMessages++);
  status.connected = true;
  if (!form) mount();
  configure(data.config);
  send({ type: 'ready' });
  sendHeight();
});

/** The settings the host put in the frame's address (`#<JSON>`), if they are of the protocol's shape. */
function fromAddress(): FrameConfig | undefined {
  try {
    const config: unknown = JSON.parse(decodeURIComponent(location.hash.slice(1)));
    return isFrameConfig(config) ? config : undefined;
  } catch {
    return undefined;
  }
}

const tracksVisibility = 'isVisible' in IntersectionObserverEntry.prototype;
/** Whether the form could be seen, as the browser last reported it, when the shopper last typed in it. */
let seenAsTyped = true;

/**
 * Follows what the browser reports of the form's visibility, and notes it at each keystroke. Chromium judges a frame
 * of another site as a whole, from the page: anything of the page's that touches the frame's box counts as covering
 * it, even the focus ring of the Pay button right below it that the shopper has just tabbed to. So what the frame
 * sees while the page has the focus says little; what it saw as the shopper typed says what they saw. Only typing
 * moves that: a page cannot, by showing the form a moment and focusing it, make a card typed unseen count as seen.
 */
function watchVisibility(target: Element) {
  if (!tracksVisibility) return;
  new IntersectionObserver(
    (entries) => (seen = (entries[entries.length - 1] as IntersectionObserverEntry & { isVisible: boolean }).isVisible),
    { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  ).observe(target);
  target.addEventListener('input', () => (seenAsTyped = seen));
}

/**
 * Whether the shopper can see the form as it is, nothing laid over it and nothing transforming it, where the
 * browser can tell (IntersectionObserver v2: Chromium); elsewhere it is taken as seen. Asked afresh each time:
 * a new observer's first report is about now.
 */
function isSeen(target: Element): Promise<boolean> {
  if (!tracksVisibility) return Promise.resolve(true);
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        observer.disconnect();
        resolve((entries[entries.length - 1] as IntersectionObserverEntry & { isVisible: boolean }).isVisible);
      },
      { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
    observer.observe(target);
  });
}

function send(message: FrameMessage) {
  port?.postMessage(message);
}

function onHost(message: HostMessage) {
  if (!form) return;
  switch (message.type) {
    case 'config':
      return configure(message.config);
    case 'tokenize':
      // A form covered or transformed by the page may be a decoy's backdrop: refuse while it is, if the shopper is
      // in the frame; once they have moved to the page (to its Pay button), if it was as they last typed.
      void isSeen(form).then((seen) => (seen || (!document.hasFocus() && seenAsTyped) ? tokenize(message.id) : obscured(message.id)));
      return;
    case 'reset':
      return form.reset();
    case 'focus':
      return keepFocus(() => form!.focus());
    case 'report-validity':
      keepFocus(() => form!.reportValidity());
      return void form.updateComplete.then(sendState);
    case 'connect':
      status.ignoredMessages++;
  }
}

/**
 * Focuses a field (the card number, or the first invalid one), as the page asked. In Chromium the page's own focus
 * of the frame, which comes with such a request (its `focus()`, its form's validation), may land after the field
 * was focused, and leave the focus on nothing; or the field takes no focus yet, when the page has just shown the
 * frame. So the field is focused again when, within a second, the frame gains the focus and a task later nothing
 * in it is focused (the browser's own move into the frame, Shift+Tab's to its last field, comes first), or at the
 * next frame if it took none; unless the shopper has acted in the frame since, or the focus has gone elsewhere.
 */
function keepFocus(focus: () => void) {
  focus();
  askedFocus = focus;
  setTimeout(() => askedFocus === focus && (askedFocus = undefined), 1000);
  requestAnimationFrame(() => document.hasFocus() && !form!.matches(':focus-within') && focus());
}

let askedFocus: (() => void) | undefined;
addEventListener('focus', () => {
  // A task later: the browser's own move of the focus into the frame (Shift+Tab: its last field) comes after this.
  const asked = askedFocus;
  askedFocus = undefined;
  if (asked) setTimeout(() => document.hasFocus() && !form?.matches(':focus-within') && asked());
});
for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => (askedFocus = undefined), true);

function tokenize(id: number) {
  form!.tokenize().then(
    (result) => send({ type: 'tokenized', id, result: { cardToken: result.cardToken, mask: result.mask } }),
    (error: TokenizeFailure) => send({ type: 'tokenize-failed', id, code: error.code ?? 'bad_response', message: String(error.message) }),
  );
}

/** Says, in the frame and to the host, why the card was not saved. */
function obscured(id: number) {
  const message = translate('error.frame_obscured', [form!.messages, ...catalogsFor(canonicalLocale(form!.locale)), FRAME_ENGLISH]);
  notice.textContent = message;
  notice.hidden = false;
  send({ type: 'tokenize-failed', id, code: 'frame_obscured', message });
  send({ type: 'tokenize-error', code: 'frame_obscured', message });
}

// Back from the back/forward cache with its page, the form empties the card typed before (inline-mode.ts).

const notice = document.createElement('p');
notice.setAttribute('role', 'alert');
notice.hidden = true;

function mount() {
  form = document.createElement('cache-card-form');
  form.endpoint = endpoint;
  // The host decides what Enter and the button do (submit its form, or tokenize), as in the inline mode.
  form.addEventListener('submit-request', (event) => {
    event.preventDefault();
    send({ type: 'submit-request' });
  });
  form.addEventListener('tokenize-error', (event) =>
    send({ type: 'tokenize-error', code: event.detail.code, message: event.detail.message }),
  );
  const stateLater = () => void form!.updateComplete.then(sendState);
  for (const type of ['card-change', 'input', 'change', 'tokenized', 'tokenize-error']) form.addEventListener(type, stateLater);
  // A field left for another of the form's own (its message now shows) takes the focus out of no element but the
  // field: that focusout stops at the form's shadow root, so it is heard there.
  form.renderRoot.addEventListener('focusout', stateLater);
  document.body.append(form, notice);
  watchVisibility(form);
  form.addEventListener('input', () => (notice.hidden = true));
  void form.updateComplete.then(sendState);
  new ResizeObserver(sendHeight).observe(document.documentElement);
}

/**
 * Tells the host how tall the form is. Before the host connects, the height alone goes to the parent window (the
 * host takes it only from this frame's window and origin), so that the page shows the form as soon as it is laid
 * out, while the two connect; nothing else leaves the frame that way.
 */
function sendHeight() {
  const message: FrameMessage = { type: 'height', px: Math.ceil(document.documentElement.getBoundingClientRect().height) };
  if (port) send(message);
  else window.parent.postMessage(message, ancestors?.[0] ?? '*');
}

function configure(config: FrameConfig) {
  if (!form) return;
  document.documentElement.lang = config.locale;
  for (const name of FRAME_PROPERTIES) {
    // What the proxy's policy governs stays the frame's own (its page carries the policy) unless the page set it.
    if (POLICY_PROPERTIES.includes(name) && !config.explicit.includes(name)) continue;
    (form as unknown as Record<string, unknown>)[name] = config[name];
  }
  document.title = form.messages['frame.title'] ?? document.title;
  const declarations = Object.entries(config.theme)
    .filter(([name, value]) => (THEME_PROPERTIES as readonly string[]).includes(name) && isSafeThemeValue(value))
    .map(([name, value]) => `${name}: ${value};`);
  themeSheet.replaceSync(`:root { ${declarations.join(' ')} }`);
  void form.updateComplete.then(sendState);
}

let lastState = '';
function sendState() {
  // Before the host connects there is no one to tell: the state goes when the port is there.
  if (!form || !port) return;
  const card = form.cardState;
  const state: FrameState = {
    ...card,
    fields: card.fields as FrameState['fields'],
    valid: form.validity.valid,
    validationMessage: form.validationMessage,
    valueMissing: form.validity.valueMissing,
    showsErrors: form.matches(':state(user-invalid)'),
  };
  const text = JSON.stringify(state);
  if (text === lastState) return;
  lastState = text;
  send({ type: 'state', state });
}

// Framed, the form renders now, before its host connects: the browser let this page be framed only by the origins
// the proxy allows (`frame-ancestors`), and where it names the frame's ancestors (Chromium, WebKit) each is checked
// again. Until the host connects, the form is on its own: the port does not exist, so no state and no token leave
// (only the form's height, to its parent).
if (window.parent !== window && [...(ancestors ?? [])].every((origin) => allowedOrigins.has(origin))) {
  mount();
  const config = fromAddress();
  if (config) configure(config);
  // Laid out now rather than at the browser's next rendering, which may wait for the page's load event.
  void form!.updateComplete.then(sendHeight);
}
