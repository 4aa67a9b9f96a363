/**
 * The consumer test: proves the npm package works for someone who is not us.
 *
 *   npm run test:consumer        (part of .ci/run; not of `npm test`, see docs/performance.md)
 *
 * 1. `npm pack`s the library (building it first unless build/ and .jsii are fresh) and checks the
 *    tarball holds the compiled library, its .d.ts, .jsii, README, LICENSE and the CLI, and nothing else;
 *    that the .jsii assembly is valid; and that no .d.ts imports a provider package from its root.
 * 2. Entra only: makes a fresh cdktf app in a temporary directory outside the repository, installs the
 *    tarball there with npm and links the peer dependencies (cdktf, constructs, azuread, time) from this
 *    repository's node_modules. azurerm is not there: with the README's tsconfig.json (skipLibCheck off,
 *    so no declaration the library ships may name an azurerm type) the app type-checks, synthesizes an
 *    API with roles, a group grant and managed-identity grants by principal id, loads no azurerm module,
 *    and gets the library's "install @cdktf/provider-azurerm" error, naming the construct, from the one
 *    construct that needs azurerm (WorkloadIdentity).
 * 3. Full: makes a second fresh cdktf app in a temporary directory outside the repository and installs the
 *    tarball there with npm, with TypeScript 7.0.2 as a consumer's `npm install typescript` gets it
 *    (from npm's cache; the registry only the first time). The peer dependencies (cdktf, constructs,
 *    the providers) and azurerm (which the workload wiring's users install themselves) are linked from this repository's node_modules, as a user's own install would
 *    provide them: no second copy of the 270 MB azurerm package.
 *    With the README's consumer cdktf.json and tsconfig.json (test/consumer/template/) and
 *    TypeScript 7, runs cdktf.json's app command: it type-checks (strict, the package's .d.ts
 *    included) and compiles two programs against the installed package, the README's example
 *    verbatim and one that uses the rest of the main API (ProtectedApi, addAppRole, addScope,
 *    grantAppRole with EntraGroup and ManagedIdentity, AppRoleAssignmentTable), and synthesizes
 *    main.ts. Type-checks the same with TypeScript 5, runs the other programs with plain node and
 *    asserts on the synthesized Terraform JSON.
 * 4. Runs the package's command-line entry as an installed bin.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as url from 'node:url';
import { loadAssemblyFromFile } from '@jsii/spec';
import { PLATFORM, PLATFORMS } from '../../lib/platform';
import { asCdktf } from '../platform-json';

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PEERS = Object.keys(PKG.peerDependencies as Record<string, string>);
/** Not a peer (jsii would make it a hard dependency in every language): installed by those who use the workload wiring. */
const AZURERM = PLATFORM.providers.azurerm.npm;
const started = Date.now();

