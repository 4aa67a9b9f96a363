import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORM, PLATFORMS, ProviderName, coreImportLine, platformNamed, providerImportLine, providerModule } from '../lib/platform';
import { AZURERM_PACKAGE } from '../lib/private/providers';
import { adoptProgram } from '../lib/tenant/adopt';
import { adoptMain } from '../lib/cli/adopt-command';
import { EXIT_OK, EXIT_USAGE } from '../lib/cli/io';
import { readTenantExport } from '../lib/tenant/tenant-export';
import { flavourManifest, renameSpecifiers, switchPlatform } from '../scripts/flavour';
import { GoNames, GoRole, goNames, goNamesOf, renameGoImports, renameGoSnippets } from '../scripts/go-names';
import { asCdktf } from './platform-json';

// lib/platform.ts is the one place that names the platform; scripts/flavour.ts builds the cdktn flavour
// from the same tree by renaming import specifiers. `npm run test:all` runs this file (and every other)
// on both flavours, so the checks against installed packages below hold for cdktf and for cdktn.

const ROOT = path.resolve(__dirname, '..');
const CONTOSO = path.join(__dirname, 'fixtures', 'tenant-export', 'contoso');
const PROVIDERS = Object.keys(PLATFORM.providers) as ProviderName[];
const q = (s: string) => `'${s}'`;

describe('platform', () => {
  it('names the installed packages at the versions it pins, and the provider versions they bind', () => {
    const version = (name: string) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
    assert.equal(version(PLATFORM.core), PLATFORM.coreVersion);
    assert.equal(version('constructs'), PLATFORM.constructsVersion);
    for (const p of PROVIDERS) {
      const b = PLATFORM.providers[p];
      assert.equal(version(b.npm), b.version, `${b.npm}`);
      assert.ok(b.npm.startsWith(`${PLATFORM.providerScope}/provider-`), b.npm);
      const Provider = Object.values(require(providerModule(p, 'provider')) as Record<string, any>).find((c) => typeof c === 'function' && c.tfResourceType === p);
      assert.ok(Provider, `${providerModule(p, 'provider')} exports the ${p} provider class`);
      // What the binding writes into required_providers: one resource's synthesized config says it.
      const src = fs.readFileSync(require.resolve(providerModule(p, 'provider')), 'utf8');
      assert.match(src, new RegExp(`providerVersion: '${b.terraform.replace(/\./g, '\\.')}'`), `${b.npm} binds ${p} ${b.terraform}`);
    }
  });

  it('agrees with package.json: peers, pinned devDependencies and jsii targets', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.name, PLATFORM.library.npm);
    assert.equal(pkg.peerDependencies[PLATFORM.core], PLATFORM.coreRange);
    assert.equal(pkg.devDependencies[PLATFORM.core], PLATFORM.coreVersion);
    assert.equal(pkg.devDependencies.constructs, PLATFORM.constructsVersion);
    for (const p of PROVIDERS) assert.equal(pkg.devDependencies[PLATFORM.providers[p].npm], PLATFORM.providers[p].version);
    for (const p of ['azuread', 'time'] as const) assert.equal(pkg.peerDependencies[PLATFORM.providers[p].npm], PLATFORM.providers[p].range);
    assert.deepEqual(pkg.jsii.targets.python, { distName: PLATFORM.library.pypi, module: PLATFORM.library.pythonModule });
    assert.equal(pkg.jsii.targets.dotnet.packageId, PLATFORM.library.dotnet);
    assert.equal(AZURERM_PACKAGE, `${PLATFORM.providers.azurerm.npm}@${PLATFORM.providers.azurerm.range}`);
    // The cdktf manifest, rewritten for cdktn, is what the flavour's package.json is: nothing else differs.
    const cdktn = flavourManifest(PLATFORM.name === 'cdktf' ? pkg : flavourManifest(pkg, PLATFORMS.cdktf, PLATFORMS.cdktn));
    assert.equal(cdktn.name, 'cdktn-entra-identity');
    assert.deepEqual(cdktn.peerDependencies, {
      '@cdktn/provider-azuread': '^17.1.0', '@cdktn/provider-time': '^14.0.2', 'cdktn': '^0.24.0', 'constructs': '>=10.6.0 <10.8.0',
    });
    assert.equal(cdktn.devDependencies['@cdktn/provider-azurerm'], '16.1.0');
    assert.equal(cdktn.devDependencies['@cdktf/provider-azurerm'], undefined);
    assert.deepEqual(Object.keys(cdktn.bin), ['cdktn-entra-identity']);
    assert.deepEqual({ ...cdktn, name: pkg.name, description: pkg.description, keywords: pkg.keywords, peerDependencies: pkg.peerDependencies,
      devDependencies: pkg.devDependencies, jsii: pkg.jsii, bin: pkg.bin }, PLATFORM.name === 'cdktf' ? pkg : cdktn);
  });

  it('finds a platform by name and refuses others, naming the two', () => {
    assert.equal(platformNamed('cdktn'), PLATFORMS.cdktn);
    assert.throws(() => platformNamed('cdk8s'), /unknown platform 'cdk8s': use cdktf \(CDK for Terraform\) or cdktn \(CDK Terrain\)/);
  });

  it('writes the import lines a generated program starts with', () => {
    assert.equal(coreImportLine(['App', 'TerraformStack'], PLATFORMS.cdktn), 'import { App, TerraformStack } from \'cdktn\';');
    assert.equal(providerImportLine('azuread', 'provider', ['AzureadProvider'], PLATFORMS.cdktf),
      'import { AzureadProvider } from \'@cdktf/provider-azuread/lib/provider\';');
  });
});

