/**
 * The server entry on Node (the package's `node` condition of `cache-card-form/server`): everything the neutral
 * entry has, with Node's Alipay client (node:crypto, node:http(s) and a keep-alive Agent) in place of the Web
 * Crypto and `fetch` one, the handler with node:crypto's card fingerprints, and the Node parts: the node:http and Express adapters, keys as KeyObjects from text or
 * files, the configuration the `cache-card-proxy` command reads, the built frame script.
 */
export * from './index.ts';
export { createAlipayClient } from './node-alipay.ts';
export { createCacheCardHandler } from './node-handler.ts';
export { nodeTransport, type NodeTransport, type NodeTransportOptions } from './node-transport.ts';
export { nodeCardFingerprinter, nodeCryptoSigner } from './node-crypto.ts';
export { toNodeListener, expressMiddleware, refuseUnreadableRequests, type NodeAdapterOptions } from './node.ts';
export { readPrivateKey, readPublicKey, keyFromEnv, generateRsaKeyPair } from './keys.ts';
export { readProxyConfig, ConfigError, type ProxyConfig } from './config.ts';
export { readFrameScript, readFrameLocales } from './frame-script.ts';
