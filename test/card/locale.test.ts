import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalLocale, catalogCandidates, LOCALE_PACKS, packFor } from '../../src/card/locale.ts';

describe('locale tags as pages, templates and browsers give them', () => {
  const cases: [string | null | undefined, string][] = [
    ['en-US', 'en-US'],
    ['en_US', 'en-US'],
    ['EN-us', 'en-US'],
    ['  fr  ', 'fr'],
    ['zh_CN', 'zh-CN'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['de_DE.UTF-8', 'de-DE'],
    ['de_DE@euro', 'de-DE'],
    ['C', 'en'],
    ['C.UTF-8', 'en'],
    ['POSIX', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
    ['x', 'en'],
    ['123', 'en'],
    ['de-DE-!!', 'de-DE'],
    ['en-US-u-ca-gregory', 'en-US-u-ca-gregory'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => {
      const tag = canonicalLocale(input);
      assert.equal(tag, expected);
      // Whatever it gives, Intl takes.
      new Intl.DisplayNames([tag], { type: 'region' }).of('GB');
      new Intl.PluralRules(tag).select(2);
      new Intl.Collator(tag).compare('a', 'b');
    });
  }
});

describe('which pack a tag reads', () => {
  // As merchants write tags: BCP 47, Antom's and Java's underscores, legacy codes, any case.
  const table: [string, string][] = [
    ['en', 'en'],
    ['en_US', 'en'],
    ['en-GB', 'en'],
    ['pt_BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt_PT', 'pt-PT'],
    ['pt-AO', 'pt-PT'],
    ['es_ES', 'es'],
    ['es', 'es'],
    ['es-MX', 'es-419'],
    ['es_AR', 'es-419'],
    ['es-US', 'es-419'],
    ['es-419', 'es-419'],
    ['ko_KR', 'ko'],
    ['zh_CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh_HK', 'zh-HK'],
    ['zh-MO', 'zh-HK'],
    ['zh-Hant-HK', 'zh-HK'],
    ['zh-Hant', 'zh-TW'],
    ['zh_TW', 'zh-TW'],
    ['ZH-hant-tw', 'zh-TW'],
    ['ms_MY', 'ms'],
    ['in_ID', 'id'],
    ['in', 'id'],
    ['id-ID', 'id'],
    ['th_TH', 'th'],
    ['vi_VN', 'vi'],
    ['tl_PH', 'fil'],
    ['tl', 'fil'],
    ['fil-PH', 'fil'],
    ['it_IT', 'it'],
    ['de_DE', 'de'],
    ['de-AT', 'de'],
    ['de-CH-1996', 'de'],
    ['fr_FR', 'fr'],
    ['fr-CH', 'fr'],
    ['fr-CA', 'fr'],
    ['nl_NL', 'nl'],
    ['ja_JP', 'ja'],
    ['ro', 'ro'],
    ['pl_PL', 'pl'],
    ['ar_SA', 'ar'],
    ['ar-EG', 'ar'],
    ['tr_TR', 'tr'],
    ['hi_IN', 'hi'],
    ['iw', 'he'],
    ['iw_IL', 'he'],
    ['he-IL', 'he'],
    ['no', 'nb'],
    ['no_NO', 'nb'],
    ['nb-NO', 'nb'],
    ['nn', 'nb'],
    ['ru-RU', 'ru'],
    ['uk_UA', 'uk'],
    ['el_GR', 'el'],
    ['hu-HU', 'hu'],
    ['sv_SE', 'sv'],
    ['da-DK', 'da'],
    ['fi_FI', 'fi'],
    ['cs-CZ', 'cs'],
    ['sw', 'en'],
    ['fa-IR', 'en'],
    ['x', 'en'],
    ['C.UTF-8', 'en'],
    ['', 'en'],
  ];
  for (const [input, pack] of table) {
    it(`${JSON.stringify(input)} -> ${pack}`, () => assert.equal(packFor(canonicalLocale(input)) ?? 'en', pack));
  }

  it('reads legacy codes itself where Intl keeps them (WebKit keeps tl)', () => {
    assert.equal(packFor('tl-PH'), 'fil');
    assert.equal(packFor('iw'), 'he');
    assert.equal(packFor('in-ID'), 'id');
  });

  it('never falls from Traditional Chinese to Simplified', () => {
    for (const tag of ['zh-HK', 'zh-TW', 'zh-MO', 'zh-Hant', 'zh-Hant-CN']) {
      assert.ok(!catalogCandidates(tag).some((candidate) => candidate === 'zh' || candidate === 'zh-CN'), tag);
    }
  });

  it('has a pack for every tag it sends a tag to', () => {
    for (const [, pack] of table) if (pack !== 'en') assert.ok((LOCALE_PACKS as readonly string[]).includes(pack), pack);
  });
});
