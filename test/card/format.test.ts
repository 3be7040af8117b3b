import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  editKindOf,
  formatCardNumber,
  formatDigits,
  formatExpiry,
  maskCardNumber,
  type EditKind,
  type Formatted,
} from '../../src/card/format.ts';
import { checkCardNumber } from '../../src/card/validate.ts';

const NOW = new Date(2026, 10, 26);

type Formatter = (raw: string, caret: number, previous: string, edit: EditKind) => Formatted;

const numberFormatter: Formatter = (raw, caret, previous, edit) => {
  const probe = checkCardNumber(raw.replace(/\D/g, '').slice(0, 19));
  return formatCardNumber(raw, caret, previous, edit, probe.gaps, probe.lengths.length ? Math.max(...probe.lengths) : 19);
};
const expiryFormatter: Formatter = (raw, caret, previous, edit) => formatExpiry(raw, caret, previous, edit, NOW);

/** Plays keys the way a browser applies them to an input, then lets the formatter rewrite the field. */
function play(formatter: Formatter, keys: string[], start: Formatted = { value: '', caret: 0 }): Formatted {
  let state = start;
  for (const key of keys) {
    const { value, caret } = state;
    let raw: string, at: number, edit: EditKind;
    if (key === 'Backspace') {
      if (caret === 0) continue;
      [raw, at, edit] = [value.slice(0, caret - 1) + value.slice(caret), caret - 1, 'deleteBackward'];
    } else if (key === 'Delete') {
      [raw, at, edit] = [value.slice(0, caret) + value.slice(caret + 1), caret, 'deleteForward'];
    } else if (key.startsWith('caret:')) {
      state = { value, caret: Number(key.slice(6)) };
      continue;
    } else if (key.startsWith('paste:')) {
      const text = key.slice(6);
      [raw, at, edit] = [value.slice(0, caret) + text + value.slice(caret), caret + text.length, editKindOf('insertFromPaste')];
    } else {
      [raw, at, edit] = [value.slice(0, caret) + key + value.slice(caret), caret + key.length, 'insert'];
    }
    state = formatter(raw, at, value, edit);
  }
  return state;
}

const typed = (text: string) => [...text];

describe('card number formatting', () => {
  const cases: [string, string[], string, number][] = [
    ['types a Visa in 4-4-4-4', typed('4111111111111111'), '4111 1111 1111 1111', 19],
    ['types an Amex in 4-6-5', typed('378282246310005'), '3782 822463 10005', 17],
    ['types a Diners in 4-6-4', typed('30569309025904'), '3056 930902 5904', 16],
    ['types a 19-digit UnionPay in 4-4-4-4-3', typed('6205500000000000004'), '6205 5000 0000 0000 004', 23],
    ['stops an Amex at 15 digits', typed('3782822463100059'), '3782 822463 10005', 17],
    ['deletes from the end', [...typed('42424'), 'Backspace'], '4242', 4],
    ['deletes the digit before a gap when Backspace lands on the space', [...typed('42424242'), 'caret:5', 'Backspace'], '4244 242', 3],
    ['deletes forward across a gap', [...typed('42424242'), 'caret:4', 'Delete'], '4242 242', 4],
    ['inserts in the middle and keeps the caret after the new digit', [...typed('4242424'), 'caret:2', '9'], '4294 2424', 3],
    ['types over a gap position', [...typed('4242'), '4'], '4242 4', 6],
    ['pastes a formatted number', ['paste:4111-1111-1111-1111'], '4111 1111 1111 1111', 19],
    ['pastes a number with spaces and junk around it', ['paste: Card no.: 3782 822463 10005 '], '3782 822463 10005', 17],
    ['pastes a number with its expiry: the number alone', ['paste:4242 4242 4242 4242 12/34'], '4242 4242 4242 4242', 19],
    ['pastes a number, a word and an expiry: the number alone', ['paste:4242424242424242 exp 12/34'], '4242 4242 4242 4242', 19],
    ['pastes a number with its expiry and code on one line', ['paste:4242424242424242|12|2034|123'], '4242 4242 4242 4242', 19],
    ['pastes a number grouped with dots', ['paste:4111.1111.1111.1111'], '4111 1111 1111 1111', 19],
    ['pastes a number grouped with en dashes', ['paste:4111\u20131111\u20131111\u20131111'], '4111 1111 1111 1111', 19],
    ['pastes a number with zero-width spaces between its groups', ['paste:4111\u200b1111\u200b1111\u200b1111'], '4111 1111 1111 1111', 19],
    ['pastes a number with a dotted expiry: the number alone', ['paste:4242 4242 4242 4242 12.34'], '4242 4242 4242 4242', 19],
    ['pastes a 19-digit number grouped as printed', ['paste:4111 1111 1111 1111 003'], '4111 1111 1111 1111 003', 23],
    ['pastes in the middle', [...typed('4111'), 'paste:11111111'], '4111 1111 1111', 14],
    ['pastes between digits: the caret stays after what was pasted', [...typed('4111'), 'caret:2', 'paste:22 33'], '4122 3311', 7],
    ['regroups when the brand changes under the caret', [...typed('4111111111'), 'caret:0', 'Delete', '3', '7'], '3711 111111 1', 2],
  ];
  for (const [name, keys, value, caret] of cases) {
    it(name, () => assert.deepEqual(play(numberFormatter, keys), { value, caret }));
  }
});

