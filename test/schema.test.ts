import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PLATFORM } from '../lib/platform';
import { synthesizeAll } from './all-stacks';
import { checkBlock, providerSchema, schemaErrors, typesIn } from './schema-check';

const ROOT = path.resolve(__dirname, '..');

/**
 * The Terraform types of the provider classes `lib/` uses: imported as values, or loaded on
 * first use by `require('<deep path>').<Class>` (lib/private/providers.ts).
 */
function typesTheLibraryCanEmit(): string[] {
  const types = new Set<string>();
  const add = (modulePath: string, className: string) => {
    const cls = require(modulePath)[className];
    assert.equal(typeof cls, 'function', `${modulePath} has no class ${className}`);
    if (typeof cls.tfResourceType === 'string' && !/Provider$/.test(className)) {
      types.add(`${className.startsWith('Data') ? 'data' : 'resource'}:${cls.tfResourceType}`);
    }
  };
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : []);
  for (const file of walk(path.join(ROOT, 'lib'))) {
    const src = fs.readFileSync(file, 'utf8');
    const imports = new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s+from\\s+'(${PLATFORM.providerScope}/provider-[a-z]+/lib/[a-z0-9-]+)'`, 'g');
    for (const m of src.matchAll(imports)) {
      if (m[1]) continue;
      for (const spec of m[2].split(',').map((x) => x.trim().split(/\s+as\s+/)[0]).filter(Boolean)) add(m[3], spec);
    }
    const requires = new RegExp(`require\\('(${PLATFORM.providerScope}/provider-[a-z]+/lib/[a-z0-9-]+)'\\)\\.(\\w+)`, 'g');
    for (const m of src.matchAll(requires)) add(m[1], m[2]);
  }
  return [...types].sort();
}

describe('provider schemas', () => {
  const all = synthesizeAll();

  for (const { name, json } of all) {
    it(`${name} uses only attributes and blocks the real providers accept`, () => {
      assert.deepEqual(schemaErrors(json), []);
    });
  }

  it('covers every resource and data source type the library can emit', () => {
    const seen = new Set(all.flatMap(({ json }) => typesIn(json)));
    const emitted = typesTheLibraryCanEmit();
    assert.ok(emitted.length >= 15, `found only ${emitted.length} provider classes in lib/; is a lazy require missed?`);
    for (const lazy of ['data:azuread_group', 'resource:azuread_application_pre_authorized', 'resource:azurerm_key_vault_access_policy', 'resource:time_rotating', 'resource:time_sleep']) {
      assert.ok(emitted.includes(lazy), `the scan misses ${lazy}, which lib/private/providers.ts loads on first use`);
    }
    const missing = emitted.filter((t) => !seen.has(t));
    assert.deepEqual(missing, [], 'add these to an example or to test/fixtures/ so the schema test sees them');
  });

  it('reports an attribute that does not exist', () => {
    const errors = schemaErrors({ resource: { azuread_app_role_assignment: { x: { app_role_id: 'a', principal_object_id: 'b', resource_object_id: 'c', role_id: 'd' } } } });
    assert.deepEqual(errors, ['azuread_app_role_assignment.x.role_id: no such attribute or block in the provider schema']);
  });

  it('reports a missing required attribute and a computed-only attribute', () => {
    const errors = schemaErrors({ resource: { azuread_app_role_assignment: { x: { app_role_id: 'a', principal_object_id: 'b', principal_type: 'User' } } } });
    assert.ok(errors.includes('azuread_app_role_assignment.x.principal_type: is computed-only and cannot be set'), errors.join('\n'));
    assert.ok(errors.includes("azuread_app_role_assignment.x: required attribute 'resource_object_id' is missing"), errors.join('\n'));
  });

  it('reports blocks nested wrongly, too many blocks and wrong value types', () => {
    const block = providerSchema('azuread').resource_schemas.azuread_application.block;
    const errors: string[] = [];
    checkBlock('app', block, { display_name: 'x', api: [{}, {}], app_role: [{ id: 'i', description: 'd', display_name: 'n', allowed_member_types: 'User' }], owners: 'me', prevent_duplicate_names: 'yes' }, errors);
    assert.ok(errors.includes('app.api: at most 1 block(s) allowed, got 2'), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('app.app_role[0].allowed_member_types: expected a set')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('app.prevent_duplicate_names: expected a bool')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('app.owners: expected a set')), errors.join('\n'));
  });

  it('reports resource types no provider has', () => {
    assert.deepEqual(schemaErrors({ resource: { azuread_app_role: { x: {} } } }), ['resource type azuread_app_role: not in the azuread, azurerm or time schema']);
  });
});
