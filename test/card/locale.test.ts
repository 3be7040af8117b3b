import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalLocale } from '../../src/card/locale.ts';

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
