/**
 * What this element needs of LitElement, on lit-html alone: declared properties tied to attributes, one batched
 * update a microtask, `updateComplete`, and a shadow root with adopted styles. LitElement's reactive base costs
 * 2.7 KB gzipped of the script-tag bundle's 20 KB budget; this costs a fraction of it.
 */
import { render, type nothing, type TemplateResult } from 'lit/html.js';

export interface PropertyDeclaration {
  /** Attribute name; `false` for a property only. Default: the property name in lower case. */
  attribute?: string | false;
  type?: typeof String | typeof Boolean | typeof Number;
  /** Write the property back to its attribute (for `name`, `disabled`, `required`, as native controls do). */
  reflect?: boolean;
}

export abstract class ReactiveElement extends HTMLElement {
  static properties: Record<string, PropertyDeclaration> = {};
  /** The adopted style sheets, made on first use (a style sheet needs a document). */
  static styleSheets(): CSSStyleSheet[] {
    return [];
  }
  /** Attribute name -> property name, filled by `finalize`. */
  static attributes = new Map<string, string>();

  static get observedAttributes(): string[] {
    this.finalize();
    return [...this.attributes.keys()];
  }

  /** Turns the declared properties into accessors that schedule an update. Runs once per class. */
  static finalize(): void {
    if (Object.hasOwn(this, 'finalized')) return;
    Object.defineProperty(this, 'finalized', { value: true });
    this.attributes = new Map();
    for (const [name, declaration] of Object.entries(this.properties)) {
      if (declaration.attribute !== false) this.attributes.set(declaration.attribute ?? name.toLowerCase(), name);
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        get(this: ReactiveElement) {
          return this.#values.get(name);
        },
        set(this: ReactiveElement, value: unknown) {
          const old = this.#values.get(name);
          if (Object.is(old, value)) return;
          this.#values.set(name, value);
          if (declaration.reflect && this.#ready) this.#reflect(name, declaration, value);
          this.requestUpdate(name);
        },
      });
    }
  }

  readonly renderRoot: ShadowRoot;
  hasUpdated = false;
  readonly #values = new Map<string, unknown>();
  #changed = new Set<string>();
  #scheduled?: Promise<void>;
  #ready = false;
  #reflecting = false;

  constructor() {
    super();
    const type = this.constructor as typeof ReactiveElement;
    type.finalize();
    this.renderRoot = this.attachShadow({ mode: 'open', delegatesFocus: true });
    this.renderRoot.adoptedStyleSheets = type.styleSheets();
  }

  connectedCallback(): void {
    if (!this.#ready) {
      this.#ready = true;
      // Properties set before the element was connected (frameworks set `name` that way) reach their attributes now.
      const type = this.constructor as typeof ReactiveElement;
      for (const [name, declaration] of Object.entries(type.properties)) {
        if (declaration.reflect && this.#values.has(name)) this.#reflect(name, declaration, this.#values.get(name));
      }
    }
    this.requestUpdate();
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    if (this.#reflecting) return;
    const type = this.constructor as typeof ReactiveElement;
    const name = type.attributes.get(attribute)!;
    const kind = type.properties[name]?.type ?? String;
    (this as unknown as Record<string, unknown>)[name] =
      kind === Boolean ? value !== null : kind === Number ? (value === null ? NaN : Number(value)) : (value ?? '');
  }

  /** Schedules one update for everything changed in this task. */
  requestUpdate(name?: string): void {
    if (name) this.#changed.add(name);
    this.#scheduled ??= Promise.resolve().then(() => this.#update());
  }

  /** Resolves once no update is pending, as LitElement's does. */
  get updateComplete(): Promise<boolean> {
    return this.#scheduled ? this.#scheduled.then(() => this.updateComplete) : Promise.resolve(true);
  }

  #update(): void {
    this.#scheduled = undefined;
    if (!this.isConnected) return;
    const changed = this.#changed;
    this.#changed = new Set();
    this.willUpdate(changed);
    render(this.render(), this.renderRoot, { host: this });
    if (!this.hasUpdated) {
      this.hasUpdated = true;
      this.firstUpdated();
    }
    this.updated(changed);
  }

  #reflect(name: string, declaration: PropertyDeclaration, value: unknown): void {
    const attribute = declaration.attribute === false ? null : (declaration.attribute ?? name.toLowerCase());
    if (!attribute) return;
    this.#reflecting = true;
    if (declaration.type === Boolean) this.toggleAttribute(attribute, Boolean(value));
    else if (value === null || value === undefined || value === '') this.removeAttribute(attribute);
    else this.setAttribute(attribute, String(value));
    this.#reflecting = false;
  }

  protected willUpdate(_changed: Set<string>): void {}
  protected firstUpdated(): void {}
  protected updated(_changed: Set<string>): void {}
  protected abstract render(): TemplateResult | typeof nothing;
}

/** A constructed style sheet from CSS text: adopted, so no `<style>` element and no CSP `unsafe-inline`. */
export function styleSheet(cssText: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return sheet;
}
