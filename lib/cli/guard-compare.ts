// The replacement guard's comparison (ReplacementGuard, replacement-guard.ts): two `cdk.tf.json`, what
// a change destroys or replaces. Loaded on first use; no cdktf or provider imports.
import { compareStrings as compare } from '../private/order';
import { GuardFinding, GuardFindingType } from './replacement-guard';

/**
 * Which attributes of each identity resource type force a new resource (PROVIDER-RULES: azuread
 * 3.7.0, azurerm 4.55.0). A type without an Update function has every argument here.
 */
const FORCE_NEW: Record<string, readonly string[]> = {
  azuread_application: ['template_id'],
  azuread_application_identifier_uri: ['application_id', 'identifier_uri'],
  azuread_application_pre_authorized: ['application_id', 'authorized_client_id'],
  azuread_application_federated_identity_credential: ['application_id', 'display_name'],
  azuread_application_password: ['application_id', 'display_name', 'start_date', 'end_date', 'end_date_relative', 'rotate_when_changed'],
  azuread_application_certificate: ['application_id', 'encoding', 'end_date', 'end_date_relative', 'key_id', 'start_date', 'type', 'value'],
  azuread_service_principal: ['client_id'],
  azuread_app_role_assignment: ['app_role_id', 'principal_object_id', 'resource_object_id'],
  azuread_service_principal_delegated_permission_grant: ['resource_service_principal_object_id', 'service_principal_object_id', 'user_object_id'],
  azurerm_user_assigned_identity: ['name', 'location', 'resource_group_name'],
  azurerm_role_assignment: ['name', 'scope', 'role_definition_id', 'role_definition_name', 'principal_id', 'principal_type', 'description',
    'condition', 'condition_version', 'delegated_managed_identity_resource_id'],
  azurerm_key_vault_access_policy: ['key_vault_id', 'tenant_id', 'object_id', 'application_id'],
  azurerm_federated_identity_credential: ['name', 'resource_group_name', 'parent_id'],
};

/** Identity resources whose loss is a new client id or object id that other systems have baked in. */
const REGISTRATION_TYPES = new Set(['azuread_application', 'azuread_service_principal', 'azurerm_user_assigned_identity']);

/** Whether the guard looks at a resource type: every azuread resource, and the azurerm types that hold identity. */
function isIdentityType(type: string): boolean {
  return type.startsWith('azuread_') || type in FORCE_NEW;
}

type InstanceKey = string | number | undefined;

interface Instance {
  /** `type.name` */
  readonly resource: string;
  readonly type: string;
  readonly key: InstanceKey;
  /** `type.name` or `type.name["key"]` */
  readonly address: string;
  readonly body: unknown;
  /** The `for_each` value (or count index) of this instance. */
  readonly eachValue: unknown;
}

/** One synthesized stack, read for the guard. */
export interface Doc {
  readonly instances: Map<string, Instance>;
  readonly resources: Map<string, unknown>;
  readonly moved: { from: string; to: string }[];
  /** Addresses under a `removed` block with `lifecycle.destroy = false`: forgotten, not destroyed. */
  readonly forgotten: Set<string>;
}
/** A stack with nothing in it: what the change of a removed stack holds. */
export function emptyDoc(): Doc {
  return { instances: new Map(), resources: new Map(), moved: [], forgotten: new Set() };
}

