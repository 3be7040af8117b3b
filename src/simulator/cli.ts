/**
 * `cache-card-simulator`: Alipay's cacheCard on loopback. With no keys configured it makes a pair for each
 * side and prints where the merchant's half is, so the proxy can be pointed at it at once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRsaKeyPair, keyFromEnv, KeyError, toPem } from '../server/keys.ts';
import { startSimulator } from './simulator.ts';

const env = process.env;
const clientId = env.SIMULATOR_CLIENT_ID?.trim() || 'SANDBOX_CACHE_CARD_DEMO';
const port = Number(env.PORT ?? 8788);

try {
  let merchantPublicKey = keyFromEnv(env, 'MERCHANT_PUBLIC_KEY', 'public');
  let privateKey = keyFromEnv(env, 'SIMULATOR_PRIVATE_KEY', 'private');
  const notes: string[] = [];
  if (!merchantPublicKey || !privateKey) {
    const dir = mkdtempSync(join(tmpdir(), 'cache-card-simulator-'));
    if (!merchantPublicKey) {
      const merchant = generateRsaKeyPair();
      merchantPublicKey = merchant.publicKey;
      writeFileSync(join(dir, 'merchant-private.pem'), toPem(merchant.privateKey), { mode: 0o600 });
      notes.push(`ALIPAY_PRIVATE_KEY_FILE=${join(dir, 'merchant-private.pem')}`);
    }
    if (!privateKey) {
      const alipay = generateRsaKeyPair();
      privateKey = alipay.privateKey;
      writeFileSync(join(dir, 'alipay-public.pem'), toPem(alipay.publicKey));
      notes.push(`ALIPAY_PUBLIC_KEY_FILE=${join(dir, 'alipay-public.pem')}`);
    }
  }
  const simulator = await startSimulator({ clientId, merchantPublicKey, privateKey }, port, env.HOST?.trim() || '127.0.0.1');
  process.stdout.write(`cache-card-simulator: Alipay cacheCard at ${simulator.url}\n`);
  process.stdout.write(`Point the proxy at it with:\n  ALIPAY_ENDPOINT=${simulator.url} ALIPAY_CLIENT_ID=${clientId}\n`);
  if (notes.length) process.stdout.write(`  ${notes.join(' \\\n  ')}\n(keys generated for this run)\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => simulator.close().then(() => process.exit(0)));
} catch (error) {
  process.stderr.write(`cache-card-simulator cannot start: ${error instanceof KeyError ? error.message : String(error)}\n`);
  process.exit(1);
}