describe('the cdktn flavour (scripts/flavour.ts)', () => {
  it('renames import specifiers in module positions only', () => {
    const src = [
      'import { App, Testing } from \'cdktf\';',
      'import type { IResolveContext } from "cdktf/lib/tokens";',
      'import { Application } from \'@cdktf/provider-azuread/lib/application\';',
      'const { UserAssignedIdentity } = require(\'@cdktf/provider-azurerm/lib/user-assigned-identity\');',
      'type F = typeof import(\'@cdktf/provider-azurerm/lib/key-vault\');',
      'const key = \'cdktf-entra-identity:strict\'; const t = \'@cdktf/warn\'; const name = \'cdktf\'; import \'cdktf\';',
      'const s = "import { App } from \'cdktf\';"; // a program in a string is code too',
    ].join('\n');
    assert.equal(renameSpecifiers(src), [
      'import { App, Testing } from \'cdktn\';',
      'import type { IResolveContext } from "cdktn/lib/tokens";',
      'import { Application } from \'@cdktn/provider-azuread/lib/application\';',
      'const { UserAssignedIdentity } = require(\'@cdktn/provider-azurerm/lib/user-assigned-identity\');',
      'type F = typeof import(\'@cdktn/provider-azurerm/lib/key-vault\');',
      'const key = \'cdktf-entra-identity:strict\'; const t = \'@cdktf/warn\'; const name = \'cdktf\'; import \'cdktn\';',
      'const s = "import { App } from \'cdktn\';"; // a program in a string is code too',
    ].join('\n'));
    assert.equal(renameSpecifiers('import { x } from \'cdktf-entra-identity\';'), 'import { x } from \'cdktf-entra-identity\';');
  });

  it('flips the one flavour-switch line of lib/platform.ts, and refuses a file without exactly one', () => {
    const src = fs.readFileSync(path.join(ROOT, 'lib', 'platform.ts'), 'utf8');
    const flipped = switchPlatform(src, PLATFORMS.cdktn);
    assert.match(flipped, /^export const PLATFORM: Platform = PLATFORMS\.cdktn; \/\/ flavour-switch$/m);
    assert.equal(switchPlatform(flipped, PLATFORMS.cdktf).split('\n').filter((l, i) => l !== flipped.split('\n')[i]).length, 1);
    assert.throws(() => switchPlatform('export const x = 1;\n'), /exactly one flavour-switch line, found 0/);
  });

  it('makes required_providers and the core version cdktf\'s, checking they are the platform\'s own first', () => {
    const cdktn = { '//': { metadata: { version: '0.24.0', stackName: 's' } }, terraform: { required_providers: {
      azuread: { source: 'hashicorp/azuread', version: '3.10.0' }, azurerm: { source: 'azurerm', version: '4.73.0' }, time: { source: 'hashicorp/time', version: '0.14.2' },
    } }, resource: { x: { version: '3.10.0' } } };
    assert.deepEqual(asCdktf(cdktn, PLATFORMS.cdktn), { '//': { metadata: { version: '0.21.0', stackName: 's' } }, terraform: { required_providers: {
      azuread: { source: 'hashicorp/azuread', version: '3.7.0' }, azurerm: { source: 'azurerm', version: '4.55.0' }, time: { source: 'hashicorp/time', version: '0.13.1' },
    } }, resource: { x: { version: '3.10.0' } } });
    assert.throws(() => asCdktf({ terraform: { required_providers: { azuread: { version: '3.9.0' } } } }, PLATFORMS.cdktn),
      /required_providers\.azuread\.version is 3\.9\.0, but @cdktn\/provider-azuread@17\.1\.0 binds 3\.10\.0/);
    assert.equal(asCdktf(cdktn, PLATFORMS.cdktf), cdktn);
  });

  // What jsii-pacmak names each package's Go module on each platform (test/bindings/run.ts checks the same rule
  // against the go.mod files jsii-pacmak generates, on both platforms).
  const GO: Record<'cdktf' | 'cdktn', Record<GoRole, GoNames>> = {
    cdktf: {
      library: { module: 'github.com/cdktf-entra-identity/cdktf-entra-identity-go/cdktfentraidentity', package: 'cdktfentraidentity' },
      core: { module: 'github.com/hashicorp/terraform-cdk-go/cdktf', package: 'cdktf' },
      constructs: { module: 'github.com/aws/constructs-go/constructs/v10', package: 'constructs' },
      azuread: { module: 'github.com/cdktf/cdktf-provider-azuread-go/azuread/v14', package: 'azuread' },
      azurerm: { module: 'github.com/cdktf/cdktf-provider-azurerm-go/azurerm/v14', package: 'azurerm' },
      time: { module: 'github.com/cdktf/cdktf-provider-time-go/time/v11', package: 'time' },
    },
    cdktn: {
      library: { module: 'github.com/cdktf-entra-identity/cdktn-entra-identity-go/cdktnentraidentity', package: 'cdktnentraidentity' },
      core: { module: 'github.com/open-constructs/cdk-terrain-go/cdktn', package: 'cdktn' },
      constructs: { module: 'github.com/aws/constructs-go/constructs/v10', package: 'constructs' },
      azuread: { module: 'github.com/cdktn-io/cdktn-provider-azuread-go/azuread/v17', package: 'azuread' },
      azurerm: { module: 'github.com/cdktn-io/cdktn-provider-azurerm-go/azurerm/v16', package: 'azurerm' },
      time: { module: 'github.com/cdktn-io/cdktn-provider-time-go/time/v14', package: 'time' },
    },
  };
  const goMap = (name: 'cdktf' | 'cdktn') => new Map(Object.entries(GO[name]) as [GoRole, GoNames][]);
  const other = PLATFORM.name === 'cdktf' ? 'cdktn' : 'cdktf';

  it('derives Go module paths and package names from the jsii go target as jsii-pacmak does', () => {
    const go = (version: string, target?: object) => goNamesOf({ name: '@cdktn/provider-azuread', version, jsii: { targets: target ? { go: target } : {} } });
    assert.deepEqual(go('17.1.0', { moduleName: 'github.com/cdktn-io/cdktn-provider-azuread-go', packageName: 'azuread' }),
      { module: 'github.com/cdktn-io/cdktn-provider-azuread-go/azuread/v17', package: 'azuread' });
    assert.deepEqual(go('1.2.3', { moduleName: 'example.com/m', packageName: 'p' }), { module: 'example.com/m/p', package: 'p' });
    assert.deepEqual(go('0.24.0', { moduleName: 'example.com/m' }), { module: 'example.com/m/cdktnproviderazuread', package: 'cdktnproviderazuread' });
    assert.throws(() => go('17.1.0'), /@cdktn\/provider-azuread declares no jsii go target/);
    // The installed packages of this platform (both flavours run this file).
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(goNames(PLATFORM, pkg, ROOT), goMap(PLATFORM.name));
  });

  it('renames a Go program\'s imports and root qualifiers to the other platform\'s, and back to the same bytes', () => {
    const main = fs.readFileSync(path.join(ROOT, 'examples', 'entra-only', 'main.go'), 'utf8');
    const renamed = renameGoImports(main, goMap(PLATFORM.name), goMap(other));
    const imports = (src: string) => /^import \(([^)]*)\)/m.exec(src)![1].trim().split(/\s+/);
    assert.deepEqual(imports(renamed), ['"github.com/aws/jsii-runtime-go"', `"${GO[other].library.module}"`,
      `"${GO[other].azuread.module}/provider"`, `"${GO[other].core.module}"`].sort((a, b) => (a < b ? -1 : 1)));
    assert.match(renamed, new RegExp(`app := ${GO[other].core.package}\\.NewApp\\(nil\\)`));
    assert.match(renamed, new RegExp(`${GO[other].library.package}\\.NewProtectedApi\\(stack`));
    assert.doesNotMatch(renamed, new RegExp(`\\b(${GO[PLATFORM.name].core.package}|${GO[PLATFORM.name].library.package})\\.[A-Z]`));
    assert.equal(renameGoImports(renamed, goMap(other), goMap(PLATFORM.name)), main);

    // An alias keeps its name (and so its qualifier); a single-line import moves too; other modules stay.
    const cdktf = goMap('cdktf');
    const cdktn = goMap('cdktn');
    const src = [
      'import tf "github.com/hashicorp/terraform-cdk-go/cdktf"',
      'import (',
      '\t"fmt"',
      '\t"github.com/cdktf/cdktf-provider-time-go/time/v11/sleep"',
      ')',
      'var _ = tf.NewApp(nil); var _ = sleep.NewSleep; var s = "cdktf.App is a string" // cdktf.X in a comment',
    ].join('\n');
    assert.equal(renameGoImports(src, cdktf, cdktn), [
      'import tf "github.com/open-constructs/cdk-terrain-go/cdktn"',
      'import (',
      '\t"fmt"',
      '\t"github.com/cdktn-io/cdktn-provider-time-go/time/v14/sleep"',
      ')',
      'var _ = tf.NewApp(nil); var _ = sleep.NewSleep; var s = "cdktf.App is a string" // cdktf.X in a comment',
    ].join('\n'));
    // Without the alias, the qualifier follows the package name, wherever it stands before an exported name.
    assert.equal(renameGoImports('import "github.com/hashicorp/terraform-cdk-go/cdktf"\nvar a = cdktf.NewApp(nil) // cdktf.App, cdktfx.Y\n', cdktf, cdktn),
      'import "github.com/open-constructs/cdk-terrain-go/cdktn"\nvar a = cdktn.NewApp(nil) // cdktn.App, cdktfx.Y\n');
    assert.throws(() => renameGoImports('import "github.com/hashicorp/terraform-cdk-go/cdktf"\nvar a = cdktf.NewApp(nil); var b = cdktn.X\n', cdktf, cdktn),
      /already uses the qualifier cdktn: renaming cdktf to it would merge two packages/);
  });

  it('renames the root qualifiers of a Markdown file\'s go blocks, which carry no imports, and nothing else', () => {
    const md = ['Go:', '', '```go', 'app := cdktf.NewApp(nil)', 'api := cdktfentraidentity.NewProtectedApi(stack, nil, nil)', '```', '',
      'cdktf.NewApp in prose stays.', '', '```ts', 'cdktf.App', '```', ''].join('\n');
    assert.equal(renameGoSnippets(md, goMap('cdktf'), goMap('cdktn')), ['Go:', '', '```go', 'app := cdktn.NewApp(nil)',
      'api := cdktnentraidentity.NewProtectedApi(stack, nil, nil)', '```', '', 'cdktf.NewApp in prose stays.', '', '```ts', 'cdktf.App', '```', ''].join('\n'));
  });
});