/** Whether a JSON value is an object (not null, not an array). */
function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value at `keys` inside a JSON value (an object's field, an array's index), or undefined. */
function at(v: unknown, ...keys: (string | number)[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (typeof k === 'number' ? !Array.isArray(cur) : !isObject(cur)) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Reads a `cdk.tf.json`; throws, naming `what`, if it is not a synthesized stack. */
export function parseDoc(json: string, what: string): Doc {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(data)) throw new Error(`${what} is not a synthesized stack (expected a JSON object)`);
  if (data.resource === undefined && data.terraform === undefined) {
    throw new Error(`${what} has neither 'resource' nor 'terraform'; is it a cdk.tf.json?`);
  }
  const instances = new Map<string, Instance>();
  const resources = new Map<string, unknown>();
  const byType = data.resource ?? {};
  if (!isObject(byType)) throw new Error(`${what}: 'resource' is not an object of resource types`);
  for (const [type, byName] of Object.entries(byType)) {
    if (!isObject(byName)) throw new Error(`${what}: resource.${type} is not an object of resources`);
    for (const [name, body] of Object.entries(byName)) {
      const resource = `${type}.${name}`;
      resources.set(resource, body);
      for (const [key, eachValue] of instanceKeys(body)) {
        const address = instanceAddress(resource, key);
        instances.set(address, { resource, type, key, address, body, eachValue });
      }
    }
  }
  const moved: { from: string; to: string }[] = [];
  for (const m of Array.isArray(data.moved) ? data.moved : []) {
    const from = at(m, 'from');
    const to = at(m, 'to');
    if (typeof from === 'string' && typeof to === 'string') moved.push({ from, to });
  }
  const forgotten = new Set<string>();
  for (const r of Array.isArray(data.removed) ? data.removed : []) {
    const from = at(r, 'from');
    if (typeof from === 'string' && at(r, 'lifecycle', 'destroy') === false) forgotten.add(from);
  }
  return { instances, resources, moved, forgotten };
}

/** The instances of a resource: its `for_each` keys, its `count` indexes, or itself. */
function instanceKeys(body: unknown): [InstanceKey, unknown][] {
  const forEach = at(body, 'for_each');
  if (isObject(forEach)) return Object.entries(forEach);
  if (Array.isArray(forEach) && forEach.every((k): k is string => typeof k === 'string')) return forEach.map((k) => [k, k]);
  const count = at(body, 'count');
  if (typeof count === 'number') return Array.from({ length: count }, (_, i) => [i, i]);
  return [[undefined, undefined]];
}

function instanceAddress(resource: string, key: InstanceKey): string {
  if (key === undefined) return resource;
  return typeof key === 'number' ? `${resource}[${key}]` : `${resource}[${JSON.stringify(key)}]`;
}

/** `type.name` and the instance key of an address, or undefined when it is not a resource address of the root module. */
function parseAddress(address: string): { resource: string; key: InstanceKey } | undefined {
  const m = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(?:\[(.+)\])?$/.exec(address.trim());
  if (!m) return undefined;
  if (m[2] === undefined) return { resource: m[1], key: undefined };
  if (/^\d+$/.test(m[2])) return { resource: m[1], key: Number(m[2]) };
  try {
    const key = JSON.parse(m[2]);
    return typeof key === 'string' ? { resource: m[1], key } : undefined;
  } catch {
    return undefined;
  }
}

/** Where the `moved` blocks of `doc` carry a base instance, following chains; the address itself when none applies. */
function follow(doc: Doc, resource: string, key: InstanceKey): { resource: string; key: InstanceKey; moved: boolean } {
  let cur = { resource, key };
  let moved = false;
  const seen = new Set<string>();
  for (;;) {
    const address = instanceAddress(cur.resource, cur.key);
    if (seen.has(address)) break;
    seen.add(address);
    let next: { resource: string; key: InstanceKey } | undefined;
    for (const m of doc.moved) {
      if (m.from === address && cur.key !== undefined) {
        next = parseAddress(m.to);
      } else if (m.from === cur.resource) {
        const to = parseAddress(m.to);
        if (to) next = { resource: to.resource, key: to.key ?? cur.key };
      }
      if (next) break;
    }
    if (!next) break;
    cur = next;
    moved = true;
  }
  return { ...cur, moved };
}

/** Canonical JSON: object keys sorted, so equal values compare equal as text. */
function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort(compare).filter((k) => k !== '//').map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

const EACH = /^\$\{each\.(key|value)(?:\.([A-Za-z0-9_]+))?\}$/;

/** An attribute of an instance, with `${each.key}` and `${each.value.x}` replaced by the instance's values. */
function attribute(inst: Instance, name: string): unknown {
  const v = at(inst.body, name);
  if (typeof v !== 'string' || inst.key === undefined) return v;
  const m = EACH.exec(v);
  if (!m) return v;
  if (m[1] === 'key') return inst.key;
  return m[2] === undefined ? inst.eachValue : at(inst.eachValue, m[2]);
}

/** A Terraform reference `type.name` (optionally `["key"]` or `[0]`) to a resource, inside `${...}`. */
const REFERENCE = /(?<![\w.-])([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?(?=\.)/g;

/** Rewrites references in a base value through the change's `moved` blocks, so a reference to a moved resource reads as in the change. */
function rewrite(value: string, renames: Map<string, string>): string {
  if (renames.size === 0 || !value.includes('${')) return value;
  return value.replace(REFERENCE, (all, resource: string, index: string | undefined) => {
    const to = renames.get(resource);
    return to === undefined ? all : `${to}${index ?? ''}`;
  });
}

/** The resource and instance addresses a value refers to. */
function references(value: string): string[] {
  if (!value.includes('${')) return [];
  const out: string[] = [];
  for (const m of value.matchAll(REFERENCE)) {
    out.push(m[1]);
    if (m[2]) out.push(`${m[1]}${m[2]}`);
  }
  return out;
}

function pathOf(inst: Instance): string | undefined {
  const p = at(inst.body, '//', 'metadata', 'path');
  return typeof p === 'string' ? p : undefined;
}

function show(v: unknown): string {
  const s = canonical(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** What `change` destroys or replaces of `base`: the findings, sorted by address, and the notes. */
export function guard(base: Doc, change: Doc): { findings: GuardFinding[]; notes: string[] } {
  const findings: GuardFinding[] = [];
  const notes: string[] = [];
  const push = (f: GuardFinding) => {
    const name = at(base.instances.get(f.address)?.body, 'display_name');
    findings.push(typeof name === 'string' && !name.includes('${') && f.displayName === undefined ? { ...f, displayName: name } : f);
  };
  const protectedIn = (body: unknown) => at(body, 'lifecycle', 'prevent_destroy') === true;
  const named = (inst: Instance) => `${inst.address}${pathOf(inst) ? ` (${pathOf(inst)})` : ''}`;
  const protection = (inst: Instance) => protectedIn(inst.body) ? ' It has prevent_destroy, so terraform plan fails until that is lifted.' : '';

  // Resource-level renames the change's moved blocks make, for references inside base values.
  const renames = new Map<string, string>();
  for (const resource of base.resources.keys()) {
    const to = follow(change, resource, undefined);
    if (to.moved && to.key === undefined) renames.set(resource, to.resource);
  }

  // Moved blocks Terraform rejects or that carry nothing.
  for (const m of change.moved) {
    const from = parseAddress(m.from);
    const to = parseAddress(m.to);
    const type = from?.resource.split('.')[0] ?? m.from.split('.')[0];
    if (!isIdentityType(type)) continue;
    const base0 = { address: m.from, resourceType: type, preventDestroy: false };
    if (!from || !to) {
      push({ findingType: GuardFindingType.BROKEN_MOVE, ...base0, message: `moved block from ${m.from} to ${m.to} is not a pair of resource addresses of the root module.` });
    } else if (from.key === undefined ? change.resources.has(from.resource) : change.instances.has(m.from)) {
      push({ findingType: GuardFindingType.BROKEN_MOVE, ...base0,
        message: `moved block from ${m.from} to ${m.to}, but ${m.from} still exists in the change: Terraform rejects a move away from a declared address. `
          + 'Remove the moved block, or the resource that still has the old address.' });
    } else if (to.key === undefined ? !change.resources.has(to.resource) : !change.instances.has(m.to)) {
      push({ findingType: GuardFindingType.BROKEN_MOVE, ...base0,
        message: `moved block from ${m.from} to ${m.to}, but nothing in the change has the address ${m.to}: the move carries the resource nowhere. `
          + 'Point it at the resource\'s new address.' });
    }
  }

  // Pairs of base and change instances; base instances that vanish.
  const pairs: [Instance, Instance][] = [];
  /** Grants that vanish with no move: judged once every pair is known, since one may live on under a new address. */
  const vanishedGrants: Instance[] = [];
  for (const inst of base.instances.values()) {
    if (!isIdentityType(inst.type)) continue;
    const to = follow(change, inst.resource, inst.key);
    const target = change.instances.get(instanceAddress(to.resource, to.key));
    if (target) {
      pairs.push([inst, target]);
      if (to.moved) {
        notes.push(to.resource !== inst.resource && to.key === inst.key
          ? `${inst.resource} moves to ${to.resource}` : `${inst.address} moves to ${target.address}`);
      }
      if (protectedIn(inst.body) && !protectedIn(target.body)) {
        notes.push(`${target.address}${pathOf(target) ? ` (${pathOf(target)})` : ''} is no longer protected by prevent_destroy`);
      }
      continue;
    }
    if (base.forgotten.has(inst.address) || change.forgotten.has(inst.address) || change.forgotten.has(inst.resource)) {
      notes.push(`${inst.address} is forgotten by a removed block (destroy = false): Terraform stops managing it and leaves it in Entra`);
      continue;
    }
    if (inst.type === GRANT_TYPE && !to.moved) {
      vanishedGrants.push(inst);
      continue;
    }
    destroyed(inst, to);
  }

  // Attributes that force a new resource, and app roles or scopes that change id or go away.
  const replaced = new Set<string>();
  const replacedBy = (a: Instance, b: Instance, attr: string, before: unknown, after: unknown, why: string) => {
    push({ findingType: GuardFindingType.REPLACED, address: a.address, resourceType: a.type, constructPath: pathOf(a), attribute: attr,
      before: canonical(before), after: after === undefined ? undefined : canonical(after), preventDestroy: protectedIn(a.body),
      message: `${named(a)} is replaced: ${why}${protection(a)}` });
    replaced.add(b.address);
    replaced.add(b.resource);
  };
  const rewritten = (inst: Instance, attr: string) => {
    const v = attribute(inst, attr);
    return typeof v === 'string' ? rewrite(v, renames) : v;
  };

  // A grant addressed by its principal's object id (grantAppRole, a table row) gets a new address when
  // that id changes: the same construct's grant of the same role under the new address is its successor.
  const claimed = new Set(pairs.map(([, b]) => b.address));
  const successors = new Map<Instance, Instance[]>();
  for (const a of vanishedGrants) {
    const origin = a.key === undefined ? grantOrigin(base, a) : undefined;
    const table = a.key !== undefined ? follow(change, a.resource, undefined).resource : undefined;
    successors.set(a, [...change.instances.values()].filter((c) => c.type === GRANT_TYPE && !claimed.has(c.address)
      && (table !== undefined ? c.resource === table && c.key !== undefined : c.key === undefined && origin !== undefined && grantOrigin(change, c) === origin)
      && canonical(rewritten(a, 'app_role_id')) === canonical(attribute(c, 'app_role_id'))
      && canonical(rewritten(a, 'resource_object_id')) === canonical(attribute(c, 'resource_object_id'))
      && canonical(rewritten(a, 'principal_object_id')) !== canonical(attribute(c, 'principal_object_id'))));
  }
  const taken = new Map<string, number>();
  for (const list of successors.values()) if (list.length === 1) taken.set(list[0].address, (taken.get(list[0].address) ?? 0) + 1);
  for (const a of vanishedGrants) {
    const list = successors.get(a)!;
    const b = list.length === 1 && taken.get(list[0].address) === 1 ? list[0] : undefined;
    if (!b) {
      destroyed(a, { moved: false, resource: a.resource, key: a.key });
      continue;
    }
    const before = rewritten(a, 'principal_object_id');
    const after = attribute(b, 'principal_object_id');
    replacedBy(a, b, 'principal_object_id', before, after, principalChange(base, a, b, before, after));
  }

  function destroyed(inst: Instance, to: { moved: boolean; resource: string; key: InstanceKey }): void {
    const registration = REGISTRATION_TYPES.has(inst.type);
    const hint = to.moved
      ? `a moved block carries it to ${instanceAddress(to.resource, to.key)}, which is not in the change.`
      : registration
        ? 'no moved block carries it on. If its construct moved or was renamed, pin it with a stable key or declare '
          + 'where it used to live with movedFrom(...); if it is meant to go, retire it on purpose (README, "Changing code safely").'
        : 'no moved block carries it on. If its construct moved, pin the owning registration with a stable key or declare movedFrom(...); '
          + 'if the grant or resource is meant to go, this is expected.';
    const tableHint = inst.type === 'azuread_app_role_assignment' && typeof inst.key === 'string' && !to.moved
      ? ' For a grants table applied when rows were keyed by principal name, set migrateNameKeys: true on the table.' : '';
    push({ findingType: GuardFindingType.DESTROYED, address: inst.address, resourceType: inst.type, constructPath: pathOf(inst), preventDestroy: protectedIn(inst.body),
      message: `${named(inst)} is destroyed: ${hint}${tableHint}${protection(inst)}` });
  }

  const forceNewValues = (a: Instance, b: Instance) => (FORCE_NEW[a.type] ?? []).map((attr) => {
    const before = attribute(a, attr);
    return { attr, before: typeof before === 'string' ? rewrite(before, renames) : before, after: attribute(b, attr) };
  });
  for (const [a, b] of pairs) {
    if (a.type !== b.type) {
      push({ findingType: GuardFindingType.REPLACED, address: a.address, resourceType: a.type, constructPath: pathOf(a), preventDestroy: protectedIn(a.body),
        message: `${named(a)} is moved to ${b.address}, a resource of another type: Terraform destroys it.${protection(a)}` });
      continue;
    }
    for (const { attr, before, after } of forceNewValues(a, b)) {
      if (canonical(before) === canonical(after)) continue;
      replacedBy(a, b, attr, before, after, a.type === GRANT_TYPE && attr === 'principal_object_id'
        ? principalChange(base, a, b, before, after)
        : `${attr} changes from ${show(before)} to ${show(after)}, which the provider cannot update in place.`);
      break;
    }
    if (a.type === 'azuread_application') {
      permissionFindings(a, b, push, named);
    }
  }
  // Whatever refers to a replaced resource through a force-new attribute is replaced with it.
  for (let changed = true; changed;) {
    changed = false;
    for (const [a, b] of pairs) {
      if (replaced.has(b.address)) continue;
      for (const { attr, after } of forceNewValues(a, b)) {
        const hit = typeof after === 'string' ? references(after).find((r) => replaced.has(r) && r !== b.resource) : undefined;
        if (hit === undefined) continue;
        replacedBy(a, b, attr, after, after, a.type === GRANT_TYPE && attr === 'principal_object_id'
          ? `its principal ${hit} is replaced, so it gets a new object id: at apply the old object loses ${grantedRole(base, a)} (its assignment `
            + `is deleted with it) and the new object gains it (a new assignment). If ${hit} is not meant to be re-created, see its own finding for why it is replaced.`
          : `its ${attr} refers to ${hit}, which is replaced, so the value is new.`);
        changed = true;
        break;
      }
    }
  }

  findings.sort((x, y) => compare(x.address, y.address) || compare(x.attribute ?? '', y.attribute ?? '') || compare(x.findingType, y.findingType));
  return { findings, notes: [...new Set(notes)].sort(compare) };
}

const GRANT_TYPE = 'azuread_app_role_assignment';

/**
 * What identifies a single grant across versions besides its address: its construct path, else
 * the address a `moved` block carries to it (the construct-id address a grant addressed by its
 * principal's object id was first written under).
 */
function grantOrigin(doc: Doc, inst: Instance): string | undefined {
  return pathOf(inst) ?? doc.moved.find((m) => m.to === inst.address)?.from;
}

/** `app role 'Orders.Admin' on "Orders API"`: a grant's role and API, as far as the document tells them. */
function grantedRole(doc: Doc, inst: Instance): string {
  const roleId = attribute(inst, 'app_role_id');
  const resource = attribute(inst, 'resource_object_id');
  // The API this program registers: resource_object_id -> its service principal -> its application.
  const sp = typeof resource === 'string' ? /^\$\{(azuread_service_principal\.[A-Za-z0-9_-]+)\.object_id\}$/.exec(resource)?.[1] : undefined;
  const clientId = sp !== undefined ? at(doc.resources.get(sp), 'client_id') : undefined;
  const app = typeof clientId === 'string' ? /^\$\{(azuread_application\.[A-Za-z0-9_-]+)\.client_id\}$/.exec(clientId)?.[1] : undefined;
  const appBody = app !== undefined ? doc.resources.get(app) : undefined;
  const roles = at(appBody, 'app_role');
  const declared = Array.isArray(roles) && typeof roleId === 'string'
    ? roles.find((r) => isObject(r) && typeof r.id === 'string' && r.id.toLowerCase() === roleId.toLowerCase()) : undefined;
  // An API looked up by the program: its role is read by value from the service principal's app_role_ids.
  const byValue = typeof roleId === 'string' ? /\.app_role_ids\["([^"]+)"\]\}$/.exec(roleId)?.[1] : undefined;
  const value = isObject(declared) && typeof declared.value === 'string' ? declared.value : byValue;
  const role = value !== undefined ? `app role '${value}'` : `app role ${show(roleId)}`;
  const apiName = at(appBody, 'display_name');
  return typeof apiName === 'string' && !apiName.includes('${') ? `${role} on "${apiName}"` : role;
}

/** Why a grant whose principal object id changes is replaced, what apply does, and what to check. */
function principalChange(doc: Doc, a: Instance, b: Instance, beforeValue: unknown, afterValue: unknown): string {
  const id = (v: unknown) => (typeof v === 'string' ? v : show(v));
  const before = id(beforeValue);
  const after = id(afterValue);
  // The grant's construct (or table), not its Resource child: where the object id is given.
  const path = pathOf(a)?.replace(/\/Resource$/, '');
  const row = a.key !== undefined ? ` (row ${JSON.stringify(a.key)})` : '';
  const where = path !== undefined ? ` at ${path}${row}` : `${row} of ${a.address}`;
  return `its principal changes from object id ${before} to ${after} (principal_object_id, which the provider cannot update in place`
    + `${b.address !== a.address ? `; the new assignment is ${b.address}` : ''}). At apply, ${before} loses ${grantedRole(doc, a)} `
    + `(its assignment is deleted) and ${after} gains it (a new assignment). That is expected when the principal was re-created: `
    + 'a group or identity deleted and made again gets a new object id. If it is not intended (a typo in the object id given for the '
    + `principal or a row's principalObjectId, the wrong group), correct the object id${where}: with a wrong id the role goes to whatever object has it, or the apply fails if none does.`;
}

/** App roles and scopes of an application pair that get a new id or go away. */
function permissionFindings(a: Instance, b: Instance, push: (f: GuardFinding) => void, named: (i: Instance) => string): void {
  const list = (body: unknown, kind: 'role' | 'scope'): { id: string; value?: unknown }[] => {
    const api = at(body, 'api');
    const v = kind === 'role' ? at(body, 'app_role') : at(Array.isArray(api) ? api[0] : api, 'oauth2_permission_scope');
    return Array.isArray(v) ? v.filter((e): e is { id: string; value?: unknown } => isObject(e) && typeof e.id === 'string') : [];
  };
  for (const kind of ['role', 'scope'] as const) {
    const field = kind === 'role' ? 'app_role' : 'api.oauth2_permission_scope';
    const label = kind === 'role' ? 'app role' : 'scope';
    const after = list(b.body, kind);
    const afterIds = new Set(after.map((e) => String(e.id).toLowerCase()));
    for (const old of list(a.body, kind)) {
      if (afterIds.has(String(old.id).toLowerCase())) continue;
      const same = after.find((e) => e.value !== undefined && e.value === old.value);
      const what = `${label} '${old.value ?? old.id}'`;
      if (same) {
        push({ findingType: GuardFindingType.REPLACED, address: a.address, resourceType: a.type, constructPath: pathOf(a),
          attribute: `${field}[${JSON.stringify(old.value)}].id`, before: JSON.stringify(old.id), after: JSON.stringify(same.id), preventDestroy: false,
          message: `${named(a)}: ${what} gets a new id (${old.id} -> ${same.id}). The provider matches roles and scopes by id, so Entra deletes the old one `
            + `and ${kind === 'role' ? 'every assignment of it' : 'every consent to it'}. Keep the id: pin the API with a stable key, or give the old id explicitly.` });
      } else {
        push({ findingType: GuardFindingType.DESTROYED, address: a.address, resourceType: a.type, constructPath: pathOf(a),
          attribute: `${field}[${JSON.stringify(old.value ?? old.id)}]`, before: JSON.stringify(old.id), preventDestroy: false,
          message: `${named(a)}: ${what} is removed, and with it ${kind === 'role' ? 'every assignment of it' : 'every consent to it'}. `
            + `If it is being retired, disable it first (enabled: false) and remove its ${kind === 'role' ? 'grants' : 'requests'}, then remove it.` });
      }
    }
  }
}
