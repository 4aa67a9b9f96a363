import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORM } from '../lib/platform';
import { AZURERM_PACKAGE } from '../lib/private/providers';

const ROOT = path.resolve(__dirname, '..');
const SCOPE = PLATFORM.providerScope;
const ROOT_IMPORT = new RegExp(`(?:from\\s+|require\\(\\s*|import\\(\\s*)['"]${SCOPE}/provider-(?:azuread|azurerm|time)['"]`);
const AZURERM = PLATFORM.providers.azurerm;

function files(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : ext.test(e.name) ? [p] : [];
  });
}

describe('provider imports', () => {
  it('no source, test, example or declaration file imports a provider package from its root', () => {
    const all = ['lib', 'test', 'examples', 'bench', 'bin', 'build'].flatMap((d) => files(path.join(ROOT, d), /\.(ts|js|mjs|cjs)$/));
    assert.ok(all.length > 10);
    const offenders = all.filter((f) => f !== __filename && ROOT_IMPORT.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(ROOT, f)), []);
  });

  it('loading the library loads provider submodules only, never a provider index', () => {
    const script = `
      require(${JSON.stringify(path.join(ROOT, 'lib', 'index.ts'))});
      const roots = Object.keys(require.cache).filter((k) => /${SCOPE}[\\\\/]provider-[a-z]+[\\\\/]lib[\\\\/](index|lazy-index)\\.js$/.test(k));
      const subs = Object.keys(require.cache).filter((k) => /${SCOPE}[\\\\/]provider-azuread[\\\\/]lib[\\\\/][a-z-]+[\\\\/]index\\.js$/.test(k));
      process.stdout.write(JSON.stringify({ roots, subs: subs.length }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    assert.deepEqual(out.roots, []);
    assert.ok(out.subs >= 3, `expected the library to load some azuread submodules, got ${out.subs}`);
  });

  it('loading the library and building an API with roles and grants loads no azurerm module', () => {
    const script = `
      const { App, TerraformStack } = require('cdktf');
      const { EntraGroup, ManagedIdentity, MemberType, ProtectedApi } = require(${JSON.stringify(path.join(ROOT, 'lib', 'index.ts'))});
      const stack = new TerraformStack(new App({ outdir: require('node:os').tmpdir() + '/entra-only-' + process.pid }), 's');
      new (require('@cdktf/provider-azuread/lib/provider').AzureadProvider)(stack, 'azuread', {});
      const api = new ProtectedApi(stack, 'Api', { displayName: 'Orders API' });
      const read = api.addAppRole('Orders.Read', { description: 'Read', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
      api.grantAppRole(EntraGroup.fromObjectId(stack, 'Readers', '11111111-2222-3333-4444-555555555555'), read);
      api.grantAppRole(ManagedIdentity.fromSystemAssigned(stack, 'Fn', { principalId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }), read);
      const json = JSON.parse(require('cdktf').Testing.synth(stack, true));
      process.stdout.write(JSON.stringify({
        grants: Object.keys(json.resource.azuread_app_role_assignment).length,
        azurerm: Object.keys(require.cache).filter((k) => /provider-azurerm/.test(k)),
      }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    assert.deepEqual(out, { grants: 2, azurerm: [] });
  });
});

describe('azurerm is not a dependency', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it('package.json lists it neither as a dependency nor as a peer (jsii would make a peer a hard dependency in every language)', () => {
    for (const field of ['dependencies', 'peerDependencies', 'bundledDependencies']) {
      assert.equal(pkg[field]?.[AZURERM.npm], undefined, `${field} must not list ${AZURERM.npm}`);
    }
    assert.equal(pkg.devDependencies[AZURERM.npm], AZURERM.version, 'the tests and examples still need it, pinned to lib/platform.ts\'s version');
  });

  it('only lib/private/providers.ts loads azurerm; the rest of lib/ names no azurerm module at all', () => {
    // lib/platform.ts names every platform's packages as data and loads none of them.
    const lib = files(path.join(ROOT, 'lib'), /\.ts$/).filter((f) => f !== path.join(ROOT, 'lib', 'platform.ts'));
    const naming = lib.filter((f) => new RegExp(`['"]${SCOPE}/provider-azurerm`).test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(naming.map((f) => path.relative(ROOT, f)), [path.join('lib', 'private', 'providers.ts')]);
  });

  it('the error for a missing azurerm package names the version range package.json develops against', () => {
    assert.equal(AZURERM_PACKAGE, `${AZURERM.npm}@^${pkg.devDependencies[AZURERM.npm]}`);
  });
});
