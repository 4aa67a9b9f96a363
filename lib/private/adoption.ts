// Adoption of what exists in the tenant: the ids `terraform import` expects for each resource
// the library adopts (the azuread provider's importers), the checks of what users pass for
// them, and the import blocks. Kept apart from the rest of the registration lifecycle.
import { IConstruct } from 'constructs';
import { TerraformElement, TerraformStack } from 'cdktf';
import type { TerraformResource } from 'cdktf';
import type { ExistingRegistration } from '../adoption';
import type { Registration } from './app-registration';
import { requireNotNil } from './id-references';
import { isGuid } from './uuid';
import { entraError, isUnresolved } from './validation';
import { entraWarning } from './diagnostics';

/**
 * A library rule that existing state breaks: refused for what the program creates, a warning
 * for what it adopts. Graph accepted the adopted object and it exists; refusing it would leave
 * its owner nothing to adopt, so the program states it as it is and says what it means.
 * `problem` is the refusal's message; `meaning` what the existing state means and how to end it.
 */
export function refuseUnlessAdopted(scope: IConstruct, adopted: boolean, problem: string, meaning: string): void {
  if (!adopted) throw entraError(scope, problem);
  entraWarning(scope, `${problem.trim().replace(/[.]?$/, '.')} It exists already and is adopted as it is: ${meaning}`);
}

/** `/applications/{applicationObjectId}` (azuread_application). */
export function applicationImportId(applicationObjectId: string): string {
  return `/applications/${applicationObjectId}`;
}

/** `/servicePrincipals/{servicePrincipalObjectId}` (azuread_service_principal). */
export function servicePrincipalImportId(servicePrincipalObjectId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}`;
}

/** `/applications/{objectId}/identifierUris/{base64(uri)}`, standard base64 with padding (azuread_application_identifier_uri). */
export function identifierUriImportId(applicationObjectId: string, uri: string): string {
  return `/applications/${applicationObjectId}/identifierUris/${Buffer.from(uri, 'utf8').toString('base64')}`;
}

/** `{applicationObjectId}/preAuthorizedApplication/{authorizedClientId}`, no leading slash (azuread_application_pre_authorized). */
export function preAuthorizedImportId(apiApplicationObjectId: string, clientId: string): string {
  return `${apiApplicationObjectId}/preAuthorizedApplication/${clientId}`;
}

/** `{applicationObjectId}/federatedIdentityCredential/{credentialId}`, no leading slash. */
export function federatedCredentialImportId(applicationObjectId: string, credentialId: string): string {
  return `${applicationObjectId}/federatedIdentityCredential/${credentialId}`;
}

/** `{applicationObjectId}/certificate/{keyId}`, no leading slash (azuread_application_certificate). */
export function certificateImportId(applicationObjectId: string, keyId: string): string {
  return `${applicationObjectId}/certificate/${keyId}`;
}

/** `/servicePrincipals/{resourceSpObjectId}/appRoleAssignedTo/{assignmentId}` (azuread_app_role_assignment). */
export function appRoleAssignmentImportId(resourceServicePrincipalObjectId: string, assignmentId: string): string {
  return `/servicePrincipals/${resourceServicePrincipalObjectId}/appRoleAssignedTo/${assignmentId}`;
}

/** `/oauth2PermissionGrants/{grantId}` (azuread_service_principal_delegated_permission_grant). */
export function delegatedPermissionGrantImportId(grantId: string): string {
  return `/oauth2PermissionGrants/${grantId}`;
}

/** Graph's opaque ids of app-role assignments and oauth2PermissionGrants: base64url. */
const OPAQUE_ID = /^[A-Za-z0-9_-]{16,}$/;

function literal(scope: IConstruct, what: string, value: string): void {
  if (isUnresolved(value)) {
    throw entraError(scope, `${what} is a token; an import id must be known at synth. Give the literal id from the tenant.`);
  }
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw entraError(scope, `${what} is empty; give the id of the existing object, or leave it out to create one.`);
  }
}

/** Throws unless the ids of an existing registration are three different literal GUIDs. */
export function checkExistingRegistration(scope: IConstruct, existing: ExistingRegistration): void {
  const fields: [string, string, string][] = [
    ['applicationObjectId', existing.applicationObjectId, 'App registrations > the app > Overview > Object ID'],
    ['clientId', existing.clientId, 'App registrations > the app > Overview > Application (client) ID'],
  ];
  if (existing.servicePrincipalObjectId !== undefined) {
    fields.push(['servicePrincipalObjectId', existing.servicePrincipalObjectId, 'Enterprise applications > the app > Overview > Object ID']);
  }
  for (const [name, value, where] of fields) {
    literal(scope, `existing.${name}`, value);
    if (/^\/?(applications|servicePrincipals)\//i.test(value)) {
      throw entraError(scope, `existing.${name} '${value}' is an import id or resource path; give the bare GUID (${where}).`);
    }
    if (!isGuid(value)) throw entraError(scope, `existing.${name} '${value}' is not a GUID; give it as shown in ${where}.`);
    requireNotNil(scope, `existing.${name}`, value, `Give it as shown in ${where}.`);
  }
  const seen = new Map<string, string>();
  for (const [name, value] of fields) {
    const other = seen.get(value.toLowerCase());
    if (other) {
      throw entraError(scope, `existing.${other} and existing.${name} are both '${value}'; they are ids of different objects. `
        + 'The app registration\'s object id, its client id and its enterprise application\'s object id always differ: take each from its own page.');
    }
    seen.set(value.toLowerCase(), name);
  }
  for (const uri of existing.identifierUris ?? []) literal(scope, 'existing.identifierUris', uri);
}

/** Throws unless `id` looks like Graph's id of an app-role assignment or oauth2PermissionGrant. */
export function checkOpaqueId(scope: IConstruct, what: string, id: string, source: string): void {
  literal(scope, what, id);
  if (id.startsWith('/') || id.includes('/')) {
    throw entraError(scope, `${what} '${id}' is a path; give only the id (the last part), as in ${source}.`);
  }
  if (isGuid(id)) {
    throw entraError(scope, `${what} '${id}' is a GUID, which is the id of a role, scope or object, not of ${what.startsWith('existingGrantId') ? 'a permission grant' : 'an assignment'}. `
      + `Give Graph's opaque id (e.g. 'FaaQlYzCQeEdpUGEko3kAMx1Lm85_ePtWgF7kkmEnCw'), the 'id' in ${source}.`);
  }
  if (!OPAQUE_ID.test(id)) {
    throw entraError(scope, `${what} '${id}' is not an id Graph gives (base64url letters, digits, '-' and '_'); copy the 'id' from ${source}.`);
  }
}

