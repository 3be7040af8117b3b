/**
 * Card numbers that make the simulator misbehave on purpose, for tests and demos. Each is a Luhn-valid Visa
 * number, so it passes every check on the way in. Any other valid card is tokenized normally.
 */

/** How the simulator misbehaves for one request: a result code, a delay, a dropped connection, a bad answer... */
export type Fault =
  | { kind: 'result'; resultStatus: 'F' | 'U'; resultCode: string }
  /** UNKNOWN_EXCEPTION on odd tries of this number, success on even ones: a retry helps. */
  | { kind: 'unknown_once' }
  | { kind: 'latency'; ms?: number }
  | { kind: 'drop' }
  | { kind: 'bad_signature' }
  | { kind: 'unsigned_success' }
  | { kind: 'http_status'; status: number }
  | { kind: 'bad_json' };

/** The test card numbers, each with its fault and what it does (`what`): README, "The simulator", has the table. */
export const TEST_CARD_FAULTS: Record<string, { fault: Fault; what: string }> = {
  '4000000000000002': { fault: { kind: 'result', resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' }, what: 'refused: F PARAM_ILLEGAL' },
  '4000000000000101': { fault: { kind: 'result', resultStatus: 'F', resultCode: 'PROCESS_FAIL' }, what: 'F PROCESS_FAIL' },
  '4000000000000119': {
    fault: { kind: 'result', resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION' },
    what: 'U UNKNOWN_EXCEPTION every time',
  },
  '4000000000000127': { fault: { kind: 'unknown_once' }, what: 'U UNKNOWN_EXCEPTION, then success on the next try' },
  '4000000000009995': {
    fault: { kind: 'result', resultStatus: 'U', resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT' },
    what: 'U REQUEST_TRAFFIC_EXCEED_LIMIT',
  },
  '4000000000000259': { fault: { kind: 'latency' }, what: "answers after `slowMs` (default 10 s, past the proxy's deadline)" },
  '4000000000000267': { fault: { kind: 'drop' }, what: 'drops the connection without answering' },
  '4000000000000275': { fault: { kind: 'bad_signature' }, what: 'success signed with the wrong key' },
  '4000000000000283': { fault: { kind: 'unsigned_success' }, what: 'success with no signature' },
  '4000000000000291': { fault: { kind: 'http_status', status: 500 }, what: 'HTTP 500' },
  '4000000000000309': { fault: { kind: 'bad_json' }, what: 'a body that is not JSON' },
};
