import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { entraError, isUnresolved, requireGuid } from './validation';
import { NIL_GUID, isGuid } from './uuid';

/**
 * Which id goes where (ENTRA-RULES 1-3), judged through references.
 *
 * An id that is a token is never judged as a literal: it is resolved to the Terraform
 * expression it stands for (`${azurerm_user_assigned_identity.Worker.client_id}`), and when that
 * expression is one plain reference to an attribute whose meaning is known (`client_id`,
 * `principal_id`, an application's `object_id`, an azuread 3.x resource `id`, ...), the
 * attribute is checked against the place the id goes. Anything else (a variable, a remote
 * output, a function call) is known only at apply and accepted.
 */

/** What a referenced attribute holds. */
export type IdKind =
  | 'clientId' | 'managedIdentityPrincipalId' | 'groupObjectId' | 'userObjectId' | 'servicePrincipalObjectId'
  | 'callerObjectId' | 'applicationObjectId' | 'objectId' | 'applicationResourceId' | 'servicePrincipalResourceId'
  | 'userAssignedIdentityResourceId' | 'azureResourceId' | 'tenantId' | 'permissionId' | 'uuid';

/** A token id, read: what it refers to. */
export interface IdReference {
  /** The Terraform expression, e.g. `${azurerm_user_assigned_identity.Worker.client_id}`. */
  readonly expression: string;
  /** The referenced block, e.g. `azurerm_user_assigned_identity.Worker` or `data.azuread_group.Readers`. */
  readonly address: string;
  /** The attribute path, e.g. `client_id`, `identity[0].principal_id`, `app_role_ids["Orders.Read"]`. */
  readonly attribute: string;
  /** What the attribute holds, when the library knows. */
  readonly kind?: IdKind;
}

const NOT_BLOCKS = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self']);
const PLAIN_REFERENCE = /^\$\{((data\.)?([A-Za-z][A-Za-z0-9_-]*)\.[A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[[^\]]*\])+)\}$/;

function kindOf(type: string, isData: boolean, attribute: string): IdKind | undefined {
  const first = /^[A-Za-z0-9_]+/.exec(attribute)?.[0];
  if (first === 'app_role_ids' || first === 'oauth2_permission_scope_ids') return 'permissionId';
  if (type === 'random_uuid' && attribute === 'result') return 'uuid';
  const names = attribute.replace(/\[[^\]]*\]/g, '').split('.').filter(Boolean);
  const last = names[names.length - 1];
  switch (last) {
    case 'client_id': return 'clientId';
    case 'application_id': return 'applicationResourceId';
    case 'principal_id': return 'managedIdentityPrincipalId';
    case 'tenant_id':
    case 'application_tenant_id': return 'tenantId';
    case 'object_id':
      switch (type) {
        case 'azuread_application': return 'applicationObjectId';
        case 'azuread_group': return 'groupObjectId';
        case 'azuread_user': return 'userObjectId';
        case 'azuread_service_principal': return 'servicePrincipalObjectId';
        case 'azuread_client_config': return 'callerObjectId';
        default: return 'objectId';
      }
    case 'id':
      if (attribute !== 'id') return undefined;
      if (type === 'azuread_application' && !isData) return 'applicationResourceId';
      if (type === 'azuread_service_principal' && !isData) return 'servicePrincipalResourceId';
      if (type === 'azurerm_user_assigned_identity') return 'userAssignedIdentityResourceId';
      if (type.startsWith('azurerm_')) return 'azureResourceId';
      return undefined;
    default: return undefined;
  }
}

/** Reads a resolved value: the reference it is, or undefined for a literal or anything that is not one plain reference. */
export function readExpression(expression: unknown): IdReference | undefined {
  if (typeof expression !== 'string') return undefined;
  const m = PLAIN_REFERENCE.exec(expression);
  if (!m) return undefined;
  const [, address, data, type, path] = m;
  if (!data && NOT_BLOCKS.has(type)) return undefined;
  const attribute = path.replace(/^\./, '');
  return { expression, address, attribute, kind: kindOf(type, data !== undefined, attribute) };
}

