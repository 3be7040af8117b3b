/**
 * `cache-card-simulator`: Alipay's cacheCard on loopback. With no keys configured it makes a pair for each
 * side and prints where the merchant's half is, so the proxy can be pointed at it at once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  let dir: string | undefined;
  if (!merchantPublicKey || !privateKey) {
    dir = mkdtempSync(join(tmpdir(), 'cache-card-simulator-'));
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
  // A command to paste as it is (ALLOWED_ORIGINS: the checkout page's origin).
  const command = [
    `ALIPAY_ENDPOINT=${simulator.url} ALIPAY_CLIENT_ID=${clientId}`,
    ...notes,
    'ALLOWED_ORIGINS=http://localhost:8080 npx cache-card-proxy',
  ];
  process.stdout.write(`cache-card-simulator: Alipay cacheCard at ${simulator.url}\n`);
  process.stdout.write(`Point the proxy at it (ALLOWED_ORIGINS is your checkout page's origin) with:\n  ${command.join(' \\\n  ')}\n`);
  // The generated keys are this run's: they go with it, the merchant's private half included.
  if (dir) process.stdout.write('(keys generated for this run, removed when it stops)\n');
  const stop = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    void simulator.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
} catch (error) {
  process.stderr.write(`cache-card-simulator cannot start: ${error instanceof KeyError ? error.message : String(error)}\n`);
  process.exit(1);
}
