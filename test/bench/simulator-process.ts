// The simulator in a process of its own for the benchmark, so its signing is not counted as the proxy's.
import { readPrivateKey, readPublicKey } from '../../src/server/keys.ts';
import { startSimulator } from '../../src/simulator/simulator.ts';

const simulator = await startSimulator({
  clientId: process.env.ALIPAY_CLIENT_ID!,
  merchantPublicKey: readPublicKey(process.env.MERCHANT_PUBLIC_KEY!),
  privateKey: readPrivateKey(process.env.SIMULATOR_PRIVATE_KEY!),
});
process.send!({ url: simulator.url });
process.on('message', () => void simulator.close().then(() => process.exit(0)));
