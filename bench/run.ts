/**
 * The speed budget: `npm run bench` (a benchmark, not a test; nothing here fails on a slow machine).
 *
 * Every figure is the median of several runs, each in a fresh child process started with plain
 * `node` (no TypeScript loader), and the runs of the things compared are interleaved, so a
 * ratio is always measured side by side in one invocation.
 *
 *   1. import:  require() of cdktf alone, of the library (compiled, as installed), and of the
 *               azurerm provider's package root for contrast.
 *   2. grants:  N role grants (N = 10, 100, 1,000, 10,000) synthesized through the library, through
 *               the provider's classes by hand, as one AppRoleAssignmentTable, and as plain JSON
 *               (the physical limit). Peak memory (max RSS) of each.
 *   2b. ratios: the three speed goals side by side (import vs cdktf alone, and the library's own modules
 *               apart from the provider submodules it loads; 10,000 single grants vs flat provider
 *               classes; a 10,000-row table vs its own JSON written without cdktf), with the load average.
 *   3. map:     one API with a grants table of N rows (N = 10,000, 20,000, 40,000) synthesized without
 *               and with `AccessMap.enable` (access-map.md with its Mermaid diagram, access-map.json):
 *               what the map costs, and whether that cost grows linearly with the rows.
 *   4. tsc:     a consumer's `tsc --noEmit` of the main example against the compiled .d.ts, and a
 *               check that those .d.ts reference provider submodules only.
 *   5. tenant:  `adopt` and `audit` on a tenant export of one API with N assignments (N = 1,000,
 *               10,000, 40,000; Graph's pages of 100): reading the folder, writing the program, and
 *               comparing with an access map that declares all but one of them.
 *   6. cost:    what a user installs and loads, Entra only (no azurerm) vs full (with azurerm), in
 *               TypeScript (node_modules size, cold require() of what examples/entra-only and
 *               examples/orders import) and in Python (site-packages size and cold import, in two venvs
 *               with the wheel jsii-pacmak builds); and the main example synthesized from Python vs from
 *               TypeScript (compiled, plain node), each as a whole process.
 *
 *   7. adopted: the program `adopt` writes for exports of N APIs with 50 assignments each (N = 10, 50,
 *               200: 530, 2,650 and 10,600 import blocks) synthesized as a whole, against the same
 *               program with nothing adopted: what an adopted object costs over a created one.
 *
 * Options: --runs <n> (default 5), --sizes 10,100,1000,10000, --map-sizes 10000,20000,40000,
 * --tenant-sizes 1000,10000,40000, --adopted-sizes 10,50,200, --only import|grants|ratios|map|tsc|tenant|adopted|cost, --json <file>.
 * The library is benchmarked from build/ (what npm installs); it is rebuilt first when stale.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.bench-out');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ENTRY = path.join(ROOT, PKG.main);
/**
 * What importing the library costs a program: `require()` of the index, then reading the names the main example
 * (examples/orders) imports. The index loads each module on first use of one of its names (scripts/lazy-index.ts),
 * so `require()` alone loads none of them, not even cdktf.
 */
const PROGRAM_NAMES: string[] = (/^import \{([^}]*)\} from '\.\.\/\.\.\/lib';$/m.exec(fs.readFileSync(path.join(ROOT, 'examples', 'orders', 'main.ts'), 'utf8'))?.[1] ?? '')
  .split(',').map((n) => n.trim()).filter(Boolean);
if (PROGRAM_NAMES.length < 3) throw new Error('bench: could not read the names examples/orders/main.ts imports from the library');
/** The extra argument of IMPORT_CHILD / IMPORT_SPLIT_CHILD for `target`: the names to read after require(). */
const namesFor = (target: string) => JSON.stringify(target === ENTRY ? PROGRAM_NAMES : []);

interface Options { runs: number; sizes: number[]; mapSizes: number[]; tenantSizes: number[]; adoptedSizes: number[]; only?: string; json?: string }

function parseArgs(argv: string[]): Options {
  const opts: Options = { runs: 5, sizes: [10, 100, 1000, 10000], mapSizes: [10000, 20000, 40000], tenantSizes: [1000, 10000, 40000], adoptedSizes: [10, 50, 200] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
    else if (a === '--map-sizes') opts.mapSizes = argv[++i].split(',').map(Number);
    else if (a === '--tenant-sizes') opts.tenantSizes = argv[++i].split(',').map(Number);
    else if (a === '--adopted-sizes') opts.adoptedSizes = argv[++i].split(',').map(Number);
    else if (a === '--only') opts.only = argv[++i];
    else if (a === '--json') opts.json = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

function newest(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0);
  }, 0);
}

