/**
 * The one brand table: every card brand Alipay's cacheCard takes, with the number ranges that name it, its
 * lengths, its security code, whether it uses the Luhn check, and a few schemes Alipay has no code for.
 *
 * Ranges are prefixes: "51-55" is any number whose first two digits are 51 to 55. The longest prefix that a
 * number matches names it, so "4" is Visa until "401178" says Elo, and "62" is UnionPay but "627780" Elo; of two
 * prefixes as long, the narrower range ("502275", Carnet, within Maestro's "500000-504174"). Two brands on the
 * same prefix are one co-badged card. A known scheme Alipay has no code for (Dankort, Verve, Hiper, Naranja)
 * beats a brand on the same prefix: such a number is refused rather than sent under another scheme's name.
 *
 * Sources: the schemes' ranges as credit-card-type 10.3 lists them (Visa, Mastercard, Amex, Diners, Discover,
 * JCB, UnionPay, Mir, Elo, Hipercard, Troy, Verve, Hiper; Naranja's own 589562, its Visa and Mastercard ranges
 * left to those networks), narrowed where providers show it wrong: Maestro without
 * its catch-all "6" (adyen-web's card types; ActiveMerchant's credit_card_methods.rb), Dankort 5019 (adyen-web,
 * ActiveMerchant), JCB 3088-3349 (ActiveMerchant, Trust Payments), Carnet (ActiveMerchant; Stripe's and EBANX's
 * test cards 506221, 506222), Cartes Bancaires' own ranges (ActiveMerchant; Ingenico's 501767 test cards),
 * Aura 507860 (EBANX), eftpos-only 6280 (Stripe Terminal). BC and CITI are Korean issuers with no public range:
 * only the proxy's BIN lookup names them. Cards co-badged with Visa or Mastercard (Cartes Bancaires, mostly)
 * are told apart by that lookup too (src/server/brand-lookup.ts).
 */

/** Every brand code Alipay's cacheCard takes: what a proxy accepts unless its `policy` says otherwise. */
export const ALL_ALIPAY_BRANDS = [
  'VISA',
  'MASTERCARD',
  'AMEX',
  'JCB',
  'DINERS',
  'DISCOVER',
  'CUP',
  'MAESTRO',
  'MIR',
  'ELO',
  'HIPERCARD',
  'TROY',
  'CARTES_BANCAIRES',
  'CARNET',
  'BC',
  'CITI',
] as const;

/** A card brand as Alipay's cacheCard names it (`VISA`, `CARTES_BANCAIRES`...): one of `ALL_ALIPAY_BRANDS`. */
export type AlipayBrand = (typeof ALL_ALIPAY_BRANDS)[number];

export interface BrandRule {
  /** The scheme's id (`visa`, `american-express`...), as card libraries name it. */
  id: string;
  /** Alipay's code, or null for a scheme Alipay does not take. */
  brand: AlipayBrand | null;
  name: string;
  lengths: readonly number[];
  /** The security code's name on this scheme's cards, its length, and whether cards may have none. */
  code: { name: string; size: number; optional?: boolean };
  /** Whether every number passes the Luhn check (UnionPay's need not, as card-validator knows). */
  luhn: boolean;
}

// id, Alipay code (or "" for none), name, lengths "a,b,c" (each written out: no Array.from, which Prototype.js and
// MooTools replace with one that takes no map function), code "NAME:size[?]", luhn "" or "-", ranges.
// A range's end gives only the digits that differ from its start: "2221-720" is 2221 to 2720, "650031-3" 650031 to 650033.
const TABLE = `visa VISA Visa 13,16,18,19 CVV:3 . 4
mastercard MASTERCARD Mastercard 16 CVC:3 . 51-5 2221-720
american-express AMEX American_Express 15 CID:4 . 34 37
jcb JCB JCB 16,17,18,19 CVV:3 . 3528-89 3088-94 3096-102 3112-20 3158-9 3337-49
diners-club DINERS Diners_Club 14,16,19 CVV:3 . 300-5 3095 36 38 39
discover DISCOVER Discover 16,19 CID:3 . 6011 644-9 65
unionpay CUP UnionPay 14,15,16,17,18,19 CVN:3 - 62 810-7
cartes-bancaires CARTES_BANCAIRES Cartes_Bancaires 16 CVV:3 . 501767 507589-90 507593-5 507597 560408 581752 585402-5 585501-5 585577-82
carnet CARNET Carnet 16 CVV:3 . 506199-499 286900 502275 606333 627535 636318 636379 639388 639484 639559 588772 60462203-4
maestro MAESTRO Maestro 12,13,14,15,16,17,18,19 CVC:3? . 493698 500000-4174 504176-6198 506500-698 506779-8999 56-9 63 67
mir MIR Mir 16,17,18,19 CVP2:3 . 2200-4
elo ELO Elo 16 CVE:3 . 401178 401179 431274 438935 451416 457393 457631 457632 504175 506699-778 509000-999 627780 636297 636368 650031-3 650035-51 650405-39 650485-538 650541-98 650700-18 650720-7 650901-78 651652-79 655000-19 655021-58
hipercard HIPERCARD Hipercard 16 CVC:3 . 606282 384100 384140 384160
troy TROY Troy 16 CVV:3 . 9792 650052 650082-3 650092 650161 650170 650173 650175 650268 650271 650273-4 650456-7 650836 650846-50 650923 650987 650990 654997 657366 657998 658758 658767-8
bc BC BC_Card 16 CVC:3 .
citi CITI Citi 16 CVC:3 .
dankort  Dankort 16 CVV:3 . 501900-99
verve  Verve 16,18,19 CVV:3 . 506099-127 506129 506133-50 506158-63 506166 506168 506170 506173 506176-80 506184 506187-8 506191 506195 506197 507865-6 507868-77 507880-8 507900 507941
hiper  Hiper 16 CVC:3 . 637095 637568 637599 637609 637612 63737423 63743358
aura  Aura 19 CVV:3 . 507860
eftpos  eftpos 16 CVV:3 . 6280
naranja  Naranja 16 CVV:3 . 589562`;

