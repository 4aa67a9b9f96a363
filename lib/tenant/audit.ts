// `cdktf-entra-identity audit`: the app-role assignments of a tenant export against the access
// maps of the code (read with parseAccessMap, lib/access/format.ts). No cdktf or provider
// imports: the command line loads this file.
import type { AccessMapModel, AccessMapPrincipal } from '../access/model';
import { GRAPH_APP_ROLES, MICROSOFT_GRAPH_APP_ID, isHighPrivilegeGraphAppRole } from './graph-permissions';
import {
  DEFAULT_ACCESS_ROLE_ID, ExportedApp, GraphObject, PrincipalFacts, TenantExport, graphServicePrincipalId, principalFacts,
} from './tenant-export';


/** What an audit line says. */
export enum AuditFindingType {
  /** An assignment in the tenant that no access map declares: made in the portal or by a script. */
  OUTSIDE_CODE = 'OutsideCode',
  /** A grant the code declares that the tenant does not have yet (the next apply makes it). */
  NOT_IN_TENANT = 'NotInTenant',
  /** An assignment (in the tenant or in code) of an app role that is disabled. */
  DISABLED_ROLE = 'DisabledRole',
}

/** One line of an audit. */
export interface AuditFinding {
  readonly type: AuditFindingType;
  /** The API's display name. */
  readonly api: string;
  /** The principal's name: the access map's when the code knows the principal, else Graph's display name. */
  readonly principalName: string;
  /** `Group`, `User`, `ServicePrincipal` or `ManagedIdentity`. */
  readonly principalKind: string;
  /** For a managed identity: `SystemAssigned` or `UserAssigned`, when known. */
  readonly identityType?: string;
  /** The principal's object id, when known. */
  readonly principalObjectId?: string;
  /** The role's value (`DefaultAccess` for the nil role id), or its id when the API has no such role. */
  readonly role: string;
  /** The role's id, when known. */
  readonly roleId?: string;
  /** The assignment's id in the tenant, for one that exists. */
  readonly assignmentId?: string;
  /** When the tenant's assignment was made, when Graph says. */
  readonly createdDateTime?: string;
  /** The construct path of the grant in code, for one the code declares. */
  readonly grantPath?: string;
  /**
   * For a Microsoft Graph application permission: whether it is high-privilege (`*.ReadWrite.All`,
   * `Directory.*`, `RoleManagement.*`, `AppRoleAssignment.ReadWrite.All`, `Application.ReadWrite.All`).
   *
   * @default - not a Microsoft Graph permission, or not high-privilege
   */
  readonly highPrivilege?: boolean;
  /** One human line. */
  readonly message: string;
}

/** The audit of one API. */
export interface AuditApi {
  /** The API's display name. */
  readonly name: string;
  /** The API's Application (client) id. */
  readonly appId: string;
  /** The construct path of the API in code (stack/path), when an access map declares it. */
  readonly codePath?: string;
  /** How many app-role assignments the tenant has. */
  readonly tenantAssignments: number;
  /** How many app-role grants the code declares. */
  readonly codeGrants: number;
  /** What differs, outside code first. */
  readonly findings: AuditFinding[];
}

/** The result of an audit. */
export interface AuditResult {
  /** The stacks of the access maps compared. */
  readonly stacks: string[];
  /**
   * Every API of the export with an exported enterprise application and assignments, in export
   * order; then Microsoft Graph, when an app's own assignments (app-role-assignments.json) were
   * exported: the Graph application permissions those apps hold against the ones the code requests.
   */
  readonly apis: AuditApi[];
  /** Whether the tenant has access that no code declares. */
  readonly accessOutsideCode: boolean;
  /** What the audit could not compare, e.g. an API in code that is not in the export. */
  readonly notes: string[];
}

/** The parts of an access map the audit reads. */
interface MapApi {
  readonly stack: string;
  readonly path: string;
  readonly name: string;
  readonly identifierUri?: string;
  readonly clientId?: string;
  readonly servicePrincipalObjectId?: string;
  readonly roles: Map<string, { id?: string; enabled?: boolean }>;
  readonly grants: MapGrant[];
}

