/**
 * The settings that decide which cards the proxy takes, read from text: BILLING_ADDRESS, ACCEPTED_BRANDS,
 * ALLOW_UNKNOWN_BRANDS, REQUIRE_SECURITY_CODE. One reading for the `cache-card-proxy` command (config.ts) and for
 * the runtime entries (from-env.ts), so that a policy means the same on Node, Deno, Bun and Workers. No `node:*`.
 */
import type { BillingAddressMode } from '../card/contract.ts';
import { parseAcceptedBrands, type BrandPolicy } from '../card/brands.ts';

export interface CardChecks {
  policy: BrandPolicy;
  billingAddress: BillingAddressMode;
  requireSecurityCode: boolean;
}

/** `text(name)` is the setting, trimmed, or ''; a bad value is pushed onto `problems`. */
export function cardChecksFromEnv(text: (name: string) => string, problems: string[]): CardChecks {
  const billing = text('BILLING_ADDRESS') || 'none';
  if (!['full', 'postal', 'none'].includes(billing)) problems.push('BILLING_ADDRESS must be full, postal or none');
  return {
    policy: {
      acceptedBrands: parseAcceptedBrands(text('ACCEPTED_BRANDS')),
      allowUnknownBrands: text('ALLOW_UNKNOWN_BRANDS') === 'true',
    },
    billingAddress: billing as BillingAddressMode,
    requireSecurityCode: text('REQUIRE_SECURITY_CODE') === 'true',
  };
}