/** What `value` resolves to in cdk.tf.json, or undefined when it cannot be resolved yet. */
export function expressionOf(scope: IConstruct, value: unknown): string | undefined {
  try {
    const resolved = Tokenization.resolve(value, {
      scope: TerraformStack.of(scope), preparing: false, resolver: new DefaultTokenResolver(new StringConcat()),
    });
    return typeof resolved === 'string' && !isUnresolved(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a token id: what it refers to, or undefined for a literal or a value only apply can tell. */
export function readReference(scope: IConstruct, value: string): IdReference | undefined {
  if (!isUnresolved(value)) return undefined;
  return readExpression(expressionOf(scope, value));
}

/**
 * A key under which two ids compare equal when they are the same id: a literal GUID
 * lower-cased, a token by the expression it stands for (each read of a resource attribute
 * makes a new token string for the same reference). Never compares a token as a literal.
 */
export function idKey(scope: IConstruct, value: string): string {
  if (!isUnresolved(value)) return value.toLowerCase();
  return expressionOf(scope, value) ?? value;
}

/**
 * A value for a message: a literal quoted, a token as the Terraform expression it stands for,
 * never a raw `${TfToken[...]}`.
 */
export function describeValue(scope: IConstruct, value: unknown): string {
  if (typeof value === 'string' && !isUnresolved(value)) return `'${value}'`;
  if (typeof value === 'number' && !isUnresolved(value)) return String(value);
  const expression = expressionOf(scope, value);
  return expression !== undefined ? expression : 'a value known only at apply';
}

/** How a message names what a reference holds. */
function holds(ref: IdReference): string {
  const block = ref.address;
  switch (ref.kind) {
    case 'clientId': return `the client id of ${block}`;
    case 'managedIdentityPrincipalId': return `the principal id of the managed identity ${block}`;
    case 'groupObjectId': return `the object id of the group ${block}`;
    case 'userObjectId': return `the object id of the user ${block}`;
    case 'servicePrincipalObjectId': return `the object id of the service principal ${block}`;
    case 'callerObjectId': return 'the object id of the deploying principal (azuread_client_config)';
    case 'applicationObjectId': return `the application object id of the app registration ${block}, which is not a principal: `
      + 'roles are held by and assigned in its service principal (enterprise application)';
    case 'objectId': return `an object id of ${block}`;
    case 'applicationResourceId': return `the resource id /applications/{objectId} of the app registration ${block}: in azuread 3.x `
      + '`application_id` and an application\'s `id` are this resource id, and the old application_id is `client_id` (ENTRA-RULES 3)';
    case 'servicePrincipalResourceId': return `the resource id /servicePrincipals/{objectId} of ${block} (ENTRA-RULES 3)`;
    case 'userAssignedIdentityResourceId': return `the Azure resource id of the user-assigned identity ${block}`;
    case 'azureResourceId': return `the Azure resource id of ${block}`;
    case 'tenantId': return 'a tenant id';
    case 'permissionId': return `an app role or scope id of ${block}`;
    case 'uuid': return `a generated UUID (${block})`;
    default: return `${block}.${ref.attribute}`;
  }
}

/** Where an id goes, and which kinds of reference may go there. */
export interface IdSlot {
  /** For messages, e.g. `group object id`. */
  readonly what: string;
  readonly accepts: ReadonlySet<IdKind>;
  /** Why a wrong kind is wrong, e.g. `principal_object_id takes ... (ENTRA-RULES 1)`. */
  readonly rule: string;
}

const PRINCIPAL_RULE = 'an app role is held by the object id of a group, user or service principal, or by a managed identity\'s principal_id, '
  + 'never by a client id or an application\'s ids (ENTRA-RULES 1, ENTRA-RULES 2)';

/** Where principal object ids go, by principal kind (`PrincipalKind` values). */
export const PRINCIPAL_SLOTS: Record<string, IdSlot> = {
  Group: { what: 'group object id', accepts: new Set(['groupObjectId', 'objectId']), rule: PRINCIPAL_RULE },
  User: { what: 'user object id', accepts: new Set(['userObjectId', 'callerObjectId', 'objectId']), rule: PRINCIPAL_RULE },
  ServicePrincipal: {
    what: 'service principal object id',
    accepts: new Set(['servicePrincipalObjectId', 'managedIdentityPrincipalId', 'callerObjectId', 'objectId']),
    rule: PRINCIPAL_RULE,
  },
  ManagedIdentity: {
    what: 'managed identity principal id',
    accepts: new Set(['managedIdentityPrincipalId', 'servicePrincipalObjectId', 'callerObjectId', 'objectId']),
    rule: PRINCIPAL_RULE,
  },
};

/** Owners of app registrations and service principals. */
export const OWNER_SLOT: IdSlot = {
  what: 'owner',
  accepts: new Set(['userObjectId', 'servicePrincipalObjectId', 'managedIdentityPrincipalId', 'callerObjectId', 'objectId']),
  rule: 'owners are users or service principals, given by object id (ENTRA-RULES 16)',
};

/** A client (application) id. */
export const CLIENT_ID_SLOT: IdSlot = {
  what: 'client id',
  accepts: new Set(['clientId']),
  rule: 'a client id is an application\'s or a managed identity\'s `client_id`, not an object or principal id: '
    + 'the principal id receives roles, the client id is what AZURE_CLIENT_ID holds (ENTRA-RULES 2)',
};

/** A user-assigned identity's Azure resource id. */
export const IDENTITY_RESOURCE_ID_SLOT: IdSlot = {
  what: 'resource id',
  accepts: new Set(['userAssignedIdentityResourceId']),
  rule: 'identity_ids and key_vault_reference_identity_id take the user-assigned identity\'s `id`',
};

/** An explicit app role or scope id. */
export const PERMISSION_ID_SLOT: IdSlot = {
  what: 'id',
  accepts: new Set(['permissionId', 'uuid']),
  rule: 'a role or scope id is its own GUID (from the app manifest, or an app_role_ids / oauth2_permission_scope_ids entry), '
    + 'not the id of an application, principal or tenant (ENTRA-RULES 1, ENTRA-RULES 4)',
};

/** Hints for fixing a principal id of the wrong kind: the factory that takes that kind. */
const PRINCIPAL_HINTS: Partial<Record<IdKind, string>> = {
  groupObjectId: 'for a group, use EntraGroup.fromObjectId() (PrincipalKind.GROUP in a table)',
  userObjectId: 'for a user, use EntraUser.fromObjectId() (PrincipalKind.USER in a table)',
  servicePrincipalObjectId: 'for a service principal, use EntraServicePrincipal.fromObjectId() (PrincipalKind.SERVICE_PRINCIPAL in a table)',
  managedIdentityPrincipalId: 'for a managed identity, use ManagedIdentity.fromUserAssignedIdentity() or fromSystemAssigned() '
    + '(PrincipalKind.MANAGED_IDENTITY in a table)',
};

/**
 * What is wrong with putting `ref` into `slot`, or undefined when the kind fits or is unknown.
 * `what` names the value (e.g. `principalId`); `fix` says what to pass instead.
 */
export function referenceProblem(slot: IdSlot, what: string, ref: IdReference | undefined, fix: string): string | undefined {
  if (!ref || ref.kind === undefined || slot.accepts.has(ref.kind)) return undefined;
  const hint = slot.accepts.has('groupObjectId') || slot.accepts.has('userObjectId') || slot.accepts.has('servicePrincipalObjectId')
    ? PRINCIPAL_HINTS[ref.kind] : undefined;
  return `${what} refers to ${ref.expression}: ${holds(ref)}. ${capitalize(slot.rule)}. ${hint ? `${capitalize(hint)}. ` : ''}${fix}`;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Throws, naming `scope`, if `value` is a token that refers to an id of the wrong kind for `slot`. */
export function requireIdReference(scope: IConstruct, slot: IdSlot, what: string, value: string, fix: string): IdReference | undefined {
  const ref = readReference(scope, value);
  const problem = referenceProblem(slot, what, ref, fix);
  if (problem) throw entraError(scope, problem);
  return ref;
}

/**
 * Throws, naming `scope`, if `value` is the nil GUID, which is never the id of an object or
 * application. `what` may be a function, so a hot path builds the message only on error.
 */
export function requireNotNil(scope: IConstruct, what: string | (() => string), value: string, fix: string): void {
  if (typeof value === 'string' && value.toLowerCase() === NIL_GUID) {
    throw entraError(scope, `${typeof what === 'function' ? what() : what} is the nil GUID (${NIL_GUID}), which is no object's id: Entra uses it only as the app role id of `
      + `"default access". ${fix}`);
  }
}

/**
 * Throws, naming `scope`, unless `value` can be an object id that goes into `slot`: a GUID
 * other than the nil GUID, or a token that does not refer to an id of another kind.
 */
export function requireObjectId(scope: IConstruct, slot: IdSlot, what: string, value: string, fix: string): void {
  // A literal GUID is no token: only the nil check applies to it.
  if (typeof value === 'string' && isGuid(value)) {
    requireNotNil(scope, what, value, fix);
    return;
  }
  requireGuid(scope, what, value, fix);
  requireNotNil(scope, what, value, fix);
  requireIdReference(scope, slot, what, value, fix);
}

/** Throws, naming `scope`, unless `value` can be a client id: a GUID other than the nil GUID, or a token that refers to a `client_id` (or to what only apply can tell). */
export function requireClientId(scope: IConstruct, what: string, value: string, fix: string): void {
  requireObjectId(scope, CLIENT_ID_SLOT, what, value, fix);
}

/** What {@link requirePrincipalObjectId} reads of a principal (the shape of `IPrincipal`). */
interface PrincipalIds {
  readonly principalObjectId: string;
  readonly principalKind: string;
  readonly principalName: string;
  readonly node: IConstruct['node'];
}

/**
 * Throws, naming `scope`, unless the principal's object id can receive roles: the library's
 * principals check it where they are made; any `IPrincipal` is checked again where it is used.
 */
export function requirePrincipalObjectId(scope: IConstruct, principal: PrincipalIds): void {
  const slot = PRINCIPAL_SLOTS[principal.principalKind];
  if (!slot) return;
  const objectId = principal.principalObjectId;
  // A literal GUID other than the nil GUID passes every check below (no token, no reference to
  // judge): say so without building the message, which names the principal by its path. A grant
  // per principal makes this the common case, thousands of times.
  if (typeof objectId === 'string' && isGuid(objectId) && objectId.toLowerCase() !== NIL_GUID) return;
  requireObjectId(scope, slot, `the object id of ${principal.principalName} (${principal.node.path})`, objectId,
    'Give the principal the object id that receives roles.');
}

/** Roles whose token id was read already: a table of thousands of rows reads each role once. */
const CHECKED_ROLES = new WeakSet<object>();

/** Throws, naming `scope`, if a role's id is a token that refers to an id of another kind (e.g. a client_id). */
export function requireRoleId(scope: IConstruct, role: { readonly roleId: string; readonly value: string }): void {
  if (!isUnresolved(role.roleId) || CHECKED_ROLES.has(role)) return;
  requireIdReference(scope, PERMISSION_ID_SLOT, `the role id of app role '${role.value}'`, role.roleId,
    'Give the role\'s id: its GUID, or an app_role_ids entry of the API\'s service principal.');
  CHECKED_ROLES.add(role);
}

/** How a caller's props name a managed identity's ids, for messages. */
export interface IdentityIdLabels {
  readonly principalId: string;
  readonly clientId: string;
  readonly resourceId: string;
  /** Put before each name in messages, e.g. `managed identity `. */
  readonly subject?: string;
}

/**
 * Checks a managed identity's ids (ENTRA-RULES 2): the principal id (what receives roles) is
 * an object id; the client id (what `AZURE_CLIENT_ID` holds) and the resource id, when given,
 * are of their kinds, judged through references; and the client id is not the principal id.
 * The one check of identity ids, for every way an identity enters the program.
 */
export function requireIdentityIds(scope: IConstruct, ids: { principalId: string; clientId?: string; resourceId?: string },
  labels: IdentityIdLabels): void {
  const { principalId, clientId, resourceId } = ids;
  const subject = labels.subject ?? '';
  requireObjectId(scope, PRINCIPAL_SLOTS.ManagedIdentity, `${subject}${labels.principalId}`, principalId,
    'Pass the identity\'s Object (principal) ID from its Overview page (principalId: identity.principalId), not its resource id or client id (ENTRA-RULES 2).');
  if (clientId !== undefined) {
    requireClientId(scope, `${subject}${labels.clientId}`, clientId,
      'Pass the identity\'s Client ID from its Overview page (clientId: identity.clientId; ENTRA-RULES 2).');
  }
  if (resourceId !== undefined) {
    requireIdReference(scope, IDENTITY_RESOURCE_ID_SLOT, `${subject}${labels.resourceId}`, resourceId,
      'Pass the identity\'s "Resource ID" from its Properties page (resourceId: identity.id).');
  }
  if (clientId !== undefined && !isUnresolved(clientId) && !isUnresolved(principalId) && clientId.toLowerCase() === principalId.toLowerCase()) {
    throw entraError(scope, `${subject}${labels.clientId} and ${labels.principalId} are both '${clientId}'; they are different ids of the identity. `
      + 'The principal (object) id receives app roles, the client id goes into AZURE_CLIENT_ID (ENTRA-RULES 2): take both from the identity\'s Overview page.');
  }
}