interface Range {
  low: string;
  high: string;
  rule: BrandRule;
}

let table: { rules: BrandRule[]; ranges: Range[] } | undefined;

/** The table, read once. */
function brandTable() {
  if (table) return table;
  const rules: BrandRule[] = [];
  const ranges: Range[] = [];
  for (const line of TABLE.split('\n')) {
    const [id, brand, name, lengths, code, luhn, ...prefixes] = line.split(' ') as [
      string,
      string,
      string,
      string,
      string,
      string,
      ...string[],
    ];
    const [codeName, size] = code.replace('?', '').split(':') as [string, string];
    const rule: BrandRule = {
      id,
      brand: (brand || null) as AlipayBrand | null,
      name: name.replace(/_/g, ' '),
      lengths: lengths.split(',').map(Number),
      code: { name: codeName, size: Number(size), ...(code.endsWith('?') ? { optional: true } : {}) },
      luhn: luhn !== '-',
    };
    rules.push(rule);
    for (const prefix of prefixes) {
      const [from, end = from] = prefix.split('-') as [string, string?];
      ranges.push({ low: from, high: from.slice(0, from.length - end.length) + end, rule });
    }
  }
  return (table = { rules, ranges });
}

/** Whether no range names `brand`: only a BIN lookup can (BC and CITI). */
export function namedOnlyByLookup(brand: AlipayBrand): boolean {
  return !brandTable().ranges.some((range) => range.rule.brand === brand);
}

/** A brand's rule by its Alipay code. */
export function ruleOf(brand: AlipayBrand): BrandRule {
  return brandTable().rules.find((rule) => rule.brand === brand)!;
}

export interface Identified {
  /** The schemes the number's longest matching prefix names: one, several for a co-badged card, or none. */
  rules: BrandRule[];
  /** Whether more digits could still name another scheme (a longer prefix is still possible). */
  open: boolean;
}

/** Which schemes a number (digits only, any length) belongs to, by the longest prefix it matches. */
export function identify(digits: string): Identified {
  let best = 0;
  let narrowest = 0;
  let rules: BrandRule[] = [];
  let open = false;
  for (const { low, high, rule } of brandTable().ranges) {
    const k = low.length;
    if (digits.length >= k) {
      const prefix = digits.slice(0, k);
      if (prefix < low || prefix > high) continue;
      const width = Number(high) - Number(low);
      if (k > best || (k === best && width < narrowest)) [best, narrowest, rules] = [k, width, [rule]];
      else if (k === best && width === narrowest && !rules.includes(rule)) rules.push(rule);
    } else if (digits >= low.slice(0, digits.length) && digits <= high.slice(0, digits.length)) open = true;
  }
  // A scheme Alipay has no code for beats a brand on the same prefix: never send a card under another's name.
  const unnamed = rules.filter((rule) => !rule.brand);
  return { rules: unnamed.length ? unnamed : rules, open };
}

/** Which brands a merchant takes. It fails closed: a number no brand recognises is refused unless allowed. */
export interface BrandPolicy {
  /** The brands taken, as Alipay names them (`VISA`, `MASTERCARD`, …). */
  acceptedBrands: readonly AlipayBrand[];
  /** Whether a number no brand of the table recognises is taken (and sent to Alipay without a brand). */
  allowUnknownBrands: boolean;
}

export const DEFAULT_BRAND_POLICY: BrandPolicy = { acceptedBrands: ALL_ALIPAY_BRANDS, allowUnknownBrands: false };

/**
 * Reads an `accepted-brands` list ("VISA MASTERCARD", "visa,american-express" as card libraries name schemes).
 * Names it does not know are dropped, so a typo narrows the list rather than widening it.
 */
export function parseAcceptedBrands(list: string | null | undefined): AlipayBrand[] {
  if (list == null || list.trim() === '') return [...ALL_ALIPAY_BRANDS];
  const wanted = new Set<AlipayBrand>();
  for (const word of list.split(/[\s,]+/)) {
    const upper = word.toUpperCase();
    const brand = (ALL_ALIPAY_BRANDS as readonly string[]).includes(upper)
      ? (upper as AlipayBrand)
      : brandTable().rules.find((rule) => rule.id === word.toLowerCase())?.brand;
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
