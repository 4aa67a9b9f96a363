import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from 'cdktf';
import { CONTAINER_APP_TYPE } from './workload-names';

/**
 * Reading what a user actually configured on an azurerm resource, and judging it
 * token-aware: values are resolved to Terraform JSON first, so a literal stays a literal
 * and a token becomes a `${...}` expression that is only compared, never parsed as a value.
 */


/** The element's configuration as it will be written to cdk.tf.json, with tokens as `${...}` expressions. */
export function configuredBody(element: TerraformElement): Record<string, any> {
  const stack = TerraformStack.of(element);
  const json = Tokenization.resolve(element.toTerraform(), {
    scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()),
  });
  for (const kind of ['resource', 'data']) {
    for (const byName of Object.values<any>(json?.[kind] ?? {})) {
      const body = Object.values<any>(byName)[0];
      if (body) return body;
    }
  }
  return {};
}

/** Resolves one value (e.g. a token string) to what cdk.tf.json will hold. */
export function resolvedValue(scope: TerraformElement | import('constructs').IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, {
    scope: TerraformStack.of(scope), preparing: false, resolver: new DefaultTokenResolver(new StringConcat()),
  });
}

/** Whether a resolved value is (or contains) a Terraform expression: known only at apply. */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

const REFERENCE = /^\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;

/**
 * Whether two resolved values are the same: `true`, `false`, or `undefined` when that
 * can only be known at apply. Two literals compare (case-insensitively: Azure ids are);
 * two plain references to the same attribute of two different resources differ;
 * anything else involving an expression is unknown.
 */
export function sameValue(a: unknown, b: unknown): boolean | undefined {
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  if (a === b) return true;
  if (!isExpression(a) && !isExpression(b)) return a.toLowerCase() === b.toLowerCase();
  const ra = REFERENCE.exec(a);
  const rb = REFERENCE.exec(b);
  if (ra && rb && ra[2] === rb[2] && ra[1] !== rb[1]) return false;
  return undefined;
}

/** Whether `list` holds `value`: `true`, `false`, or `undefined` when only apply can tell. */
export function listHolds(list: unknown, value: unknown): boolean | undefined {
  if (!Array.isArray(list)) return undefined;
  let unknown = false;
  for (const entry of list) {
    const same = sameValue(entry, value);
    if (same === true) return true;
    if (same === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

/** A single nested block as an object, whether it was rendered as an object or a one-element list. */
export function singleBlock(v: unknown): Record<string, any> | undefined {
  if (Array.isArray(v)) return v.length > 0 && typeof v[0] === 'object' ? v[0] : undefined;
  if (v && typeof v === 'object') return v as Record<string, any>;
  return undefined;
}

/** A repeated nested block as a list of objects. */
export function blockList(v: unknown): Record<string, any>[] {
  if (Array.isArray(v)) return v.filter((e) => e && typeof e === 'object');
  if (v && typeof v === 'object') return [v as Record<string, any>];
  return [];
}

/** The configured identity block of an app: which types it has and which user-assigned identity ids. */
export interface ConfiguredIdentity {
  /** `undefined` when the app has no identity block. */
  readonly present: boolean;
  /** The types, or `undefined` when the type is an expression. */
  readonly types?: Set<string>;
  /** The identity ids as resolved (may hold expressions), or `undefined` when the whole list is an expression or absent. */
  readonly identityIds?: unknown[];
  /** The type exactly as configured, for messages. */
  readonly typeText: string;
}

/** Reads an app's `identity` block. */
export function configuredIdentity(body: Record<string, any>): ConfiguredIdentity {
  const block = singleBlock(body.identity);
  if (!block) return { present: false, typeText: '(none)' };
  const type = block.type;
  const types = typeof type === 'string' && !isExpression(type)
    ? new Set(type.split(',').map((t) => t.trim()).filter(Boolean)) : undefined;
  const ids = Array.isArray(block.identity_ids) ? block.identity_ids : block.identity_ids === undefined ? [] : undefined;
  return { present: true, types, identityIds: ids, typeText: String(type) };
}

/**
 * The app's settings by name: App Service `app_settings`, or every container's `env` of a
 * Container App. `undefined` when the settings are one expression and cannot be read.
 */
export function configuredSettings(type: string, body: Record<string, any>): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  if (type === CONTAINER_APP_TYPE) {
    const template = singleBlock(body.template);
    for (const container of blockList(template?.container)) {
      if (isExpression(container.env)) return undefined;
      for (const env of blockList(container.env)) {
        if (typeof env.name === 'string') out.set(env.name, env.value ?? (env.secret_name !== undefined ? `secretref:${env.secret_name}` : undefined));
      }
    }
    return out;
  }
  const settings = body.app_settings;
  if (settings === undefined) return out;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return undefined;
  for (const [k, v] of Object.entries(settings)) out.set(k, v);
  return out;
}

/** The names of App Service settings whose value is a Key Vault reference. */
export function keyVaultReferenceSettings(settings: Map<string, unknown>): string[] {
  return [...settings.entries()]
    .filter(([, v]) => typeof v === 'string' && /@Microsoft\.KeyVault\(/i.test(v))
    .map(([k]) => k)
    .sort();
}

/** Container App secrets that are read from Key Vault, with the identity each names. */
export function keyVaultSecrets(body: Record<string, any>): { name: string; identity: unknown }[] {
  return blockList(body.secret)
    .filter((s) => s.key_vault_secret_id !== undefined)
    .map((s) => ({ name: String(s.name), identity: s.identity }));
}

/** A resolved value for a message: literals quoted, expressions as they are. */
export function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}
