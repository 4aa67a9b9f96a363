/**
 * Refreshes the provider schemas in this folder from full `terraform providers schema -json` output.
 *
 *   npx tsx test/schemas/prune.ts <full-schema.json> [resource:TYPE | data:TYPE ...]
 *
 * The provider is read from the file. Its provider block is kept, and of its resources and data
 * sources only those already in this folder's copy plus the ones named on the command line (all of
 * them for azuread, which is small). The output is `<name>-<version>.schema.json` here, in the
 * input's format. See README.md in this folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const KEEP_ALL = new Set(['azuread']);

function main(): void {
  const [input, ...extra] = process.argv.slice(2);
  if (!input) throw new Error('usage: npx tsx test/schemas/prune.ts <full-schema.json> [resource:TYPE | data:TYPE ...]');
  const full = JSON.parse(fs.readFileSync(input, 'utf8'));
  const [address] = Object.keys(full.provider_schemas);
  const name = address.split('/').pop() as string;
  const version = /(\d+\.\d+\.\d+)/.exec(path.basename(input))?.[1];
  if (!version) throw new Error(`cannot tell the provider version from the file name ${input}; name it <provider>-<version>.schema.json`);
  const out = path.join(__dirname, `${name}-${version}.schema.json`);
  const previous = fs.readdirSync(__dirname).find((f) => f.startsWith(`${name}-`) && f.endsWith('.schema.json'));
  const kept = previous ? JSON.parse(fs.readFileSync(path.join(__dirname, previous), 'utf8')).provider_schemas[address] : {};
  const want = (kind: 'resource' | 'data', key: 'resource_schemas' | 'data_source_schemas'): Set<string> => new Set([
    ...Object.keys(kept[key] ?? {}),
    ...extra.filter((e) => e.startsWith(`${kind}:`)).map((e) => e.slice(kind.length + 1)),
  ]);
  const schema = full.provider_schemas[address];
  const pick = (key: 'resource_schemas' | 'data_source_schemas', types: Set<string>) => {
    if (KEEP_ALL.has(name)) return schema[key];
    const missing = [...types].filter((t) => !(t in schema[key]));
    if (missing.length) throw new Error(`${input} has no ${missing.join(', ')}`);
    return Object.fromEntries(Object.keys(schema[key]).filter((t) => types.has(t)).map((t) => [t, schema[key][t]]));
  };
  const pruned = {
    format_version: full.format_version,
    provider_schemas: {
      [address]: {
        provider: schema.provider,
        resource_schemas: pick('resource_schemas', want('resource', 'resource_schemas')),
        data_source_schemas: pick('data_source_schemas', want('data', 'data_source_schemas')),
      },
    },
  };
  if (previous && previous !== path.basename(out)) fs.rmSync(path.join(__dirname, previous));
  fs.writeFileSync(out, `${JSON.stringify(pruned)}\n`);
  const p = pruned.provider_schemas[address];
  process.stdout.write(`${path.relative(process.cwd(), out)}: ${Object.keys(p.resource_schemas).length} resources, ${Object.keys(p.data_source_schemas).length} data sources\n`);
}

main();
