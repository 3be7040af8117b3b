// `npm run start:framework -- <next|nuxt|angular|sveltekit> [port]`: one framework app, installed, built and served
// as the tests do, with the simulator and the isolated mode's proxy behind it, until Ctrl-C.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { APPS, build, install, pack, serve } from './apps.ts';
import { freePort, startBackend } from './backend.ts';

const app = APPS.find((candidate) => candidate.name === process.argv[2]);
if (!app) {
  console.error(`Which app? ${APPS.map((a) => a.name).join(', ')}`);
  process.exit(1);
}
const port = Number(process.argv[3]) || (await freePort());
const origin = `http://127.0.0.1:${port}`;
const tarball = pack();
console.log(`${app.name}: ${install(app, tarball)}; building...`);
rmSync(dirname(tarball), { recursive: true, force: true });
build(app);
const backend = await startBackend([origin]);
const server = await serve(app, port, { ...backend.env, ALLOWED_ORIGINS: origin });
console.log(`\n  ${app.name} checkout: ${origin}/ (inline), ${origin}/isolated (isolated, frame from ${backend.isolatedEndpoint})`);
console.log('  Type 4111 1111 1111 1111, any future expiry, any 3-digit code, a name and a postal code. Ctrl-C stops.\n');

const stop = async () => {
  await server.stop();
  await backend.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
