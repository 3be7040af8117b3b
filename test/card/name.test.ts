import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddressText, checkName } from '../../src/card/validate.ts';

describe('a cardholder name never carries a card number', () => {
  for (const name of [
    'Ada 4111 1111 1111 1111',
    'A4111-1111-1111-1111',
    '4111.1111.1111',
    'x 1 2 3 4 5 6 7 8 9 0 1 2',
    // Other scripts' digits: full-width, Arabic-Indic, Devanagari.
    '４１１１１１１１１１１１１１１１',
    'Ada ٤١١١ ١١١١ ١١١١ ١١١١',
    '४१११ ११११ ११११',
  ]) {
    it(`refuses "${name}" as an invalid name`, () => assert.equal(checkName(name).problem, 'invalid'));
  }
  for (const name of ['Ada Lovelace', 'Louis XIV', 'Agent 007', 'Apt 12345678901', 'Ada ４２']) {
    it(`takes "${name}"`, () => assert.equal(checkName(name).isValid, true));
  }
});

describe('names and address text are text', () => {
  const refused = {
    'a right-to-left override': 'Ada\u202eecalevoL',
    'a left-to-right embedding': '\u202aAda',
    'a pop directional formatting': 'Ada\u202c',
    'a first-strong isolate': 'Ada \u2068Lovelace\u2069',
    'half a surrogate pair (high)': 'Ada\ud800',
    'half a surrogate pair (low)': '\udc00Ada',
    'a NUL': 'Ada\u0000',
    'a line separator': 'Ada\u2028Lovelace',
  };
  for (const [what, text] of Object.entries(refused)) {
    it(`refuses ${what} in a name and in an address line`, () => {
      assert.equal(checkName(text).problem, 'invalid');
      assert.equal(checkAddressText(text, false).problem, 'invalid');
    });
  }
  const taken = {
    'a right-to-left mark, as Hebrew and Arabic keyboards type it': 'עדה\u200f לאבלייס',
    'an Arabic letter mark': 'آدا\u061c',
    'a character past the Basic Multilingual Plane, as in Japanese names': '𠮷野',
    'accents and apostrophes': "Zoë O'Brien-Łukasiewicz",
  };
  for (const [what, text] of Object.entries(taken)) {
    it(`takes ${what}`, () => {
      assert.equal(checkName(text).isValid, true);
      assert.equal(checkAddressText(text, false).isValid, true);
    });
  }
});
