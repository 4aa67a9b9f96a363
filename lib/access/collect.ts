// Builds the access map of one stack from its construct tree. Called only when a map is asked
// for (AccessMap.of(...).toX() or an AccessMapReport at synth): never on the construct path.
import { TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import type { GroupMember } from '@cdktf/provider-azuread/lib/group-member';
import { IConstruct } from 'constructs';
import {
  AccessFinding, AccessMapApi, AccessMapAppRole, AccessMapClient, AccessMapEntry, AccessMapModel, AccessMapPrincipal,
  AccessMapScope, AccessMapWorkloadIdentity, AccessType, ApiSource, FindingCode, FindingSeverity, GrantedVia,
} from './model';
import type { IApi } from '../api';
import type { IAppRole } from '../app-role';
import { AppRoleAssignment } from '../app-role-assignment';
import { AppRoleAssignmentTable } from '../app-role-assignment-table';
import { ManagedIdentity } from '../managed-identity';
import type { IPermissionScope } from '../permission-scope';
import { IPrincipal, PrincipalKind } from '../principal';
import { existingRegistrationOf } from '../private/adoption';
import { REPLICATION_WAIT_CONTEXT_KEY, ReplicationFacts, replicationFactsOf } from '../private/replication-gate';
import { movedFromOf, stableKeyOf } from '../private/stable-identity';
import { isGuid } from '../private/uuid';
import { ClientFacts, WorkloadIdentityFacts, isApi, isPrincipal, literal, readClient, readWorkloadIdentities } from './adapters';
import {
  ACCESS_MAP_SCHEMA_VERSION, CLIENT_PRINCIPAL_KIND, compareKeys, compareStrings, isAppPrincipalKind, isBroadPermission, kindLabel,
} from './schema';


interface ApiFacts {
  readonly api: IApi;
  readonly key: string;
  readonly name: string;
  readonly source: ApiSource;
  readonly identifierUri?: string;
  readonly noIdentifierUri?: boolean;
  readonly assignmentRequired?: boolean;
  readonly clientId?: string;
  readonly servicePrincipalObjectId?: string;
  readonly movedFrom?: string;
  /** Declared roles and scopes (all of them for an API of this program). */
  readonly roles: Map<string, AccessMapAppRole>;
  readonly scopes: Map<string, AccessMapScope>;
  readonly entries: AccessMapEntry[];
}

interface PrincipalFacts {
  readonly principal: IPrincipal;
  readonly key: string;
  readonly name: string;
  /** The object id that holds roles, when known at synth. */
  readonly objectId?: string;
  readonly memberOf: Set<string>;
  clientType?: string;
}

/** Builds the model of `stack`. */
export function buildAccessMap(stack: TerraformStack): AccessMapModel {
  return new Collector(stack).build();
}

class Collector {
  private readonly apis = new Map<IConstruct, ApiFacts>();
  private readonly principals = new Map<IConstruct, PrincipalFacts>();
  private readonly clients: ClientFacts[] = [];
  private readonly identities: WorkloadIdentityFacts[] = [];
  private readonly grants: AppRoleAssignment[] = [];
  private readonly tables: AppRoleAssignmentTable[] = [];
  private readonly findings: AccessFinding[] = [];
  private readonly all: IConstruct[];
  private byObjectId?: { readonly size: number; readonly map: Map<string, PrincipalFacts[]> };

  public constructor(private readonly stack: TerraformStack) {
    this.all = stack.node.findAll();
  }

  public build(): AccessMapModel {
    for (const c of this.all) {
      if (isApi(c)) this.apiFacts(c);
      if (isPrincipal(c)) this.principalFacts(c);
      if (c instanceof AppRoleAssignment) this.grants.push(c);
      if (c instanceof AppRoleAssignmentTable) this.tables.push(c);
      const client = readClient(c);
      if (client) this.clients.push(client);
    }
    this.identities.push(...readWorkloadIdentities(this.all));
    for (const wi of this.identities) if (wi.principal) this.principalFacts(wi.principal);
    for (const client of this.clients) {
      const p = this.principals.get(client.construct);
      if (p) p.clientType = client.clientType;
    }

    for (const grant of this.grants) this.addGrant(grant);
    for (const table of this.tables) this.addTable(table);
    for (const client of this.clients) this.addClientRequests(client);
    this.findGroupMemberships();
    this.findRisks();
    for (const c of this.all) {
      const facts = replicationFactsOf(c);
      if (facts && facts.dependents.length > 0) this.replicationFinding(c, facts);
    }

    const apis = [...this.apis.values()].sort((a, b) => compareStrings(a.key, b.key)).map((a) => this.renderApi(a));
    const principals: AccessMapPrincipal[] = [...this.principals.values()]
      .sort((a, b) => compareStrings(a.key, b.key))
      .map((p) => ({
        path: p.key,
        name: p.name,
        kind: p.principal.principalKind,
        identityType: p.principal instanceof ManagedIdentity ? p.principal.identityType : undefined,
        clientType: p.clientType,
        objectId: p.objectId,
        memberOf: [...p.memberOf].sort(compareStrings),
        movedFrom: this.movedKeyOf(p.principal),
      }));
    const clients: AccessMapClient[] = this.clients
      .map((c) => ({
        path: this.keyOf(c.construct),
        name: c.name ?? this.keyOf(c.construct),
        clientType: c.clientType,
        movedFrom: this.movedKeyOf(c.construct),
        scopes: c.scopes.map((s) => ({ api: this.apiFacts(s.api).key, value: s.scope.value, preAuthorized: s.preAuthorized, adminConsent: s.adminConsent }))
          .sort((a, b) => compareKeys([a.api, a.value], [b.api, b.value])),
        appRoles: c.appRoles.map((r) => ({ api: this.apiFacts(r.api).key, value: r.role.value }))
          .sort((a, b) => compareKeys([a.api, a.value], [b.api, b.value])),
      }))
      .sort((a, b) => compareStrings(a.path, b.path));
    const workloadIdentities: AccessMapWorkloadIdentity[] = this.identities
      .map((w) => ({
        path: this.keyOf(w.construct),
        name: w.name ?? this.keyOf(w.construct),
        identityType: w.identityType,
        principal: w.principal ? this.principalFacts(w.principal).key : undefined,
        carriedBy: w.hosts.map((h) => ({ path: this.keyOf(h.construct), name: h.name ?? this.keyOf(h.construct), defaultCredential: h.defaultCredential }))
          .sort((a, b) => compareStrings(a.path, b.path)),
      }))
      .sort((a, b) => compareStrings(a.path, b.path));
    const findings = dedupe(this.findings).sort((a, b) => compareKeys([a.code, a.subject, a.message], [b.code, b.subject, b.message]));

    // Through JSON once, so the model a program gets has no undefined keys and equals access-map.json.
    return JSON.parse(JSON.stringify({
      version: ACCESS_MAP_SCHEMA_VERSION,
      stack: this.stack.node.id,
      apis,
      principals,
      clients,
      workloadIdentities,
      findings,
    }));
  }

  /** The path of `c` within this stack, or its full path when it lives in another stack. */
  /**
   * What the map calls a construct: its stable key (its path within the stack unless it is a
   * registration or workload identity with a stableKey), prefixed by its stack's id when it is
   * in another stack. So a pinned construct keeps its name in the map when it moves.
   */
  private keyOf(c: IConstruct): string {
    const owner = c.node.scopes.find((s) => TerraformStack.isStack(s));
    if (owner === this.stack) return stableKeyOf(c);
    return owner ? `${owner.node.id}/${stableKeyOf(c)}` : c.node.path;
  }

  /** What the map called `c` before its declared move (movedFrom), keyed as {@link keyOf} keys it; undefined when it did not move. */
  private movedKeyOf(c: IConstruct): string | undefined {
    const old = movedFromOf(c);
    if (old === undefined) return undefined;
    const owner = c.node.scopes.find((s) => TerraformStack.isStack(s));
    return owner === this.stack || !owner ? old : `${owner.node.id}/${old}`;
  }

  private apiFacts(api: IApi): ApiFacts {
    const existing = this.apis.get(api);
    if (existing) return existing;
    // An API of this library says what it declares; any other IApi only what grants and requests show.
    const declared = isApi(api) ? api._accessFacts() : { registeredHere: false, appRoleAssignmentRequired: undefined, appRoles: [], scopes: [] };
    const roles = new Map<string, AccessMapAppRole>();
    const scopes = new Map<string, AccessMapScope>();
    for (const r of declared.appRoles) this.noteRole(roles, r);
    for (const s of declared.scopes) this.noteScope(scopes, s);
    const key = this.keyOf(api);
    const facts: ApiFacts = {
      api,
      key,
      name: literal(api.apiName) ?? key,
      source: declared.registeredHere ? ApiSource.THIS_PROGRAM : ApiSource.REGISTERED_ELSEWHERE,
      identifierUri: declared.noIdentifierUri ? undefined : literal(api.identifierUri),
      noIdentifierUri: declared.noIdentifierUri,
      assignmentRequired: declared.appRoleAssignmentRequired,
      clientId: literalGuid(api.clientId) ?? existingRegistrationOf(api)?.clientId,
      servicePrincipalObjectId: literalGuid(api.servicePrincipalObjectId) ?? existingRegistrationOf(api)?.servicePrincipalObjectId,
      movedFrom: this.movedKeyOf(api),
      roles,
      scopes,
      entries: [],
    };
    this.apis.set(api, facts);
    return facts;
  }

  private noteRole(roles: Map<string, AccessMapAppRole>, r: IAppRole): void {
    const value = literal(r.value);
    if (value === undefined || roles.has(value)) return;
    const types = Array.isArray(r.allowedMemberTypes) && !r.allowedMemberTypes.some((t) => literal(t) === undefined)
      ? [...r.allowedMemberTypes].map(String).sort(compareStrings) : undefined;
    roles.set(value, {
      value,
      id: literal(r.roleId),
      allowedMemberTypes: types,
      enabled: typeof r.enabled === 'boolean' ? r.enabled : undefined,
    });
  }

  private noteScope(scopes: Map<string, AccessMapScope>, s: IPermissionScope): void {
    const value = literal(s.value);
    if (value === undefined || scopes.has(value)) return;
    scopes.set(value, {
      value,
      id: literal(s.scopeId),
      consentType: literal(s.consentType),
      enabled: typeof s.enabled === 'boolean' ? s.enabled : undefined,
    });
  }

  private principalFacts(p: IPrincipal): PrincipalFacts {
    const existing = this.principals.get(p);
    if (existing) return existing;
    const key = this.keyOf(p);
    const objectId = literalGuid(p.principalObjectId) ?? existingRegistrationOf(p)?.servicePrincipalObjectId;
    const facts: PrincipalFacts = { principal: p, key, name: literal(p.principalName) ?? key, objectId, memberOf: new Set() };
    this.principals.set(p, facts);
    return facts;
  }

  private addGrant(grant: AppRoleAssignment): void {
    const p = this.principalFacts(grant.principal);
    this.addRoleEntry(grant.api, grant.role, { key: p.key, name: p.name, kind: grant.principal.principalKind, clientType: p.clientType, objectId: p.objectId },
      this.keyOf(grant));
  }

  /**
   * The rows of an {@link AppRoleAssignmentTable}. A row whose object id is that of a
   * principal construct in the stack is shown as that principal; any other row by its name,
   * under the table's path.
   */
  private addTable(table: AppRoleAssignmentTable): void {
    const tableKey = this.keyOf(table);
    const byObjectId = this.principalsByObjectId();
    for (const row of table.rows) {
      const k = referenceKey(row.principalObjectId);
      const known = k !== undefined ? byObjectId.get(k)?.[0] : undefined;
      const who = known
        ? { key: known.key, name: known.name, kind: known.principal.principalKind, clientType: known.clientType, objectId: known.objectId }
        : { key: `${tableKey}[${row.principalName}]`, name: row.principalName, kind: row.principalKind, objectId: literalGuid(row.principalObjectId) };
      this.addRoleEntry(table.api, row.role, who, `${tableKey}[${JSON.stringify(AppRoleAssignmentTable.keyOfRow(row))}]`, tableKey);
    }
  }

  private addRoleEntry(apiRef: IApi, roleRef: IAppRole, who: { key: string; name: string; kind: string; clientType?: string; objectId?: string },
    grantPath: string, table?: string): void {
    const api = this.apiFacts(apiRef);
    this.noteRole(api.roles, roleRef);
    const value = literal(roleRef.value) ?? '(unknown)';
    api.entries.push({
      principal: who.key,
      principalName: who.name,
      principalKind: who.kind,
      clientType: who.clientType,
      accessType: AccessType.APP_ROLE,
      value,
      grantedVia: GrantedVia.APP_ROLE_ASSIGNMENT,
      grantPath,
      table,
      principalObjectId: who.objectId,
    });
    const role = api.roles.get(value);
    if (role?.enabled === false) {
      this.finding(FindingCode.DISABLED_ROLE_GRANTED, FindingSeverity.WARNING, grantPath,
        `${kindLabel(who.kind, who.clientType)} '${who.name}' is granted the disabled app role ${value} on ${api.name}: `
        + 'Entra rejects new assignments of a disabled role (ENTRA-RULES 7). Remove the grant while the role is retired, or enable the role.');
    }
    if (isBroadPermission(value) && isAppPrincipalKind(who.kind)) {
      this.finding(FindingCode.BROAD_CONSENT, FindingSeverity.WARNING, grantPath,
        `${kindLabel(who.kind, who.clientType)} '${who.name}' holds the broad app role ${value} on ${api.name} (app-only, tenant-wide). `
        + 'Grant a narrower role if one exists.');
    }
  }

  /**
   * Principal constructs by the key of their object id (see referenceKey), each list sorted by
   * path. Built once for as long as no principal is added: every table of the stack reads it.
   */
  private principalsByObjectId(): Map<string, PrincipalFacts[]> {
    if (this.byObjectId?.size === this.principals.size) return this.byObjectId.map;
    const map = new Map<string, PrincipalFacts[]>();
    for (const p of [...this.principals.values()].sort((a, b) => compareStrings(a.key, b.key))) {
      const k = referenceKey(p.principal.principalObjectId);
      if (k === undefined) continue;
      const list = map.get(k);
      if (list) list.push(p);
      else map.set(k, [p]);
    }
    this.byObjectId = { size: this.principals.size, map };
    return map;
  }

  private addClientRequests(client: ClientFacts): void {
    const key = this.keyOf(client.construct);
    const name = client.name ?? key;
    for (const s of client.scopes) {
      const api = this.apiFacts(s.api);
      this.noteScope(api.scopes, s.scope);
      const value = literal(s.scope.value) ?? '(unknown)';
      api.entries.push({
        principal: key,
        principalName: name,
        principalKind: CLIENT_PRINCIPAL_KIND,
        clientType: client.clientType,
        accessType: AccessType.SCOPE,
        value,
        grantedVia: GrantedVia.DELEGATED_PERMISSION,
        grantPath: key,
        preAuthorized: s.preAuthorized,
        adminConsent: s.adminConsent,
      });
      if (s.adminConsent && isBroadPermission(value)) {
        this.finding(FindingCode.BROAD_CONSENT, FindingSeverity.WARNING, key,
          `${kindLabel(CLIENT_PRINCIPAL_KIND, client.clientType)} '${name}' has tenant-wide admin consent to the broad scope ${value} on ${api.name}: `
          + 'every user who signs in lets the client act with it, without a prompt. Request a narrower scope, or drop admin consent and let users consent.');
      }
    }
  }

  /** Group memberships declared in this stack (`azuread_group_member`), matched by object id. */
  private findGroupMemberships(): void {
    // Every principal construct in the stack, also the ones nothing grants a role to.
    const byObjectId = this.principalsByObjectId();
    for (const c of this.all) {
      if (!(c instanceof TerraformResource) || c.terraformResourceType !== 'azuread_group_member') continue;
      const membership = c as GroupMember;
      const group = referenceKey(membership.groupObjectIdInput);
      const member = referenceKey(membership.memberObjectIdInput);
      if (group === undefined || member === undefined) continue;
      for (const g of byObjectId.get(group) ?? []) {
        if (g.principal.principalKind !== PrincipalKind.GROUP) continue;
        for (const m of byObjectId.get(member) ?? []) m.memberOf.add(g.key);
      }
    }
  }

  private findRisks(): void {
    const groupsByKey = new Map([...this.principals.values()].map((p) => [p.key, p]));
    for (const api of this.apis.values()) {
      if (api.source === ApiSource.THIS_PROGRAM && api.assignmentRequired === false) {
        this.finding(FindingCode.ASSIGNMENT_NOT_REQUIRED, FindingSeverity.WARNING, api.key,
          `${api.name} does not require assignment: every user and app in the tenant can get a token for it, and the API must check roles itself `
          + '(ENTRA-RULES 15). Set appRoleAssignmentRequired: true unless that is intended.');
      }
      if (api.source === ApiSource.THIS_PROGRAM) {
        const held = new Set(api.entries.filter((e) => e.accessType === AccessType.APP_ROLE).map((e) => e.value));
        for (const role of api.roles.values()) {
          if (role.enabled !== false && !held.has(role.value)) {
            this.finding(FindingCode.ROLE_NOT_HELD, FindingSeverity.INFO, api.key,
              `app role ${role.value} of ${api.name} is held by nobody in this program. Grant it, or retire it (enabled: false, then remove) if it is unused.`);
          }
        }
      }
    }
    // ENTRA-RULES 8: an app (managed identity, service principal) in a group gets no roles claim from the group's roles.
    // The roles each principal holds, indexed once, so this is linear in grants plus memberships.
    const rolesHeld = new Map<string, { api: ApiFacts; e: AccessMapEntry }[]>();
    for (const api of this.apis.values()) {
      for (const e of api.entries) {
        if (e.accessType !== AccessType.APP_ROLE) continue;
        const list = rolesHeld.get(e.principal);
        if (list) list.push({ api, e });
        else rolesHeld.set(e.principal, [{ api, e }]);
      }
    }
    for (const p of this.principals.values()) {
      const kind = p.principal.principalKind;
      if (!isAppPrincipalKind(kind)) continue;
      for (const groupKey of p.memberOf) {
        const group = groupsByKey.get(groupKey);
        for (const { api, e } of rolesHeld.get(groupKey) ?? []) {
          this.finding(FindingCode.ROLE_THROUGH_GROUP, FindingSeverity.WARNING, p.key,
            `${kindLabel(kind)} '${p.name}' is a member of group '${group?.name ?? groupKey}', which holds ${e.value} on ${api.name}; `
            + `an app gets no roles claim through a group (ENTRA-RULES 8). Grant ${e.value} to the identity directly `
            + '(api.grantAppRole(identity, role)) instead of relying on the group.');
        }
      }
    }
  }

  /** When and why what references a registration made in the same apply waits for it (or would, with the gate off). */
  private replicationFinding(owner: IConstruct, facts: ReplicationFacts): void {
    const waiting = facts.dependents.map((d) => this.keyOf(d)).sort(compareStrings);
    const listed = waiting.length > 5 ? `${waiting.slice(0, 5).join(', ')} and ${waiting.length - 5} more` : waiting.join(', ');
    const roles = facts.triggers.filter((t) => t.startsWith('appRole:')).length;
    const scopes = facts.triggers.filter((t) => t.startsWith('scope:')).length;
    const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const watched = roles + scopes === 0 ? 'its client id and service principal object id'
      : `its client id, service principal object id, ${plural(roles, 'app role id')} and ${plural(scopes, 'scope id')}`;
    if (facts.seconds === 0) {
      this.finding(FindingCode.REPLICATION_GATE_OFF, FindingSeverity.WARNING, this.keyOf(owner),
        `its replication gate is off (${facts.source === 'prop' ? 'replicationWaitSeconds: 0' : `context key ${REPLICATION_WAIT_CONTEXT_KEY}: 0`}), `
        + `but ${listed} reference it in the same apply: on the apply that creates it, or adds a role or scope, they may fail until Entra has `
        + 'replicated it (400 "Permission being assigned was not found on application", 404); apply again to finish.');
      return;
    }
    this.finding(FindingCode.WAITS_FOR_REPLICATION, FindingSeverity.INFO, this.keyOf(owner),
      `${listed} wait ${facts.seconds} s on ${facts.gateAddress} whenever it is new${roles + scopes > 0 ? ' or gets a new app role or scope' : ''} `
      + `(the gate's triggers: ${watched}): Entra replicates a new registration or role asynchronously, and Graph rejects what references it until then. `
      + 'With nothing new the gate is unchanged and nothing waits.');
  }

  private finding(code: FindingCode, severity: FindingSeverity, subject: string, message: string): void {
    this.findings.push({ code, severity, subject, message });
  }

  private renderApi(a: ApiFacts): AccessMapApi {
    const entries = [...a.entries].sort((x, y) => compareKeys(
      [x.principalName, x.principal, x.accessType, x.value, x.grantPath],
      [y.principalName, y.principal, y.accessType, y.value, y.grantPath]));
    return {
      path: a.key,
      name: a.name,
      source: a.source,
      identifierUri: a.identifierUri,
      noIdentifierUri: a.noIdentifierUri,
      appRoleAssignmentRequired: a.assignmentRequired,
      clientId: a.clientId,
      servicePrincipalObjectId: a.servicePrincipalObjectId,
      movedFrom: a.movedFrom,
      appRoles: [...a.roles.values()].sort((x, y) => compareStrings(x.value, y.value)),
      scopes: [...a.scopes.values()].sort((x, y) => compareStrings(x.value, y.value)),
      access: entries,
    };
  }
}

/**
 * A key that two object-id values share when they name the same object: the lower-cased
 * GUID for a literal, the referenced attribute (`data.azuread_group.X.object_id`) for a
 * single-reference token. Undefined when it cannot be told without applying.
 */
function referenceKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lit = literal(value);
  if (lit !== undefined) return `id:${lit.toLowerCase()}`;
  const fragments = Tokenization.reverseString(value);
  if (fragments.length !== 1) return undefined;
  // A reference token (cdktf's TFExpression) names what it refers to in `identifier`.
  const identifier = (fragments.firstToken as { identifier?: unknown } | undefined)?.identifier;
  return typeof identifier === 'string' ? `ref:${identifier}` : undefined;
}

function dedupe(findings: AccessFinding[]): AccessFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.code}\u0000${f.subject}\u0000${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A literal GUID, lower case; undefined for a token or anything else. */
function literalGuid(v: unknown): string | undefined {
  const s = literal(v);
  return typeof s === 'string' && isGuid(s) ? s.toLowerCase() : undefined;
}
