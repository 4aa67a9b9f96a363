// The access diff's comparison (AccessDiff, access-diff.ts): two access-map models, what access is
// added, removed or changed. Loaded on first use; no cdktf or provider imports.
import type { ConsentType } from '../permission-scope';
import { AccessMapApi, AccessMapEntry, AccessMapModel, AccessType, GrantedVia } from '../access/model';
import { accessLabel, compareKeys, kindLabel } from '../access/schema';
import { AccessChange, AccessChangeType } from './access-diff';

function who(e: AccessMapEntry): string {
  return `${kindLabel(e.principalKind, e.clientType)} "${e.principalName}"`;
}

function what(e: { accessType: string; value: string }): string {
  return `${accessLabel(e.accessType)} ${e.value}`;
}

function how(e: AccessMapEntry): string {
  if (e.grantedVia === GrantedVia.APP_ROLE_ASSIGNMENT) return 'app role assignment';
  const flags = ['delegated', e.preAuthorized ? 'pre-authorized' : undefined, e.adminConsent ? 'admin consent' : undefined].filter(Boolean);
  return flags.join(', ');
}

/**
 * The keys of the new map in the old map's terms: a construct that declared where it used to live
 * (movedFrom) and is not at its new key in the old map is the one at its old key, because Terraform
 * carries it over with `moved` blocks. A stable key needs nothing: the key stays.
 */
type Renames = ReadonlyMap<string, string>;

function renamesOf(oldModel: AccessMapModel, newModel: AccessMapModel): Renames {
  const oldKeys = new Set<string>([
    ...oldModel.apis.map((a) => a.path), ...oldModel.principals.map((p) => p.path), ...oldModel.clients.map((c) => c.path),
  ]);
  const out = new Map<string, string>();
  for (const { path, movedFrom } of [...newModel.apis, ...newModel.principals, ...newModel.clients]) {
    if (typeof movedFrom === 'string' && !oldKeys.has(path) && oldKeys.has(movedFrom)) out.set(path, movedFrom);
  }
  return out;
}

const NO_RENAMES: Renames = new Map();

/**
 * What an API is, whatever construct path it has: this program's API by its key in the map (its
 * stable key, or its path when it has none; its old key when it declared a move); an API
 * registered elsewhere by its client id, else its identifier URI.
 */
function apiIdentity(api: AccessMapApi, renames: Renames): string {
  if (api.source === 'RegisteredElsewhere') {
    if (api.clientId) return `client:${api.clientId.toLowerCase()}`;
    if (api.identifierUri) return `uri:${api.identifierUri}`;
  }
  return `key:${renames.get(api.path) ?? api.path}`;
}

/**
 * Who a principal is: its object id when known at synth; a client app by its key in the map (its
 * old key when it declared a move); anything else by kind and name (a group looked up by display
 * name, an identity made in this program), which is what Terraform looks it up by.
 */
function principalIdentity(e: AccessMapEntry, renames: Renames): string {
  if (e.principalObjectId) return `oid:${e.principalObjectId.toLowerCase()}`;
  if (e.principalKind === 'Client') return `client:${renames.get(e.principal) ?? e.principal}`;
  return `name:${e.principalKind}:${e.principalName}`;
}

function entryKey(api: AccessMapApi, e: AccessMapEntry, renames: Renames): string[] {
  return [apiIdentity(api, renames), principalIdentity(e, renames), e.accessType, e.value];
}

// The values a change's accessType and a scope's consentType take, as the JSON holds them.
const APP_ROLE: string = AccessType.APP_ROLE;
const SCOPE: string = AccessType.SCOPE;
const ADMIN: `${ConsentType}` = 'Admin';
const USER: `${ConsentType}` = 'User';

