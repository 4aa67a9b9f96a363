/**
 * The bindings test: proves the jsii bindings work for someone who writes Python (and, as far as this
 * machine's registries allow, Java and Go), not only that jsii-pacmak generates them.
 *
 *   npm run test:bindings [-- --only python,go]  (part of .ci/run; not of `npm test`: it takes minutes)
 *   npm run test:bindings:cdktn                   (the same, Python and Go, in the cdktn flavour: scripts/flavour.ts)
 *
 * Python, end to end:
 * 1. Builds the real wheel with `jsii-pacmak --targets python` (sdist + wheel, twine-checked).
 * 2. Makes a fresh virtual environment and pip-installs the wheel with cdktf, constructs and the prebuilt
 *    providers from PyPI, pinned to the versions of package.json's devDependencies.
 * 3. Synthesizes examples/orders/main.ts (TypeScript, through tsx) and examples/orders/main.py
 *    (Python, in the venv) into two output directories and requires both trees to be byte for byte the
 *    same: same files (manifest, cdk.tf.json, access-map.json, access-map.md), same bytes. No file
 *    written by cdktf 0.21 names the language, so nothing is left out of the comparison.
 * 4. Runs the Python tests of test/bindings/python/ (misuse: the library's errors reach Python intact).
 *
 * Go: the Go modules of the library and of every peer the Go module proxy does not serve, generated with
 * jsii-pacmak from the npm packages; examples/entra-only/main.go (on cdktn: that program as scripts/flavour.ts
 * renames it) built and run, its output compared the same way.
 *
 * Everything happens in a temporary directory outside the repository (KEEP_BINDINGS=1 keeps it).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PLATFORM } from '../../lib/platform';
import { goNamesOf } from '../../scripts/go-names';

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
// Quiet jsii's Node 20 banners; keep Python from writing __pycache__ into the repository.
const JSII_QUIET = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', PYTHONDONTWRITEBYTECODE: '1' };
const started = Date.now();
/** The examples every binding writes again: examples/<name>/main.ts and its main.py (main.go, Main.java). */
const EXAMPLES = ['entra-only', 'orders'];
/** Not a peer: installed only by users of the workload wiring (and by the main example). */
const AZURERM = PLATFORM.providers.azurerm.npm;
/**
 * jsii-pacmak packs each package with `npm pack`, whose `prepack` here is a whole jsii build (~20 s); main()
 * has checked that the build is newer than lib/, so the pack takes build/ and .jsii as they are.
 */
const PACMAK_ENV = { npm_config_ignore_scripts: 'true' };
/**
 * The peers whose Go module the Go module proxy serves at the pinned version (`go mod tidy` takes them from
 * there). Every other peer's module is generated from its npm package: the proxy answers 403 "not available"
 * for cdktn's (github.com/open-constructs/cdk-terrain-go/cdktn) and for every prebuilt provider's.
 */
const GO_PROXY_SERVES = new Set(['cdktf', 'constructs']);
/** The platform, for the Python tests (names of packages and modules to expect). */
const PLATFORM_ENV = { ENTRA_PLATFORM: JSON.stringify(PLATFORM) };

