// Reads a tenant export: the folder of JSON that the Azure CLI commands of README "Adopting an
// existing tenant" write. Shared by `adopt` and `audit`. No cdktf or provider imports: the
// command line loads this file and must start fast.
//
// Layout (one folder per app registration, named by its Application (client) id):
//
//   <export>/apps/<appId>/application.json                az ad app show --id <appId>
//   <export>/apps/<appId>/application-owners.json         az ad app owner list --id <appId>
//   <export>/apps/<appId>/federated-credentials.json      az ad app federated-credential list --id <appId>
//   <export>/apps/<appId>/service-principal.json          az ad sp show --id <appId>
//   <export>/apps/<appId>/service-principal-owners.json   az ad sp owner list --id <appId>
//   <export>/apps/<appId>/app-role-assigned-to.json       az rest --method GET --url .../servicePrincipals/<spId>/appRoleAssignedTo
//   <export>/apps/<appId>/app-role-assigned-to.2.json     ... the page its @odata.nextLink points to, and so on
//   <export>/apps/<appId>/oauth2-permission-grants.json   az rest --method GET --url .../servicePrincipals/<spId>/oauth2PermissionGrants
//   <export>/apps/<appId>/app-role-assignments.json       az rest --method GET --url .../servicePrincipals/<spId>/appRoleAssignments (optional)
//   <export>/apps/<appId>/app-role-assignments.2.json     ... the app roles the app itself holds (Microsoft Graph's application
//                                                          permissions granted to it, say), paged like app-role-assigned-to
//   <export>/principals/<objectId>.json                   az ad sp show --id <objectId>, for each service principal holding a role
//
// Only application.json is required in an app's folder; a missing list file reads as empty,
// except the assignments of an app whose service principal was exported (see `assignmentsExported`)
// and the roles the app holds itself (see `ownAssignmentsExported`): adopt then cannot tell a
// granted Graph application permission from one that is not, and says so.
import * as fs from 'fs';
import * as path from 'path';
import { GRAPH_APP_ROLES } from './graph-permissions';

/** The nil GUID: the app role id of "default access". */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** A Graph object as the CLI printed it: camelCase properties, read loosely. */
export type GraphObject = Record<string, any>;

/** One app registration of the export, with what belongs to it. */
export interface ExportedApp {
  /** The folder the app was read from, relative to the export. */
  readonly dir: string;
  readonly application: GraphObject;
  readonly applicationOwners: GraphObject[];
  readonly federatedCredentials: GraphObject[];
  /** The enterprise application, when exported. */
  readonly servicePrincipal?: GraphObject;
  readonly servicePrincipalOwners: GraphObject[];
  /** Every app-role assignment in the enterprise application, all pages joined, in page order. */
  readonly appRoleAssignedTo: GraphObject[];
  /** Whether app-role-assigned-to.json was exported (an app without it is not audited). */
  readonly assignmentsExported: boolean;
  /** The oauth2PermissionGrants whose client is this app's service principal. */
  readonly permissionGrants: GraphObject[];
  /**
   * The app roles this app's service principal holds itself (`servicePrincipals/{id}/appRoleAssignments`,
   * all pages joined, in page order): in Microsoft Graph and the other APIs it calls as itself.
   */
  readonly appRoleAssignments: GraphObject[];
  /** Whether app-role-assignments.json was exported (without it, which roles the app holds is unknown). */
  readonly ownAssignmentsExported: boolean;
}

/** A whole export. */
export interface TenantExport {
  /** The folder, as given. */
  readonly dir: string;
  /** App registrations, sorted by display name then app id. */
  readonly apps: ExportedApp[];
  /** Service principals of principals (managed identities, other apps' service principals), by object id (lower case). */
  readonly principals: Map<string, GraphObject>;
}

/** A problem with the export: names the file, what is wrong and the fix. */
export class TenantExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantExportError';
  }
}

