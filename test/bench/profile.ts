// `npm run bench:profile`: where the built proxy's CPU goes. Runs `node --cpu-prof dist/node/server/cli.js` against
// the simulator (in its own process), sends 2,000 tokenizations at concurrency 16, and prints the areas and the
// functions that took the most self time: their share of the profile, times the CPU the process used per tokenization
// (from /proc: a profile's sample times are wall time, and stretch when the cores are shared). PROFILE_CONCURRENCY,
// PROFILE_COUNT and LOG_LEVEL change the run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { distinctCards } from '../support/cards.ts';
import { drive, startBenchSimulator, startBuiltProxy } from './built-proxy.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's code lives, coarsely: what a reader of the profile wants to know first. */
function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url.includes('internal/crypto')) return 'RSA sign and verify (node:crypto)';
  if (url.includes('undici')) return 'fetch (undici)';
  if (/node_modules/.test(url)) return 'dependencies (card-validator)';
  if (/dist\/node\//.test(url)) return "the proxy's own code";
  if (/internal\/(webstreams|abort_controller|event_target|worker\/js_transferable)/.test(url)) return 'web streams, AbortSignal, events';
  if (/node:(_http|http|https|net|_tls|tls|stream|internal\/(streams|http|net|stream_base|tls))/.test(url))
    return 'node:http, net, streams';
  if (url.startsWith('node:')) return 'other Node internals';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName.startsWith('(')) return functionName;
  return 'native (writev, string and buffer work)';
}

/** Self time by function (name, file and line), and by area, in ms, largest first. */
export function selfTimes(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url ? ` ${basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    add(functions, `${frame.functionName || '(anonymous)'}${where}`, ms);
    add(areas, areaOf(frame), ms);
  });
  const sorted = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => name !== '(idle)')
      .map(([name, ms]) => ({ name, ms }))
      .sort((a, b) => b.ms - a.ms);
  return { functions: sorted(functions), areas: sorted(areas) };
}

const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 16);
const count = Number(process.env.PROFILE_COUNT ?? 2000);
const simulator = await startBenchSimulator();
const dir = mkdtempSync(join(tmpdir(), 'cache-card-profile-'));
const proxy = await startBuiltProxy(
  { ...simulator.proxyEnv, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'],
  process.env.PROXY_CLI, // another build of the proxy, to profile before and after a change
);
const cards = distinctCards(1000);
await drive(proxy.url, cards, concurrency, 300); // warm up: the profile covers it too, it is a small share
const cpuBefore = proxy.cpuMs();
const run = await drive(proxy.url, cards, concurrency, count);
const cpu = proxy.cpuMs() - cpuBefore;
await proxy.stop();
simulator.stop();

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
rmSync(dir, { recursive: true, force: true });
const all = count + 300;
const { functions, areas } = selfTimes(profile);
const sampled = functions.reduce((sum, t) => sum + t.ms, 0);
const perTokenization = cpu / count;
console.log(
  `\nbuilt proxy, ${count} tokenizations at concurrency ${concurrency} (${run.errors} errors): ${perTokenization.toFixed(2)} ms CPU each (/proc),` +
    ` by self time (${(sampled / all).toFixed(2)} ms each in the profile's wall-clock samples):\n`,
);
const show = (t: { name: string; ms: number }) =>
  console.log(
    `${((t.ms / sampled) * perTokenization).toFixed(3).padStart(7)} ms  ${((100 * t.ms) / sampled).toFixed(1).padStart(5)} %  ${t.name}`,
  );
areas.forEach(show);
console.log('');
functions.slice(0, Number(process.env.PROFILE_TOP ?? 20)).forEach(show);
process.exit(0);