/** Builds the library unless build/ is newer than every source. */
function ensureBuild(): void {
  const jsii = path.join(ROOT, '.jsii');
  if (fs.existsSync(ENTRY) && fs.existsSync(jsii) && fs.statSync(jsii).mtimeMs >= newest(path.join(ROOT, 'lib'))) return;
  process.stdout.write('building the library (npm run build)...\n');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' } });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** Transpiles bench/scenarios.ts for plain node. */
function compileScenarios(): string {
  fs.mkdirSync(OUT, { recursive: true });
  const src = fs.readFileSync(path.join(__dirname, 'scenarios.ts'), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const file = path.join(OUT, 'scenarios.js');
  fs.writeFileSync(file, js);
  return file;
}

// ---------------------------------------------------------------------------------------------
// 1. import

const IMPORT_CHILD = `
const t0 = performance.now();
const m = require(process.argv[1]);
for (const n of JSON.parse(process.argv[2] || '[]')) if (m[n] === undefined) throw new Error('no export ' + n);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;

function benchImport(opts: Options, results: any): string {
  const targets: [string, string][] = [
    ['cdktf alone', 'cdktf'],
    ['the library (build/index.js, and the names the main example uses)', ENTRY],
    ['@cdktf/provider-azurerm (package root)', '@cdktf/provider-azurerm'],
  ];
  const runs = Math.max(opts.runs * 2 + 1, 7);
  const samples = new Map<string, { ms: number[]; rss: number[] }>(targets.map(([n]) => [n, { ms: [] as number[], rss: [] as number[] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, target] of i % 2 ? [...targets].reverse() : targets) {
      if (name.includes('azurerm') && i >= 3) continue; // 2 s a run; three runs are plenty for contrast
      const r = JSON.parse(node(['-e', IMPORT_CHILD, target, namesFor(target)]));
      samples.get(name)!.ms.push(r.ms);
      samples.get(name)!.rss.push(r.maxRssMb);
    }
  }
  const base = median(samples.get('cdktf alone')!.ms);
  const rows = targets.map(([name]) => {
    const s = samples.get(name)!;
    const ms = median(s.ms);
    results.import[name] = { ms, maxRssMb: median(s.rss), runs: s.ms.length };
    return [name, fmtMs(ms), `${(ms / base).toFixed(2)}x`, `${median(s.rss).toFixed(0)} MB`];
  });
  return `### Import (median of ${runs} runs; azurerm: 3)\n\n${table(['require()', 'time', 'vs cdktf', 'peak RSS'], rows)}\n`;
}

// ---------------------------------------------------------------------------------------------
// 2. grants

const SCENARIOS = ['library', 'provider', 'shaped', 'table', 'tablemap', 'json'] as const;

/** Runs `scenarios` at each size `runs` times, interleaved (the order flips every run); the samples by `scenario:n`. */
function sample(script: string, dir: string, scenarios: readonly string[], sizes: number[], runs: number, what: string) {
  const samples = new Map<string, { total: number[]; rss: number[]; bytes: number }>();
  for (let run = 0; run < runs; run++) {
    for (const n of sizes) {
      const order = run % 2 ? [...scenarios].reverse() : [...scenarios];
      for (const scenario of order) {
        const out = path.join(dir, `${scenario}-${n}`);
        const r = JSON.parse(node([script, scenario, String(n), out, ENTRY]));
        const key = `${scenario}:${n}`;
        const s = samples.get(key) ?? { total: [] as number[], rss: [] as number[], bytes: r.bytes as number };
        s.total.push(r.totalMs);
        s.rss.push(r.maxRssMb);
        samples.set(key, s);
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
    process.stdout.write(`  ${what}: run ${run + 1}/${runs} done\n`);
  }
  return samples;
}

/** The cost of one extra unit between consecutive sizes, in µs: constant when growth is linear. */
function marginalCosts(sizes: number[], med: (n: number) => number): number[] {
  return sizes.slice(1).map((b, i) => (med(b) - med(sizes[i])) / (b - sizes[i]) * 1000);
}

function benchGrants(opts: Options, results: any): string {
  const script = compileScenarios();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-bench-'));
  let samples: ReturnType<typeof sample>;
  try {
    // Fairness check: the physical limit writes exactly the provider scenario's Terraform JSON.
    const synthOnce = (scenario: string) => {
      const out = path.join(dir, `check-${scenario}`);
      node([script, scenario, '10', out, ENTRY]);
      return JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'bench', 'cdk.tf.json'), 'utf8'));
    };
    const same = JSON.stringify(synthOnce('provider')) === JSON.stringify(synthOnce('json'));
    results.physicalMatchesProvider = same;
    if (!same) process.stdout.write('  WARNING: the plain-JSON scenario no longer writes what the provider scenario synthesizes\n');
    samples = sample(script, dir, SCENARIOS, opts.sizes, opts.runs, 'grants');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const med = (scenario: string, n: number) => median(samples.get(`${scenario}:${n}`)!.total);
  const rss = (scenario: string, n: number) => median(samples.get(`${scenario}:${n}`)!.rss);
  const rows = opts.sizes.map((n) => {
    const lib = med('library', n); const hand = med('provider', n); const shaped = med('shaped', n); const tab = med('table', n); const phys = med('json', n);
    const tabMap = med('tablemap', n);
    results.grants[n] = Object.fromEntries(SCENARIOS.map((s) => [s, { ms: med(s, n), maxRssMb: rss(s, n), bytes: samples.get(`${s}:${n}`)!.bytes }]));
    return [
      n.toLocaleString('en-US'),
      fmtMs(lib), fmtMs(hand), `${(lib / hand).toFixed(2)}x`, fmtMs(shaped), `${(lib / shaped).toFixed(2)}x`,
      fmtMs(tab), fmtMs(tabMap), fmtMs(phys), `${(hand / phys).toFixed(1)}x`, `${(tab / phys).toFixed(1)}x`,
      `${rss('library', n).toFixed(0)} / ${rss('provider', n).toFixed(0)} / ${rss('table', n).toFixed(0)} / ${rss('json', n).toFixed(0)}`,
    ];
  });
  // Linear growth means a constant cost per extra grant between consecutive sizes.
  const marginal = (scenario: string) => marginalCosts(opts.sizes, (n) => med(scenario, n)).map((us) => us.toFixed(0)).join(' / ');
  const growth = opts.sizes.length > 1
    ? `\nCost per extra grant between consecutive N (${opts.sizes.join(' -> ')}), in µs: library ${marginal('library')}; `
      + `provider classes ${marginal('provider')}; same tree ${marginal('shaped')}; table ${marginal('table')}; `
      + `table + access map ${marginal('tablemap')}; plain JSON ${marginal('json')}.\n`
    : '';
  return `### N role grants: build + app.synth() (median of ${opts.runs} runs)\n\n`
    + `Plain JSON is byte-for-byte the provider scenario's cdk.tf.json: ${results.physicalMatchesProvider ? 'yes' : 'NO'}.\n\n`
    + table(['N', 'library', 'provider classes', 'lib / prov', 'same tree, provider classes', 'lib / same tree',
      'table (for_each)', 'table + access map', 'plain JSON', 'prov / JSON', 'table / JSON', 'peak RSS MB lib / prov / table / JSON'], rows)
    + `\n${growth}`;
}

// ---------------------------------------------------------------------------------------------
// 2b. ratios: the three speed goals of issue 18, measured side by side in one invocation

/** The provider submodules (and other packages) requiring the library loads, besides cdktf and constructs: what any program of it pays. */
function eagerDependencies(): string[] {
  const out = node(['-e', `const m = require(${JSON.stringify(ENTRY)}); for (const n of ${namesFor(ENTRY)}) m[n]; process.stdout.write(JSON.stringify(Object.keys(require.cache)));`]);
  return (JSON.parse(out) as string[]).filter((f) => /node_modules[\\/]@cdktf[\\/]provider-/.test(f));
}

const IMPORT_SPLIT_CHILD = `
const files = JSON.parse(process.argv[1]);
const t0 = performance.now();
require('cdktf');
const t1 = performance.now();
for (const f of files) require(f);
const t2 = performance.now();
if (process.argv[2]) { const m = require(process.argv[2]); for (const n of JSON.parse(process.argv[3])) if (m[n] === undefined) throw new Error('no export ' + n); }
const t3 = performance.now();
process.stdout.write(JSON.stringify({ cdktf: t1 - t0, deps: t2 - t1, lib: t3 - t2, total: t3 - t0 }));`;

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(', ');
}

