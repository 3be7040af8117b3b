/**
 * Node only: the Alipay client with Node's faster parts chosen for it. Given KeyObjects it signs with node:crypto
 * (less CPU per call than Web Crypto on Node: `npm run bench` shows both), given CryptoKeys with Web Crypto; it
 * sends through node:http(s) and a keep-alive Agent unless a `fetch` or a transport is passed. The package's Node
 * build exports this as `createAlipayClient`; every other runtime gets the Web Crypto and `fetch` one.
 */
import { KeyObject } from 'node:crypto';
import { createAlipayClient as createNeutralClient, type AlipayClient, type AlipayClientOptions } from './alipay-client.ts';
import { nodeCryptoSigner } from './node-crypto.ts';
import { nodeTransport } from './node-transport.ts';
import { webCryptoSignerFor } from './web-crypto.ts';

/**
 * The Alipay cacheCard client on Node: signs with node:crypto for KeyObjects and calls Alipay through
 * `nodeTransport()` (keep-alive), unless `signer`, `transport` or `fetch` are given.
 */
export function createAlipayClient(options: AlipayClientOptions): AlipayClient {
  const { privateKey, alipayPublicKey } = options;
  const signer =
    options.signer ??
    (privateKey instanceof KeyObject && alipayPublicKey instanceof KeyObject
      ? nodeCryptoSigner(privateKey, alipayPublicKey)
      : webCryptoSignerFor(privateKey, alipayPublicKey));
  const transport = options.transport ?? (options.fetch ? undefined : nodeTransport());
  return createNeutralClient({ ...options, signer, transport });
}
