/**
 * What this element needs of LitElement, without lit: declared properties tied to attributes, one batched update
 * a microtask, `updateComplete`, and a shadow root (the subclass adopts its styles). The subclass renders as it likes (the
 * inline mode with lit-html, the isolated host with a few DOM calls, so that its bundle carries no lit).
 * LitElement's reactive base costs 2.7 KB gzipped of the script-tag bundle's 20 KB budget; this a fraction of it.
 *
 * Like Lit's own base it keeps properties set on an element before its class was defined (a deferred script, a
 * framework that creates the element first), types the map of changed properties by the class's property
 * names, and goes on working after an update throws.
 */
import { attributeOf } from '../card/form-properties.ts';

type Converter = typeof String | typeof Boolean | typeof Number;

export interface PropertyDeclaration<T = unknown> {
  /** Attribute name; `false` for a property only. Default: the property name in kebab case (`item-count`). */
  attribute?: string | false;
  type?: Converter;
  /** Write the property back to its attribute (for `name`, `disabled`, `required`, as native controls do). */
  reflect?: boolean;
  /** The value until one is set. Shared by every element, so an object default is frozen and only ever replaced. */
  default: T;
}

export type PropertyDeclarations = Record<string, PropertyDeclaration>;

/** The values a table of declarations describes: `{ endpoint: string, disabled: boolean, ... }`. */
export type PropertyValues<D extends PropertyDeclarations> = { -readonly [K in keyof D]: D[K]['default'] };

/** What changed in one update, with each property's value before it: keyed by declared names only. */
export type ChangedProperties<P> = Map<keyof P & string, unknown>;

// On a server (Node, Deno, Bun rendering a page) there is no HTMLElement: a bare class stands in, so that importing
// the element does not throw there. Nothing constructs it on a server; the browser defines the real one.
export abstract class ReactiveElement<P extends object = Record<string, unknown>> extends (globalThis.HTMLElement ??
  (class {} as typeof HTMLElement)) {
  /** The declared properties, each with its attribute, type and default. */
  static properties: PropertyDeclarations = {};
  /** Attribute name -> property name: each class's own, made by `finalize`. */
  declare static attributes: Map<string, string>;

  /** What the browser reports changes of: the attribute of each declared property that has one. */
  static get observedAttributes(): string[] {
    this.finalize();
    return [...this.attributes.keys()];
  }

  /** Turns the declared properties into accessors that schedule an update. Runs once per class. */
  static finalize(): void {
    if (Object.hasOwn(this, 'attributes')) return;
    this.attributes = new Map();
    for (const [name, declaration] of Object.entries(this.properties)) {
      const attribute = attributeOf(name, declaration);
      if (attribute) this.attributes.set(attribute, name);
      Object.defineProperty(this.prototype, name, {
        configurable: true,
        get(this: ReactiveElement) {
          return this.#values.has(name) ? this.#values.get(name) : declaration.default;
        },
        set(this: ReactiveElement, value: unknown) {
          const old = (this as unknown as Record<string, unknown>)[name];
          this.#values.set(name, value);
          if (Object.is(old, value)) return;
          if (declaration.reflect && this.#ready) this.#reflect(name, declaration, value);
          this.requestUpdate(name, old);
        },
      });
    }
  }

  /** The element's open shadow root, which delegates focus: where it renders. */
  readonly renderRoot: ShadowRoot;
  readonly #values = new Map<string, unknown>();
  #changed: ChangedProperties<P> = new Map();
  #scheduled?: Promise<void>;
  #ready?: boolean;
  #reflecting?: boolean;

  constructor() {
    super();
    const type = this.constructor as typeof ReactiveElement;
    type.finalize();
    this.renderRoot = this.attachShadow({ mode: 'open', delegatesFocus: true });
    // A property set on the element before this class was defined is an own property of the instance that hides
    // the accessor: take it off and set it again through the accessor, so that it applies and later sets render.
    for (const name of Object.keys(type.properties)) {
      if (!Object.hasOwn(this, name)) continue;
      const value = (this as unknown as Record<string, unknown>)[name];
      delete (this as unknown as Record<string, unknown>)[name];
      (this as unknown as Record<string, unknown>)[name] = value;
    }
  }

  /** The element entered a document: reflected properties set before then reach their attributes, and it renders. */
  connectedCallback(): void {
    if (!this.#ready) {
      this.#ready = true;
      // Properties set before the element was connected (frameworks set `name` that way) reach their attributes now.
      const type = this.constructor as typeof ReactiveElement;
      for (const [name, declaration] of Object.entries(type.properties)) {
        if (declaration.reflect && this.#values.has(name))
          this.#reflect(name, declaration, (this as unknown as Record<string, unknown>)[name]);
      }
    }
    this.requestUpdate();
  }

  /**
   * The element was moved with `moveBefore` (React's keyed reorder, where the browser has it): it stays connected, so
   * it keeps what it holds (the isolated frame and its channel, which a move keeps loaded). Only what comes from
   * around it (`lang`, the page's styles) is read again.
   */
  connectedMoveCallback(): void {
    this.requestUpdate();
  }

  /** The browser's call when an observed attribute changes: sets the property it stands for. */
  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    if (this.#reflecting) return;
    const type = this.constructor as typeof ReactiveElement;
    const name = type.attributes.get(attribute)!;
    const kind = type.properties[name]?.type ?? String;
    (this as unknown as Record<string, unknown>)[name] =
      kind === Boolean ? value !== null : kind === Number ? (value === null ? NaN : Number(value)) : (value ?? '');
  }

  /** Whether a property was set, by attribute or property, rather than left at its default. */
  protected isSet(name: keyof P & string): boolean {
    return this.#values.has(name);
  }

  /** Schedules one update for everything changed in this task; `name` and its `old` value join the changed map. */
  requestUpdate(name?: keyof P & string, old?: unknown): void {
    if (name && !this.#changed.has(name)) this.#changed.set(name, old);
    this.#scheduled ??= Promise.resolve().then(() => this.#update());
  }

  /**
   * Resolves once no update is pending, as LitElement's does. It rejects when the update it waited for threw;
   * the element is then ready for the next one.
   */
  get updateComplete(): Promise<boolean> {
    return this.#scheduled ? this.#scheduled.then(() => this.updateComplete) : Promise.resolve(true);
  }

  #update(): void {
    this.#scheduled = undefined;
    if (!this.isConnected) return;
    const changed = this.#changed;
    // Cleared before anything runs: an update that throws leaves no half-done state behind.
    this.#changed = new Map();
    this.willUpdate(changed);
    this.render();
    this.updated(changed);
  }

  #reflect(name: string, declaration: PropertyDeclaration, value: unknown): void {
    const attribute = attributeOf(name, declaration);
    if (!attribute) return;
    this.#reflecting = true;
    if (declaration.type === Boolean) this.toggleAttribute(attribute, Boolean(value));
    else if (value === null || value === undefined || value === '') this.removeAttribute(attribute);
    else this.setAttribute(attribute, String(value));
    this.#reflecting = false;
  }

  /** Before each render, with the properties changed since the last one and their values before. */
  protected willUpdate(_changed: ChangedProperties<P>): void {}
  /** After each render, with the same map as `willUpdate`. */
  protected updated(_changed: ChangedProperties<P>): void {}
  /** Renders into `renderRoot`, by whatever means the subclass carries (lit-html, or the DOM itself). */
  protected abstract render(): void;
}

/** A constructed style sheet from CSS text: adopted, so no `<style>` element and no CSP `unsafe-inline`. */
export function styleSheet(cssText: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return sheet;
}
