/**
 * The field set: one rendering of every input, shared by the inline element and the isolated frame.
 * Values are never bound here (the caller owns each input's value and caret); only labels, state and wiring.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { ruleOf, type AlipayBrand } from '../card/brands.ts';
import { CARD_FIELDS, type CardFieldName } from '../card/card-fields.ts';
import { catalogTag } from '../card/catalogs.ts';
import { kebab } from '../card/form-properties.ts';
import { regionCodes, type FieldProblem } from '../card/validate.ts';
import type { MessageKey } from '../card/messages.ts';
import { brandMark } from './brand-marks.ts';
import type { CardEntry } from './card-entry.ts';

export interface FieldSetView {
  entry: CardEntry;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  locale: string;
  /** Renders again: once the country list is built. */
  requestUpdate: () => void;
  disabled: boolean;
  /** Whether the field set ends with its own submit button. */
  submitButton: boolean;
  busy: boolean;
  /** `quiet`: said to screen readers, not shown (the brand the digits name). */
  status: { text: string; error: boolean; quiet?: boolean };
  /** The brands whose marks show above the number (`show-accepted-brands`), or null. */
  acceptedBrands: readonly AlipayBrand[] | null;
  onNetwork: (event: Event) => void;
  onInput: (event: InputEvent) => void;
  onBeforeInput: (event: InputEvent) => void;
  onChange: (event: Event) => void;
  onBlur: (event: FocusEvent) => void;
  onKeydown: (event: KeyboardEvent) => void;
  onSubmit: (event: SubmitEvent) => void;
}

/**
 * Each field's autocomplete token, then what else it is: `card` data (numeric, and left-to-right and untranslated in
 * every locale: adyen-web#3286), `half` a row wide in a wide form, `optional`.
 */
const SPECS: Record<CardFieldName, string> = {
  cardNumber: 'cc-number card',
  expiry: 'cc-exp card half',
  securityCode: 'cc-csc card half',
  firstName: 'cc-given-name half',
  lastName: 'cc-family-name half',
  country: 'country',
  addressLine1: 'address-line1',
  addressLine2: 'address-line2 optional',
  city: 'address-level2 half',
  state: 'address-level1 half optional',
  postalCode: 'postal-code half',
};

/** A field's message for a problem, with the brand's name and its security code's name and length filled in. */
export function problemText(entry: CardEntry, t: FieldSetView['t'], field: CardFieldName, problem: FieldProblem): string {
  const { brandName, securityCode } = entry.checks.cardNumber;
  return t(`${field}.${problem}` as MessageKey, {
    brand: brandName ?? '',
    code: securityCode?.name ?? 'CVV',
    size: securityCode?.size ?? '3–4',
  });
}

export function renderFieldSet(view: FieldSetView): TemplateResult {
  const { entry, t } = view;
  const fields = entry.fields;
  const last = fields[fields.length - 1];
  const address = fields.filter((name) => !(CARD_FIELDS as readonly CardFieldName[]).includes(name));
  const field = (name: CardFieldName) => renderField(view, name, name === last);
  return html`
    <form part="form" lang=${catalogTag(view.locale)} novalidate @submit=${view.onSubmit} aria-busy=${view.busy}>
      <fieldset part="group group-card" ?disabled=${view.disabled}>
        <legend part="legend">${t('group.card')}</legend>
        ${view.acceptedBrands ? renderAcceptedBrands(view.acceptedBrands, t) : nothing} ${field('cardNumber')} ${renderNetworks(view)}
        ${field('expiry')} ${field('securityCode')}
      </fieldset>
      <fieldset part="group group-name" ?disabled=${view.disabled}>
        <legend part="legend">${t('group.name')}</legend>
        ${field('firstName')} ${field('lastName')}
      </fieldset>
      ${
        address.length
          ? html`<fieldset part="group group-address" ?disabled=${view.disabled}>
            <legend part="legend">${t('group.address')}</legend>
            ${address.map(field)}
          </fieldset>`
          : nothing
      }
      <div part="status" class="status ${view.status.error ? 'error' : ''}" role="status" aria-live="polite">${view.status.quiet ? html`<span class="quiet">${view.status.text}</span>` : view.status.text}</div>
      ${
        view.submitButton
          ? html`<button part="submit" type="submit" ?disabled=${view.disabled || view.busy}>
            ${view.busy ? t('submit.busy') : t('submit')}
          </button>`
          : nothing
      }
    </form>
  `;
}

