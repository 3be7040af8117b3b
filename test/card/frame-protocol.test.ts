import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptsConnect,
  isFrameMessage,
  isHostMessage,
  isSafeThemeValue,
  PROTOCOL,
  type FrameConfig,
} from '../../src/card/frame-protocol.ts';

const config: FrameConfig = {
  locale: 'en',
  acceptedBrands: '',
  allowUnknownBrands: false,
  billingAddress: 'postal',
  required: false,
  disabled: false,
  submitButton: false,
  timeout: 15000,
  preferredNetwork: '',
  showAcceptedBrands: false,
  messages: {},
  theme: {},
  explicit: [],
};
const flags = { empty: false, valid: true, potentiallyValid: true };
const state = {
  brand: 'VISA',
  cardType: 'visa',
  empty: false,
  complete: true,
  fields: {},
  valid: true,
  validationMessage: '',
  valueMissing: false,
};

describe('host <-> frame messages', () => {
  it("takes the protocol's own messages", () => {
    assert.ok(isHostMessage({ type: 'connect', protocol: PROTOCOL, config }));
    assert.ok(isHostMessage({ type: 'tokenize', id: 3 }));
    assert.ok(isFrameMessage({ type: 'state', state }));
    assert.ok(isFrameMessage({ type: 'state', state: { ...state, fields: { cardNumber: flags, expiry: flags } } }));
    assert.ok(isFrameMessage({ type: 'tokenized', id: 3, result: { cardToken: 'PYMT0123', mask: '411111******1111' } }));
    assert.ok(isFrameMessage({ type: 'height', px: 420 }));
  });

  const refused: [string, unknown, (v: unknown) => boolean][] = [
    ['a string', 'hello', isHostMessage],
    ['an unknown type', { type: 'eval', code: '1' }, isHostMessage],
    ['another protocol version', { type: 'connect', protocol: 'cache-card-frame/0', config }, isHostMessage],
    ['a config missing a field', { type: 'config', config: { ...config, locale: undefined } }, isHostMessage],
    ['a config with non-string messages', { type: 'config', config: { ...config, messages: { a: 1 } } }, isHostMessage],
    ['a negative id', { type: 'tokenize', id: -1 }, isHostMessage],
    [
      'a tokenized result with extra data',
      { type: 'tokenized', id: 1, result: { cardToken: 'PYMT1', mask: '411111******1111', cardNo: '4111111111111111' } },
      isFrameMessage,
    ],
    [
      'a mask showing the whole number',
      { type: 'tokenized', id: 1, result: { cardToken: 'PYMT1', mask: '4111111111111111' } },
      isFrameMessage,
    ],
    ['an unknown error code', { type: 'tokenize-error', code: 'card_number_4111', message: 'x' }, isFrameMessage],
    ['a state with a value in a field', { type: 'state', state: { ...state, fields: { cardNumber: '4111' } } }, isFrameMessage],
    [
      "a state with a value beside a field's flags",
      { type: 'state', state: { ...state, fields: { cardNumber: { ...flags, value: '4111111111111111' } } } },
      isFrameMessage,
    ],
    ['an absurd height', { type: 'height', px: 1e9 }, isFrameMessage],
    // Each field of a frame's state reaches the page (cardState, card-change): only the declared types.
    ['a state whose brand is not a string', { type: 'state', state: { ...state, brand: { cardNo: '4111111111111111' } } }, isFrameMessage],
    ['a state whose network is not a string', { type: 'state', state: { ...state, network: ['4111111111111111'] } }, isFrameMessage],
    [
      'a state whose networks hold more than names',
      { type: 'state', state: { ...state, networks: ['VISA', { cardNo: '4111111111111111' }] } },
      isFrameMessage,
    ],
    ['a state whose message is not a string', { type: 'state', state: { ...state, validationMessage: { cvv: '123' } } }, isFrameMessage],
    ['a state with an over-long string', { type: 'state', state: { ...state, validationMessage: 'x'.repeat(2001) } }, isFrameMessage],
    ['a negative height', { type: 'height', px: -1 }, isFrameMessage],
    // A failure's code and message reach the page (the rejection, tokenize-error): a known code, a string.
    ['a failure with an unknown code', { type: 'tokenize-failed', id: 1, code: 'card_number_4111', message: 'x' }, isFrameMessage],
    [
      'an error whose message is not a string',
      { type: 'tokenize-error', code: 'invalid_card', message: { cardNo: '4111' } },
      isFrameMessage,
    ],
    [
      'a config naming a property the frame does not take',
      { type: 'config', config: { ...config, explicit: ['endpoint'] } },
      isHostMessage,
    ],
    // A mask shows at most the first six and the last four digits; a token is an id, no more.
    [
      'a mask showing the first eight digits',
      { type: 'tokenized', id: 1, result: { cardToken: 'PYMT1', mask: '41111111****1111' } },
      isFrameMessage,
    ],
    [
      'a mask showing the last six digits',
      { type: 'tokenized', id: 1, result: { cardToken: 'PYMT1', mask: '411111****111111' } },
      isFrameMessage,
    ],
    [
      'a token of characters a token never has',
      { type: 'tokenized', id: 1, result: { cardToken: 'PYMT1 4111111111111111', mask: '411111******1111' } },
      isFrameMessage,
    ],
  ];
  for (const [name, message, check] of refused) it(`refuses ${name}`, () => assert.equal(check(message), false));
});

describe('theme values carried into the frame', () => {
  for (const value of ['#0969da', 'rgb(1, 2, 3)', '0.5rem', '"Inter", system-ui, sans-serif', '12px 16px', 'hsl(210 50% 40% / 0.5)']) {
    it(`takes ${value}`, () => assert.ok(isSafeThemeValue(value)));
  }
  for (const value of [
    'url(https://evil.example/leak)',
    'image-set("x.png" 1x)',
    'var(--secret)',
    'attr(data-x)',
    'red; background: url(x)',
    'red} body{',
    '\\75 rl(x)',
    'expression(alert(1))',
  ]) {
    it(`refuses ${value}`, () => assert.equal(isSafeThemeValue(value), false));
  }
});

describe("the frame's connect: from whom it takes one", () => {
  const checkout = 'https://shop.example';
  const proxy = 'https://pay.example';
  const good = {
    data: { type: 'connect', protocol: PROTOCOL, config },
    origin: checkout,
    fromParent: true,
    ports: 1,
    ownOrigin: proxy,
    allowedOrigins: new Set([checkout]),
    connected: false,
  };

  it('takes the first connect from its parent, on an allowed origin, with one port', () => {
    assert.equal(acceptsConnect(good), true);
  });

  for (const [what, change] of [
    ['from an origin not allowed', { origin: 'https://evil.example' }],
    ['from a window that is not its parent (a sibling, a popup, itself)', { fromParent: false }],
    ['a second connect, once connected (it would take the host its channel)', { connected: true }],
    ['without a port', { ports: 0 }],
    ['with two ports', { ports: 2 }],
    ["from the frame's own origin, even if listed", { origin: proxy, allowedOrigins: new Set([checkout, proxy]) }],
    ['another message type', { data: { type: 'tokenize', id: 1 } }],
    ['another protocol version', { data: { type: 'connect', protocol: PROTOCOL + 1, config } }],
    ['a connect with a config of the wrong shape', { data: { type: 'connect', protocol: PROTOCOL, config: { ...config, timeout: '1' } } }],
  ] as const) {
    it(`refuses one ${what}`, () => assert.equal(acceptsConnect({ ...good, ...change }), false));
  }
});
