// Every locale pack against the English catalog and the glossary: every key and no other, the plural categories
// the language has, every {slot}, no English left behind, the language's punctuation, and one term per concept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LOCALE_PACKS } from '../../src/card/locale.ts';
import { ENGLISH, type Messages } from '../../src/card/messages.ts';

const glossary = JSON.parse(readFileSync(new URL('../../src/locales/glossary.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string | string[]>
>;
delete glossary.$comment;

async function loadPacks(): Promise<Record<string, Messages>> {
  const packs: Record<string, Messages> = {};
  for (const tag of LOCALE_PACKS) {
    const module = (await import(`../../src/locales/${tag}.ts`)) as Record<string, Messages>;
    const exported = Object.values(module);
    assert.equal(exported.length, 1, `src/locales/${tag}.ts exports its catalog and nothing else`);
    packs[tag] = exported[0]!;
  }
  return packs;
}
const packs = await loadPacks();

const PLURAL = 'status.errors.';
const slots = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const bare = (text: string) => text.replace(/\{\w+\}/g, '');

/**
 * Where a message speaks of a concept, judged from its English text (or its key), and the words of the concept
 * in that text: "card" alone is not counted where it is part of another concept ("Card number", "Name on card").
 */
const CONCEPTS: Record<string, (key: string, english: string) => boolean> = {
  card_number: (_, en) => /card number/i.test(en),
  expiry_date: (_, en) => /expiry date/i.test(en),
  security_code: (_, en) => /security code/i.test(en),
  cardholder_name: (_, en) => /name on card/i.test(en),
  first_name: (_, en) => /first name/i.test(en),
  last_name: (_, en) => /last name/i.test(en),
  billing_address: (_, en) => /billing address/i.test(en),
  country_region: (_, en) => /country or region/i.test(en),
  postal_code: (_, en) => /postal code/i.test(en),
  card: (_, en) => /\bcards?\b/i.test(en.replace(/card numbers?|name on card|card networks?|accepted cards|save card/gi, '')),
  card_network: (_, en) => /\bnetworks?\b/i.test(en),
  save_card: (_, en) => /^save card$/i.test(en),
  enter: (_, en) => /^Enter\b/.test(en),
  invalid: (_, en) => /not valid/i.test(en),
  incomplete: (_, en) => /incomplete/i.test(en),
  expired: (_, en) => /\bexpired\b/i.test(en),
  // No English message says "required" (an empty field's says "Enter …" or "Select …"): the term waits for one.
  required: (_, en) => /\brequired\b/i.test(en),
  try_again: (_, en) => /try again/i.test(en),
  payment_service: (_, en) => /payment service/i.test(en),
  accepted_cards: (_, en) => /accepted cards/i.test(en),
  optional: (key) => key === 'optional',
};

/** A glossary form may come in parts, "…" standing for the words between: German "Geben Sie … ein". */
function uses(text: string, form: string, tag: string): boolean {
  const lower = (s: string) => s.normalize('NFC').toLocaleLowerCase(tag);
  const haystack = lower(text);
  let at = 0;
  for (const part of lower(form)
    .split('…')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const found = haystack.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return true;
}

/** Scripts other than Latin: no Latin letters at all, but for what the market prints in Latin. */
const NON_LATIN = new Set(['zh-CN', 'zh-HK', 'zh-TW', 'ja', 'ko', 'th', 'hi', 'ru', 'uk', 'el', 'he', 'ar']);
/** Agreed: the same as English on purpose (German "(optional)"; the expiry letters Filipino, Hebrew and Arabic cards print). */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  de: ['optional'],
  fil: ['placeholder.expiry'],
  he: ['placeholder.expiry'],
  ar: ['placeholder.expiry'],
};
const LATIN_ALLOWED: Record<string, RegExp> = { he: /MM \/ YY/g, ar: /MM \/ YY/g };
/** English words that would be left behind, and the languages in which the same letters are a word of their own. */
const ENGLISH_WORDS =
  /\b(the|your|please|enter|field|fields|error|save|saving|try|again|card|cards|expiry|optional|code|network|number)\b/i;
const OWN_WORDS: Record<string, RegExp> = { ro: /\bcard(ul|ului|uri|urile)?\b/gi, de: /\(optional\)/g, nl: /\bcode\b/gi, fr: /\bcode\b/gi };
/**
 * Words that speak to the shopper as a man or as a woman, in the languages whose verbs say which: the Arabic pack
 * writes around them with يرجى and a verbal noun ("يرجى اختيار"), the Hebrew one with יש ל and an infinitive.
 */
const GENDERED: Record<string, RegExp> = {
  ar: /(?:^|\s)(اختر|اختاري|أدخل|أدخلي|تحقق|تحققي|حاول|حاولي|انتظر|انتظري|استخدم|استخدمي|املأ|املئي|راجع|راجعي|أغلق|أغلقي|أعد|أعيدي|تريد|تريدين|تستطيع|تستطيعين)(?=[\s.،:]|$)/,
  he: /(?:^|\s)(הזן|הזיני|בחר|בחרי|נסה|נסי|בדוק|בדקי|המתן|המתיני|השתמש|השתמשי|אתה)(?=[\s.,:]|$)/,
};

describe('every locale pack', () => {
  it('is one of 33, besides English', () => assert.equal(Object.keys(packs).length, 33));

  for (const [tag, catalog] of Object.entries(packs)) {
    describe(tag, () => {
      const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;

      it("has every key of the English catalog, the language's plural categories, and nothing else", () => {
        const wanted = [
          ...Object.keys(ENGLISH).filter((key) => !key.startsWith(PLURAL)),
          ...categories.map((category) => `${PLURAL}${category}`),
        ].sort();
        assert.deepEqual(Object.keys(catalog).sort(), wanted);
      });

      it('keeps every {slot}, and writes each message clean', () => {
        for (const [key, text] of Object.entries(catalog)) {
          const english = ENGLISH[key as keyof Messages] ?? ENGLISH['status.errors.other']!;
          assert.deepEqual(slots(text), slots(english), key);
          assert.match(text, /\S/, key);
          assert.equal(text, text.trim(), `${key}: leading or trailing space`);
          assert.doesNotMatch(text, / {2}|\.\.\./, `${key}: a double space, or "..." for "…"`);
          assert.doesNotMatch(bare(text), /[{}]/, `${key}: a stray brace`);
        }
        assert.match(catalog['placeholder.expiry']!, /^\S+ \/ \S+$/, 'the expiry format keeps " / "');
        assert.ok(catalog['expiry.ambiguous']!.includes(catalog['placeholder.expiry']!), 'expiry.ambiguous shows the same format');
      });

      it('leaves no English behind', () => {
        for (const [key, text] of Object.entries(catalog)) {
          const english = ENGLISH[key as keyof Messages];
          if (key !== 'placeholder.cardNumber' && !SAME_AS_ENGLISH[tag]?.includes(key)) assert.notEqual(text, english, key);
          let words = bare(text);
          if (NON_LATIN.has(tag)) {
            words = words.replace(LATIN_ALLOWED[tag] ?? /$^/, '');
            assert.doesNotMatch(words, /[A-Za-z]/, `${key}: Latin letters in ${tag}: ${text}`);
          } else {
            words = words.replace(OWN_WORDS[tag] ?? /$^/, '');
            assert.doesNotMatch(words, ENGLISH_WORDS, `${key}: an English word in ${tag}: ${text}`);
          }
        }
      });

      it("uses the language's own punctuation", () => {
        for (const [key, text] of Object.entries(catalog)) {
          const words = bare(text);
          if (/^(zh|ja)/.test(tag)) assert.doesNotMatch(words, /[,;!?:()]|\.(\s|$)/, `${key}: ASCII punctuation in ${tag}: ${text}`);
          if (tag !== 'fr') assert.doesNotMatch(words, /[\s\u00a0\u202f][:;?!]/, `${key}: a space before : ; ? ! outside French: ${text}`);
          if (tag === 'ar') assert.doesNotMatch(words, /[,?;]/, `${key}: Latin , ? ; in Arabic (، ؟ ؛): ${text}`);
          if (tag === 'el') assert.doesNotMatch(words, /\?/, `${key}: the Greek question mark is ";": ${text}`);
          if (tag === 'fr') assert.doesNotMatch(words, /[^\u202f][:;?!]/, `${key}: French puts U+202F before : ; ? !: ${text}`);
          if (tag === 'fr' || tag === 'it') assert.doesNotMatch(words, /'/, `${key}: a straight apostrophe for ’: ${text}`);
          if (tag === 'ro') assert.doesNotMatch(words, /[şţŞŢ]/, `${key}: Romanian writes ș ț with a comma below: ${text}`);
          assert.doesNotMatch(text, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, `${key}: a bidi control character`);
        }
      });

      if (GENDERED[tag])
        it('speaks to the shopper without saying whether they are a man or a woman', () => {
          for (const [key, text] of Object.entries(catalog)) assert.doesNotMatch(bare(text), GENDERED[tag]!, `${key}: ${text}`);
        });

      it('uses the glossary term wherever its concept comes up', () => {
        const wrong: string[] = [];
        for (const [concept, speaksOf] of Object.entries(CONCEPTS)) {
          const term = glossary[concept]?.[tag];
          assert.ok(term && [term].flat().every((form) => form.trim()), `the glossary has ${concept} in ${tag}`);
          const forms = [term].flat();
          for (const [key, english] of Object.entries(ENGLISH)) {
            const text = catalog[key as keyof Messages];
            if (text === undefined || !speaksOf(key, english)) continue;
            if (!forms.some((form) => uses(text, form, tag))) wrong.push(`${key}: ${concept} is none of ${forms.join(' | ')} in "${text}"`);
          }
        }
        assert.deepEqual(wrong, []);
      });
    });
  }

  it('and the glossary has a term for every concept in every locale, and no other concept', () => {
    assert.deepEqual(Object.keys(glossary).sort(), Object.keys(CONCEPTS).sort());
    for (const [concept, terms] of Object.entries(glossary)) assert.deepEqual(Object.keys(terms).sort(), [...LOCALE_PACKS].sort(), concept);
  });
});
