// The rights table: which Microsoft Graph application permission and which Azure built-in role each
// Terraform resource and data source type needs, with the page each row is taken from. A leaf: it
// imports nothing, so the command line can read it without cdktf.
//
// Every Graph row names the operation the azuread provider performs and the least privileged
// application permission Microsoft's API page lists for it ("Permissions" table, row "Application").
// test/required-rights.test.ts checks each row against the permissions reference below, row by row.

/** Where a permission's id and meaning are published. */
export const GRAPH_PERMISSIONS_REFERENCE = 'https://learn.microsoft.com/en-us/graph/permissions-reference';

/** One Microsoft Graph application permission (an app role of Microsoft Graph's service principal). */
export interface GraphPermissionDefinition {
  /** The permission's value, e.g. `Application.ReadWrite.OwnedBy`. */
  readonly permission: string;
  /** Its published id: the id of the app role on Microsoft Graph's service principal. */
  readonly id: string;
  /** What it allows, in the reference's words (shortened). */
  readonly description: string;
  /** The reference's entry for it. */
  readonly source: string;
}

function graph(permission: string, id: string, description: string): GraphPermissionDefinition {
  return { permission, id, description, source: `${GRAPH_PERMISSIONS_REFERENCE}#${permission.toLowerCase().replace(/[^a-z0-9]/g, '')}` };
}

/**
 * The Microsoft Graph application permissions a stack of this library can need, by value. The
 * ids are the published ones (the same in every tenant and national cloud): a pipeline identity
 * is granted these by id, without looking Graph's roles up.
 *
 * `Directory.ReadWrite.All` is deliberately absent: no operation here needs it, and it lets the
 * holder take over the tenant.
 */
export const GRAPH_PERMISSIONS: Readonly<Record<string, GraphPermissionDefinition>> = Object.freeze({
  'Application.Read.All': graph('Application.Read.All', '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
    'Read all applications and service principals'),
  'Application.ReadWrite.OwnedBy': graph('Application.ReadWrite.OwnedBy', '18a4783c-866b-4cc7-a460-3d5e5662c884',
    'Create applications and manage the applications and service principals the caller owns'),
  'Application.ReadWrite.All': graph('Application.ReadWrite.All', '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
    'Create, read, update and delete every application and service principal'),
  'AppRoleAssignment.ReadWrite.All': graph('AppRoleAssignment.ReadWrite.All', '06b708a9-e830-4db3-a914-8e69da51d44f',
    'Manage app role assignments for any API, including Microsoft Graph'),
  'DelegatedPermissionGrant.ReadWrite.All': graph('DelegatedPermissionGrant.ReadWrite.All', '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
    'Grant or revoke any delegated permission for any API (admin consent)'),
  'GroupMember.ReadWrite.All': graph('GroupMember.ReadWrite.All', 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
    'Read and change the memberships of all groups'),
  'Group.Read.All': graph('Group.Read.All', '5b567255-7703-4780-807c-7be8301ae99b',
    'Read all groups\' properties and memberships'),
  'User.Read.All': graph('User.Read.All', 'df021288-bdef-4463-88db-98f22de89214',
    'Read all users\' full profiles'),
});

/** An Azure built-in role. */
export interface AzureRoleDefinition {
  /** The role's name, e.g. `Managed Identity Contributor`. */
  readonly role: string;
  /** Its role definition id (the same in every subscription). */
  readonly id: string;
  /** The built-in roles reference entry. */
  readonly source: string;
}

const AZURE_ROLES_REFERENCE = 'https://learn.microsoft.com/en-us/azure/role-based-access-control/built-in-roles';

function azure(role: string, id: string, category: string): AzureRoleDefinition {
  return { role, id, source: `${AZURE_ROLES_REFERENCE}/${category}#${role.toLowerCase().replace(/ /g, '-')}` };
}