function step(what: string): void {
  process.stdout.write(`bindings: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...JSII_QUIET, ...env }, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout + r.stderr;
}

/** The name jsii publishes an npm package under in another language, read from the package's own jsii config. */
function targetName(npmName: string, target: 'python' | 'java' | 'go'): any {
  const file = npmName === PKG.name ? path.join(ROOT, 'package.json') : require.resolve(`${npmName}/package.json`, { paths: [ROOT] });
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  const name = pkg.jsii?.targets?.[target];
  assert.ok(name, `${npmName} declares no jsii ${target} target`);
  return name;
}

/** The PyPI version of an npm package: the dev pin, or where PyPI and npm differ, lib/platform.ts's `pypiVersion`. */
function pypiVersion(npmName: string): string {
  const binding = Object.values(PLATFORM.providers).find((b) => b.npm === npmName);
  return binding ? binding.pypiVersion : (PKG.devDependencies as Record<string, string>)[npmName];
}

/** `name==version` for every peer, at the exact version this repository develops and tests against. */
function pinnedPeers(): string[] {
  const dev = PKG.devDependencies as Record<string, string>;
  return Object.keys(PKG.peerDependencies as Record<string, string>).map((name) => {
    assert.match(dev[name] ?? '', /^\d+\.\d+\.\d+$/, `devDependencies must pin ${name} exactly, to pin its PyPI package`);
    return `${targetName(name, 'python').distName}==${pypiVersion(name)}`;
  });
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name)) : [path.relative(dir, path.join(d, e.name))]);
  return walk(dir).sort();
}

/**
 * Fails unless the two synthesized trees hold the same files with the same bytes. `azurermVersion`: the one
 * difference allowed where the Python azurerm package binds another provider version than the npm one
 * (cdktn: npm has 16.1.0, Python uses PyPI's 17.0.0): the version in each cdk.tf.json's required_providers.azurerm.
 */
function assertSameTree(expectedDir: string, actualDir: string, language: string, azurermVersion = false): void {
  const expected = files(expectedDir);
  assert.deepEqual(files(actualDir), expected, `the ${language} program wrote other files than the TypeScript one`);
  const versions: string[] = [];
  for (const f of expected) {
    const want = fs.readFileSync(path.join(expectedDir, f), 'utf8');
    let got = fs.readFileSync(path.join(actualDir, f), 'utf8');
    if (azurermVersion && f.endsWith('cdk.tf.json')) {
      const tsVersion = JSON.parse(want).terraform?.required_providers?.azurerm?.version;
      const json = JSON.parse(got);
      const req = json.terraform?.required_providers?.azurerm;
      if (req && tsVersion) {
        versions.push(`${f}: azurerm ${req.version} (TypeScript ${tsVersion})`);
        // The same bytes, with TypeScript's version put where the Python binding wrote its own.
        got = got.replace(`"version": "${req.version}"`, `"version": "${tsVersion}"`);
      }
    }
    if (want === got) continue;
    const a = want.split('\n');
    const b = got.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`${f} from ${language} differs from the TypeScript example's at line ${line + 1}:\n`
      + `  TypeScript: ${a[line]}\n  ${language}: ${b[line]}`);
  }
  step(`${language} wrote the same ${expected.length} files as TypeScript, byte for byte: ${expected.join(', ')}`
    + `${versions.length > 0 ? `; apart from the provider version ${versions.join(', ')}` : ''}`);
}

/** Synthesizes `examples/<example>/main.ts` into `out`. */
function synthTypeScript(example: string, out: string): void {
  run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'examples', example, 'main.ts')], ROOT, { CDKTF_OUTDIR: out });
  step(`synthesized examples/${example}/main.ts`);
}

/** Runs `python -m unittest` on one file of test/bindings/python and fails unless every test passed. */
function pythonTests(py: string, file: string): void {
  const tests = run(py, ['-m', 'unittest', 'discover', '--verbose', '--start-directory', path.join(ROOT, 'test', 'bindings', 'python'), '--pattern', file], ROOT, PLATFORM_ENV);
  const ran = /^Ran (\d+) tests? in/m.exec(tests);
  assert.ok(ran && Number(ran[1]) > 0 && /^OK$/m.test(tests), `the Python tests of ${file} did not pass:\n${tests}`);
  for (const l of tests.split('\n').filter((t) => / \.\.\. ok$/.test(t))) process.stdout.write(`  ${l.replace(/ \(.*\)/, '')}\n`);
  step(`Python tests of ${file}: ${ran[1]} passed`);
}