/** The literal service principal object id of an API registered elsewhere, given for the import ids of its adopted assignments. */
const KNOWN_SERVICE_PRINCIPALS = new WeakMap<IConstruct, string>();

/**
 * Records the object id of the service principal of `api` (an API registered elsewhere, such as
 * Microsoft Graph), which an adopted assignment's import id names. Throws, naming `scope`, when it
 * is not a literal GUID or differs from one given before.
 */
export function declareServicePrincipalObjectId(scope: IConstruct, api: IConstruct & { readonly apiName: string }, what: string, objectId: string): void {
  literal(scope, what, objectId);
  if (!isGuid(objectId)) {
    throw entraError(scope, `${what} '${objectId}' is not a GUID; give the object id of ${api.apiName}'s service principal in this tenant `
      + '(the resourceId of the assignment).');
  }
  requireNotNil(scope, what, objectId, `Give the object id of ${api.apiName}'s service principal in this tenant.`);
  const id = objectId.toLowerCase();
  const before = KNOWN_SERVICE_PRINCIPALS.get(api);
  if (before !== undefined && before !== id) {
    throw entraError(scope, `${what} is '${id}', but '${before}' was given before: ${api.apiName} has one service principal in a tenant. `
      + 'Give the same object id on every adopted assignment.');
  }
  KNOWN_SERVICE_PRINCIPALS.set(api, id);
}

/** The existing registration each adopted API or client describes. */
const EXISTING = new WeakMap<IConstruct, ExistingRegistration>();

/** The ids of the existing registration `construct` adopts, if it adopts one. */
export function existingRegistrationOf(construct: IConstruct): ExistingRegistration | undefined {
  return EXISTING.get(construct);
}

/**
 * Imports the application and service principal of a registration, and its default
 * identifier URI (`api://{clientId}`) when the registration has one. Call after
 * {@link checkExistingRegistration}.
 */
export function adoptRegistration(owner: IConstruct, registration: Registration, existing: ExistingRegistration): void {
  const ids: ExistingRegistration = {
    applicationObjectId: existing.applicationObjectId.toLowerCase(),
    clientId: existing.clientId.toLowerCase(),
    servicePrincipalObjectId: existing.servicePrincipalObjectId?.toLowerCase(),
    identifierUris: existing.identifierUris,
  };
  EXISTING.set(owner, ids);
  importResource(registration.application, applicationImportId(ids.applicationObjectId));
  // Only what exists is imported: a registration without an enterprise application gets one from the first apply.
  if (ids.servicePrincipalObjectId !== undefined) {
    importResource(registration.servicePrincipal, servicePrincipalImportId(ids.servicePrincipalObjectId));
  }
  const defaultUri = `api://${ids.clientId}`;
  if (registration.identifierUriResource
    && (existing.identifierUris === undefined || existing.identifierUris.some((u) => u.toLowerCase() === defaultUri))) {
    importResource(registration.identifierUriResource, identifierUriImportId(ids.applicationObjectId, defaultUri));
  }
}

/**
 * The literal object id of an API's service principal, for the import id of an assignment in
 * it: the adopted registration's, or a literal GUID the API was given. Throws, naming `scope`, when it is known only at apply.
 */
