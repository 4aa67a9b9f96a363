/**
 * A/B of the library's import cost: two (or more) compiled builds, measured side by side, interleaved, each run
 * in a fresh `node` process (issue 18 item 5(a); docs/performance.md, "What is left").
 *
 *   npx tsx bench/import-ab.ts --runs 15 /tmp/old-build build
 *
 * Each argument is a `build/` directory (copy main's before a change: `cp -r build /tmp/old-build`); the peers
 * resolve from this repository's node_modules (NODE_PATH). For each build, in one process each:
 *  - own: `require()` of its index.js after cdktf and the five provider submodules every program loads, wall
 *    and CPU time (process.cpuUsage, steadier than wall time on a shared machine), each also as a share of
 *    cdktf's own import in the same process;
 *  - used: the same, then the names the main example (examples/orders) imports from the library read from the
 *    index: what a program pays when the index loads each module on first use (scripts/lazy-index.ts);
 *  - program: a small program built and synthesized (an API with a role and a scope, a group granted the role, a
 *    SPA requesting the scope; no other name read): the library's modules it loaded (count, bytes) and the
 *    process's CPU time from cdktf's import to the end of synth.
 * Prints medians. A benchmark, not a test: nothing fails when the machine is slow.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
let runs = 15;
const builds: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else builds.push(path.resolve(args[i]));
}
if (builds.length === 0 || !(runs > 0)) throw new Error('usage: tsx bench/import-ab.ts [--runs N] <build dir> [<build dir> ...]');

const PROVIDERS = ['application', 'service-principal', 'app-role-assignment', 'application-identifier-uri', 'data-azuread-client-config']
  .map((m) => `@cdktf/provider-azuread/lib/${m}`);

const CHILD = `
const fs = require('fs');
const [dir, mode, providers] = [process.argv[1], process.argv[2], JSON.parse(process.argv[3])];
const cpu = (c) => (c.user + c.system) / 1000;
const p0 = process.cpuUsage(); const t0 = performance.now();
require('cdktf');
const t1 = performance.now(); const cdktfCpu = cpu(process.cpuUsage(p0));
for (const p of providers) require(p);
const c2 = process.cpuUsage(); const t2 = performance.now();
const L = require(dir + '/index.js');
if (mode === 'used') for (const n of JSON.parse(process.argv[4])) if (L[n] === undefined) throw new Error('no export ' + n);
const own = { ms: performance.now() - t2, cpu: cpu(process.cpuUsage(c2)), cdktf: t1 - t0, cdktfCpu };
if (mode !== 'program') { process.stdout.write(JSON.stringify(own)); process.exit(0); }
const { App, TerraformStack } = require('cdktf');
const { AzureadProvider } = require('@cdktf/provider-azuread/lib/provider');
const outdir = fs.mkdtempSync(require('path').join(require('os').tmpdir(), 'import-ab-'));
const app = new App({ outdir });
const stack = new TerraformStack(app, 'orders');
new AzureadProvider(stack, 'azuread', {});
const api = new L.ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API', appRoles: [{ value: 'Orders.Read', description: 'Read', allowedMemberTypes: [L.MemberType.USER] }] });
api.addScope('Orders.Access', { adminConsentDescription: 'Call the Orders API' });
api.grantAppRole(L.EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-3333-4444-555555555555', { displayName: 'Readers' }), api.appRole('Orders.Read'));
new L.SpaApp(stack, 'Web', { displayName: 'Orders Web', redirectUris: ['https://orders.contoso.com/'] }).requestScope(api, api.scope('Orders.Access'));
app.synth();
const mine = Object.keys(require.cache).filter((k) => k.startsWith(dir + '/'));
fs.rmSync(outdir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ cpu: cpu(process.cpuUsage(p0)), modules: mine.length, bytes: mine.reduce((n, f) => n + fs.statSync(f).size, 0) }));`;

type Sample = Record<string, number>;
const modes = ['own', 'used', 'program'] as const;
const samples = builds.map(() => Object.fromEntries(modes.map((m) => [m, [] as Sample[]])) as Record<typeof modes[number], Sample[]>);
const env = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };
const NAMES = JSON.stringify((/^import \{([^}]*)\} from '\.\.\/\.\.\/lib';$/m.exec(fs.readFileSync(path.join(ROOT, 'examples', 'orders', 'main.ts'), 'utf8'))?.[1] ?? '')
  .split(',').map((n) => n.trim()).filter(Boolean));
const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
for (let i = 0; i < runs; i++) {
  const order = builds.map((_, j) => j);
  if (i % 2) order.reverse();
  for (const j of order) {
    for (const mode of modes) {
      samples[j][mode].push(JSON.parse(execFileSync(process.execPath, ['-e', CHILD, builds[j], mode, JSON.stringify(PROVIDERS), NAMES], { cwd: ROOT, env, encoding: 'utf8' })));
    }
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const med = (xs: Sample[], k: string) => median(xs.map((x) => x[k]));
const ms = (n: number) => `${n.toFixed(1)} ms`;
process.stdout.write(`${runs} runs of each, interleaved; load average ${loadBefore} before, ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} after\n`);
builds.forEach((b, j) => {
  const s = samples[j];
  const cdktf = med(s.own, 'cdktf');
  process.stdout.write(`${path.relative(process.cwd(), b) || b}\n`
    + `  own modules on require(): ${ms(med(s.own, 'ms'))} (${(100 * med(s.own, 'ms') / cdktf).toFixed(1)}% of cdktf's ${ms(cdktf)} in the same process), `
    + `CPU ${ms(med(s.own, 'cpu'))} (${(100 * med(s.own, 'cpu') / med(s.own, 'cdktfCpu')).toFixed(1)}% of cdktf's ${ms(med(s.own, 'cdktfCpu'))})\n`
    + `  with the names the main example imports: ${ms(med(s.used, 'ms'))} (${(100 * med(s.used, 'ms') / med(s.used, 'cdktf')).toFixed(1)}% of cdktf), `
    + `CPU ${ms(med(s.used, 'cpu'))} (${(100 * med(s.used, 'cpu') / med(s.used, 'cdktfCpu')).toFixed(1)}% of cdktf's)\n`
    + `  the program, import to synth: CPU ${ms(med(s.program, 'cpu'))}; the library's modules it loaded: ${s.program[0].modules}, ${(s.program[0].bytes / 1024).toFixed(0)} KiB\n`);
});
