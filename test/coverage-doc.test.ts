import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { providerSchema } from './schema-check';

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'coverage.md');

/** The resource types docs/coverage.md must cover: the two a registration is, and the satellites the library writes. */
const TYPES = [
  'azuread_application', 'azuread_service_principal', 'azuread_application_identifier_uri', 'azuread_application_pre_authorized',
  'azuread_application_federated_identity_credential', 'azuread_application_password', 'azuread_application_certificate',
  'azuread_app_role_assignment', 'azuread_service_principal_delegated_permission_grant',
];

/** Every attribute and block of a schema block, as dotted paths (`api.oauth2_permission_scope.id`). */
function pathsOf(block: any, prefix = ''): string[] {
  const attrs = Object.keys(block.attributes ?? {}).map((k) => `${prefix}${k}`);
  const blocks = Object.entries<any>(block.block_types ?? {}).flatMap(([k, b]) => [`${prefix}${k}`, ...pathsOf(b.block, `${prefix}${k}.`)]);
  return [...attrs, ...blocks];
}

/** The tables of the doc: resource type -> row name -> [set by, notes]. */
function tables(markdown: string): Map<string, Map<string, [string, string]>> {
  const out = new Map<string, Map<string, [string, string]>>();
  let current: Map<string, [string, string]> | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## `([a-z_]+)`$/.exec(line);
    if (heading) {
      current = new Map();
      out.set(heading[1], current);
      continue;
    }
    const row = /^\| `([a-z0-9_.]+)` \|([^|]*)\|(.*)\|$/.exec(line);
    if (row && current) {
      assert.ok(!current.has(row[1]), `docs/coverage.md lists ${row[1]} twice in one table`);
      current.set(row[1], [row[2].trim(), row[3].trim()]);
    }
  }
  return out;
}

/** Every interface, class and enum of lib/: its body and what it extends. */
function declarations(): Map<string, { body: string; parents: string[] }> {
  const out = new Map<string, { body: string; parents: string[] }>();
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  for (const file of walk(path.join(ROOT, 'lib'))) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^export (?:abstract )?(?:interface|class|enum) (\w+)([^{]*)\{/gm)) {
      const end = src.indexOf('\n}\n', m.index);
      const parents = /extends ([\w, ]+?)(?: implements|$)/.exec(m[2].trim())?.[1].split(',').map((x) => x.trim()) ?? [];
      out.set(m[1], { body: src.slice(m.index, end), parents });
    }
  }
  return out;
}

function hasMember(decls: ReturnType<typeof declarations>, type: string, member: string): boolean {
  const d = decls.get(type);
  if (!d) return false;
  const re = new RegExp(`(\\breadonly ${member}\\??:|\\b${member}\\(|\\bget ${member}\\(|^\\s*${member} = )`, 'm');
  return re.test(d.body) || d.parents.some((p) => hasMember(decls, p, member));
}

describe('docs/coverage.md', () => {
  const doc = tables(fs.readFileSync(DOC, 'utf8'));
  const schema = providerSchema('azuread').resource_schemas;

  for (const type of TYPES) {
    it(`lists every argument, block and attribute of ${type} in the azuread 3.7.0 schema, and nothing else`, () => {
      const table = doc.get(type);
      assert.ok(table, `docs/coverage.md has no "## \`${type}\`" table`);
      const names = pathsOf(schema[type].block);
      assert.deepEqual(names.filter((n) => !table.has(n)), [], `missing from the ${type} table`);
      assert.deepEqual([...table.keys()].filter((n) => !names.includes(n)), [], `in the ${type} table but not in the schema`);
      for (const [name, [setBy]] of table) assert.ok(setBy.trim().length > 0, `${type}.${name} says neither what sets it nor why it is left out`);
    });
  }

  it('names only props and methods the library has', () => {
    const decls = declarations();
    const missing: string[] = [];
    for (const [type, table] of doc) {
      for (const [name, [setBy]] of table) {
        for (const m of setBy.matchAll(/`([A-Z]\w+)\.(\w+)`/g)) {
          if (!hasMember(decls, m[1], m[2])) missing.push(`${type}.${name}: ${m[1]}.${m[2]}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it('the member check finds what exists and refuses what does not', () => {
    const decls = declarations();
    assert.ok(hasMember(decls, 'ProtectedApiProps', 'displayName'), 'inherited from AppRegistrationProps');
    assert.ok(hasMember(decls, 'WebApp', 'addClientSecret'), 'inherited from ConfidentialClientAppBase');
    assert.ok(!hasMember(decls, 'AppRegistrationProps', 'featureTags'));
    assert.ok(!hasMember(decls, 'NoSuchType', 'x'));
  });

  it('covers every resource type of the azuread provider that the library can write', () => {
    const written = new Set<string>();
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
    for (const file of walk(path.join(ROOT, 'lib'))) {
      const src = fs.readFileSync(file, 'utf8');
      // Value imports and lazy requires make resources; an `import type` only reads them.
      const modules = [...src.matchAll(/^import (?!type )[^;]*?from '@cdktf\/provider-azuread\/lib\/([a-z0-9-]+)'/gm),
        ...src.matchAll(/require\('@cdktf\/provider-azuread\/lib\/([a-z0-9-]+)'\)/g)].map((m) => m[1]);
      for (const m of modules) if (!m.startsWith('data-') && m !== 'provider') written.add(`azuread_${m.replace(/-/g, '_')}`);
    }
    assert.deepEqual([...written].filter((t) => !TYPES.includes(t)).sort(), []);
  });
});