function benchRatios(opts: Options, results: any): string {
  const loadBefore = loadAverage();
  const deps = eagerDependencies();
  // (a) import: three kinds of fresh process, interleaved. "cdktf alone"; "cdktf, then the provider
  // submodules the library loads"; "the library" (which loads both itself). The library's own modules
  // are the last minus the second; the split inside one process (cdktf, then the providers, then the
  // library's modules) is measured in a fourth kind of process.
  const runs = Math.max(opts.runs * 4 + 1, 21);
  const imp = { cdktf: [] as number[], deps: [] as number[], lib: [] as number[], splitCdktf: [] as number[], splitDeps: [] as number[], splitOwn: [] as number[] };
  const kinds = ['cdktf', 'deps', 'lib', 'split'] as const;
  for (let i = 0; i < runs; i++) {
    for (const kind of i % 2 ? [...kinds].reverse() : kinds) {
      if (kind === 'cdktf') imp.cdktf.push(JSON.parse(node(['-e', IMPORT_CHILD, 'cdktf'])).ms);
      else if (kind === 'lib') imp.lib.push(JSON.parse(node(['-e', IMPORT_CHILD, ENTRY, namesFor(ENTRY)])).ms);
      else if (kind === 'deps') imp.deps.push(JSON.parse(node(['-e', IMPORT_SPLIT_CHILD, JSON.stringify(deps), '', '[]'])).total);
      else {
        const r = JSON.parse(node(['-e', IMPORT_SPLIT_CHILD, JSON.stringify(deps), ENTRY, namesFor(ENTRY)]));
        imp.splitCdktf.push(r.cdktf); imp.splitDeps.push(r.deps); imp.splitOwn.push(r.lib);
      }
    }
  }
  process.stdout.write(`  ratios: import done (${runs} runs of each)\n`);

  // (b) and (c): 10,000 single grants vs the flat provider classes; a 10,000-row table vs its own
  // JSON written without cdktf (checked byte for byte first), interleaved.
  const n = Math.max(...opts.sizes); // 10,000 unless --sizes says otherwise
  const script = compileScenarios();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-ratios-'));
  let samples: ReturnType<typeof sample>;
  let tableJsonSame = false;
  try {
    const text = (scenario: string) => {
      const out = path.join(dir, `check-${scenario}`);
      node([script, scenario, '25', out, ENTRY]);
      return JSON.stringify(JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'bench', 'cdk.tf.json'), 'utf8')));
    };
    // (b)'s floor: the provider classes writing the library's exact single-grant file.
    if (text('library') !== text('shapedsame')) process.stdout.write('  WARNING: the shapedsame scenario no longer writes what the library scenario synthesizes\n');
    const tableJson = text('table');
    tableJsonSame = tableJson === text('tablejson') && tableJson === text('tablefloor');
    if (!tableJsonSame) process.stdout.write('  WARNING: the tablejson or tablefloor scenario no longer writes what the table scenario synthesizes\n');
    samples = sample(script, dir, ['library', 'shapedsame', 'provider', 'table', 'tablefloor', 'tablejson'], [n], opts.runs, 'ratios');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadAverage();
  const med = (s: string) => median(samples.get(`${s}:${n}`)!.total);
  const all = (s: string) => samples.get(`${s}:${n}`)!.total;
  const spread = (xs: number[]) => `${fmtMs(Math.min(...xs))}–${fmtMs(Math.max(...xs))}`;
  const pairRatios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]);
  const cdktf = median(imp.cdktf); const withDeps = median(imp.deps); const lib = median(imp.lib);
  const own = median(imp.splitOwn);
  const r = {
    import: lib / cdktf,
    importProviders: withDeps / cdktf,
    ownShareOfCdktf: own / median(imp.splitCdktf),
    ownByDifference: (lib - withDeps) / cdktf,
    grants: med('library') / med('provider'),
    grantsFloor: med('shapedsame') / med('provider'),
    grantsOverFloor: med('library') / med('shapedsame'),
    table: med('table') / med('tablejson'),
    floor: med('tablefloor') / med('tablejson'),
    tableOverFloor: med('table') / med('tablefloor'),
  };
  const importPairs = pairRatios(imp.lib, imp.cdktf);
  const grantPairs = pairRatios(all('library'), all('provider'));
  const tablePairs = pairRatios(all('table'), all('tablejson'));
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}x–${Math.max(...xs).toFixed(2)}x`;
  results.ratios = {
    n, runs: opts.runs, importRuns: runs, loadBefore, loadAfter, eagerProviderModules: deps.map((f) => f.split('node_modules/')[1]),
    tableJsonMatchesTable: tableJsonSame,
    import: { cdktfMs: cdktf, cdktfWithProvidersMs: withDeps, libraryMs: lib, splitMs: { cdktf: median(imp.splitCdktf), providers: median(imp.splitDeps), own } },
    grants: Object.fromEntries(['library', 'shapedsame', 'provider', 'table', 'tablefloor', 'tablejson'].map((s) => [s, { ms: med(s), samples: all(s) }])),
    ratios: r,
  };
  const met = (x: number, goal: number) => (x <= goal ? 'met' : 'not met');
  const rows = [
    ['(a) require() of the library vs cdktf alone', '≤ 1.10x', `${r.import.toFixed(2)}x`, `${fmtMs(lib)} vs ${fmtMs(cdktf)}; pairs ${range(importPairs)}`, met(r.import, 1.1)],
    ['(a\') cdktf + the provider submodules the library loads, vs cdktf alone', '(context)', `${r.importProviders.toFixed(2)}x`, `${fmtMs(withDeps)}; ${deps.length} files`, ''],
    ['(a\') the library\'s own modules, as a share of cdktf\'s import', '≤ 10%', `${(r.ownShareOfCdktf * 100).toFixed(1)}%`,
      `${fmtMs(own)} after cdktf and providers vs ${fmtMs(median(imp.splitCdktf))} for cdktf (same process); by difference of processes ${(r.ownByDifference * 100).toFixed(1)}%`, met(r.ownShareOfCdktf, 0.1)],
    [`(b) ${n.toLocaleString('en-US')} single grants: library vs flat provider classes`, '≤ 1.10x', `${r.grants.toFixed(2)}x`,
      `${fmtMs(med('library'))} vs ${fmtMs(med('provider'))}; pairs ${range(grantPairs)}`, met(r.grants, 1.1)],
    ['(b\') the library\'s exact file written with the provider classes (shapedsame), vs flat provider classes', '(context)', `${r.grantsFloor.toFixed(2)}x`,
      `${fmtMs(med('shapedsame'))}; pairs ${range(pairRatios(all('shapedsame'), all('provider')))}`, ''],
    ['(b\') the library vs that file by hand: the library\'s own share', '(context)', `${r.grantsOverFloor.toFixed(2)}x`,
      `pairs ${range(pairRatios(all('library'), all('shapedsame')))}`, ''],
    [`(c) ${n.toLocaleString('en-US')}-row AppRoleAssignmentTable vs its JSON without cdktf`, '≤ 2.00x', `${r.table.toFixed(2)}x`,
      `${fmtMs(med('table'))} vs ${fmtMs(med('tablejson'))}; pairs ${range(tablePairs)}`, met(r.table, 2)],
    ['(c\') the same document through cdktf\'s synth at its floor, vs its JSON without cdktf', '(context)', `${r.floor.toFixed(2)}x`,
      `${fmtMs(med('tablefloor'))}; pairs ${range(pairRatios(all('tablefloor'), all('tablejson')))}`, ''],
    ['(c\') the table vs cdktf\'s floor for its document: the library\'s own share', '(context)', `${r.tableOverFloor.toFixed(2)}x`,
      `pairs ${range(pairRatios(all('table'), all('tablefloor')))}`, ''],
  ];
  return `### The three speed ratios (issue 18; imports: median of ${runs}, grants: median of ${opts.runs}, interleaved)\n\n`
    + `Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter}; ${os.cpus().length} CPUs. `
    + `The table's plain JSON and cdktf's floor write what the table scenario synthesizes (same JSON, key order included): ${tableJsonSame ? 'yes' : 'NO'}.\n\n`
    + table(['ratio', 'goal', 'measured', 'figures (median; range of the per-run ratios)', ''], rows)
    + `\n\nSpread of single runs: library ${spread(all('library'))}, shapedsame ${spread(all('shapedsame'))}, provider ${spread(all('provider'))}, table ${spread(all('table'))}, cdktf's floor ${spread(all('tablefloor'))}, table JSON ${spread(all('tablejson'))}.\n`;
}