/** The file system calls the reader makes; tests can pass their own. */
export interface ExportFs {
  readdir(dir: string): string[];
  readFile(file: string): string;
  exists(file: string): boolean;
}

const NODE_FS: ExportFs = {
  readdir: (d) => fs.readdirSync(d).sort(),
  readFile: (f) => fs.readFileSync(f, 'utf8'),
  exists: (f) => fs.existsSync(f),
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the export in `dir`. Throws a {@link TenantExportError} naming the file when something is not as the CLI writes it. */
export function readTenantExport(dir: string, io: ExportFs = NODE_FS): TenantExport {
  const appsDir = path.join(dir, 'apps');
  if (!io.exists(appsDir)) {
    throw new TenantExportError(`'${dir}' has no apps/ folder; it is not a tenant export. Write one with the commands in README "Adopting an existing tenant".`);
  }
  const apps: ExportedApp[] = [];
  for (const name of io.readdir(appsDir)) {
    const appDir = path.join(appsDir, name);
    const rel = path.join('apps', name);
    const appFile = path.join(appDir, 'application.json');
    if (!io.exists(appFile)) {
      throw new TenantExportError(`${path.join(rel, 'application.json')} is missing; every folder under apps/ needs the output of \`az ad app show --id ${name}\`.`);
    }
    const application = readObject(io, appFile, rel, 'application.json');
    requireField(application, 'appId', path.join(rel, 'application.json'), 'az ad app show');
    requireField(application, 'id', path.join(rel, 'application.json'), 'az ad app show');
    if (String(application.appId).toLowerCase() !== name.toLowerCase()) {
      throw new TenantExportError(`${path.join(rel, 'application.json')} is the app ${application.appId} (${application.displayName}), `
        + `but its folder is named ${name}; name each folder by the app's Application (client) id.`);
    }
    const spFile = path.join(appDir, 'service-principal.json');
    const servicePrincipal = io.exists(spFile) ? readObject(io, spFile, rel, 'service-principal.json') : undefined;
    if (servicePrincipal && String(servicePrincipal.appId).toLowerCase() !== String(application.appId).toLowerCase()) {
      throw new TenantExportError(`${path.join(rel, 'service-principal.json')} belongs to app ${servicePrincipal.appId}, not to ${application.appId}; `
        + `export it with \`az ad sp show --id ${application.appId}\`.`);
    }
    const assigned = readPages(io, appDir, rel, 'app-role-assigned-to');
    for (const a of assigned.items) {
      if (servicePrincipal && String(a.resourceId).toLowerCase() !== String(servicePrincipal.id).toLowerCase()) {
        throw new TenantExportError(`${path.join(rel, 'app-role-assigned-to.json')} lists assignment ${a.id} in service principal ${a.resourceId}, `
          + `not in this app's (${servicePrincipal.id}); export servicePrincipals/${servicePrincipal.id}/appRoleAssignedTo.`);
      }
    }
    const own = readPages(io, appDir, rel, 'app-role-assignments');
    if (own.found && !servicePrincipal) {
      throw new TenantExportError(`${path.join(rel, 'app-role-assignments.json')} lists the roles of a service principal, but the folder has no `
        + `service-principal.json; export it with \`az ad sp show --id ${application.appId}\`, or delete the assignments file.`);
    }
    for (const a of own.items) {
      if (String(a.principalId).toLowerCase() !== String(servicePrincipal!.id).toLowerCase()) {
        throw new TenantExportError(`${path.join(rel, 'app-role-assignments.json')} lists assignment ${a.id} held by ${a.principalId}, `
          + `not by this app's service principal (${servicePrincipal!.id}); export servicePrincipals/${servicePrincipal!.id}/appRoleAssignments.`);
      }
    }
    apps.push({
      dir: rel,
      application,
      applicationOwners: readList(io, path.join(appDir, 'application-owners.json'), rel),
      federatedCredentials: readList(io, path.join(appDir, 'federated-credentials.json'), rel),
      servicePrincipal,
      servicePrincipalOwners: readList(io, path.join(appDir, 'service-principal-owners.json'), rel),
      appRoleAssignedTo: assigned.items,
      assignmentsExported: assigned.found,
      permissionGrants: readList(io, path.join(appDir, 'oauth2-permission-grants.json'), rel),
      appRoleAssignments: own.items,
      ownAssignmentsExported: own.found,
    });
  }
  apps.sort((a, b) => cmp(`${a.application.displayName}\u0000${a.application.appId}`, `${b.application.displayName}\u0000${b.application.appId}`));

  const principals = new Map<string, GraphObject>();
  const principalsDir = path.join(dir, 'principals');
  if (io.exists(principalsDir)) {
    for (const name of io.readdir(principalsDir)) {
      if (!name.endsWith('.json')) continue;
      const sp = readObject(io, path.join(principalsDir, name), 'principals', name);
      requireField(sp, 'id', path.join('principals', name), 'az ad sp show');
      principals.set(String(sp.id).toLowerCase(), sp);
    }
  }
  return { dir, apps, principals };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parse(io: ExportFs, file: string, rel: string): unknown {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new TenantExportError(`cannot read ${rel}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new TenantExportError(`${rel} is not JSON (${(e as Error).message.replace(/\s+/g, ' ')}); write it with the CLI's default --output json.`);
  }
}

function readObject(io: ExportFs, file: string, dirRel: string, name: string): GraphObject {
  const rel = path.join(dirRel, name);
  const value = parse(io, file, rel);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TenantExportError(`${rel} holds ${Array.isArray(value) ? 'a list' : typeof value}, not one object; it should be the output of a \`show\` command.`);
  }
  return value as GraphObject;
}

function requireField(o: GraphObject, field: string, rel: string, command: string): void {
  if (typeof o[field] !== 'string' || !GUID.test(o[field])) {
    throw new TenantExportError(`${rel} has no GUID '${field}'; it should be the output of \`${command}\`.`);
  }
}

/** A list file: a bare array (`az ... list`) or a Graph collection (`az rest`: `{ value: [...] }`). A missing file is empty. */
function readList(io: ExportFs, file: string, dirRel: string): GraphObject[] {
  if (!io.exists(file)) return [];
  const rel = path.join(dirRel, path.basename(file));
  const value = parse(io, file, rel);
  if (Array.isArray(value)) return value as GraphObject[];
  if (typeof value === 'object' && value !== null && Array.isArray((value as GraphObject).value)) {
    if ((value as GraphObject)['@odata.nextLink']) {
      throw new TenantExportError(`${rel} has an @odata.nextLink: it is only the first page. Save every page as in README "Adopting an existing tenant".`);
    }
    return (value as GraphObject).value;
  }
  throw new TenantExportError(`${rel} is neither a list nor a Graph collection ({ "value": [...] }).`);
}

/**
 * `{base}.json`, `{base}.2.json`, ...: the pages of a Graph collection, in order. Every page but
 * the last must carry `@odata.nextLink`, and the last must not: otherwise pages are missing.
 */
function readPages(io: ExportFs, dir: string, dirRel: string, base: string): { items: GraphObject[]; found: boolean } {
  const first = path.join(dir, `${base}.json`);
  if (!io.exists(first)) return { items: [], found: false };
  const items: GraphObject[] = [];
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.json` : `${base}.${n}.json`;
    const file = path.join(dir, name);
    const rel = path.join(dirRel, name);
    if (!io.exists(file)) {
      throw new TenantExportError(`${path.join(dirRel, n === 2 ? `${base}.json` : `${base}.${n - 1}.json`)} has an @odata.nextLink, but ${rel} is missing: `
        + 'the export stopped before the last page. Run the paging loop of README "Adopting an existing tenant" to the end.');
    }
    const page = parse(io, file, rel) as GraphObject;
    if (typeof page !== 'object' || page === null || !Array.isArray(page.value)) {
      throw new TenantExportError(`${rel} is not a Graph collection ({ "value": [...] }); save the raw \`az rest\` output.`);
    }
    items.push(...page.value);
    if (!page['@odata.nextLink']) {
      if (io.exists(path.join(dir, `${base}.${n + 1}.json`))) {
        throw new TenantExportError(`${rel} has no @odata.nextLink, yet ${path.join(dirRel, `${base}.${n + 1}.json`)} exists: pages from another export are mixed in. `
          + 'Delete the folder and export again.');
      }
      return { items, found: true };
    }
  }
}

