import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkName } from '../../src/card/validate.ts';

describe('a cardholder name never carries a card number', () => {
  for (const name of ['Ada 4111 1111 1111 1111', 'A4111-1111-1111-1111', '4111.1111.1111', 'x 1 2 3 4 5 6 7 8 9 0 1 2']) {
    it(`refuses "${name}" as an invalid name`, () => assert.equal(checkName(name).problem, 'invalid'));
  }
  for (const name of ['Ada Lovelace', 'Louis XIV', 'Agent 007', 'Apt 12345678901']) {
    it(`takes "${name}"`, () => assert.equal(checkName(name).isValid, true));
  }
});