interface MapGrant {
  readonly principalPath: string;
  readonly principalName: string;
  readonly principalKind: string;
  readonly identityType?: string;
  readonly objectId?: string;
  readonly role: string;
  readonly roleId?: string;
  readonly enabled?: boolean;
  readonly grantPath: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function guid(v: unknown): string | undefined {
  return typeof v === 'string' && GUID.test(v) ? v.toLowerCase() : undefined;
}

function mapApis(maps: readonly AccessMapModel[]): MapApi[] {
  const out: MapApi[] = [];
  for (const map of maps) {
    const stack = map.stack;
    const principals = new Map<string, AccessMapPrincipal>();
    for (const p of map.principals) principals.set(p.path, p);
    for (const api of map.apis) {
      const roles = new Map<string, { id?: string; enabled?: boolean }>();
      for (const r of api.appRoles) roles.set(r.value, { id: guid(r.id), enabled: r.enabled });
      const grants: MapGrant[] = [];
      for (const e of api.access) {
        if (e.accessType !== 'AppRole' || e.grantedVia !== 'AppRoleAssignment') continue;
        const p = principals.get(e.principal);
        const role = roles.get(e.value);
        grants.push({
          principalPath: e.principal,
          principalName: e.principalName,
          principalKind: e.principalKind,
          identityType: p?.identityType,
          objectId: guid(e.principalObjectId) ?? guid(p?.objectId),
          role: e.value,
          roleId: e.value === 'DefaultAccess' && !role ? DEFAULT_ACCESS_ROLE_ID : role?.id,
          enabled: role?.enabled,
          grantPath: e.grantPath,
        });
      }
      out.push({
        stack, path: api.path, name: api.name, identifierUri: api.identifierUri,
        clientId: guid(api.clientId), servicePrincipalObjectId: guid(api.servicePrincipalObjectId), roles, grants,
      });
    }
  }
  return out;
}

/** Finds the API of the code that is this app: by client id or service principal object id, else identifier URI, else display name. */
function matchApi(app: ExportedApp, apis: MapApi[]): MapApi | undefined {
  const appId = String(app.application.appId).toLowerCase();
  const spId = String(app.servicePrincipal?.id ?? '').toLowerCase();
  const byId = apis.find((a) => a.clientId === appId || a.servicePrincipalObjectId === spId);
  if (byId) return byId;
  const uris: string[] = Array.isArray(app.application.identifierUris) ? app.application.identifierUris : [];
  const byUri = apis.filter((a) => a.identifierUri !== undefined && uris.includes(a.identifierUri));
  if (byUri.length === 1) return byUri[0];
  const byName = apis.filter((a) => a.clientId === undefined && a.servicePrincipalObjectId === undefined && a.name === app.application.displayName);
  return byName.length === 1 ? byName[0] : undefined;
}

function kindText(kind: string, identityType?: string): string {
  if (kind === 'ManagedIdentity') {
    return identityType === 'UserAssigned' ? 'Managed identity (user-assigned)' : identityType === 'SystemAssigned' ? 'Managed identity (system-assigned)' : 'Managed identity';
  }
  return kind === 'ServicePrincipal' ? 'Service principal' : kind;
}

/**
 * Compares the app-role assignments of every API in `exp` (those with an exported enterprise
 * application and `app-role-assigned-to` pages) with the grants the access maps declare.
 *
 * Principals are matched by object id; a grant whose object id the code knows only at apply
 * (an identity made by the same program) is matched by kind and name instead. Managed
 * identities are service principals in Graph (`principalType: ServicePrincipal`); the
 * export's `principals/` files tell them apart, and they are named as the access map names them.
 */
export function auditTenant(maps: readonly AccessMapModel[], exp: TenantExport): AuditResult {
  const codeApis = mapApis(maps);
  const matched = new Set<MapApi>();
  const apis: AuditApi[] = [];
  const notes: string[] = [];
  // Every principal the code knows, by object id: how the audit names a principal it finds in the tenant.
  const codeNames = new Map<string, { name: string; kind: string; identityType?: string }>();
  for (const map of maps) {
    for (const p of map.principals) {
      const id = guid(p.objectId);
      if (id && !codeNames.has(id)) codeNames.set(id, { name: p.name, kind: p.kind, identityType: p.identityType });
    }
    for (const api of map.apis) {
      for (const e of api.access) {
        const id = guid(e.principalObjectId);
        if (id && !codeNames.has(id)) codeNames.set(id, { name: e.principalName, kind: e.principalKind });
      }
    }
  }

  const tenantApis = codeApis.filter((a) => !isGraph(a));
  for (const app of exp.apps) {
    if (!app.servicePrincipal || !app.assignmentsExported) continue;
    const code = matchApi(app, tenantApis);
    const exposes = (app.application.appRoles ?? []).length > 0 || (app.application.api?.oauth2PermissionScopes ?? []).length > 0;
    // A client app without assignments and not an API of the code has nothing to audit.
    if (!code && !exposes && app.appRoleAssignedTo.length === 0) continue;
    if (code) matched.add(code);
    apis.push(auditApi(app, code, exp, codeNames));
  }
  const graph = auditGraph(maps, codeApis, tenantApis, exp, notes);
  if (graph) apis.push(graph);
  for (const a of tenantApis) {
    if (!matched.has(a) && a.grants.length > 0) {
      notes.push(`${a.name} (${a.stack}/${a.path}) has ${a.grants.length} grant(s) in code but is not in the export, so they were not compared. `
        + 'Export its app registration, enterprise application and appRoleAssignedTo to audit it.');
    }
  }
  return {
    stacks: maps.map((m) => m.stack),
    apis,
    accessOutsideCode: apis.some((a) => a.findings.some((f) => f.type === AuditFindingType.OUTSIDE_CODE)),
    notes,
  };
}

function auditApi(app: ExportedApp, code: MapApi | undefined, exp: TenantExport,
  codeNames: Map<string, { name: string; kind: string; identityType?: string }>): AuditApi {
  const name = String(app.application.displayName);
  const liveRoles = new Map<string, GraphObject>();
  for (const r of Array.isArray(app.application.appRoles) ? app.application.appRoles : []) liveRoles.set(String(r.id).toLowerCase(), r);
  const roleName = (id: string) => (id === DEFAULT_ACCESS_ROLE_ID ? 'DefaultAccess' : liveRoles.get(id)?.value ?? `(role id ${id}, not defined on the API)`);

  const grants = code?.grants ?? [];
  const used = new Set<MapGrant>();
  // Grants by object id and role (its id when the map knows it, else its value), and those whose
  // object id is known only at apply by role alone: each assignment is matched in constant time.
  const roleKey = (g: MapGrant) => (g.roleId !== undefined ? `id:${g.roleId}` : `value:${g.role}`);
  const byObjectId = new Map<string, MapGrant[]>();
  const byRoleOnly = new Map<string, MapGrant[]>();
  for (const g of grants) {
    const [map, key] = g.objectId !== undefined ? [byObjectId, `${g.objectId} ${roleKey(g)}`] : [byRoleOnly, roleKey(g)];
    map.set(key, [...map.get(key) ?? [], g]);
  }
  const take = (list: MapGrant[] | undefined, fits: (g: MapGrant) => boolean = () => true) => list?.find((g) => !used.has(g) && fits(g));
  const findings: AuditFinding[] = [];
  const disabledSeen = new Set<string>();

  for (const a of app.appRoleAssignedTo) {
    const facts: PrincipalFacts = principalFacts(exp, a);
    const roleId = String(a.appRoleId).toLowerCase();
    const role = roleName(roleId);
    let grant = take(byObjectId.get(`${facts.objectId} id:${roleId}`)) ?? take(byObjectId.get(`${facts.objectId} value:${role}`));
    // A principal made by the same program has an object id only after apply: match by kind and name.
    const fits = (g: MapGrant) => kindFits(g.principalKind, facts) && namesFit(g, facts);
    grant ??= take(byRoleOnly.get(`id:${roleId}`), fits) ?? take(byRoleOnly.get(`value:${role}`), fits);
    const known = codeNames.get(facts.objectId);
    const who = grant
      ? { name: grant.principalName, kind: grant.principalKind, identityType: grant.identityType ?? facts.identityType }
      : known ? { name: known.name, kind: known.kind, identityType: known.identityType ?? facts.identityType }
        : { name: facts.displayName, kind: facts.kind, identityType: facts.identityType };
    const base = {
      api: name, principalName: who.name, principalKind: who.kind, identityType: who.identityType, principalObjectId: facts.objectId,
      role, roleId, assignmentId: String(a.id), createdDateTime: typeof a.createdDateTime === 'string' ? a.createdDateTime : undefined,
    };
    const label = `${kindText(who.kind, who.identityType)} "${who.name}" (${facts.objectId})`;
    if (grant) {
      used.add(grant);
    } else {
      const unknown = facts.kind === 'ServicePrincipal' && !facts.known
        ? ` Add principals/${facts.objectId}.json (az ad sp show --id ${facts.objectId}) to tell a managed identity from an app.` : '';
      findings.push({
        ...base,
        type: AuditFindingType.OUTSIDE_CODE,
        message: `${label} holds app role ${role} on ${name}, which no code declares (assignment ${a.id}`
          + `${base.createdDateTime ? `, made ${base.createdDateTime}` : ''}). Declare it in code, or remove it.${unknown}`,
      });
    }
    const live = liveRoles.get(roleId);
    if (live && live.isEnabled === false) {
      disabledSeen.add(`${facts.objectId} ${roleId}`);
      findings.push({
        ...base,
        grantPath: grant?.grantPath,
        type: AuditFindingType.DISABLED_ROLE,
        message: `${label} holds app role ${role} on ${name}, which is disabled: its tokens do not carry it. Remove the assignment while the role is retired.`,
      });
    }
  }
  for (const g of grants) {
    if (used.has(g)) continue;
    const label = `${kindText(g.principalKind, g.identityType)} "${g.principalName}"${g.objectId ? ` (${g.objectId})` : ''}`;
    findings.push({
      type: AuditFindingType.NOT_IN_TENANT,
      api: name, principalName: g.principalName, principalKind: g.principalKind, identityType: g.identityType,
      principalObjectId: g.objectId, role: g.role, roleId: g.roleId, grantPath: g.grantPath,
      message: `${label} is granted app role ${g.role} on ${name} in code (${g.grantPath}), but the tenant has no such assignment yet; the next apply makes it.`,
    });
    const live = g.roleId !== undefined ? liveRoles.get(g.roleId) : undefined;
    if ((live?.isEnabled === false || g.enabled === false) && !disabledSeen.has(`${g.objectId} ${g.roleId}`)) {
      findings.push({
        type: AuditFindingType.DISABLED_ROLE,
        api: name, principalName: g.principalName, principalKind: g.principalKind, identityType: g.identityType,
        principalObjectId: g.objectId, role: g.role, roleId: g.roleId, grantPath: g.grantPath,
        message: `${label} is granted app role ${g.role} on ${name} in code (${g.grantPath}), but the role is disabled; Entra rejects the assignment. Remove the grant.`,
      });
    }
  }
  const order = [AuditFindingType.OUTSIDE_CODE, AuditFindingType.DISABLED_ROLE, AuditFindingType.NOT_IN_TENANT];
  findings.sort((x, y) => order.indexOf(x.type) - order.indexOf(y.type) || cmp(x.role, y.role) || cmp(x.principalName, y.principalName)
    || cmp(x.principalObjectId ?? '', y.principalObjectId ?? ''));
  return {
    name, appId: String(app.application.appId), codePath: code ? `${code.stack}/${code.path}` : undefined,
    tenantAssignments: app.appRoleAssignedTo.length, codeGrants: grants.length, findings,
  };
}

const GRAPH_URI = 'https://graph.microsoft.com';
const GRAPH_ROLE_IDS = new Map(Object.entries(GRAPH_APP_ROLES).map(([id, value]) => [value, id]));

/** Whether an API of the access map is Microsoft Graph (`RegisteredApi.microsoftGraph`). */
function isGraph(api: MapApi): boolean {
  return api.clientId === MICROSOFT_GRAPH_APP_ID || api.identifierUri?.replace(/\/+$/, '') === GRAPH_URI;
}

/** A principal of the code: its stack and construct path. */
function keyOf(stack: string, path: string): string {
  return `${stack}\u0000${path}`;
}

function addTo(m: Map<string, Set<string>>, k: string, key: string): void {
  const set = m.get(k) ?? new Set<string>();
  set.add(key);
  m.set(k, set);
}

/**
 * The Microsoft Graph application permissions each exported app holds itself (its own
 * assignments, app-role-assignments.json) against the ones the code requests for it
 * (`requestGraphAppRole`). An app is found in code by its service principal's object id, else as
 * an API of the code, else by display name (an app the program makes has no object id at synth).
 * An app without app-role-assignments.json gets a note instead: what it holds is unknown.
 */
function auditGraph(maps: readonly AccessMapModel[], codeApis: MapApi[], tenantApis: MapApi[], exp: TenantExport, notes: string[]): AuditApi | undefined {
  const graphApis = codeApis.filter(isGraph);
  const grants = graphApis.flatMap((a) => a.grants.map((g) => ({ ...g, key: keyOf(a.stack, g.principalPath) })));
  const who = new Map<string, { name: string; kind: string; path: string }>();
  const byObjectId = new Map<string, Set<string>>();
  const byName = new Map<string, Set<string>>();
  for (const map of maps) {
    for (const p of map.principals) {
      const key = keyOf(map.stack, p.path);
      who.set(key, { name: p.name, kind: p.kind, path: `${map.stack}/${p.path}` });
      const id = guid(p.objectId);
      if (id) addTo(byObjectId, id, key);
      // Only an app can hold its own assignments: a group or user of the same name is not it.
      else if (p.kind === 'ServicePrincipal' || p.kind === 'Client') addTo(byName, p.name, key);
    }
    for (const c of map.clients) {
      const key = keyOf(map.stack, c.path);
      if (!who.has(key)) {
        who.set(key, { name: c.name, kind: 'ServicePrincipal', path: `${map.stack}/${c.path}` });
        addTo(byName, c.name, key);
      }
    }
  }
  for (const g of grants) {
    if (g.objectId) addTo(byObjectId, g.objectId, g.key);
    if (!who.has(g.key)) who.set(g.key, { name: g.principalName, kind: g.principalKind, path: `${g.key.replace('\u0000', '/')}` });
  }
  const graphSp = graphServicePrincipalId(exp);
  const isGraphAssignment = (a: GraphObject) => (graphSp !== undefined && String(a.resourceId).toLowerCase() === graphSp)
    || a.resourceDisplayName === 'Microsoft Graph';
  const requestsGraphRoles = (app: ExportedApp) => (Array.isArray(app.application.requiredResourceAccess) ? app.application.requiredResourceAccess : [])
    .some((r: GraphObject) => String(r.resourceAppId).toLowerCase() === MICROSOFT_GRAPH_APP_ID
      && (Array.isArray(r.resourceAccess) ? r.resourceAccess : []).some((x: GraphObject) => x.type === 'Role'));

  const used = new Set<unknown>();
  const covered = new Set<string>();
  const findings: AuditFinding[] = [];
  let audited = 0;
  const notAudited: string[] = [];
  let tenantAssignments = 0;
  let codeGrants = 0;
  for (const app of exp.apps) {
    if (!app.servicePrincipal) continue;
    const spId = String(app.servicePrincipal.id).toLowerCase();
    const name = String(app.application.displayName);
    let keys = byObjectId.get(spId);
    if (!keys) {
      const api = matchApi(app, tenantApis);
      if (api) keys = new Set([keyOf(api.stack, api.path)]);
    }
    keys ??= byName.get(name) ?? new Set<string>();
    for (const k of keys) covered.add(k);
    const appGrants = grants.filter((g) => keys!.has(g.key));
    if (!app.ownAssignmentsExported) {
      if (keys.size > 0 || requestsGraphRoles(app)) notAudited.push(`${name} (${app.application.appId})`);
      continue;
    }
    audited++;
    const code = [...keys].map((k) => who.get(k)).find((w) => w !== undefined);
    const holder = code ? { name: code.name, kind: code.kind === 'Client' ? 'ServicePrincipal' : code.kind } : { name, kind: 'ServicePrincipal' };
    const label = `${kindText(holder.kind)} "${holder.name}" (${spId})`;
    const held = app.appRoleAssignments.filter(isGraphAssignment);
    tenantAssignments += held.length;
    codeGrants += appGrants.length;
    for (const a of held) {
      const roleId = String(a.appRoleId).toLowerCase();
      const value = GRAPH_APP_ROLES[roleId];
      const grant = appGrants.find((g) => !used.has(g) && (g.role === value || g.role.toLowerCase() === roleId));
      if (grant) {
        used.add(grant);
        continue;
      }
      const createdDateTime = typeof a.createdDateTime === 'string' ? a.createdDateTime : undefined;
      const high = value !== undefined && isHighPrivilegeGraphAppRole(value);
      const permission = value ?? `with id ${roleId} (not in this library's table of Graph permissions: look its name up in the Microsoft Graph permissions reference)`;
      const declare = `requestGraphAppRole('${value ?? '<its name>'}', { existingAssignmentId: '${a.id}', graphServicePrincipalObjectId: '${String(a.resourceId).toLowerCase()}' })`;
      findings.push({
        type: AuditFindingType.OUTSIDE_CODE,
        api: 'Microsoft Graph', principalName: holder.name, principalKind: holder.kind, principalObjectId: spId,
        role: value ?? roleId, roleId, assignmentId: String(a.id), createdDateTime, highPrivilege: high || undefined,
        message: `${high ? 'HIGH PRIVILEGE: ' : ''}${label} holds Microsoft Graph application permission ${permission}, which no code declares `
          + `(assignment ${a.id}${createdDateTime ? `, made ${createdDateTime}` : ''}). `
          + (code
            ? `Declare it on ${code.path} with ${declare}, or remove it in the portal (Enterprise applications > ${name} > Permissions).`
            : `${name} is not declared in code: adopt it and declare it with ${declare}, or remove it in the portal (Enterprise applications > ${name} > Permissions).`),
      });
    }
    for (const g of appGrants) {
      if (used.has(g)) continue;
      const high = isHighPrivilegeGraphAppRole(g.role);
      findings.push({
        type: AuditFindingType.NOT_IN_TENANT,
        api: 'Microsoft Graph', principalName: g.principalName, principalKind: holder.kind, principalObjectId: spId,
        role: g.role, roleId: GRAPH_ROLE_IDS.get(g.role), grantPath: g.grantPath, highPrivilege: high || undefined,
        message: `${label} requests Microsoft Graph application permission ${g.role}${high ? ' (high privilege)' : ''} in code (${g.grantPath}), but the tenant does not grant it: `
          + 'the next apply grants it (its deploying identity needs AppRoleAssignment.ReadWrite.All), or its admin consent is missing.',
      });
    }
  }
  if (notAudited.length > 0) {
    notes.push(`Microsoft Graph application permissions were not audited for ${notAudited.join(', ')}: the export has no `
      + 'apps/<appId>/app-role-assignments.json for them. Export GET servicePrincipals/<spId>/appRoleAssignments (all pages) there to audit them.');
  }
  const uncovered = new Map<string, number>();
  for (const g of grants) if (!covered.has(g.key)) uncovered.set(g.key, (uncovered.get(g.key) ?? 0) + 1);
  for (const [key, n] of uncovered) {
    const w = who.get(key)!;
    notes.push(`${w.name} (${w.path}) requests ${n} Microsoft Graph application permission(s) in code but is not in the export, so they were not compared. `
      + 'Export its app registration, enterprise application and appRoleAssignments to audit them.');
  }
  if (audited === 0) return undefined;
  findings.sort((x, y) => order(x) - order(y) || Number(y.highPrivilege === true) - Number(x.highPrivilege === true)
    || cmp(x.principalName, y.principalName) || cmp(x.role, y.role));
  const graphApi = graphApis[0];
  return {
    name: 'Microsoft Graph', appId: MICROSOFT_GRAPH_APP_ID, codePath: graphApi ? `${graphApi.stack}/${graphApi.path}` : undefined,
    tenantAssignments, codeGrants, findings,
  };
}

const ORDER = [AuditFindingType.OUTSIDE_CODE, AuditFindingType.DISABLED_ROLE, AuditFindingType.NOT_IN_TENANT];
function order(f: AuditFinding): number {
  return ORDER.indexOf(f.type);
}

function kindFits(codeKind: string, facts: PrincipalFacts): boolean {
  if (codeKind === facts.kind) return true;
  // A service principal Graph does not describe further may be a managed identity or a daemon (a client).
  return facts.kind === 'ServicePrincipal' && !facts.known && (codeKind === 'ManagedIdentity' || codeKind === 'Client');
}

/** A code grant whose object id is unknown matches by name: its display name, or the name of the app that carries a system-assigned identity. */
function namesFit(g: MapGrant, facts: PrincipalFacts): boolean {
  if (g.principalName === facts.displayName) return true;
  return g.identityType === 'SystemAssigned' && g.principalName.startsWith(`${facts.displayName} `);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function counts(result: AuditResult): { outside: number; pending: number; disabled: number; high: number } {
  const all = result.apis.flatMap((a) => a.findings);
  return {
    high: all.filter((f) => f.type === AuditFindingType.OUTSIDE_CODE && f.highPrivilege === true).length,
    outside: all.filter((f) => f.type === AuditFindingType.OUTSIDE_CODE).length,
    pending: all.filter((f) => f.type === AuditFindingType.NOT_IN_TENANT).length,
    disabled: all.filter((f) => f.type === AuditFindingType.DISABLED_ROLE).length,
  };
}

function summary(result: AuditResult): string {
  const c = counts(result);
  const verdict = c.outside > 0 ? 'access EXISTS OUTSIDE CODE' : 'no access outside code';
  const high = c.high > 0 ? ` (${c.high} of them HIGH-PRIVILEGE Microsoft Graph permission(s))` : '';
  return `${c.outside} assignment(s) outside code${high}, ${c.pending} grant(s) in code not in the tenant yet, ${c.disabled} grant(s) of disabled roles; ${verdict}.`;
}

const MARK: Record<AuditFindingType, string> = {
  [AuditFindingType.OUTSIDE_CODE]: '!',
  [AuditFindingType.DISABLED_ROLE]: 'x',
  [AuditFindingType.NOT_IN_TENANT]: '+',
};

/** The audit as text: a summary line, then each API with its findings. */
export function renderAuditText(result: AuditResult): string {
  const lines = [`Access audit (${result.stacks.join(', ') || 'no access map'}): ${summary(result)}`];
  for (const api of result.apis) {
    const where = api.codePath ? `in code as ${api.codePath}` : 'NOT declared in code';
    lines.push('', `${api.name} (${api.appId}, ${where}): ${api.tenantAssignments} assignment(s) in the tenant, ${api.codeGrants} grant(s) in code`
      + `${api.findings.length === 0 ? '; in sync' : ''}`);
    for (const f of api.findings) lines.push(`  ${MARK[f.type]} ${f.message}`);
  }
  for (const n of result.notes) lines.push('', `Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function cell(s: string | undefined): string {
  return (s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const HEADING: Record<AuditFindingType, string> = {
  [AuditFindingType.OUTSIDE_CODE]: 'Outside code',
  [AuditFindingType.DISABLED_ROLE]: 'Disabled role',
  [AuditFindingType.NOT_IN_TENANT]: 'Not in tenant yet',
};

/** The audit as Markdown, for a pull-request comment or a scheduled job's summary. */
export function renderAuditMarkdown(result: AuditResult): string {
  const out = ['## Access audit', '', `${result.accessOutsideCode ? ':warning: ' : ''}${summary(result)}`];
  for (const api of result.apis) {
    out.push('', `### ${cell(api.name)}`, '',
      `${api.codePath ? `In code as \`${api.codePath}\`` : '**Not declared in code**'}; ${api.tenantAssignments} assignment(s) in the tenant, ${api.codeGrants} grant(s) in code.`);
    if (api.findings.length === 0) {
      out.push('', 'In sync.');
      continue;
    }
    out.push('', '| Finding | Principal | Kind | Object id | App role | Assignment or grant |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of api.findings) {
      out.push(`| ${HEADING[f.type]} | ${cell(f.principalName)} | ${cell(kindText(f.principalKind, f.identityType))} | ${cell(f.principalObjectId ?? '(known at apply)')} `
        + `| \`${cell(f.role)}\`${f.highPrivilege ? ' **(high privilege)**' : ''} | ${f.assignmentId ? `\`${cell(f.assignmentId)}\`${f.createdDateTime ? ` (${cell(f.createdDateTime)})` : ''}` : `\`${cell(f.grantPath)}\``} |`);
    }
  }
  if (result.notes.length > 0) out.push('', ...result.notes.map((n) => `- ${cell(n)}`));
  return `${out.join('\n')}\n`;
}

/** The audit as JSON, for tools. */
export function renderAuditJson(result: AuditResult): string {
  return `${JSON.stringify({ version: 1, ...result }, null, 2)}\n`;
}