function pipList(py: string): { name: string; version: string }[] {
  return JSON.parse(run(py, ['-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check'], ROOT).replace(/^[^[]*/, ''));
}

function python(work: string, tsOut: Record<string, string>): void {
  const dist = path.join(work, 'dist');
  run('npx', ['jsii-pacmak', '--targets', 'python', '--outdir', dist], ROOT, PACMAK_ENV);
  const wheels = fs.readdirSync(path.join(dist, 'python')).filter((f) => f.endsWith('.whl'));
  assert.equal(wheels.length, 1, `jsii-pacmak made no single wheel: ${wheels.join(', ')}`);
  const wheel = path.join(dist, 'python', wheels[0]);
  step(`built ${wheels[0]} (${(fs.statSync(wheel).size / 1024).toFixed(0)} KiB)`);

  // 1. Entra only: the wheel and its own requirements, which must not bring azurerm.
  const venv = path.join(work, 'venv');
  run('python3', ['-m', 'venv', venv], work);
  const py = path.join(venv, 'bin', 'python');
  const pins = pinnedPeers();
  run(py, ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--quiet', wheel, ...pins], work);
  const installed = pipList(py);
  for (const pin of [`${PKG.name}==${PKG.version}`, ...pins]) {
    const [name, version] = pin.split('==');
    assert.ok(installed.some((p) => p.name === name && p.version === version), `the venv lacks ${pin}`);
  }
  assert.deepEqual(installed.filter((p) => p.name.includes('azurerm')), [], 'installing the wheel brought an azurerm package');
  step(`installed the wheel into a fresh venv with ${pins.join(' ')}: no azurerm package`);
  const entraOut = path.join(work, 'python-entra-only');
  run(py, [path.join(ROOT, 'examples', 'entra-only', 'main.py')], ROOT, { CDKTF_OUTDIR: entraOut });
  step('synthesized examples/entra-only/main.py without azurerm');
  assertSameTree(tsOut['entra-only'], entraOut, 'Python');
  pythonTests(py, 'test_without_azurerm.py');

  // 2. With azurerm, as a user of the workload wiring installs it: the main example.
  const azurerm = `${targetName(AZURERM, 'python').distName}==${pypiVersion(AZURERM)}`;
  run(py, ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--quiet', azurerm], work);
  step(`installed ${azurerm}`);
  const ordersOut = path.join(work, 'python-orders');
  run(py, [path.join(ROOT, 'examples', 'orders', 'main.py')], ROOT, { CDKTF_OUTDIR: ordersOut });
  step('synthesized examples/orders/main.py');
  assertSameTree(tsOut.orders, ordersOut, 'Python', pypiVersion(AZURERM) !== PLATFORM.providers.azurerm.version);
  pythonTests(py, 'test_misuse.py');
}

/** The `module` line of a go.mod. */
function goModule(dir: string): string {
  const mod = /^module (\S+)$/m.exec(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'));
  assert.ok(mod, `no module line in ${dir}/go.mod`);
  return mod[1];
}

/**
 * Go: the library's module and those of its peers the Go module proxy does not serve (GO_PROXY_SERVES) generated
 * by one jsii-pacmak run from their npm packages (what their publishers do); the rest (cdktf or constructs,
 * jsii-runtime-go) from the proxy. On cdktf that generates the prebuilt providers' modules
 * (github.com/cdktf/cdktf-provider-*-go); on cdktn cdktn's own module as well. Each generated go.mod must name
 * the module scripts/go-names.ts derives from the package's jsii go target (the rule the flavour's rename of
 * main.go uses). The Entra-only program needs no azurerm module; the main example would need azurerm's,
 * generated from its 88 MB assembly, which is left out (see README).
 */
function golang(work: string, tsOut: Record<string, string>): void {
  const dist = path.join(work, 'go-dist');
  const generated = [PKG.name, ...Object.keys(PKG.peerDependencies as Record<string, string>).filter((p) => !GO_PROXY_SERVES.has(p))];
  const manifest = (name: string) => name === PKG.name ? PKG
    : JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8'));
  const dirs = generated.map((name) => name === PKG.name ? ROOT : path.dirname(require.resolve(`${name}/package.json`, { paths: [ROOT] })));
  run('npx', ['jsii-pacmak', '--targets', 'go', '--code-only', '--outdir', dist, ...dirs], ROOT, PACMAK_ENV);
  const replaces = generated.map((name) => {
    const names = goNamesOf(manifest(name));
    const dir = path.join(dist, 'go', names.package);
    assert.equal(goModule(dir), names.module, `jsii-pacmak named the Go module of ${name} otherwise than scripts/go-names.ts`);
    return `replace ${names.module} => ${dir}`;
  });
  step(`generated the Go modules of ${generated.join(', ')} with jsii-pacmak`);

  const app = path.join(work, 'go-app');
  fs.mkdirSync(app);
  fs.copyFileSync(path.join(ROOT, 'examples', 'entra-only', 'main.go'), path.join(app, 'main.go'));
  fs.writeFileSync(path.join(app, 'go.mod'), ['module entraonly', '', 'go 1.25', '', ...replaces, ''].join('\n'));
  const env = { GOFLAGS: '-mod=mod', GOWORK: 'off' };
  run('go', ['mod', 'tidy'], app, env);
  run('go', ['build', '-o', 'entra-only', '.'], app, env);
  const mod = fs.readFileSync(path.join(app, 'go.mod'), 'utf8');
  assert.ok(!/azurerm/.test(mod), `the Go program's module graph names azurerm:\n${mod}`);
  step('built examples/entra-only/main.go (go mod tidy + go build): no azurerm module in its go.mod');
  const goOut = path.join(work, 'go-entra-only');
  run(path.join(app, 'entra-only'), [], ROOT, { CDKTF_OUTDIR: goOut });
  step('synthesized examples/entra-only/main.go');
  assertSameTree(tsOut['entra-only'], goOut, 'Go');
}

/**
 * Java, only where the jars are at hand: Maven Central here serves no com.hashicorp:cdktf nor the prebuilt
 * provider jars, and building them from npm (`jsii-pacmak --targets java --recurse -o DIR` in this repository)
 * takes far longer than CI's budget. With BINDINGS_JAVA_REPO=DIR/java (a Maven repository holding cdktf,
 * the providers and this library's jar at this version), compiles examples/entra-only/Main.java against
 * them, runs it and compares its output with TypeScript's. Not part of CI.
 */
function java(work: string, tsOut: Record<string, string>, repo: string): void {
  const app = path.join(work, 'java-app');
  fs.mkdirSync(app);
  const maven = (npm: string) => npm === PKG.name ? PKG.jsii.targets.java.maven : targetName(npm, 'java').maven;
  const dep = (npm: string, version: string) => `<dependency><groupId>${maven(npm).groupId}</groupId>`
    + `<artifactId>${maven(npm).artifactId}</artifactId><version>${version}</version></dependency>`;
  fs.writeFileSync(path.join(app, 'pom.xml'), `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>entra-only</artifactId><version>1</version>
  <repositories><repository><id>pacmak</id><url>file://${path.resolve(repo)}</url></repository></repositories>
  <dependencies>${dep(PKG.name, PKG.version)}${dep(PLATFORM.providers.azuread.npm, PLATFORM.providers.azuread.version)}</dependencies>
</project>\n`);
  run('mvn', ['-q', '-B', 'dependency:build-classpath', '-Dmdep.outputFile=cp.txt'], app);
  const cp = fs.readFileSync(path.join(app, 'cp.txt'), 'utf8').trim();
  assert.ok(!/azurerm/.test(cp), `the Java program's classpath has azurerm: ${cp}`);
  fs.copyFileSync(path.join(ROOT, 'examples', 'entra-only', 'Main.java'), path.join(app, 'Main.java'));
  run('javac', ['-cp', cp, '-d', 'classes', 'Main.java'], app);
  step('compiled examples/entra-only/Main.java: no azurerm jar on its classpath');
  const javaOut = path.join(work, 'java-entra-only');
  run('java', ['-cp', `${path.join(app, 'classes')}:${cp}`, 'Main'], ROOT, { CDKTF_OUTDIR: javaOut });
  assertSameTree(tsOut['entra-only'], javaOut, 'Java');
}

function newestSource(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newestSource(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0);
  }, 0);
}

function main(): void {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
  const wanted = (language: string) => !only || only.includes(language);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-bindings-'));
  const keep = process.env.KEEP_BINDINGS === '1';
  try {
    const jsii = path.join(ROOT, '.jsii');
    assert.ok(fs.existsSync(jsii) && fs.statSync(jsii).mtimeMs >= newestSource(path.join(ROOT, 'lib')),
      'the .jsii assembly is missing or older than lib/: run `npm run build` first');
    const tsOut: Record<string, string> = {};
    for (const example of EXAMPLES) {
      tsOut[example] = path.join(work, `typescript-${example}`);
      synthTypeScript(example, tsOut[example]);
    }
    if (wanted('python')) python(work, tsOut);
    if (wanted('go')) golang(work, tsOut);
    if (process.env.BINDINGS_JAVA_REPO && wanted('java')) java(work, tsOut, process.env.BINDINGS_JAVA_REPO);
    step('passed');
  } finally {
    if (keep) process.stdout.write(`bindings: kept ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
