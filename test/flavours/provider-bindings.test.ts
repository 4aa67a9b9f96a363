import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORMS, ProviderName } from '../../lib/platform';

// One set of provider rules for both flavours: test/schemas (azuread 3.7.0, azurerm 4.55.0) and
// test/provider-rules-check.ts hold for the cdktn bindings too (azuread 3.10.0, azurerm 4.73.0, time 0.14.2)
// because, for every provider submodule lib/ imports, the two bindings declare the same arguments, blocks and
// attributes, name for name and type for type. A binding is generated from its provider's schema, so this
// compares the schemas of exactly the types the library writes or reads. The differences there are, listed
// below, are arguments the library never sets. Run by `npm run test:all` (needs .cdktn/node_modules).

const ROOT = path.resolve(__dirname, '..', '..');
const CDKTN_MODULES = path.join(ROOT, '.cdktn', 'node_modules');

/** What cdktn's bindings declare beyond cdktf's, and why the library is unaffected. */
const KNOWN: Record<string, string[]> = {
  // azurerm 4.73.0 added an optional argument; the library's WorkloadIdentity does not set it.
  'azurerm/user-assigned-identity': [
    'UserAssignedIdentity.get isolationScope: string',
    'UserAssignedIdentity.get isolationScopeInput: string | undefined',
    'UserAssignedIdentityConfig.isolationScope?: string',
  ],
  // time 0.14 has provider functions; the library uses the time_rotating resource only.
  'time/provider': ['TimeProvider.get functions: TimeProviderFunctions'],
};

/** Every provider submodule lib/ imports or requires, as `provider/module`. */
function libModules(): string[] {
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
  const found = new Set<string>();
  const scope = PLATFORMS.cdktf.providerScope;
  for (const f of walk(path.join(ROOT, 'lib'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(new RegExp(`'${scope}/provider-(azuread|azurerm|time)/lib/([a-z0-9-]+)'`, 'g'))) found.add(`${m[1]}/${m[2]}`);
  }
  return [...found].sort();
}

/** The properties and getters a binding's module declares, by interface or class, without doc comments. */
function declared(file: string, core: string): string[] {
  const src = fs.readFileSync(file, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '').split(`${core}.`).join('core.');
  const out: string[] = [];
  let owner = '';
  for (const line of src.split('\n')) {
    const decl = /^export (?:interface|declare class) (\w+)/.exec(line);
    if (decl) owner = decl[1];
    const prop = /^\s+(?:readonly )?(\w+)(\??): (.+);$/.exec(line);
    if (prop && owner) out.push(`${owner}.${prop[1]}${prop[2]}: ${prop[3]}`);
    const getter = /^\s+get (\w+)\(\): (.+);$/.exec(line);
    if (getter && owner) out.push(`${owner}.get ${getter[1]}: ${getter[2]}`);
  }
  // The generators' own plumbing (cdktf's declares fields cdktn's keeps private), not the provider's schema.
  return out.filter((x) => !/\.(terraformResource|terraformAttribute|wrapsSet)\??:/.test(x)).sort();
}

describe('provider bindings of both flavours', () => {
  const modules = libModules();

  it('lib/ uses the submodules this test compares', () => {
    assert.ok(modules.length >= 18, `found only ${modules.join(', ')}`);
    assert.ok(fs.existsSync(CDKTN_MODULES), 'run npm run test:cdktn first: it installs the cdktn bindings into .cdktn/node_modules');
  });

  for (const mod of modules) {
    it(`${mod}: the same arguments, blocks and attributes in ${PLATFORMS.cdktf.core} and ${PLATFORMS.cdktn.core}`, () => {
      const [provider, sub] = mod.split('/') as [ProviderName, string];
      const cdktf = declared(require.resolve(`${PLATFORMS.cdktf.providers[provider].npm}/lib/${sub}/index.d.ts`, { paths: [ROOT] }), PLATFORMS.cdktf.core);
      const cdktn = declared(require.resolve(`${PLATFORMS.cdktn.providers[provider].npm}/lib/${sub}/index.d.ts`, { paths: [CDKTN_MODULES] }), PLATFORMS.cdktn.core);
      assert.ok(cdktf.length > 0, `nothing declared in ${mod}`);
      assert.deepEqual(cdktf.filter((x) => !cdktn.includes(x)), [], `${mod}: cdktn's binding lacks these`);
      assert.deepEqual(cdktn.filter((x) => !cdktf.includes(x)), KNOWN[mod] ?? [], `${mod}: cdktn's binding declares more than the known differences`);
    });
  }
});
