/**
 * Which card networks a card's first digits (its BIN, 6 to 8 digits) can be paid on: the `lookupBrands` hook of the
 * proxy. A card co-badged with a domestic scheme (Cartes Bancaires with Visa or Mastercard, mostly) carries two, and
 * the shopper chooses (EU Interchange Fee Regulation, article 8).
 *
 * The default knows the brand table's ranges (src/card/brands.ts) and the public co-badged test BINs below; the
 * real list of co-badged BINs belongs to the acquirer, so a merchant plugs in a BIN service in production:
 * `lookupBrands: async (bin) => (await binService(bin)).networks`. Never give it more than 8 digits.
 */
import { ALL_ALIPAY_BRANDS, identify, type AlipayBrand } from '../card/brands.ts';

/**
 * A BIN service's answer as it comes, names of Alipay's brands (`'CARTES_BANCAIRES'`, `'VISA'`): a name that is
 * none of them is left out.
 */
export type BrandLookup = (bin: string) => Promise<readonly string[]>;

/**
 * BINs published as co-badged test cards: Stripe's 4000 0025 and 5555 5525 (Cartes Bancaires with Visa and with
 * Mastercard), Adyen's 436000 and 403550, Worldpay's 415058, 513107 and 581702, Cybersource's 445653.
 */
const CO_BADGED: Record<string, readonly AlipayBrand[]> = {
  '40000025': ['CARTES_BANCAIRES'],
  '55555525': ['CARTES_BANCAIRES'],
  '436000': ['CARTES_BANCAIRES'],
  '403550': ['CARTES_BANCAIRES'],
  '415058': ['CARTES_BANCAIRES'],
  '445653': ['CARTES_BANCAIRES'],
  '513107': ['CARTES_BANCAIRES'],
  '581702': ['CARTES_BANCAIRES'],
};

/** The networks the brand table and the public co-badged BINs know for `bin`; the domestic scheme first. */
export const defaultBrandLookup = async (bin: string): Promise<readonly AlipayBrand[]> => {
  const known = identify(bin).rules.flatMap((rule) => (rule.brand ? [rule.brand] : []));
  const extra = Object.entries(CO_BADGED).find(([prefix]) => bin.startsWith(prefix))?.[1] ?? [];
  return [...new Set([...extra, ...known])];
};

/** A BIN as the browser may send it: 6 to 8 digits, nothing more. */
export const isBin = (value: unknown): value is string => typeof value === 'string' && /^\d{6,8}$/.test(value);

/** Whether `brand` is an Alipay brand code at all. */
export const isAlipayBrand = (brand: unknown): brand is AlipayBrand => (ALL_ALIPAY_BRANDS as readonly unknown[]).includes(brand);