// ---------------------------------------------------------------------------------------------
// 3. access map

const MAP_SCENARIOS = ['table', 'tablemap'] as const;

function benchMap(opts: Options, results: any): string {
  const script = compileScenarios();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-map-'));
  const runs = Math.max(3, opts.runs);
  let samples: ReturnType<typeof sample>;
  try {
    samples = sample(script, dir, MAP_SCENARIOS, opts.mapSizes, runs, 'map');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const med = (scenario: string, n: number) => median(samples.get(`${scenario}:${n}`)!.total);
  const mapCost = (n: number) => med('tablemap', n) - med('table', n);
  results.map = {};
  const rows = opts.mapSizes.map((n) => {
    results.map[n] = { tableMs: med('table', n), tableWithMapMs: med('tablemap', n), mapMs: mapCost(n) };
    return [n.toLocaleString('en-US'), fmtMs(med('table', n)), fmtMs(med('tablemap', n)), fmtMs(mapCost(n)),
      `${(mapCost(n) / n * 1000).toFixed(1)} µs`];
  });
  const perRow = (scenario: string) => marginalCosts(opts.mapSizes, (n) => med(scenario, n));
  const withMap = perRow('tablemap');
  const growth = withMap.length > 0
    ? `\nCost per extra row between consecutive N (${opts.mapSizes.join(' -> ')}), in µs: table ${perRow('table').map((x) => x.toFixed(1)).join(' / ')}; `
      + `table + access map ${withMap.map((x) => x.toFixed(1)).join(' / ')}. Linear growth keeps it about constant; `
      + `last / first interval: ${(withMap[withMap.length - 1] / withMap[0]).toFixed(2)}x.\n`
    : '';
  results.map.perRowUs = withMap;
  return `### One API with a grants table of N rows, without and with AccessMap.enable: build + app.synth() (median of ${runs} runs)\n\n`
    + table(['N', 'table', 'table + access map', 'the map', 'the map per row'], rows)
    + `\n${growth}`;
}

// ---------------------------------------------------------------------------------------------
// 4. tsc

function benchTsc(opts: Options, results: any): string {
  const build = path.dirname(ENTRY);
  const dts: string[] = [];
  const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true })
    .forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.d.ts') && dts.push(path.join(d, e.name))));
  walk(build);
  const refs = new Set<string>();
  const roots: string[] = [];
  for (const f of dts) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/from\s+['"](@cdktf\/provider-[a-z]+(?:\/[^'"]*)?)['"]/g)) {
      refs.add(m[1]);
      if (!m[1].includes('/lib/')) roots.push(`${path.relative(ROOT, f)}: ${m[1]}`);
    }
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-tsc-'));
  try {
    const nm = path.join(dir, 'node_modules');
    fs.mkdirSync(path.join(nm, '@cdktf'), { recursive: true });
    fs.symlinkSync(ROOT, path.join(nm, PKG.name), 'dir');
    for (const dep of ['cdktf', 'constructs', '@cdktf/provider-azuread', '@cdktf/provider-azurerm', '@cdktf/provider-time']) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(nm, dep), 'dir');
    }
    const example = fs.readFileSync(path.join(ROOT, 'examples', 'orders', 'main.ts'), 'utf8')
      .replace(/from '\.\.\/\.\.\/lib'/g, `from '${PKG.name}'`)
      .replace(/if \(require\.main === module\) \{[\s\S]*\}\s*$/, '');
    // The baseline imports what the example imports, minus the library, and uses every name.
    const imports = [...example.matchAll(/^import \{([^}]*)\} from '([^']+)';$/gm)].filter((m) => m[2] !== PKG.name);
    const baseline = `${imports.map((m) => m[0]).join('\n')}\nexport const used = [${imports.flatMap((m) => m[1].split(',').map((x) => x.trim()).filter(Boolean)).join(', ')}];\n`;
    fs.writeFileSync(path.join(dir, 'main.ts'), example);
    fs.writeFileSync(path.join(dir, 'baseline.ts'), baseline);
    const tsconfig = (file: string) => ({
      compilerOptions: {
        strict: true, noEmit: true, skipLibCheck: true, target: 'ES2020', module: 'commonjs', moduleResolution: 'node',
        lib: ['es2020'], types: [], experimentalDecorators: true,
      },
      files: [file],
    });
    fs.writeFileSync(path.join(dir, 'tsconfig.main.json'), JSON.stringify(tsconfig('main.ts')));
    fs.writeFileSync(path.join(dir, 'tsconfig.baseline.json'), JSON.stringify(tsconfig('baseline.ts')));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const time = (project: string) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`tsc -p ${project} failed:\n${r.stdout}${r.stderr}`);
      return performance.now() - t0;
    };
    const main: number[] = []; const base: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      main.push(time('tsconfig.main.json'));
      base.push(time('tsconfig.baseline.json'));
    }
    const files = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.main.json', '--listFiles'], { cwd: dir, encoding: 'utf8' }).stdout
      .split('\n').filter((l) => l.includes('@cdktf/provider-'));
    results.tsc = { mainMs: median(main), baselineMs: median(base), providerFilesLoaded: files.length, rootImports: roots, providerModules: [...refs].sort() };
    return `### A consumer's tsc --noEmit of examples/orders/main.ts (median of ${opts.runs} runs; skipLibCheck, as cdktf init sets it)\n\n`
      + table(['program', 'tsc --noEmit'], [
        ['the example, using the library', fmtMs(median(main))],
        ['its imports of cdktf, constructs and provider classes alone', fmtMs(median(base))],
      ])
      + `\n\nThe compiled .d.ts reference ${refs.size} provider module(s), all submodules: ${[...refs].sort().join(', ') || '(none)'}.`
      + `${roots.length ? `\nROOT IMPORTS FOUND (each costs every consumer's tsc the whole provider):\n  ${roots.join('\n  ')}` : ''}`
      + `\ntsc loads ${files.length} provider declaration files for the example.\n`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// 5. tenant: adopt and audit

const TENANT_CHILD = `
const [build, dir, mapFile] = process.argv.slice(1);
const { readTenantExport } = require(build + '/tenant/tenant-export.js');
const { adoptProgram } = require(build + '/tenant/adopt.js');
const { auditTenant, renderAuditText } = require(build + '/tenant/audit.js');
const fs = require('fs');
const t0 = performance.now();
const exp = readTenantExport(dir);
const t1 = performance.now();
const program = adoptProgram(exp).program;
const t2 = performance.now();
const result = auditTenant([JSON.parse(fs.readFileSync(mapFile, 'utf8'))], exp);
renderAuditText(result);
const t3 = performance.now();
const outside = result.apis.flatMap((a) => a.findings).filter((f) => f.type === 'OutsideCode').length;
process.stdout.write(JSON.stringify({ readMs: t1 - t0, adoptMs: t2 - t1, auditMs: t3 - t2, programBytes: program.length, outside,
  maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;

/** A tenant export of one API with `n` group assignments in pages of 100, and an access map that declares all but the last. */
function writeTenant(dir: string, n: number): string {
  const appId = '11111111-0000-4000-8000-000000000001';
  const spId = '11111111-0000-4000-8000-000000000002';
  const roleId = '11111111-0000-4000-8000-000000000003';
  const app = path.join(dir, 'apps', appId);
  fs.mkdirSync(app, { recursive: true });
  const groupId = (i: number) => `22222222-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  fs.writeFileSync(path.join(app, 'application.json'), JSON.stringify({
    id: '11111111-0000-4000-8000-000000000004', appId, displayName: 'Bench API', signInAudience: 'AzureADMyOrg', identifierUris: [`api://${appId}`],
    api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    appRoles: [{ id: roleId, value: 'Bench.Read', displayName: 'Bench.Read', description: 'Read', allowedMemberTypes: ['User'], isEnabled: true }],
    web: { redirectUris: [], implicitGrantSettings: {} }, spa: { redirectUris: [] }, publicClient: { redirectUris: [] }, requiredResourceAccess: [],
  }));
  fs.writeFileSync(path.join(app, 'service-principal.json'), JSON.stringify({ id: spId, appId, appRoleAssignmentRequired: true, tags: ['WindowsAzureActiveDirectoryIntegratedApp'] }));
  fs.writeFileSync(path.join(app, 'application-owners.json'), JSON.stringify([{ id: '33333333-0000-4000-8000-000000000001' }]));
  fs.writeFileSync(path.join(app, 'service-principal-owners.json'), JSON.stringify([{ id: '33333333-0000-4000-8000-000000000001' }]));
  const pages = Math.ceil(n / 100);
  for (let p = 0; p < pages; p++) {
    const value = [];
    for (let i = p * 100; i < Math.min(n, (p + 1) * 100); i++) {
      value.push({ id: `A${i.toString(36).padStart(42, '0')}`, appRoleId: roleId, principalId: groupId(i), principalType: 'Group',
        principalDisplayName: `Group ${i}`, resourceId: spId, resourceDisplayName: 'Bench API' });
    }
    const page: any = p + 1 < pages ? { '@odata.nextLink': `https://graph.microsoft.com/v1.0/next/${p + 1}`, value } : { value };
    fs.writeFileSync(path.join(app, `app-role-assigned-to${p === 0 ? '' : `.${p + 1}`}.json`), JSON.stringify(page));
  }
  const access = [];
  for (let i = 0; i < n - 1; i++) {
    access.push({ principal: `G${i}`, principalName: `Group ${i}`, principalKind: 'Group', accessType: 'AppRole', value: 'Bench.Read',
      grantedVia: 'AppRoleAssignment', grantPath: `Api/AppRoleAssignments["Bench.Read Group ${i}"]`, principalObjectId: groupId(i) });
  }
  const mapFile = path.join(dir, 'access-map.json');
  fs.writeFileSync(mapFile, JSON.stringify({ version: 1, stack: 'bench', apis: [{ path: 'Api', name: 'Bench API', clientId: appId, appRoles: [{ value: 'Bench.Read', id: roleId }], access }], principals: [] }));
  return mapFile;
}