/** Every change from `oldModel` to `newModel`, in the order `AccessDiff.changes` gives them. */
export function diffModels(oldModel: AccessMapModel, newModel: AccessMapModel): AccessChange[] {
  const added: [string[], AccessChange][] = [];
  const changed: [string[], AccessChange][] = [];
  const removed: [string[], AccessChange][] = [];
  const renames = renamesOf(oldModel, newModel);
  const oldApis = new Map(oldModel.apis.map((a) => [apiIdentity(a, NO_RENAMES), a]));
  const newApis = new Map(newModel.apis.map((a) => [apiIdentity(a, renames), a]));
  const renamedPrincipals = new Set<string>();

  const index = (model: AccessMapModel, names: Renames) => {
    const m = new Map<string, { api: AccessMapApi; e: AccessMapEntry }>();
    for (const api of model.apis) for (const e of api.access) {
      const k = entryKey(api, e, names).join('\u0000');
      if (!m.has(k)) m.set(k, { api, e });
    }
    return m;
  };
  const before = index(oldModel, NO_RENAMES);
  const after = index(newModel, renames);

  for (const [k, { api, e }] of after) {
    const sortKey = [api.name, e.principalName, e.principal, e.accessType, e.value];
    const base = { api: api.path, principal: e.principal, accessType: e.accessType, value: e.value };
    const old = before.get(k);
    if (!old) {
      added.push([sortKey, { changeType: AccessChangeType.ADDED, widens: true, ...base, message: `${who(e)} gains ${what(e)} on ${api.name} (${how(e)})` }]);
      continue;
    }
    const pid = principalIdentity(e, renames);
    if (old.e.principalName !== e.principalName && !renamedPrincipals.has(pid)) {
      renamedPrincipals.add(pid);
      changed.push([sortKey, { changeType: AccessChangeType.RENAMED, widens: false, ...base,
        message: `${who(old.e)} is now named "${e.principalName}" (${e.principalObjectId ? `same object id ${e.principalObjectId}` : 'the same principal'}); its access is unchanged` }]);
    }
    const diffs: string[] = [];
    let widens = false;
    const flag = (field: 'preAuthorized' | 'adminConsent', name: string) => {
      const was = old.e[field] === true;
      const now = e[field] === true;
      if (was === now) return;
      diffs.push(now ? `now has ${name}` : `no longer has ${name}`);
      if (now) widens = true;
    };
    if (old.e.grantedVia !== e.grantedVia) diffs.push(`granted by ${how(e)} (was: ${how(old.e)})`);
    if (old.e.principalKind !== e.principalKind || old.e.clientType !== e.clientType) {
      diffs.push(`is now a ${kindLabel(e.principalKind, e.clientType)} (was: ${kindLabel(old.e.principalKind, old.e.clientType)})`);
    }
    flag('preAuthorized', 'pre-authorization');
    flag('adminConsent', 'admin consent');
    if (diffs.length > 0) {
      changed.push([sortKey, { changeType: AccessChangeType.CHANGED, widens, ...base, message: `${who(e)}: ${what(e)} on ${api.name} ${diffs.join(', ')}` }]);
    }
  }
  for (const [k, { api, e }] of before) {
    if (after.has(k)) continue;
    removed.push([[api.name, e.principalName, e.principal, e.accessType, e.value],
      { changeType: AccessChangeType.REMOVED, widens: false, api: api.path, principal: e.principal, accessType: e.accessType, value: e.value, message: `${who(e)} loses ${what(e)} on ${api.name}` }]);
  }

  // API-level settings that change who can get a token at all.
  for (const [p, api] of newApis) {
    const old = oldApis.get(p);
    const sortKey = [api.name, '', '', '', ''];
    if (api.appRoleAssignmentRequired === false && old?.appRoleAssignmentRequired !== false) {
      changed.push([sortKey, { changeType: AccessChangeType.CHANGED, widens: true, api: api.path,
        message: `${api.name} ${old ? 'no longer requires' : 'does not require'} assignment: every user and app in the tenant can get a token for it` }]);
    } else if (old?.appRoleAssignmentRequired === false && api.appRoleAssignmentRequired === true) {
      changed.push([sortKey, { changeType: AccessChangeType.CHANGED, widens: false, api: api.path, message: `${api.name} now requires assignment` }]);
    }
    if (!old) continue;
    if (old.name !== api.name) {
      changed.push([sortKey, { changeType: AccessChangeType.RENAMED, widens: false, api: api.path, message: `${old.name} is now named "${api.name}"; its access is unchanged` }]);
    }
    const oldRoles = new Map(old.appRoles.map((r) => [r.value, r]));
    for (const r of api.appRoles) {
      const o = oldRoles.get(r.value);
      if (!o) continue;
      const holders = api.access.filter((e) => e.accessType === AccessType.APP_ROLE && e.value === r.value).length;
      if (o.enabled === false && r.enabled !== false) {
        changed.push([[api.name, '', '', APP_ROLE, r.value], { changeType: AccessChangeType.CHANGED, widens: holders > 0, api: api.path, accessType: APP_ROLE, value: r.value,
          message: `app role ${r.value} on ${api.name} is enabled again (${holders} holder${holders === 1 ? '' : 's'})` }]);
      } else if (o.enabled !== false && r.enabled === false) {
        changed.push([[api.name, '', '', APP_ROLE, r.value], { changeType: AccessChangeType.CHANGED, widens: false, api: api.path, accessType: APP_ROLE, value: r.value,
          message: `app role ${r.value} on ${api.name} is disabled` }]);
      }
      const was = (o.allowedMemberTypes ?? []).join(', ');
      const now = (r.allowedMemberTypes ?? []).join(', ');
      if (o.allowedMemberTypes && r.allowedMemberTypes && was !== now) {
        changed.push([[api.name, '', '', APP_ROLE, `${r.value}\u0001`], { changeType: AccessChangeType.CHANGED, widens: false, api: api.path, accessType: APP_ROLE, value: r.value,
          message: `app role ${r.value} on ${api.name} allows [${now}] (was: [${was}])` }]);
      }
    }
    const oldScopes = new Map(old.scopes.map((s) => [s.value, s]));
    for (const s of api.scopes) {
      const o = oldScopes.get(s.value);
      if (!o) continue;
      if (o.consentType === ADMIN && s.consentType === USER) {
        changed.push([[api.name, '', '', SCOPE, s.value], { changeType: AccessChangeType.CHANGED, widens: true, api: api.path, accessType: SCOPE, value: s.value,
          message: `scope ${s.value} on ${api.name} can now be consented to by users (was: admins only)` }]);
      } else if (o.consentType === USER && s.consentType === ADMIN) {
        changed.push([[api.name, '', '', SCOPE, s.value], { changeType: AccessChangeType.CHANGED, widens: false, api: api.path, accessType: SCOPE, value: s.value,
          message: `scope ${s.value} on ${api.name} now needs admin consent` }]);
      }
      if (o.enabled === false && s.enabled !== false) {
        changed.push([[api.name, '', '', SCOPE, `${s.value}\u0001`], { changeType: AccessChangeType.CHANGED, widens: true, api: api.path, accessType: SCOPE, value: s.value,
          message: `scope ${s.value} on ${api.name} is enabled again` }]);
      }
    }
  }
  for (const [p, api] of oldApis) {
    if (!newApis.has(p)) removed.push([[api.name, '', '', '', ''], { changeType: AccessChangeType.REMOVED, widens: false, api: api.path, message: `${api.name} is no longer in the map` }]);
  }
  for (const [p, api] of newApis) {
    if (!oldApis.has(p)) added.push([[api.name, '', '', '', ''], { changeType: AccessChangeType.ADDED, widens: false, api: api.path, message: `${api.name} is new in the map` }]);
  }

  const sorted = (list: [string[], AccessChange][]) => list.sort((a, b) => compareKeys(a[0], b[0]) || compareKeys([a[1].message], [b[1].message])).map(([, c]) => c);
  return [...sorted(added), ...sorted(changed), ...sorted(removed)];
}