export function resourceServicePrincipalForImport(scope: IConstruct, api: { readonly servicePrincipalObjectId: string; readonly apiName: string } & IConstruct): string {
  const existing = existingRegistrationOf(api);
  if (existing?.servicePrincipalObjectId !== undefined) return existing.servicePrincipalObjectId;
  const known = KNOWN_SERVICE_PRINCIPALS.get(api);
  if (known !== undefined) return known;
  const id = api.servicePrincipalObjectId;
  if (!isUnresolved(id) && isGuid(id)) return id.toLowerCase();
  throw entraError(scope, `adopts an existing assignment in ${api.apiName}, whose service principal object id is known only at apply; `
    + 'an assignment\'s import id names it. Adopt the API too (existing: { ... } on the ProtectedApi); for Microsoft Graph (requestGraphAppRole), '
    + 'give graphServicePrincipalObjectId; or leave existingAssignmentId out.');
}

/** Imports an assignment `resource` given its id, after checking the id. */
export function adoptAssignment(scope: IConstruct, resource: TerraformResource, api: Parameters<typeof resourceServicePrincipalForImport>[1], assignmentId: string): void {
  checkOpaqueId(scope, 'existingAssignmentId', assignmentId, `GET servicePrincipals/{id}/appRoleAssignedTo (value[].id)`);
  importResource(resource, appRoleAssignmentImportId(resourceServicePrincipalForImport(scope, api), assignmentId));
}

/** The existing registration of `construct`, or an error naming `scope` that says why adopting `what` needs it. */
export function requireExisting(scope: IConstruct, construct: IConstruct, name: string, what: string): ExistingRegistration {
  const existing = existingRegistrationOf(construct);
  if (!existing) {
    throw entraError(scope, `adopts ${what}, but ${name} (${construct.node.path}) is not an existing registration, so there is nothing to adopt: `
      + `give ${name} existing: { applicationObjectId, clientId, servicePrincipalObjectId }, or do not mark ${what} as existing.`);
  }
  return existing;
}

/** One import: a resource and its import id, or a `for_each` resource and its adopted rows. */
type ImportEntry =
  | { readonly resource: TerraformResource; readonly id: string }
  | { readonly resource: TerraformResource; readonly rows: () => { key: string; id: string }[] };

const IMPORTS_ID = 'EntraImports';

/**
 * The `import` blocks of one stack, written by one element at stack level. cdktf's own
 * `importFrom` adds a `ValidateTerraformVersion` to each resource it imports, and each of those
 * spawns `terraform version` at synth: most of an adopted program's synth time, and no synth at
 * all where Terraform is not installed. An `import` block needs Terraform 1.5 at plan time, and
 * an older Terraform says so there ("Unsupported block type"), so nothing is checked at synth.
 * The blocks are written in the order the resources were adopted; the metadata lists them as
 * cdktf's `importFrom` does.
 */
class StackImports extends TerraformElement {
  public readonly entries: ImportEntry[] = [];

  private blocks(): { resource: TerraformResource; to: string; id: string }[] {
    const out: { resource: TerraformResource; to: string; id: string }[] = [];
    for (const e of this.entries) {
      const address = `${e.resource.terraformResourceType}.${e.resource.friendlyUniqueId}`;
      if ('id' in e) out.push({ resource: e.resource, to: address, id: e.id });
      else for (const r of e.rows()) out.push({ resource: e.resource, to: `${address}[${JSON.stringify(r.key)}]`, id: r.id });
    }
    return out;
  }

  public toTerraform(): any {
    const blocks = this.blocks();
    return blocks.length === 0 ? {} : { import: blocks.map((b) => ({ id: b.id, to: b.to })) };
  }

  public toMetadata(): any {
    const imports: Record<string, string[]> = {};
    for (const e of this.entries) {
      const list = imports[e.resource.terraformResourceType] ??= [];
      if (!list.includes(e.resource.friendlyUniqueId)) list.push(e.resource.friendlyUniqueId);
    }
    return this.entries.length === 0 ? {} : { imports };
  }
}

function stackImports(scope: IConstruct): StackImports {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(IMPORTS_ID) as StackImports | undefined) ?? new StackImports(stack, IMPORTS_ID);
}

/**
 * Adopts `resource`: an `import` block `{ to = type.name, id = importId }` at stack level, with
 * no per-resource `terraform version` check (see {@link StackImports}). Use it instead of
 * cdktf's `importFrom`.
 */
export function importResource(resource: TerraformResource, importId: string): void {
  stackImports(resource).entries.push({ resource, id: importId });
}

/**
 * Adopts rows of a `for_each` resource: one `import` block per row, `to = type.name["key"]`,
 * read when the stack is synthesized. cdktf's `importFrom` addresses a whole resource, not one instance.
 */
export function importRows(resource: TerraformResource, rows: () => { key: string; id: string }[]): void {
  stackImports(resource).entries.push({ resource, rows });
}
