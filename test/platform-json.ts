// Synthesized Terraform JSON across the two flavours (lib/platform.ts). What cdktf and cdktn write for
// the same program differs only in the core's version in the `//` metadata and the provider versions in
// `terraform.required_providers` (each prebuilt binding pins the provider it was generated from).
// No cdktf import: the flavour comparison loads this beside both flavours' output.
import { PLATFORM, PLATFORMS, Platform, ProviderName } from '../lib/platform';

function providerOf(platform: Platform, name: string): ProviderName | undefined {
  return (Object.keys(platform.providers) as ProviderName[]).includes(name as ProviderName) ? name as ProviderName : undefined;
}

/**
 * `json` (one stack's Terraform JSON, or any object holding stacks' JSON) as the cdktf flavour writes it:
 * each `required_providers` version and `//`.metadata.version is checked to be `from`'s own (so a wrong
 * version still fails) and replaced by cdktf's. On cdktf it returns `json` as it is.
 */
export function asCdktf<T>(json: T, from: Platform = PLATFORM): T {
  if (from.name === 'cdktf') return json;
  const to = PLATFORMS.cdktf;
  const walk = (o: unknown, where: string): unknown => {
    if (Array.isArray(o)) return o.map((v, i) => walk(v, `${where}[${i}]`));
    if (o === null || typeof o !== 'object') return o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'required_providers' && v !== null && typeof v === 'object') {
        out[k] = Object.fromEntries(Object.entries(v as Record<string, { version?: string }>).map(([name, req]) => {
          const p = providerOf(from, name);
          if (p === undefined || req.version === undefined) return [name, req];
          if (req.version !== from.providers[p].terraform) {
            throw new Error(`${where}.required_providers.${name}.version is ${req.version}, but ${from.providers[p].npm}@${from.providers[p].version} binds ${from.providers[p].terraform}`);
          }
          return [name, { ...req, version: to.providers[p].terraform }];
        }));
      } else if (k === '//' && v !== null && typeof v === 'object' && (v as { metadata?: { version?: string } }).metadata?.version !== undefined) {
        const meta = (v as { metadata: { version: string } }).metadata;
        if (meta.version !== from.coreVersion) throw new Error(`${where}["//"].metadata.version is ${meta.version}, expected ${from.core} ${from.coreVersion}`);
        out[k] = { ...(v as object), metadata: { ...meta, version: to.coreVersion } };
      } else {
        out[k] = walk(v, `${where}.${k}`);
      }
    }
    return out;
  };
  return walk(json, '$') as T;
}