/** The Azure built-in roles the azurerm resources of this library need, least privileged for each. */
export const AZURE_ROLES: Readonly<Record<string, AzureRoleDefinition>> = Object.freeze({
  'Managed Identity Contributor': azure('Managed Identity Contributor', 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59', 'identity'),
  'Role Based Access Control Administrator': azure('Role Based Access Control Administrator', 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', 'privileged'),
  'Key Vault Contributor': azure('Key Vault Contributor', 'f25e0fa2-a7c8-4377-a976-54943a77a395', 'security'),
  'Key Vault Secrets Officer': azure('Key Vault Secrets Officer', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', 'security'),
});

const API = 'https://learn.microsoft.com/en-us/graph/api';

/** One Graph operation the provider performs, the least privileged application permission for it, and its page. */
export interface GraphOperation {
  /** What the provider does, e.g. `create an application`. */
  readonly operation: string;
  /** The permissions Graph's page lists as least privileged for applications (all are needed together). */
  readonly permissions: readonly string[];
  /** The API page with the permissions table. */
  readonly source: string;
}

function op(operation: string, page: string, ...permissions: string[]): GraphOperation {
  return { operation, permissions, source: `${API}/${page}?view=graph-rest-1.0` };
}

/**
 * The Graph operations behind each resource and data source, by what the page lists as least
 * privileged for applications. `OWNED` operations need `.OwnedBy` only while the deploying
 * identity owns the registration; otherwise `Application.ReadWrite.All` (the same pages list it
 * as the higher privileged choice).
 */
export const GRAPH_OPERATIONS = Object.freeze({
  createApplication: op('create an app registration', 'application-post-applications', 'Application.ReadWrite.OwnedBy'),
  updateApplication: op('update an app registration', 'application-update', 'Application.ReadWrite.OwnedBy'),
  addApplicationOwner: op('add an owner to an app registration (".OwnedBy isn\'t sufficient to add another owner")', 'application-post-owners', 'Application.ReadWrite.All'),
  addFederatedCredential: op('add a federated identity credential to an app registration', 'application-post-federatedidentitycredentials', 'Application.ReadWrite.OwnedBy'),
  addPassword: op('add a client secret to an app registration', 'application-addpassword', 'Application.ReadWrite.OwnedBy'),
  createServicePrincipal: op('create an enterprise application (service principal)', 'serviceprincipal-post-serviceprincipals', 'Application.ReadWrite.OwnedBy'),
  updateServicePrincipal: op('update an enterprise application (service principal)', 'serviceprincipal-update', 'Application.ReadWrite.OwnedBy'),
  assignAppRole: op('assign an app role (the provider also reads the API\'s service principal)', 'serviceprincipal-post-approleassignedto',
    'AppRoleAssignment.ReadWrite.All', 'Application.Read.All'),
  grantDelegated: op('grant admin consent to delegated permissions (an oAuth2PermissionGrant)', 'oauth2permissiongrant-post', 'DelegatedPermissionGrant.ReadWrite.All'),
  addGroupMember: op('add a member to a group', 'group-post-members', 'GroupMember.ReadWrite.All'),
  readServicePrincipal: op('look up a service principal', 'serviceprincipal-list', 'Application.Read.All'),
  readApplication: op('look up an app registration', 'application-list', 'Application.Read.All'),
  // The provider's data source reads the group's owners, members and Microsoft 365 group settings
  // (allowExternalSenders, autoSubscribeNewMembers), which need Group.Read.All, not GroupMember.Read.All.
  readGroup: op('look up a group (with its owners, members and settings)', 'group-list', 'Group.Read.All'),
  // The provider's data source selects non-basic properties (on-premises attributes, employee data),
  // which User.ReadBasic.All does not return.
  readUser: op('look up a user (with non-basic properties)', 'user-list', 'User.Read.All'),
});

/** The operations a library resource type performs. */
export type GraphOperationName = keyof typeof GRAPH_OPERATIONS;

/** How a resource type relates to the app registration or service principal it belongs to. */
export enum Scope {
  /** An app registration itself. */
  APPLICATION = 'application',
  /** A part of an app registration, found through `application_id`. */
  APPLICATION_PART = 'application-part',
  /** An enterprise application (service principal) itself. */
  SERVICE_PRINCIPAL = 'service-principal',
  /** A part of a service principal, found through `service_principal_id`. */
  SERVICE_PRINCIPAL_PART = 'service-principal-part',
  /** Tenant-wide: needs the same permission whoever owns what. */
  TENANT = 'tenant',
}

/** A row of the resource table: what a resource type does in Graph. */
export interface GraphResourceRule {
  /** How ownership decides `.OwnedBy` or `.All`. */
  readonly scope: Scope;
  /** The operations it performs (when created; an adopted one is updated). */
  readonly operations: readonly GraphOperationName[];
}

/** The azuread resource types, by the Graph operations they perform. */
export const GRAPH_RESOURCES: Readonly<Record<string, GraphResourceRule>> = Object.freeze({
  azuread_application: { scope: Scope.APPLICATION, operations: ['createApplication'] },
  azuread_application_registration: { scope: Scope.APPLICATION, operations: ['createApplication'] },
  azuread_application_identifier_uri: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_pre_authorized: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_app_role: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_permission_scope: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_api_access: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_redirect_uris: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_optional_claims: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_known_clients: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_fallback_public_client: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_certificate: { scope: Scope.APPLICATION_PART, operations: ['updateApplication'] },
  azuread_application_federated_identity_credential: { scope: Scope.APPLICATION_PART, operations: ['addFederatedCredential'] },
  azuread_application_password: { scope: Scope.APPLICATION_PART, operations: ['addPassword'] },
  azuread_application_owner: { scope: Scope.TENANT, operations: ['addApplicationOwner'] },
  azuread_service_principal: { scope: Scope.SERVICE_PRINCIPAL, operations: ['createServicePrincipal'] },
  azuread_service_principal_password: { scope: Scope.SERVICE_PRINCIPAL_PART, operations: ['updateServicePrincipal'] },
  azuread_service_principal_certificate: { scope: Scope.SERVICE_PRINCIPAL_PART, operations: ['updateServicePrincipal'] },
  azuread_app_role_assignment: { scope: Scope.TENANT, operations: ['assignAppRole'] },
  azuread_service_principal_delegated_permission_grant: { scope: Scope.TENANT, operations: ['grantDelegated'] },
  azuread_group_member: { scope: Scope.TENANT, operations: ['addGroupMember'] },
});

/** The azuread data source types, by the Graph operation they perform. */
export const GRAPH_DATA_SOURCES: Readonly<Record<string, GraphOperationName>> = Object.freeze({
  azuread_service_principal: 'readServicePrincipal',
  azuread_service_principals: 'readServicePrincipal',
  azuread_application: 'readApplication',
  azuread_group: 'readGroup',
  azuread_groups: 'readGroup',
  azuread_user: 'readUser',
  azuread_users: 'readUser',
});

/** A row of the Azure table: the built-in role a resource type needs, and the argument that names the scope. */
export interface AzureResourceRule {
  /** The built-in role. */
  readonly role: string;
  /** What the role is needed for. */
  readonly operation: string;
  /** The argument whose value is the scope, and how to describe it. */
  readonly scopeArgument: string;
  /** A prefix for the scope, e.g. `resource group ` when the argument is a resource group's name. */
  readonly scopePrefix: string;
}

/** The azurerm resource types of this library, by the built-in role and scope they need. */
export const AZURE_RESOURCES: Readonly<Record<string, AzureResourceRule>> = Object.freeze({
  azurerm_user_assigned_identity: {
    role: 'Managed Identity Contributor', operation: 'create a user-assigned managed identity',
    scopeArgument: 'resource_group_name', scopePrefix: 'resource group ',
  },
  azurerm_role_assignment: {
    role: 'Role Based Access Control Administrator', operation: 'create a role assignment (Microsoft.Authorization/roleAssignments/write)',
    scopeArgument: 'scope', scopePrefix: '',
  },
  azurerm_key_vault_access_policy: {
    role: 'Key Vault Contributor', operation: 'write a Key Vault access policy (Microsoft.KeyVault/vaults/accessPolicies/write)',
    scopeArgument: 'key_vault_id', scopePrefix: '',
  },
  azurerm_key_vault_secret: {
    role: 'Key Vault Secrets Officer', operation: 'write a secret (data plane; with access policies, a policy with Set instead)',
    scopeArgument: 'key_vault_id', scopePrefix: '',
  },
});

/** Types that need no right of their own: the provider reads its own token, or nothing leaves Terraform. */
export const NEEDS_NOTHING: ReadonlySet<string> = new Set([
  'data.azuread_client_config',
  'data.azuread_application_published_app_ids',
  'data.azurerm_client_config',
  'time_rotating', 'time_sleep', 'time_static', 'time_offset',
  'random_uuid', 'random_id', 'random_string', 'random_password',
  'null_resource', 'terraform_data',
]);

/** A Microsoft Entra built-in directory role. */
export interface DirectoryRoleDefinition {
  /** The role's name. */
  readonly role: string;
  /** Its role template id (the same in every tenant). */
  readonly id: string;
  /** The built-in roles reference entry. */
  readonly source: string;
}

const ENTRA_ROLES_REFERENCE = 'https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference';

/** The directory roles a person needs where an application would need the Graph permission. */
export const DIRECTORY_ROLES: Readonly<Record<string, DirectoryRoleDefinition>> = Object.freeze({
  'Privileged Role Administrator': {
    role: 'Privileged Role Administrator', id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    source: `${ENTRA_ROLES_REFERENCE}#privileged-role-administrator`,
  },
  'Cloud Application Administrator': {
    role: 'Cloud Application Administrator', id: '158c047a-c907-4556-b7ef-446551a6b5f7',
    source: `${ENTRA_ROLES_REFERENCE}#cloud-application-administrator`,
  },
});

/** Microsoft Graph's application (client) id, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