function renderField(view: FieldSetView, name: CardFieldName, isLast: boolean): TemplateResult {
  const { entry, t } = view;
  const [autocomplete, ...spec] = SPECS[name].split(' ');
  const card = spec.includes('card');
  const optional = spec.includes('optional') || (name === 'securityCode' && entry.securityCodeOptional);
  const number = entry.checks.cardNumber;
  const code = number.securityCode;
  const problem = entry.showsMessage(name) ? entry.problem(name) : undefined;
  const part = kebab(name);
  const label = name === 'securityCode' ? t('label.securityCode', { code: code?.name ?? 'CVV' }) : t(`label.${name}` as MessageKey);
  const messageText = problem ? problemText(entry, t, name, problem) : '';
  // A boolean: lit writes it as the attribute's "true" or "false".
  const invalid = entry.isMarkedInvalid(name);
  const described = `${name}-message`;
  const control =
    name === 'country'
      ? html`<select
          id=${name}
          name=${name}
          part="input input-${part}"
          autocomplete=${autocomplete}
          aria-invalid=${invalid}
          aria-describedby=${described}
          required
          @change=${view.onChange}
          @blur=${view.onBlur}
          @keydown=${view.onKeydown}
        >
          <option value="">${t('placeholder.country')}</option>
          ${countryOptions(view.locale, view.requestUpdate).map(
            // Options are reused by position: a list in another language puts another country where the chosen one
            // was, so each says whether it is the one chosen.
            ([value, text]) => html`<option value=${value} .selected=${value === entry.values.country}>${text}</option>`,
          )}
        </select>`
      : html`<input
          id=${name}
          name=${name}
          part="input input-${part}"
          type="text"
          autocomplete=${autocomplete}
          inputmode=${card ? 'numeric' : nothing}
          enterkeyhint=${isLast ? 'done' : 'next'}
          translate=${card ? 'no' : nothing}
          dir=${card ? 'ltr' : nothing}
          spellcheck="false"
          autocapitalize=${card ? 'off' : name === 'postalCode' ? 'characters' : 'words'}
          autocorrect="off"
          maxlength=${name === 'securityCode' ? (code?.size ?? 4) : nothing}
          placeholder=${name === 'cardNumber' ? t('placeholder.cardNumber') : name === 'expiry' ? t('placeholder.expiry') : nothing}
          ?required=${!optional}
          ?readonly=${view.busy}
          aria-invalid=${invalid}
          aria-describedby=${described}
          @beforeinput=${view.onBeforeInput}
          @input=${view.onInput}
          @compositionend=${view.onInput}
          @change=${view.onChange}
          @blur=${view.onBlur}
          @keydown=${view.onKeydown}
        />`;
  return html`
    <div part="field field-${part}" class="field ${spec.includes('half') ? 'half' : ''} ${name === 'cardNumber' ? 'number' : ''}">
      <label part="label label-${part}" for=${name}
        >${label}${optional ? html` <span class="optional">${t('optional')}</span>` : nothing}</label
      >
      <div class="control">
        ${control} ${name === 'cardNumber' ? renderBrand(view) : nothing}
      </div>
      <div part="message message-${part}" class="message" id=${described}>${messageText}</div>
    </div>
  `;
}

/**
 * The mark of the network the card goes on (the one chosen, for a co-badged card), named for screen readers (the
 * brand the digits name is also said in the status region, out of sight: inline-mode.ts). Until
 * there is one, a blank card drawn by the style sheet: an SVG cost the form's first render about 0.9 ms in a fresh
 * page (0.4 where the page had already drawn one), so the form draws none until the shopper's digits name a brand.
 */
function renderBrand(view: FieldSetView): TemplateResult {
  const { entry } = view;
  const network = entry.network;
  if (!network) {
    const label = entry.checks.cardNumber.brandName ?? view.t('brand.unknown');
    return html`<span part="brand" class="brand blank" role="img" aria-label=${label}></span>`;
  }
  return html`<svg part="brand" class="brand" viewBox="0 0 40 26" role="img" aria-label=${ruleOf(network).name}>${brandMark(network)}</svg>`;
}

function renderAcceptedBrands(brands: readonly AlipayBrand[], t: FieldSetView['t']): TemplateResult {
  return html`<ul part="accepted-brands" class="accepted" aria-label=${t('brands.accepted')}>
    ${brands.map(
      (brand) => html`<li><svg class="mark" viewBox="0 0 40 26" role="img" aria-label=${ruleOf(brand).name}>${brandMark(brand)}</svg></li>`,
    )}
  </ul>`;
}

/**
 * The shopper's choice of network for a card that has two or more the merchant takes (EU IFR article 8): radio
 * buttons, so arrows move between them and a screen reader says "Card network, radio group, 1 of 2".
 */
function renderNetworks(view: FieldSetView): TemplateResult | typeof nothing {
  const networks = view.entry.networks;
  if (networks.length < 2) return nothing;
  const chosen = view.entry.network;
  return html`<fieldset part="networks" class="networks" aria-describedby="networks-hint">
    <legend part="legend">${view.t('network.legend')}</legend>
    <p class="hint" id="networks-hint">${view.t('network.hint')}</p>
    ${networks.map(
      (brand) =>
        html`<label part="network" class="network"
          ><input type="radio" name="network" value=${brand} .checked=${brand === chosen} @change=${view.onNetwork} /><svg
            class="mark"
            viewBox="0 0 40 26"
            aria-hidden="true"
          >
            ${brandMark(brand)}</svg
          >${ruleOf(brand).name}</label
        >`,
    )}
  </fieldset>`;
}

const countryLists = new Map<string, [string, string][]>();
const waiting = new Map<string, (() => void)[]>();

/**
 * Every country, named in the shopper's language by `Intl.DisplayNames` and sorted by its collation. A cold
 * `DisplayNames` and the region enumeration cost tens of milliseconds, so a locale's list is built after the
 * first paint: until then this returns none, and `built` runs once the list is there (to render it).
 */
export function countryOptions(locale: string, built: () => void): [string, string][] {
  const list = countryLists.get(locale);
  if (list) return list;
  const callbacks = waiting.get(locale);
  if (callbacks) callbacks.push(built);
  else {
    waiting.set(locale, [built]);
    requestAnimationFrame(() =>
      setTimeout(() => {
        const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
        const collator = new Intl.Collator(locale);
        countryLists.set(
          locale,
          regionCodes()
            .map((code): [string, string] => [code, names.of(code) ?? code])
            .sort((a, b) => collator.compare(a[1], b[1])),
        );
        for (const callback of waiting.get(locale)!) callback();
        waiting.delete(locale);
      }),
    );
  }
  return [];
}