describe('adopt --platform', () => {
  const exp = readTenantExport(CONTOSO);

  it('writes the same program for cdktn with the imports renamed, and the cdktn package as the default library', () => {
    const opts = { library: '../../lib', source: 'contoso' };
    const cdktf = adoptProgram(exp, { ...opts, platform: 'cdktf' }).program;
    const cdktn = adoptProgram(exp, { ...opts, platform: 'cdktn' }).program;
    // (Lines built from their parts: scripts/flavour.ts renames a literal import in this file too.)
    const lines = (p: string) => p.split('\n');
    assert.ok(lines(cdktf).includes(`import { App, TerraformStack } from ${q('cdktf')};`));
    assert.ok(lines(cdktn).includes(`import { App, TerraformStack } from ${q('cdktn')};`));
    assert.ok(lines(cdktn).includes(`import { AzureadProvider } from ${q('@cdktn/provider-azuread/lib/provider')};`));
    // The header names the package of the platform the program is for; everything else is the same program.
    const generatedBy = (p: string) => `// Generated by \`${p} adopt\` from the tenant export in 'contoso'.`;
    assert.equal(lines(cdktf)[0], generatedBy('cdktf-entra-identity'));
    assert.equal(lines(cdktn)[0], generatedBy('cdktn-entra-identity'));
    assert.equal(cdktn, renameSpecifiers(cdktf).replace(generatedBy('cdktf-entra-identity'), generatedBy('cdktn-entra-identity')));
    assert.doesNotMatch(cdktn, /cdktf/, 'nothing in the cdktn program names cdktf');
    assert.equal(adoptProgram(exp, { platform: 'cdktn' }).program, renameSpecifiers(adoptProgram(exp, { platform: 'cdktf' }).program)
      .replace(/} from 'cdktf-entra-identity';/, '} from \'cdktn-entra-identity\';')
      .replace('Generated by `cdktf-entra-identity adopt`', 'Generated by `cdktn-entra-identity adopt`'));
    // Without the option, the platform this copy is built for: the cdktn suite runs the program it writes.
    assert.equal(adoptProgram(exp, opts).program, PLATFORM.name === 'cdktf' ? cdktf : cdktn);
  });

  it('takes --platform on the command line, and refuses an unknown one with the usage exit code', () => {
    const io = () => {
      const r = { out: '', err: '', written: {} as Record<string, string> };
      return { r, io: {
        stdout: (t: string) => { r.out += t; }, stderr: (t: string) => { r.err += t; }, readFile: (f: string): string => { throw new Error(`no readFile('${f}')`); },
        writeFile: (f: string, t: string) => { r.written[f] = t; }, exists: () => false,
      } };
    };
    const ok = io();
    assert.equal(adoptMain([CONTOSO, '--platform', 'cdktn', '--out', 'main.ts'], ok.io), EXIT_OK);
    assert.ok(ok.r.written['main.ts'].split('\n').includes(`import { App, TerraformStack } from ${q('cdktn')};`));
    assert.match(ok.r.written['main.ts'], /^} from 'cdktn-entra-identity';$/m);
    assert.match(ok.r.written['main.ts'], /^\/\/ Generated by `cdktn-entra-identity adopt` from the tenant export in 'contoso'\.\n/);
    const bad = io();
    assert.equal(adoptMain([CONTOSO, '--platform=terraform'], bad.io), EXIT_USAGE);
    assert.match(bad.r.err, /--platform must be cdktf \(CDK for Terraform\) or cdktn \(CDK Terrain\), got 'terraform'/);
  });
});

