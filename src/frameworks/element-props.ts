/** What frameworks may set on `<cache-card-form>`: its properties (React 19 and Vue set properties on custom elements). */
import type { FORM_PROPERTIES, FormPropertyValues } from '../card/form-properties.ts';

export type CacheCardFormProps = Partial<FormPropertyValues>;

type Table = typeof FORM_PROPERTIES;
/** `acceptedBrands` -> `accepted-brands`. */
type Kebab<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `-${Lowercase<C>}`}${Kebab<Rest>}` : S;
/** A property's attribute: the one the table names, else the name in kebab case; none for `attribute: false`. */
type AttributeOf<K extends keyof Table> = Table[K] extends { attribute: infer A } ? (A extends string ? A : never) : Kebab<K>;

/**
 * The element's attributes with their values (`billing-address`, `accepted-brands`, `required`...): what a server
 * writes into the HTML, for templates that take attribute names (Svelte, Solid).
 */
export type CacheCardFormAttributes = { [K in keyof Table as AttributeOf<K>]?: FormPropertyValues[K] };