function step(what: string): void {
  process.stdout.write(`consumer: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function newestMtime(dir: string, ext: RegExp): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (ext.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Packs the library into `dest` and returns the tarball's path. */
function pack(dest: string): string {
  const jsii = path.join(ROOT, '.jsii');
  const fresh = fs.existsSync(jsii) && fs.existsSync(path.join(ROOT, PKG.main))
    && fs.statSync(jsii).mtimeMs >= Math.max(newestMtime(path.join(ROOT, 'lib'), /\.ts$/), fs.statSync(path.join(ROOT, 'package.json')).mtimeMs);
  // `prepack` builds; skip it when the build is already newer than every source.
  const out = run('npm', ['pack', '--json', '--pack-destination', dest, ...(fresh ? ['--ignore-scripts'] : [])], ROOT,
    { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' });
  // With `prepack` running, the build's own output comes first; npm's JSON array is the last thing printed.
  const start = out.search(/^\[\s*\{/m);
  assert.ok(start >= 0, `npm pack printed no JSON:\n${out}`);
  const info = JSON.parse(out.slice(start))[0];
  step(`packed ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KiB${fresh ? ' (build was fresh)' : ' (built first)'}`);
  checkContents(info.files.map((f: { path: string }) => f.path));
  return path.join(dest, info.filename);
}

/** The tarball holds what a user needs and nothing else. */
function checkContents(files: string[]): void {
  const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^\.jsii$/, /^build\/.+\.(js|d\.ts)$/, /^bin\/[^/]+\.js$/];
  const extra = files.filter((f) => !allowed.some((re) => re.test(f)));
  assert.deepEqual(extra, [], 'the package holds files it should not (tests, examples, sources, outputs?)');
  for (const needed of ['package.json', 'README.md', 'LICENSE', '.jsii', PKG.main, PKG.types, ...Object.values(PKG.bin ?? {}) as string[]]) {
    assert.ok(files.includes(path.normalize(needed)), `the package lacks ${needed}`);
  }
  assert.ok(!files.some((f) => f.startsWith('lib/')), 'the package must not ship lib/ sources');
}

function checkInstalledPackage(dir: string): void {
  const assembly = loadAssemblyFromFile(path.join(dir, '.jsii'), true);
  assert.equal(assembly.name, PKG.name);
  assert.equal(assembly.version, PKG.version);
  for (const fqn of ['ProtectedApi', 'EntraGroup', 'ManagedIdentity', 'AppRoleAssignmentTable', 'IPrincipal']) {
    assert.ok(assembly.types?.[`${PKG.name}.${fqn}`], `the .jsii assembly lacks ${fqn}`);
  }
  assert.deepEqual(Object.keys(assembly.targets ?? {}).sort(), ['dotnet', 'go', 'java', 'js', 'python']);
  // What jsii lists here becomes a hard dependency of the Python, Java, Go and .NET packages.
  assert.deepEqual(Object.keys(assembly.dependencies ?? {}).filter((d) => d.includes('azurerm')), [], 'the assembly depends on azurerm');
  const azurermTypes = JSON.stringify(assembly.types).match(new RegExp(`"${PLATFORM.providerScope}/provider-azurerm\\.[\\w.]+"`, 'g')) ?? [];
  assert.deepEqual(azurermTypes, [], 'the public API names azurerm types');
  const rootImport = new RegExp(`(?:from\\s+|require\\(\\s*|import\\(\\s*)['"]${PLATFORM.providerScope}/provider-(?:azuread|azurerm|time)['"]`);
  const dts = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? dts(path.join(d, e.name)) : e.name.endsWith('.d.ts') || e.name.endsWith('.js') ? [path.join(d, e.name)] : []));
  const offenders = dts(path.join(dir, 'build')).filter((f) => rootImport.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, [], 'compiled files must import provider submodules only, never a provider package root');
  step(`installed package is valid: .jsii ${assembly.name}@${assembly.version} with ${Object.keys(assembly.types ?? {}).length} types; provider imports are submodules only`);
}

/**
 * The README's TypeScript examples that import the package and synthesize. README names the cdktf package; on
 * cdktn the example is moved as README "CDK Terrain" says, by its imports only (the flavour renamed the others).
 */
function readmeExamples(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const named = `from '${PLATFORMS.cdktf.library.npm}'`;
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
    .filter((code) => code.includes(named) && code.includes('app.synth()'))
    .map((code) => code.split(named).join(`from '${PKG.name}'`));
}

/** A program using the main public API the way a user writes it, with outputs to assert on. */
const MAIN = `import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import {
  AppRoleAssignmentTable, EntraGroup, IPrincipal, ManagedIdentity, MemberType, PrincipalKind, ProtectedApi,
} from '${PKG.name}';

const app = new App();
const stack = new TerraformStack(app, 'consumer');
new AzureadProvider(stack, 'azuread', {});
new AzurermProvider(stack, 'azurerm', { features: [{}] });

const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
const read = api.addAppRole('Orders.Read', { description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
const admin = api.addAppRole('Orders.Admin', { description: 'Administer orders', allowedMemberTypes: [MemberType.USER] });
api.addScope('Orders.Access', { adminConsentDescription: 'Call the Orders API as the signed-in user' });

const admins: IPrincipal = EntraGroup.fromObjectId(stack, 'OrderAdmins', '11111111-2222-3333-4444-555555555555', { displayName: 'Order admins' });
api.grantAppRole(admins, admin);
const uai = new UserAssignedIdentity(stack, 'Worker', { name: 'id-orders-worker', location: 'westeurope', resourceGroupName: 'rg-orders' });
api.grantAppRole(ManagedIdentity.fromUserAssignedIdentity(stack, 'WorkerPrincipal', uai), read);

const table = new AppRoleAssignmentTable(stack, 'ReaderGroups', { api });
for (let i = 1; i <= 3; i++) {
  table.addRow({ principalName: 'Readers ' + i, principalObjectId: '00000000-0000-4000-8000-00000000000' + i, principalKind: PrincipalKind.GROUP, role: read });
}

new TerraformOutput(stack, 'ordersScope', { value: api.defaultScope });
app.synth();
`;

/**
 * The consumer's `cdktf.json` and `tsconfig.json`, exactly as README.md shows them (test/readme.test.ts keeps the
 * two equal). They type-check with TypeScript 7, what `npm install typescript` gives (7.0.2 on 2026-12-02; it has
 * removed `moduleResolution: "node"`), and with 5.x; `skipLibCheck: false`, so the library's .d.ts are checked too.
 */
const TEMPLATE = path.join(__dirname, 'template');
/** The TypeScript a new consumer installs (`npm install typescript` on 2026-12-02). */
const CONSUMER_TYPESCRIPT = '7.0.2';

/** An Entra-only program: no azurerm installed. Prints what the test asserts on. */
const ENTRA_ONLY = `import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { EntraGroup, ManagedIdentity, MemberType, ProtectedApi, WorkloadIdentity } from '${PKG.name}';

// The app's tsconfig has no Node types (types: []), as cdktf init makes it.
declare const require: { cache: Record<string, unknown> };
declare const console: { log(line: string): void };

const app = new App();
const stack = new TerraformStack(app, 'entra');
new AzureadProvider(stack, 'azuread', {});

const api = new ProtectedApi(stack, 'OrdersApi', { displayName: 'Orders API' });
const read = api.addAppRole('Orders.Read', { description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
const write = api.addAppRole('Orders.Write', { description: 'Change orders', allowedMemberTypes: [MemberType.APPLICATION] });
api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-3333-4444-555555555555'), read);
// Managed identities made elsewhere (another program, the portal), by principal id: no azurerm needed.
api.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'OrdersFunction', { principalId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }), read);
api.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(stack, 'Worker', {
  principalId: '9a8b7c6d-1111-4222-8333-444455556666', clientId: '0f1e2d3c-4b5a-4697-8877-665544332211',
}), write);
new TerraformOutput(stack, 'ordersScope', { value: api.defaultScope });

let workloadError = '';
try {
  new WorkloadIdentity(new TerraformStack(app, 'wiring'), 'WorkerIdentity', { name: 'id-orders', resourceGroupName: 'rg', location: 'westeurope' });
} catch (e) {
  workloadError = (e as Error).message;
}
app.synth();
const azurerm = Object.keys(require.cache).filter((k) => k.includes('provider-azurerm'));
console.log(JSON.stringify({ workloadError, azurerm }));
`;

/** The folder `pkg` is installed in, as this repository resolves it (on cdktn: .cdktn/node_modules). */
function installedDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }));
}