describe('adopt --platform, run from bin/: every line names the package of the platform the program is for', () => {
  const bin = path.join(ROOT, 'bin', 'cdktf-entra-identity.js');
  const adopt = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', bin, 'adopt', CONTOSO, ...args], { cwd: ROOT, encoding: 'utf8' });
  // The contoso export holds a v1-token API and a grant of a disabled role: building the program in memory warns of both.
  const WARNED = ['[adopted/ReportsApi] accessTokenVersion is 1', '[adopted/OrdersApi/Grant:BillingConnector:Orders.Legacy] app role \'Orders.Legacy\' is disabled'];

  for (const [platform, other] of [['cdktn', 'cdktf'], ['cdktf', 'cdktn']] as const) {
    it(`--platform ${platform}: the header and the warnings name ${PLATFORMS[platform].library.npm}, never ${PLATFORMS[other].library.npm}`, () => {
      const r = adopt('--platform', platform);
      assert.equal(r.status, EXIT_OK, r.stderr);
      const name = PLATFORMS[platform].library.npm;
      assert.equal(r.stdout.split('\n')[0], `// Generated by \`${name} adopt\` from the tenant export in 'contoso'.`);
      assert.match(r.stdout, new RegExp(`^} from '${name}';$`, 'm'));
      const warnings = r.stderr.split('\n').filter((l) => / warning: \[/.test(l));
      assert.deepEqual(warnings.map((l) => WARNED.findIndex((w) => l.startsWith(`${name} warning: ${w}`))).sort(), [0, 1], r.stderr);
      assert.ok(!r.stdout.includes(PLATFORMS[other].library.npm) && !r.stderr.includes(PLATFORMS[other].library.npm), r.stderr);
    });
  }
});
