/**
 * The proxy's policy and how the form follows it. The proxy is the source of truth for what it takes (it
 * publishes this at `GET <path>/policy`, and in the isolated frame's page): the form asks for what the proxy
 * needs, and a page setting that contradicts the proxy gives way to it, with one warning naming the difference.
 */
import { ALL_ALIPAY_BRANDS, type AlipayBrand, type BrandPolicy } from './brands.ts';
import type { BillingAddressMode } from './contract.ts';

export interface ProxyPolicy extends BrandPolicy {
  billingAddress: BillingAddressMode;
  requireSecurityCode: boolean;
}

const ADDRESS_ORDER: readonly BillingAddressMode[] = ['none', 'postal', 'full'];

export function isProxyPolicy(value: unknown): value is ProxyPolicy {
  const v = value as Partial<Record<keyof ProxyPolicy, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.acceptedBrands) &&
    v.acceptedBrands.every((brand) => (ALL_ALIPAY_BRANDS as readonly unknown[]).includes(brand)) &&
    typeof v.allowUnknownBrands === 'boolean' &&
    ADDRESS_ORDER.includes(v.billingAddress as BillingAddressMode) &&
    typeof v.requireSecurityCode === 'boolean'
  );
}

/** What the page said, each setting only if it said it (an attribute or a property set). */
export interface PageSettings {
  acceptedBrands?: readonly AlipayBrand[];
  allowUnknownBrands?: boolean;
  billingAddress?: BillingAddressMode;
}

export interface FollowedPolicy extends ProxyPolicy {
  /** The settings of the page's that the proxy's policy overrode. */
  overridden: (keyof PageSettings)[];
}

/**
 * The settings the form uses: the proxy's, narrowed where the page asks for less (fewer brands, no unknown
 * ones) and widened where it asks for more address than the proxy needs; never looser than the proxy's.
 */
export function followPolicy(page: PageSettings, proxy: ProxyPolicy): FollowedPolicy {
  const overridden: (keyof PageSettings)[] = [];
  const brands = page.acceptedBrands ?? proxy.acceptedBrands;
  const acceptedBrands = brands.filter((brand) => proxy.acceptedBrands.includes(brand));
  if (acceptedBrands.length < brands.length) overridden.push('acceptedBrands');
  const allowUnknownBrands = (page.allowUnknownBrands ?? true) && proxy.allowUnknownBrands;
  if (page.allowUnknownBrands && !allowUnknownBrands) overridden.push('allowUnknownBrands');
  const asked = ADDRESS_ORDER.indexOf(page.billingAddress ?? 'none');
  const needed = ADDRESS_ORDER.indexOf(proxy.billingAddress);
  if (page.billingAddress && asked < needed) overridden.push('billingAddress');
  return {
    acceptedBrands,
    allowUnknownBrands,
    billingAddress: ADDRESS_ORDER[Math.max(asked, needed)]!,
    requireSecurityCode: proxy.requireSecurityCode,
    overridden,
  };
}