/** Links `peers` from this repository's node_modules into the app's, as a user's own install would provide them. */
function linkPeers(app: string, peers: string[]): void {
  for (const peer of peers) {
    const link = path.join(app, 'node_modules', peer);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(installedDir(peer), link, 'dir');
  }
}

/** The Entra constructs with no azurerm package anywhere the app can resolve it. */
function entraOnly(work: string, tarball: string): void {
  const app = path.join(work, 'entra-only');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer-entra-only', version: '1.0.0', private: true }, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--legacy-peer-deps', '--no-package-lock', tarball], app);
  linkPeers(app, PEERS);
  step(`installed the tarball into ${app} with ${PEERS.join(', ')}: no azurerm`);
  const resolvable = spawnSync(process.execPath, ['-e', `require.resolve('${AZURERM}/package.json')`], { cwd: app });
  assert.notEqual(resolvable.status, 0, `${AZURERM} must not be resolvable from the Entra-only app`);
  const pkg = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', PKG.name, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'peerDependencies']) {
    assert.equal(pkg[field]?.[AZURERM], undefined, `the installed package.json lists ${AZURERM} in ${field}`);
  }
  // The README's tsconfig.json has skipLibCheck off: every declaration file the program reaches is checked,
  // so one naming azurerm would fail here.
  fs.writeFileSync(path.join(app, 'entra.ts'), ENTRA_ONLY);
  fs.copyFileSync(path.join(TEMPLATE, 'tsconfig.json'), path.join(app, 'tsconfig.json'));
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.'], app);
  step('type-checked and compiled the Entra-only program without azurerm, skipLibCheck off');

  const out = JSON.parse(run(process.execPath, [path.join('dist', 'entra.js')], app, { CDKTF_OUTDIR: path.join(app, 'cdktf.out.entra') }).trim().split('\n').pop()!);
  assert.deepEqual(out.azurerm, [], 'the Entra-only program loaded azurerm modules');
  assert.match(out.workloadError, /^\[wiring\/WorkerIdentity\] the workload wiring makes azurerm resources/);
  assert.ok(out.workloadError.includes(`npm install ${AZURERM}@^${PKG.devDependencies[AZURERM]}`), `the error names the package to install: ${out.workloadError}`);
  const json = synthJson(app, 'entra');
  const application = Object.values(json.resource.azuread_application) as any[];
  assert.deepEqual(application[0].app_role.map((r: any) => r.value), ['Orders.Read', 'Orders.Write']);
  const grants = Object.values(json.resource.azuread_app_role_assignment) as any[];
  assert.deepEqual(grants.map((g) => g.principal_object_id).sort(),
    ['11111111-2222-3333-4444-555555555555', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', '9a8b7c6d-1111-4222-8333-444455556666']);
  // time: the replication gate's time_sleep, which grants on an API made in the same apply wait on.
  assert.deepEqual(Object.keys(json.provider).sort(), ['azuread', 'time'], 'no azurerm provider block');
  assert.ok(!JSON.stringify(json).includes('azurerm'), 'nothing azurerm in the Entra-only stack');
  step('synthesized roles, a group grant and two managed-identity grants by principal id; no azurerm module loaded; WorkloadIdentity says what to install');
}

/**
 * A fresh cdktn app installed the way README "CDK Terrain" says: the library's tarball, cdktn, constructs and the
 * prebuilt @cdktn providers with npm, and the `overrides` entry that lets @cdktn/provider-azurerm 16.1.0 (peer
 * cdktn ^0.23.0) sit beside cdktn 0.24. npm here lacks @cdktn/provider-azuread and -time: scripts/flavour.ts
 * passes the npm tarballs their PyPI wheels carry (checked there by name and version) in CDKTN_PROVIDER_TARBALLS.
 */
function installAsReadmeSays(app: string, tarball: string): void {
  const fromWheels = JSON.parse(process.env.CDKTN_PROVIDER_TARBALLS ?? '{}') as Record<string, string>;
  const specs = [
    tarball, `typescript@${CONSUMER_TYPESCRIPT}`, `${PLATFORM.core}@${PLATFORM.coreVersion}`, `constructs@${PLATFORM.constructsVersion}`,
    ...Object.values(PLATFORM.providers).map((b) => fromWheels[b.npm] ?? `${b.npm}@${b.version}`),
  ];
  const manifest = { name: 'consumer-app', version: '1.0.0', private: true, overrides: { [AZURERM]: { [PLATFORM.core]: `$${PLATFORM.core}` } } };
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--engine-strict=false', ...specs], app);
  for (const pkg of [PLATFORM.core, ...Object.values(PLATFORM.providers).map((b) => b.npm)]) {
    assert.ok(!fs.lstatSync(path.join(app, 'node_modules', pkg)).isSymbolicLink(), `${pkg} is installed, not linked`);
  }
  step(`installed ${PKG.name}, ${PLATFORM.core}@${PLATFORM.coreVersion} and the prebuilt providers with npm, with the README's overrides entry`);
}

/**
 * The README example, synthesized in the cdktn app from the installed package, is what the cdktf package
 * synthesizes for it (run from the cdktf tree, CDKTF_TWIN_ROOT), apart from `//` metadata and provider versions.
 */
function sameAsCdktf(app: string, examples: string[]): void {
  const twin = process.env.CDKTF_TWIN_ROOT;
  assert.ok(twin && fs.existsSync(path.join(twin, 'lib', 'platform.ts')), 'CDKTF_TWIN_ROOT names the cdktf tree (scripts/flavour.ts consumer sets it)');
  const cdktfReadme = fs.readFileSync(path.join(twin, 'README.md'), 'utf8');
  examples.forEach((_code, i) => {
    const original = [...cdktfReadme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
      .filter((c) => c.includes(`from '${PLATFORMS.cdktf.library.npm}'`) && c.includes('app.synth()'))[i];
    assert.ok(original, `the cdktf README has example ${i + 1} too`);
    // In the cdktf tree (so that cdktf and its providers resolve there), in a folder git ignores.
    const dir = path.join(twin, 'test', `.readme-consumer-${process.pid}`);
    const file = path.join(dir, `readme${i + 1}.ts`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, original.replace(new RegExp(`from '${PLATFORMS.cdktf.library.npm}'`, 'g'), `from ${JSON.stringify(path.join(twin, 'lib'))}`));
    const outdir = path.join(app, `cdktf.out.twin${i + 1}`);
    try {
      // Run from the app's folder, so the local backend's path is the same; tsx named by its file, as the app has none.
      const tsx = url.pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json', { paths: [twin] })), 'dist', 'loader.mjs')).href;
      run(process.execPath, ['--import', tsx, file], app, { CDKTF_OUTDIR: outdir });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const cdktn = synthJson(app, `readme${i + 1}`);
    const cdktf = synthJson(app, `twin${i + 1}`);
    assert.equal(cdktn['//'].metadata.version, PLATFORM.coreVersion);
    assert.deepEqual(asCdktf(cdktn), cdktf, `README example ${i + 1}: the cdktn package's JSON differs from the cdktf package's beyond versions`);
  });
  step(`the README example${examples.length > 1 ? 's' : ''} synthesize${examples.length > 1 ? '' : 's'} to the cdktf package's JSON, apart from metadata and provider versions`);
}

/**
 * The cdktn package's jsii assembly has the cdktf package's types, members and docs: the same public API in every
 * language, once the platform's names (the assembly, the core, the provider packages) are mapped.
 */
function sameApiAsCdktf(installed: string): void {
  const twin = process.env.CDKTF_TWIN_ROOT!;
  if (!fs.existsSync(path.join(twin, '.jsii'))) run('npm', ['run', 'build'], twin);
  const from = PLATFORM;
  const to = PLATFORMS.cdktf;
  const normalise = (types: unknown) => JSON.parse(JSON.stringify(types)
    .split(`"${from.library.npm}.`).join(`"${to.library.npm}.`)
    .split(`"${from.library.npm}"`).join(`"${to.library.npm}"`)
    .split(`"${from.core}.`).join(`"${to.core}.`)
    .split(`"${from.providerScope}/provider-`).join(`"${to.providerScope}/provider-`));
  const cdktn = loadAssemblyFromFile(path.join(installed, '.jsii'), true);
  const cdktf = loadAssemblyFromFile(path.join(twin, '.jsii'), true);
  assert.deepEqual(Object.keys(normalise(cdktn.types)).sort(), Object.keys(cdktf.types ?? {}).sort(), 'the two packages export different types');
  assert.deepEqual(normalise(cdktn.types), cdktf.types, 'a type\'s members or docs differ between the two packages');
  step(`the jsii assembly has the cdktf package's ${Object.keys(cdktf.types ?? {}).length} types, members and docs`);
}

function synthJson(app: string, name: string): any {
  const stacks = path.join(app, `cdktf.out.${name}`, 'stacks');
  const [stack] = fs.readdirSync(stacks);
  return JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8'));
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-entra-consumer-'));
  const keep = process.env.KEEP_CONSUMER === '1';
  try {
    const tarball = pack(work);
    entraOnly(work, tarball);

    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true }, null, 2));
    // --legacy-peer-deps: install the package itself from the tarball; peers come from the links below. And the
    // consumer's own `npm install --save-dev typescript`, pinned: from npm's cache when it is there, else the registry.
    if (PLATFORM.name === 'cdktf') {
      run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--legacy-peer-deps', '--no-package-lock', tarball, `typescript@${CONSUMER_TYPESCRIPT}`], app);
      linkPeers(app, [...PEERS, AZURERM]);
    } else {
      installAsReadmeSays(app, tarball);
    }
    const installed = path.join(app, 'node_modules', PKG.name);
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), 'the package must be installed from the tarball, not linked');
    step(`installed the tarball into ${app}`);
    checkInstalledPackage(installed);

    const examples = readmeExamples();
    assert.ok(examples.length >= 1, 'README.md has no TypeScript example that imports the package and synthesizes');
    const programs: Record<string, string> = { main: MAIN };
    examples.forEach((code, i) => { programs[`readme${i + 1}`] = code; });
    for (const [name, code] of Object.entries(programs)) fs.writeFileSync(path.join(app, `${name}.ts`), code);
    for (const file of ['cdktf.json', 'tsconfig.json']) fs.copyFileSync(path.join(TEMPLATE, file), path.join(app, file));
    const version = run(path.join(app, 'node_modules', '.bin', 'tsc'), ['--version'], app).trim();
    assert.equal(version, `Version ${CONSUMER_TYPESCRIPT}`, 'the consumer compiles with the TypeScript it installed');

    // `cdktf synth` runs cdktf.json's app command with CDKTF_OUTDIR set; so does this, for main.ts.
    const { app: command } = JSON.parse(fs.readFileSync(path.join(app, 'cdktf.json'), 'utf8'));
    run('sh', ['-c', command], app, { CDKTF_OUTDIR: path.join(app, 'cdktf.out.main') });
    step(`ran cdktf.json's app (${command}): ${version} type-checked ${Object.keys(programs).join(', ')} and the package's .d.ts`);
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--noEmit'], app);
    step('the same tsconfig.json type-checks with the TypeScript 5 the library builds with');

    for (const name of Object.keys(programs).filter((n) => n !== 'main')) {
      run(process.execPath, [path.join('dist', `${name}.js`)], app, { CDKTF_OUTDIR: path.join(app, `cdktf.out.${name}`) });
    }
    step('synthesized every program with plain node');

    const json = synthJson(app, 'main');
    const application = Object.values(json.resource.azuread_application) as any[];
    assert.equal(application.length, 1);
    assert.deepEqual(application[0].app_role.map((r: any) => r.value), ['Orders.Admin', 'Orders.Read']);
    assert.equal(application[0].api.requested_access_token_version, 2);
    assert.deepEqual(application[0].api.oauth2_permission_scope.map((s: any) => s.value), ['Orders.Access']);
    const sp = Object.values(json.resource.azuread_service_principal) as any[];
    assert.equal(sp[0].app_role_assignment_required, true);
    const grants = Object.values(json.resource.azuread_app_role_assignment) as any[];
    assert.equal(grants.length, 3, 'two single grants and one table');
    assert.ok(grants.some((g) => g.principal_object_id === '11111111-2222-3333-4444-555555555555'), 'the group grant');
    assert.ok(grants.some((g) => /^\$\{azurerm_user_assigned_identity\.Worker\.principal_id\}$/.test(g.principal_object_id)),
      'the managed identity is granted by its principal id');
    const tableGrant = grants.find((g) => g.for_each);
    // Rows are keyed by role value and object id, so renaming a principal in the table keeps its assignment.
    assert.deepEqual(Object.keys(tableGrant.for_each), [1, 2, 3].map((i) => `Orders.Read 00000000-0000-4000-8000-00000000000${i}`));
    assert.equal(tableGrant.principal_object_id, '${each.value.principal_object_id}');
    assert.match(json.output.ordersScope.value, /^\$\{azuread_application_identifier_uri\..+\.identifier_uri\}\/\.default$/);
    for (let i = 1; i <= examples.length; i++) {
      const readme = synthJson(app, `readme${i}`);
      assert.ok(Object.keys(readme.resource?.azuread_app_role_assignment ?? {}).length >= 1, `README example ${i} grants a role`);
    }
    step('the synthesized Terraform JSON is as expected');
    if (PLATFORM.name !== 'cdktf') {
      sameAsCdktf(app, examples);
      sameApiAsCdktf(installed);
    }

    if (PKG.bin) {
      for (const name of Object.keys(PKG.bin)) {
        const bin = path.join(app, 'node_modules', '.bin', name);
        assert.ok(fs.existsSync(bin), `npm did not install the ${name} command`);
        const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${name} --help failed: ${r.stderr}`);
        assert.match(r.stdout, /Usage/);
      }
      step(`the installed command${Object.keys(PKG.bin).length > 1 ? 's run' : ' runs'}`);
    }
    step('passed');
  } finally {
    if (keep) process.stdout.write(`consumer: kept ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