describe('expiry formatting', () => {
  const cases: [string, string[], string, number][] = [
    ['adds the separator after the month', typed('12'), '12 / ', 5],
    ['reads a first digit above 1 as a month', typed('4'), '04 / ', 5],
    ['pads a one-digit month followed by a slash', typed('1/'), '01 / ', 5],
    ['types MMYY as MM / YY', typed('1230'), '12 / 30', 7],
    ['ignores digits past the year', typed('12305'), '12 / 30', 7],
    ['deletes the year, then the separator with the month digit', [...typed('1230'), 'Backspace', 'Backspace', 'Backspace'], '1', 1],
    ['keeps the year when Backspace at the separator takes the month digit', [...typed('1234'), 'caret:5', 'Backspace'], '1 / 34', 1],
    ['keeps the year when Delete takes the month digit', [...typed('1234'), 'caret:1', 'Delete'], '1 / 34', 1],
    ['types the month again in front of the year', [...typed('1234'), 'caret:2', 'Backspace', '0'], '10 / 34', 2],
    [
      'keeps the year with the month emptied, and takes a new month',
      [...typed('1234'), 'caret:2', 'Backspace', 'Backspace', '0', '9'],
      '09 / 34',
      2,
    ],
    ['deletes the year digit after the separator with Delete', [...typed('1234'), 'caret:2', 'Delete'], '12 / 4', 2],
    ['keeps a partial month with its year', [...typed('1234'), 'caret:2', 'Backspace', 'caret:6', '5'], '1 / 34', 6],
    ['takes MM/YYYY from a password manager', ['paste:12/2030'], '12 / 30', 7],
    ['takes M/YY from autofill', ['paste:1/30'], '01 / 30', 7],
    ['takes MMYYYY', ['paste:122030'], '12 / 30', 7],
    ['takes "MM / YYYY" typed out in full', typed('12 / 2030'), '12 / 30', 7],
    ['shows a four-digit year while it is typed', typed('12203'), '12 / 203', 8],
  ];
  for (const [name, keys, value, caret] of cases) {
    it(name, () => assert.deepEqual(play(expiryFormatter, keys), { value, caret }));
  }
});

describe('digits and masks', () => {
  it('keeps only digits up to the code length', () => {
    assert.deepEqual(formatDigits('1a2b3c4', 7, 3), { value: '123', caret: 3 });
  });
  it('masks all but the first six and last four', () => {
    assert.equal(maskCardNumber('4111111111111111'), '411111******1111');
    assert.equal(maskCardNumber('378282246310005'), '378282*****0005');
  });
});
