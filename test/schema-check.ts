import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Checks synthesized Terraform JSON against the real provider schemas kept in `test/schemas/`
 * (`terraform providers schema -json` of azuread 3.7.0, azurerm 4.55.0 and time 0.13.1; see its README for
 * where they come from and how to refresh them). Nothing outside the repository is read.
 */

const SCHEMA_DIR = path.join(__dirname, 'schemas');
const FILES: Record<string, string> = {
  azuread: 'azuread-3.7.0.schema.json',
  azurerm: 'azurerm-4.55.0.schema.json',
  time: 'time-0.13.1.schema.json',
};

interface Attribute { type?: unknown; required?: boolean; optional?: boolean; computed?: boolean }
interface BlockType { nesting_mode: string; min_items?: number; max_items?: number; block: Block }
interface Block { attributes?: Record<string, Attribute>; block_types?: Record<string, BlockType> }
interface ProviderSchema { provider: { block: Block }; resource_schemas: Record<string, { block: Block }>; data_source_schemas: Record<string, { block: Block }> }

const cache = new Map<string, ProviderSchema>();

/** The schema of one provider (`azuread`, `azurerm` or `time`), loaded once. */
export function providerSchema(name: string): ProviderSchema {
  let s = cache.get(name);
  if (!s) {
    const file = FILES[name];
    if (!file) throw new Error(`no schema for provider '${name}'`);
    const json = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
    s = json.provider_schemas[`registry.terraform.io/hashicorp/${name}`] as ProviderSchema;
    cache.set(name, s);
  }
  return s;
}

/**
 * Providers whose schemas are not available here, with the types of theirs the library may
 * emit: skipped by name, never checked. Empty since the time provider's schema is kept
 * (`time_rotating` for client secrets, `time_sleep` for the replication gate); keep it so.
 */
export const UNCHECKED_PROVIDERS: Record<string, string[]> = {};

function isUnchecked(type: string): boolean {
  return (UNCHECKED_PROVIDERS[providerOf(type)] ?? []).includes(type);
}

/** Meta-arguments Terraform accepts on every resource or data source. */
const META = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'connection', 'provisioner']);

function isReference(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

function checkType(where: string, type: unknown, v: unknown, errors: string[]): void {
  if (isReference(v)) return;
  if (type === 'string') { if (typeof v !== 'string') errors.push(`${where}: expected a string, got ${JSON.stringify(v)}`); return; }
  if (type === 'bool') { if (typeof v !== 'boolean') errors.push(`${where}: expected a bool, got ${JSON.stringify(v)}`); return; }
  if (type === 'number') { if (typeof v !== 'number') errors.push(`${where}: expected a number, got ${JSON.stringify(v)}`); return; }
  if (Array.isArray(type)) {
    const [kind, inner] = type as [string, unknown];
    if (kind === 'list' || kind === 'set') {
      if (!Array.isArray(v)) { errors.push(`${where}: expected a ${kind}, got ${JSON.stringify(v)}`); return; }
      v.forEach((e, i) => checkType(`${where}[${i}]`, inner, e, errors));
      return;
    }
    if (kind === 'map') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) { errors.push(`${where}: expected a map, got ${JSON.stringify(v)}`); return; }
      for (const [k, e] of Object.entries(v)) checkType(`${where}.${k}`, inner, e, errors);
      return;
    }
    if (kind === 'object') {
      if (typeof v !== 'object' || v === null) { errors.push(`${where}: expected an object, got ${JSON.stringify(v)}`); return; }
      const fields = inner as Record<string, unknown>;
      for (const [k, e] of Object.entries(v)) {
        if (!(k in fields)) errors.push(`${where}.${k}: no such field`);
        else checkType(`${where}.${k}`, fields[k], e, errors);
      }
    }
  }
}