/** What kind of principal an assignment's principal is, from `principalType` and, for a service principal, its exported `az ad sp show`. */
export interface PrincipalFacts {
  readonly objectId: string;
  readonly displayName: string;
  /** `Group`, `User`, `ServicePrincipal` or `ManagedIdentity` (the library's PrincipalKind values). */
  readonly kind: string;
  /** For a managed identity: `SystemAssigned` or `UserAssigned`. */
  readonly identityType?: string;
  /** For a user-assigned identity: its client id (the service principal's appId). */
  readonly clientId?: string;
  /** For a managed identity: the Azure resource id (user-assigned) or the id of the resource that carries it (system-assigned). */
  readonly resourceId?: string;
  /** Whether the service principal's kind is known from the export (principals/ or apps/). */
  readonly known: boolean;
}

/** What the export says about the principal of an app-role assignment. */
export function principalFacts(exp: TenantExport, assignment: GraphObject): PrincipalFacts {
  const objectId = String(assignment.principalId).toLowerCase();
  const displayName = String(assignment.principalDisplayName ?? assignment.principalId);
  const type = String(assignment.principalType);
  if (type !== 'ServicePrincipal') return { objectId, displayName, kind: type, known: true };
  const sp = exp.principals.get(objectId)
    ?? exp.apps.find((a) => String(a.servicePrincipal?.id ?? '').toLowerCase() === objectId)?.servicePrincipal;
  if (!sp) return { objectId, displayName, kind: 'ServicePrincipal', known: false };
  if (sp.servicePrincipalType !== 'ManagedIdentity') return { objectId, displayName: String(sp.displayName ?? displayName), kind: 'ServicePrincipal', known: true };
  const names: string[] = Array.isArray(sp.alternativeNames) ? sp.alternativeNames : [];
  const explicit = names.find((n) => /^isExplicit=/i.test(n));
  const resourceId = names.find((n) => n.startsWith('/subscriptions/'));
  const userAssigned = explicit !== undefined ? /=true$/i.test(explicit) : /\/userAssignedIdentities\//i.test(resourceId ?? '');
  return {
    objectId,
    displayName: String(sp.displayName ?? displayName),
    kind: 'ManagedIdentity',
    identityType: userAssigned ? 'UserAssigned' : 'SystemAssigned',
    clientId: userAssigned ? String(sp.appId) : undefined,
    resourceId,
    known: true,
  };
}

/** The app of the export whose service principal has this object id. */
export function appBySpObjectId(exp: TenantExport, objectId: string): ExportedApp | undefined {
  const id = objectId.toLowerCase();
  return exp.apps.find((a) => String(a.servicePrincipal?.id ?? '').toLowerCase() === id);
}

/** The app of the export with this Application (client) id. */
export function appByAppId(exp: TenantExport, appId: string): ExportedApp | undefined {
  const id = appId.toLowerCase();
  return exp.apps.find((a) => String(a.application.appId).toLowerCase() === id);
}

/**
 * The object id of Microsoft Graph's service principal in the exported tenant: the resource of
 * an application permission of Graph that an app of the export holds, when one does.
 */
export function graphServicePrincipalId(exp: TenantExport): string | undefined {
  const held = exp.apps.flatMap((a) => a.appRoleAssignments).find((x) => GRAPH_APP_ROLES[String(x.appRoleId).toLowerCase()] !== undefined);
  return held ? String(held.resourceId).toLowerCase() : undefined;
}