function benchTenant(opts: Options, results: any): string {
  const build = path.dirname(ENTRY);
  const runs = Math.max(3, opts.runs);
  results.tenant = {};
  const rows = opts.tenantSizes.map((n) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-tenant-'));
    try {
      const mapFile = writeTenant(dir, n);
      const samples: any[] = [];
      for (let i = 0; i < runs; i++) samples.push(JSON.parse(node(['-e', TENANT_CHILD, build, dir, mapFile])));
      if (samples.some((x) => x.outside !== 1)) throw new Error(`tenant bench: audit of ${n} found ${samples[0].outside} assignments outside code, not 1`);
      const m = (k: string) => median(samples.map((x) => x[k]));
      results.tenant[n] = { readMs: m('readMs'), adoptMs: m('adoptMs'), auditMs: m('auditMs'), maxRssMb: m('maxRssMb'), programBytes: samples[0].programBytes };
      return [n.toLocaleString('en-US'), fmtMs(m('readMs')), fmtMs(m('adoptMs')), fmtMs(m('auditMs')), `${(m('auditMs') / n * 1000).toFixed(1)} µs`,
        `${(samples[0].programBytes / 1024).toFixed(0)} KiB`, `${m('maxRssMb').toFixed(0)} MB`];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  return `### adopt and audit on an export of one API with N assignments (pages of 100; median of ${runs} runs)\n\n`
    + table(['N', 'read the export', 'adopt: write the program', 'audit: compare + render', 'audit per assignment', 'program', 'peak RSS'], rows)
    + '\n\nThe audit finds the one assignment the access map does not declare in every run.\n';
}

// ---------------------------------------------------------------------------------------------
// 7. adopted: what an adopted program costs to synthesize, per object, against the same program greenfield

const ADOPTED_CHILD = `
const [file, outdir] = process.argv.slice(1);
const t0 = performance.now();
const { App } = require('cdktf');
const { buildApp } = require(file);
const t1 = performance.now();
const app = new App({ outdir });
buildApp(app);
app.synth();
const t2 = performance.now();
const json = JSON.parse(require('fs').readFileSync(require('path').join(outdir, 'stacks', 'adopted', 'cdk.tf.json'), 'utf8'));
const resources = Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, synthMs: t2 - t1, resources, imports: (json.import || []).length,
  maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;

/** A tenant export of `apis` APIs, each with one role and `assignments` group assignments (distinct groups). */
function writeAdoptedTenant(dir: string, apis: number, assignments: number): void {
  const guid = (kind: number, i: number) => `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const owner = guid(9, 1);
  for (let a = 0; a < apis; a++) {
    const appId = guid(1, a); const spId = guid(2, a); const roleId = guid(3, a);
    const dirOf = path.join(dir, 'apps', appId);
    fs.mkdirSync(dirOf, { recursive: true });
    fs.writeFileSync(path.join(dirOf, 'application.json'), JSON.stringify({
      id: guid(4, a), appId, displayName: `Bench API ${a}`, signInAudience: 'AzureADMyOrg', identifierUris: [`api://${appId}`],
      api: { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
      appRoles: [{ id: roleId, value: 'Bench.Read', displayName: 'Bench.Read', description: 'Read', allowedMemberTypes: ['User'], isEnabled: true }],
      web: { redirectUris: [], implicitGrantSettings: {} }, spa: { redirectUris: [] }, publicClient: { redirectUris: [] }, requiredResourceAccess: [],
    }));
    fs.writeFileSync(path.join(dirOf, 'service-principal.json'), JSON.stringify({ id: spId, appId, appRoleAssignmentRequired: true,
      accountEnabled: true, servicePrincipalType: 'Application', tags: ['WindowsAzureActiveDirectoryIntegratedApp'] }));
    fs.writeFileSync(path.join(dirOf, 'application-owners.json'), JSON.stringify([{ id: owner }]));
    fs.writeFileSync(path.join(dirOf, 'service-principal-owners.json'), JSON.stringify([{ id: owner }]));
    const value = [];
    for (let i = 0; i < assignments; i++) {
      value.push({ id: `A${(a * assignments + i).toString(36).padStart(42, '0')}`, appRoleId: roleId, principalId: guid(5, a * assignments + i),
        principalType: 'Group', principalDisplayName: `Group ${a}-${i}`, resourceId: spId, resourceDisplayName: `Bench API ${a}` });
    }
    fs.writeFileSync(path.join(dirOf, 'app-role-assigned-to.json'), JSON.stringify({ value }));
  }
}

/** The adopted program made greenfield: the same constructs, nothing marked existing (no import blocks). */
function greenfield(program: string): string {
  return program
    .replace(/^\s*existing: \{[^}]*\},\n/gm, '')
    .replace(/, \{ existingAssignmentId: '[^']*' \}/g, '')
    .replace(/, existingAssignmentId: '[^']*'/g, '');
}

function benchAdopted(opts: Options, results: any): string {
  const build = path.dirname(ENTRY);
  const { readTenantExport } = require(path.join(build, 'tenant', 'tenant-export.js'));
  const { adoptProgram } = require(path.join(build, 'tenant', 'adopt.js'));
  const runs = opts.runs;
  const assignments = 50;
  fs.mkdirSync(OUT, { recursive: true });
  results.adopted = {};
  const rows: string[][] = [];
  for (const apis of opts.adoptedSizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-adopted-'));
    try {
      writeAdoptedTenant(dir, apis, assignments);
      // Single grants (not a for_each table): one resource and one import block per assignment.
      const program: string = adoptProgram(readTenantExport(dir), { library: ENTRY, tableFrom: assignments + 1, check: false }).program;
      const files: Record<string, string> = {};
      for (const [kind, text] of [['adopted', program], ['greenfield', greenfield(program)]] as const) {
        const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
        files[kind] = path.join(OUT, `adopted-${apis}-${kind}.js`);
        fs.writeFileSync(files[kind], js);
      }
      const samples: Record<string, any[]> = { adopted: [], greenfield: [] };
      for (let i = 0; i < runs; i++) {
        for (const kind of ['adopted', 'greenfield']) {
          const outdir = path.join(dir, `out-${kind}`);
          samples[kind].push(JSON.parse(node(['-e', ADOPTED_CHILD, files[kind], outdir])));
        }
      }
      const m = (kind: string, k: string) => median(samples[kind].map((x) => x[k]));
      const a = { synthMs: m('adopted', 'synthMs'), resources: samples.adopted[0].resources, imports: samples.adopted[0].imports, maxRssMb: m('adopted', 'maxRssMb') };
      const g = { synthMs: m('greenfield', 'synthMs'), resources: samples.greenfield[0].resources, imports: samples.greenfield[0].imports, maxRssMb: m('greenfield', 'maxRssMb') };
      // A created registration may bring more (e.g. replication waits); each side is counted on its own.
      if (g.imports !== 0) throw new Error('adopted bench: the greenfield program should import nothing');
      results.adopted[apis] = { assignments, adopted: a, greenfield: g };
      const per = (x: { synthMs: number; resources: number }) => `${(x.synthMs / x.resources * 1000).toFixed(0)} µs`;
      process.stderr.write(`adopted ${apis} x ${assignments}: greenfield ${fmtMs(g.synthMs)}, adopted ${fmtMs(a.synthMs)} (${a.imports} imports, ${a.resources} resources)\n`);
      rows.push([`${apis} x ${assignments}`, a.imports.toLocaleString('en-US'), `${a.resources.toLocaleString('en-US')} / ${g.resources.toLocaleString('en-US')}`, fmtMs(g.synthMs), fmtMs(a.synthMs),
        per(g), per(a), `${(a.synthMs / g.synthMs).toFixed(2)}x`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return `### An adopted program against the same program greenfield: APIs x assignments each (build + synth in one process, median of ${runs} runs)\n\n`
    + table(['export', 'import blocks', 'resources (adopted / greenfield)', 'greenfield', 'adopted', 'greenfield per resource', 'adopted per resource', 'adopted / greenfield'], rows)
    + '\n\nThe program is what `adopt` writes for the export (single grants, --table-from above 50); the greenfield one is the same\n'
    + 'program with every `existing` / `existingAssignmentId` removed. No `terraform` process is started at synth.\n';
}

// ---------------------------------------------------------------------------------------------
// 6. cost

/** Bytes of the files under `p` (symlinks are followed once at the top, not inside). */
function dirBytes(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p, { withFileTypes: true }).reduce((n, e) => {
    const q = path.join(p, e.name);
    return n + (e.isSymbolicLink() ? 0 : e.isDirectory() ? dirBytes(q) : fs.statSync(q).size);
  }, 0);
}

function fmtMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
}

/** The modules `file` imports, by the import lines the examples use. */
function importsOf(file: string, re: RegExp): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(re)].map((m) => m[1]);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...JSII_QUIET, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const JSII_QUIET = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', PYTHONDONTWRITEBYTECODE: '1' };

/**
 * Two venvs in .bench-out/python (made once, kept): `entra` with the wheel and its requirements as pip
 * resolves them (no azurerm), `full` with the azurerm package too. Versions as test/bindings/run.ts pins them.
 */
function pythonVenvs(): { entra: string; full: string } {
  const dir = path.join(OUT, 'python');
  const py = (v: string) => path.join(dir, v, 'bin', 'python');
  const stamp = path.join(dir, 'built-from');
  const jsiiTime = String(fs.statSync(path.join(ROOT, '.jsii')).mtimeMs);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === jsiiTime) return { entra: py('entra'), full: py('full') };
  process.stdout.write('  cost: building the wheel and two venvs in .bench-out/python (once per build; a few minutes)...\n');
  fs.rmSync(dir, { recursive: true, force: true });
  run('npx', ['jsii-pacmak', '--targets', 'python', '--outdir', path.join(dir, 'dist')]);
  const wheel = fs.readdirSync(path.join(dir, 'dist', 'python')).find((f) => f.endsWith('.whl'))!;
  const dev = PKG.devDependencies as Record<string, string>;
  const pin = (npm: string) => `${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', npm, 'package.json'), 'utf8')).jsii.targets.python.distName}==${dev[npm]}`;
  const peers = Object.keys(PKG.peerDependencies).map(pin);
  for (const [venv, extra] of [['entra', []], ['full', [pin('@cdktf/provider-azurerm')]]] as const) {
    run('python3', ['-m', 'venv', path.join(dir, venv)]);
    run(py(venv), ['-m', 'pip', 'install', '--quiet', '--no-input', '--disable-pip-version-check', path.join(dir, 'dist', 'python', wheel), ...peers, ...extra]);
  }
  fs.writeFileSync(stamp, jsiiTime);
  return { entra: py('entra'), full: py('full') };
}

function sitePackages(python: string): string {
  return run(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']).trim();
}

/** Wall time of a whole child process, median of `runs`, interleaved with the others. */
function timeProcesses(runs: number, cases: [string, string, string[], NodeJS.ProcessEnv?][]): Map<string, number> {
  const samples = new Map<string, number[]>(cases.map(([n]) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, cmd, args, env] of i % 2 ? [...cases].reverse() : cases) {
      const t0 = performance.now();
      run(cmd, args, env);
      samples.get(name)!.push(performance.now() - t0);
    }
  }
  return new Map([...samples].map(([n, xs]) => [n, median(xs)]));
}

const PY_IMPORT_CHILD = `
import sys, time
t0 = time.perf_counter()
for m in sys.argv[1:]:
    __import__(m)
print((time.perf_counter() - t0) * 1000)`;

function benchCost(opts: Options, results: any): string {
  const runs = Math.max(3, Math.min(opts.runs, 5));
  const nm = (p: string) => path.join(ROOT, 'node_modules', p);
  const own = dirBytes(path.join(ROOT, 'build')) + dirBytes(path.join(ROOT, '.jsii'));
  const entraNpm = [...Object.keys(PKG.peerDependencies)].reduce((n, p) => n + dirBytes(nm(p)), own);
  const fullNpm = entraNpm + dirBytes(nm('@cdktf/provider-azurerm'));

  // TypeScript: cold require() of what each example imports, the library from build/.
  const tsImports = (example: string) => importsOf(path.join(ROOT, 'examples', example, 'main.ts'), /^import .* from '([^']+)';$/gm)
    .map((m) => (m === '../../lib' ? ENTRY : m));
  const importMs = (mods: string[]) => {
    const xs: number[] = [];
    for (let i = 0; i < runs * 2 + 1; i++) {
      xs.push(JSON.parse(node(['-e', `const t0 = performance.now(); for (const m of ${JSON.stringify(mods)}) require(m); process.stdout.write(String(performance.now() - t0));`])));
    }
    return median(xs);
  };
  const tsEntra = importMs(tsImports('entra-only'));
  const tsFull = importMs(tsImports('orders'));

  // Python: two venvs, cold import of what each example imports.
  const venvs = pythonVenvs();
  const pyImports = (example: string) => importsOf(path.join(ROOT, 'examples', example, 'main.py'), /^from (\S+) import/gm);
  const pyImportMs = (python: string, mods: string[]) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) xs.push(Number(run(python, ['-c', PY_IMPORT_CHILD, ...mods]).trim()));
    return median(xs);
  };
  const pyEntra = pyImportMs(venvs.entra, pyImports('entra-only'));
  const pyFull = pyImportMs(venvs.full, pyImports('orders'));
  const pyEntraBytes = dirBytes(sitePackages(venvs.entra));
  const pyFullBytes = dirBytes(sitePackages(venvs.full));

  // The main example as a whole process: Python vs TypeScript compiled for plain node.
  const js = ts.transpileModule(fs.readFileSync(path.join(ROOT, 'examples', 'orders', 'main.ts'), 'utf8'),
    { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText
    .replace(/require\("\.\.\/\.\.\/lib"\)/g, `require(${JSON.stringify(ENTRY)})`);
  const orders = path.join(OUT, 'orders-main.js');
  fs.writeFileSync(orders, js);
  const synthOut = path.join(OUT, 'cost-synth');
  const synth = timeProcesses(runs, [
    ['TypeScript (node, compiled)', process.execPath, [orders], { CDKTF_OUTDIR: synthOut }],
    ['Python', venvs.full, [path.join(ROOT, 'examples', 'orders', 'main.py')], { CDKTF_OUTDIR: synthOut }],
  ]);
  fs.rmSync(synthOut, { recursive: true, force: true });

  results.cost = {
    typescript: { entraOnlyBytes: entraNpm, fullBytes: fullNpm, entraOnlyImportMs: tsEntra, fullImportMs: tsFull },
    python: { entraOnlyBytes: pyEntraBytes, fullBytes: pyFullBytes, entraOnlyImportMs: pyEntra, fullImportMs: pyFull },
    synthMs: Object.fromEntries(synth),
  };
  const tsSynth = synth.get('TypeScript (node, compiled)')!;
  const pySynth = synth.get('Python')!;
  return `### What a user installs and loads: Entra only vs with azurerm (median of ${runs}; imports: what each example imports)\n\n`
    + table(['set-up', 'installed', 'cold import'], [
      ['TypeScript, Entra only (examples/entra-only)', fmtMb(entraNpm), fmtMs(tsEntra)],
      ['TypeScript, with azurerm (examples/orders)', fmtMb(fullNpm), fmtMs(tsFull)],
      ['Python, Entra only (examples/entra-only/main.py)', fmtMb(pyEntraBytes), fmtMs(pyEntra)],
      ['Python, with azurerm (examples/orders/main.py)', fmtMb(pyFullBytes), fmtMs(pyFull)],
    ])
    + '\n\nInstalled: TypeScript = the packed library (build/, .jsii) plus its peers in node_modules (+ @cdktf/provider-azurerm);'
    + ' Python = the venv\'s site-packages (pip, setuptools included).\n\n'
    + `### The main example, synthesized as a whole process (median of ${runs})\n\n`
    + table(['program', 'wall time', 'vs TypeScript'], [
      ['examples/orders/main.ts (compiled, plain node)', fmtMs(tsSynth), '1.00x'],
      ['examples/orders/main.py (jsii, venv)', fmtMs(pySynth), `${(pySynth / tsSynth).toFixed(1)}x`],
    ]) + '\n';
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  ensureBuild();
  const results: any = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, date: new Date().toISOString(), import: {}, grants: {} };
  const sections: string[] = [];
  const want = (s: string) => !opts.only || opts.only === s;
  if (want('import')) sections.push(benchImport(opts, results));
  if (want('grants')) sections.push(benchGrants(opts, results));
  if (want('ratios')) sections.push(benchRatios(opts, results));
  if (want('map')) sections.push(benchMap(opts, results));
  if (want('tsc')) sections.push(benchTsc(opts, results));
  if (want('tenant')) sections.push(benchTenant(opts, results));
  if (want('adopted')) sections.push(benchAdopted(opts, results));
  if (want('cost')) sections.push(benchCost(opts, results));
  process.stdout.write(`\nnode ${process.version}, ${results.cpus} x ${results.cpu}\n\n${sections.join('\n')}\n`);
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(results, null, 2)}\n`);
}

main();