/** Checks one block's body against its schema, appending problems to `errors`. */
export function checkBlock(where: string, block: Block, body: Record<string, unknown>, errors: string[], meta = true): void {
  const attrs = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [key, value] of Object.entries(body)) {
    if (meta && META.has(key)) continue;
    if (key in attrs) {
      const a = attrs[key];
      if (a.computed && !a.optional && !a.required) errors.push(`${where}.${key}: is computed-only and cannot be set`);
      if (value !== null) checkType(`${where}.${key}`, a.type, value, errors);
      continue;
    }
    if (key in blocks) {
      const bt = blocks[key];
      if (isReference(value)) { errors.push(`${where}.${key}: a block cannot be a reference`); continue; }
      const items = Array.isArray(value) ? value : [value];
      if (bt.nesting_mode === 'single' && Array.isArray(value)) errors.push(`${where}.${key}: single block given as a list`);
      if (bt.min_items !== undefined && items.length < bt.min_items) errors.push(`${where}.${key}: at least ${bt.min_items} block(s) needed, got ${items.length}`);
      if (bt.max_items !== undefined && items.length > bt.max_items) errors.push(`${where}.${key}: at most ${bt.max_items} block(s) allowed, got ${items.length}`);
      items.forEach((item, i) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          errors.push(`${where}.${key}[${i}]: a block must be an object, got ${JSON.stringify(item)}`);
        } else {
          checkBlock(`${where}.${key}[${i}]`, bt.block, item as Record<string, unknown>, errors, false);
        }
      });
      continue;
    }
    errors.push(`${where}.${key}: no such attribute or block in the provider schema`);
  }
  for (const [key, a] of Object.entries(attrs)) {
    if (a.required && !(key in body)) errors.push(`${where}: required attribute '${key}' is missing`);
  }
  for (const [key, bt] of Object.entries(blocks)) {
    if ((bt.min_items ?? 0) > 0 && !(key in body)) errors.push(`${where}: required block '${key}' is missing`);
  }
}

function providerOf(type: string): string {
  return type.split('_')[0];
}

/** The problems of a synthesized stack against the provider schemas; empty when it conforms. */
export function schemaErrors(stackJson: any): string[] {
  const errors: string[] = [];
  for (const [type, byName] of Object.entries<any>(stackJson.resource ?? {})) {
    if (isUnchecked(type)) continue;
    const schema = FILES[providerOf(type)] ? providerSchema(providerOf(type)).resource_schemas[type] : undefined;
    if (!schema) { errors.push(`resource type ${type}: not in the azuread, azurerm or time schema`); continue; }
    for (const [name, body] of Object.entries<any>(byName)) checkBlock(`${type}.${name}`, schema.block, body, errors);
  }
  for (const [type, byName] of Object.entries<any>(stackJson.data ?? {})) {
    const schema = FILES[providerOf(type)] ? providerSchema(providerOf(type)).data_source_schemas[type] : undefined;
    if (!schema) { errors.push(`data source ${type}: not in the azuread, azurerm or time schema`); continue; }
    for (const [name, body] of Object.entries<any>(byName)) checkBlock(`data.${type}.${name}`, schema.block, body, errors);
  }
  for (const [name, configs] of Object.entries<any>(stackJson.provider ?? {})) {
    if (!FILES[name] && name in UNCHECKED_PROVIDERS) continue;
    if (!FILES[name]) { errors.push(`provider ${name}: no schema`); continue; }
    for (const [i, body] of (configs as any[]).entries()) checkBlock(`provider.${name}[${i}]`, providerSchema(name).provider.block, body, errors);
  }
  return errors;
}

/** Every `resource` and `data` type in a stack, as `resource:TYPE` / `data:TYPE`. */
export function typesIn(stackJson: any): string[] {
  return [
    ...Object.keys(stackJson.resource ?? {}).map((t) => `resource:${t}`),
    ...Object.keys(stackJson.data ?? {}).map((t) => `data:${t}`),
  ];
}
