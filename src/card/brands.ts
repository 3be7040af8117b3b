/**
 * The one brand table: credit-card-type's id for a scheme -> the brand code Alipay's cacheCard takes.
 * Grouping gaps, lengths and the security code's name and size come from credit-card-type itself, so
 * they are not repeated here.
 */
export const ALIPAY_BRANDS = {
  visa: 'VISA',
  mastercard: 'MASTERCARD',
  'american-express': 'AMEX',
  jcb: 'JCB',
  'diners-club': 'DINERS',
  discover: 'DISCOVER',
  unionpay: 'CUP',
  maestro: 'MAESTRO',
  mir: 'MIR',
  elo: 'ELO',
  hipercard: 'HIPERCARD',
  troy: 'TROY',
} as const;

export type CardType = keyof typeof ALIPAY_BRANDS;
export type AlipayBrand = (typeof ALIPAY_BRANDS)[CardType];

export const ALL_ALIPAY_BRANDS: readonly AlipayBrand[] = Object.values(ALIPAY_BRANDS);

/** Alipay's code for a credit-card-type id, or null for a scheme Alipay does not take (hiper, verve...). */
export function alipayBrandOf(cardType: string | undefined | null): AlipayBrand | null {
  return cardType && Object.hasOwn(ALIPAY_BRANDS, cardType) ? ALIPAY_BRANDS[cardType as CardType] : null;
}

/** Which brands a merchant takes. It fails closed: a number no brand recognises is refused unless allowed. */
export interface BrandPolicy {
  acceptedBrands: readonly AlipayBrand[];
  allowUnknownBrands: boolean;
}

export const DEFAULT_BRAND_POLICY: BrandPolicy = { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: false };

/**
 * Reads an `accepted-brands` list ("VISA MASTERCARD", "visa,amex", credit-card-type ids too).
 * Names it does not know are dropped, so a typo narrows the list rather than widening it.
 */
export function parseAcceptedBrands(list: string | null | undefined): AlipayBrand[] {
  if (list == null || list.trim() === '') return [...ALL_ALIPAY_BRANDS];
  const wanted = new Set<AlipayBrand>();
  for (const word of list.split(/[\s,]+/)) {
    if (!word) continue;
    const upper = word.toUpperCase();
    const brand = (ALL_ALIPAY_BRANDS as readonly string[]).includes(upper) ? (upper as AlipayBrand) : alipayBrandOf(word.toLowerCase());
    if (brand) wanted.add(brand);
  }
  return [...wanted];
}

const policies = new Map<string, BrandPolicy>();

/** The policy an element's `accepted-brands` and `allow-unknown-brands` describe, made once per distinct pair. */
export function brandPolicyFor(acceptedBrands: string, allowUnknownBrands: boolean): BrandPolicy {
  const key = `${acceptedBrands}|${allowUnknownBrands}`;
  let policy = policies.get(key);
  if (!policy) {
    policy = { acceptedBrands: acceptedBrands ? parseAcceptedBrands(acceptedBrands) : ALL_ALIPAY_BRANDS, allowUnknownBrands };
    policies.set(key, policy);
  }
  return policy;
}
