import { fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CardFieldName } from '../../src/card/contract.ts';
import type { CacheCardForm } from '../../src/element/cache-card-form.ts';
import '../../src/define.ts';
import '../../src/locales/zh-CN.ts';

export type Field = HTMLInputElement & HTMLSelectElement;

/**
 * Waits for a condition, checking every 50 ms. Three engines share two cores, so the bound is near the test's own
 * timeout (20 s) instead of waitUntil's 1 s: a busy machine makes a test slower, never red.
 */
export function until(condition: () => unknown, message: string): Promise<void> {
  return waitUntil(condition, message, { timeout: 15_000 });
}

export function field(form: CacheCardForm, name: CardFieldName): Field {
  const found = form.shadowRoot!.querySelector<Field>(`[name="${name}"]`);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

export function messageOf(form: CacheCardForm, name: CardFieldName): string {
  return form.shadowRoot!.getElementById(`${name}-message`)!.textContent!.trim();
}

export function statusText(form: CacheCardForm): string {
  return form.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();
}

/** Focuses a field and types into it with the real keyboard. */
export async function typeInto(form: CacheCardForm, name: CardFieldName, text: string): Promise<void> {
  field(form, name).focus();
  await sendKeys({ type: text });
  await form.updateComplete;
}

export async function press(key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await sendKeys({ press: key });
}

/**
 * Pastes through the real clipboard (Control+V), as a shopper does. A key is pressed first: Firefox lets a page
 * write the clipboard only within 5 s of the last key or click, which a slow machine may have let pass.
 */
export async function paste(form: CacheCardForm, name: CardFieldName, text: string): Promise<void> {
  field(form, name).focus();
  await sendKeys({ press: 'End' });
  await navigator.clipboard.writeText(text);
  await sendKeys({ press: 'Control+V' });
  await form.updateComplete;
}

/** Leaves the focused field for the next one, as Tab does. */
export async function tab(form: CacheCardForm): Promise<void> {
  await sendKeys({ press: 'Tab' });
  await form.updateComplete;
}

export const VALID_CARD = {
  cardNumber: '4111111111111111',
  expiry: '1234',
  securityCode: '123',
  firstName: 'Ada',
  lastName: 'Lovelace',
  postalCode: 'SW1A 1AA',
} as const;

/**
 * VALID_CARD with the keyboard, as the isolated frame's tests type it: a 16-digit Visa may run to 19 digits, so Tab
 * on; a full expiry moves on by itself.
 */
export const VALID_CARD_KEYS = [
  VALID_CARD.cardNumber,
  'Tab',
  VALID_CARD.expiry,
  VALID_CARD.securityCode,
  'Tab',
  VALID_CARD.firstName,
  'Tab',
  VALID_CARD.lastName,
  'Tab',
  VALID_CARD.postalCode,
];

/** Fills every field of a postal-mode form from the keyboard. */
export async function fillValidCard(form: CacheCardForm, card: Partial<Record<CardFieldName, string>> = VALID_CARD) {
  for (const [name, value] of Object.entries(card)) await typeInto(form, name as CardFieldName, value!);
}

/** Waits for the country list, which a form builds after its first paint. */
export async function countriesListed(form: CacheCardForm): Promise<HTMLOptionElement[]> {
  await until(() => field(form, 'country').options.length > 200, 'the country list is built after the first paint');
  return [...field(form, 'country').options];
}

export function mount(template = html`<cache-card-form></cache-card-form>`): Promise<CacheCardForm> {
  return fixture<CacheCardForm>(template);
}

/**
 * Card data from VALID_CARD that cannot occur by chance in a page, a token or a mask. The security code is
 * looked for separately, in text with tokens and masks taken out (see privacy.test.ts).
 */
export const SECRETS = ['4111111111111111', '4111 1111 1111 1111', '12 / 34', '2034', 'Lovelace', 'SW1A'];

/**
 * Allocates until WebKit's collector has run twice (an object held only weakly is gone each time), yielding to the page
 * between rounds: what a page open for a while sees. Waits for that, not for a time. Each round leaves a canary of
 * its own: WebKit scans the stack conservatively, so any one object may be kept by a stray word for good, and a
 * collection shows in any canary made since the last one gone.
 */
export async function collectGarbage(): Promise<void> {
  for (let collection = 0; collection < 2; collection++) {
    const canaries: WeakRef<object>[] = [];
    let collected = false;
    for (let round = 0; round < 2_000 && !collected; round++) {
      canaries.push(new WeakRef({}));
      const junk = Array.from({ length: 100_000 }, (_, index) => ({ index }));
      await new Promise((resolve) => setTimeout(resolve, 0, junk.length));
      collected = canaries.some((canary) => canary.deref() === undefined);
    }
    if (!collected) throw new Error('no garbage collection came');
  }
}
