// The log's last line of defence: whatever a caller hands the logger, a line carries only the allowed keys, and no
// value that looks like a card number. (That no path hands it card data is checked by the proxy suites' scans.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonLineLogger, redact, throttledLogger, type LogFields, type LogLevel } from '../../src/server/logger.ts';

/** What a careless caller might pass: keys the type does not allow, values the type does not expect. */
const careless = (fields: Record<string, unknown>) => fields as LogFields;

describe('log lines', () => {
  it('keep only the allowed keys', () => {
    const line = redact(
      careless({ cardNo: '4111111111111111', securityCode: '123', holder: 'Ada Lovelace', status: 422, code: 'invalid_card' }),
    );
    assert.deepEqual(line, { status: 422, code: 'invalid_card' });
  });

  it('redact any value that looks like a card number, with or without separators, in any allowed key', () => {
    for (const number of [
      '4111111111111111',
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '378282246310005',
      '6200000000000000003',
      '501800000009',
    ]) {
      const line = redact({ origin: `https://${number}.example`, reason: `bad ${number}`, fields: number });
      assert.deepEqual(line, { origin: '[redacted]', reason: '[redacted]', fields: '[redacted]' }, number);
    }
    // Short runs of digits are not card numbers: a status, a time, an expiry-sized number stay.
    assert.deepEqual(redact({ reason: 'retry 3 of 3 after 250 ms', ms: 1234 }), { reason: 'retry 3 of 3 after 250 ms', ms: 1234 });
  });

  it('cut long values', () => {
    assert.equal(String(redact({ origin: 'x'.repeat(5000) }).origin).length, 300);
  });

  it('are one JSON object each, with the time, level and event', () => {
    const lines: string[] = [];
    const logger = jsonLineLogger(
      (line) => lines.push(line),
      () => Date.UTC(2026, 0, 2, 3, 4, 5),
    );
    logger.log('warn', 'origin_refused', careless({ origin: 'https://4111 1111 1111 1111.example', cardNo: '4111111111111111' }));
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith('\n'));
    assert.deepEqual(JSON.parse(lines[0]!), {
      time: '2026-01-02T03:04:05.000Z',
      level: 'warn',
      event: 'origin_refused',
      origin: '[redacted]',
    });
  });
});

describe('a flood of one kind of line', () => {
  it('writes a few a window, then says on the next line written how many it left out', () => {
    const written: [level: LogLevel, event: string, fields?: LogFields][] = [];
    let now = 0;
    const logger = throttledLogger({ log: (...line) => void written.push(line) }, ['origin_refused', 'card_refused'], 3, 1000, () => now);
    for (let i = 0; i < 10; i++) logger.log('warn', 'origin_refused', { origin: 'https://evil.example' });
    logger.log('info', 'card_refused', { code: 'invalid_card' });
    logger.log('info', 'tokenized', { brand: 'VISA' });
    assert.deepEqual(
      written.map(([, event, fields]) => [event, fields?.dropped]),
      [
        ['origin_refused', undefined],
        ['origin_refused', undefined],
        ['origin_refused', undefined],
        ['card_refused', undefined],
        ['tokenized', undefined],
      ],
    );
    now = 999;
    logger.log('warn', 'origin_refused', {});
    assert.equal(written.length, 5, 'still the same window');
    now = 1000;
    logger.log('warn', 'origin_refused', { origin: 'https://evil.example' });
    assert.deepEqual(written.at(-1), ['warn', 'origin_refused', { origin: 'https://evil.example', dropped: 8 }]);
    logger.log('warn', 'origin_refused', {});
    assert.deepEqual(written.at(-1), ['warn', 'origin_refused', {}], 'counted once');
  });
});
