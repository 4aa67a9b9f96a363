// The access map's model: the schema of `access-map.json`, and the enums its fields take.
// A leaf: it imports nothing, and every other file of the access map imports it.

/** Where an API in the access map is registered. */
export enum ApiSource {
  /** Registered by this program (a {@link ProtectedApi}): every role and scope is known. */
  THIS_PROGRAM = 'ThisProgram',
  /** Registered elsewhere and referenced here: only the roles and scopes this program uses are known. */
  REGISTERED_ELSEWHERE = 'RegisteredElsewhere',
}

/** Whether an access entry is an app role or a delegated scope. */
export enum AccessType {
  /** An app role, in the `roles` claim of the holder's tokens. */
  APP_ROLE = 'AppRole',
  /** A delegated scope (OAuth2 permission), in the `scp` claim of tokens a client gets for a signed-in user. */
  SCOPE = 'Scope',
}

/** How an access entry was granted. */
export enum GrantedVia {
  /** An `azuread_app_role_assignment` in the API's enterprise application (for an app, this is the admin consent of an app role). */
  APP_ROLE_ASSIGNMENT = 'AppRoleAssignment',
  /** A client's request of a delegated scope (required resource access), optionally pre-authorized or admin-consented. */
  DELEGATED_PERMISSION = 'DelegatedPermission',
}

/** How serious a finding is. */
export enum FindingSeverity {
  /** Legal, but likely to give more access than intended or to fail at run time. */
  WARNING = 'Warning',
  /** Worth a look; often intended. */
  INFO = 'Info',
}

/** What a finding is about. */
export enum FindingCode {
  /** An API that any user or app of the tenant can get a token for (ENTRA-RULES 15). */
  ASSIGNMENT_NOT_REQUIRED = 'AssignmentNotRequired',
  /** An enabled app role that nobody in this program holds. */
  ROLE_NOT_HELD = 'RoleNotHeld',
  /** A grant of a disabled app role, which Entra rejects (ENTRA-RULES 7). */
  DISABLED_ROLE_GRANTED = 'DisabledRoleGranted',
  /** A client with tenant-wide admin consent (or an app-only grant) to a broad permission. */
  BROAD_CONSENT = 'BroadConsent',
  /** A managed identity or service principal that would get a role only through a group: no roles claim (ENTRA-RULES 8). */
  ROLE_THROUGH_GROUP = 'RoleThroughGroup',
  /**
   * What references a registration made in the same apply waits on its replication gate (a
   * `time_sleep`) while one of the registration's ids is new: how long, and why.
   */
  WAITS_FOR_REPLICATION = 'WaitsForReplication',
  /** A registration made in the same apply is referenced, but its replication gate is off: the first apply may fail. */
  REPLICATION_GATE_OFF = 'ReplicationGateOff',
}

/** An app role of an API, as the access map shows it. */
export interface AccessMapAppRole {
  /** The role's value, e.g. `Orders.Read`. */
  readonly value: string;
  /**
   * The role's id.
   *
   * @default - known only at apply (e.g. an API registered elsewhere)
   */
  readonly id?: string;
  /**
   * Which members the role allows.
   *
   * @default - unknown (an API registered elsewhere)
   */
  readonly allowedMemberTypes?: string[];
  /**
   * Whether the role is enabled.
   *
   * @default - unknown (an API registered elsewhere)
   */
  readonly enabled?: boolean;
}

/** A delegated scope of an API, as the access map shows it. */
export interface AccessMapScope {
  /** The scope's value, e.g. `Orders.Access`. */
  readonly value: string;
  /**
   * The scope's id.
   *
   * @default - known only at apply
   */
  readonly id?: string;
  /**
   * Who may consent: `Admin` or `User`.
   *
   * @default - unknown (an API registered elsewhere)
   */
  readonly consentType?: string;
  /**
   * Whether the scope is enabled.
   *
   * @default - unknown (an API registered elsewhere)
   */
  readonly enabled?: boolean;
}

/** One principal's access to one app role or scope of an API. */
export interface AccessMapEntry {
  /** The construct path (within the stack) of the principal or client: the entry's stable key. */
  readonly principal: string;
  /** The principal's display name, or its construct path when the name is known only at apply. */
  readonly principalName: string;
  /** `Group`, `User`, `ServicePrincipal`, `ManagedIdentity`, or `Client` for a client app with delegated access. */
  readonly principalKind: string;
  /**
   * For a client application: `SinglePageApplication`, `Web`, `PublicClient`, `Daemon` or `WebApi` (a ProtectedApi that is also a client; the client's `ClientAppKind`).
   *
   * @default - not a client application of this program
   */
  readonly clientType?: string;
  /** App role or scope. */
  readonly accessType: AccessType;
  /** The role's or scope's value. */
  readonly value: string;
  /** How the access was granted. */
  readonly grantedVia: GrantedVia;
  /** The construct path (within the stack) of what grants it: the assignment, or the client that requests the scope. */
  readonly grantPath: string;
  /**
   * For a row of an `AppRoleAssignmentTable`: the table's construct path (within the stack).
   * The diagram of a large map draws each table as one node.
   *
   * @default - not a row of a table
   */
  readonly table?: string;
  /**
   * For a delegated scope: whether the client is pre-authorized on the API (no consent prompt).
   *
   * @default - not applicable (an app role)
   */
  readonly preAuthorized?: boolean;
  /**
   * For an app role: the object id that holds it (a managed identity's principal id), when
   * known at synth. What `cdktf-entra-identity audit` matches the tenant's assignments by.
   *
   * @default - known only at apply, or a delegated scope
   */
  readonly principalObjectId?: string;
  /**
   * For a delegated scope: whether tenant-wide admin consent is granted.
   *
   * @default - not applicable (an app role)
   */
  readonly adminConsent?: boolean;
}

/** An API in the access map, with its roles, scopes and who has which. */
export interface AccessMapApi {
  /** The API's construct path within the stack (or the full path when it is in another stack): its stable key. */
  readonly path: string;
  /** The API's display name. */
  readonly name: string;
  /** Registered by this program or elsewhere. */
  readonly source: ApiSource;
  /**
   * The identifier URI.
   *
   * @default - known only at apply (`api://{clientId}`), or none (`noIdentifierUri`)
   */
  readonly identifierUri?: string;
  /**
   * True when the API has no identifier URI (an adopted registration without one): clients
   * name it by its client id (`{clientId}/.default`).
   *
   * @default - the API has an identifier URI
   */
  readonly noIdentifierUri?: boolean;
  /**
   * Whether only assigned principals get tokens.
   *
   * @default - unknown (an API registered elsewhere)
   */
  readonly appRoleAssignmentRequired?: boolean;
  /**
   * The Application (client) id, when known at synth (an adopted registration, or an API
   * referenced by client id).
   *
   * @default - known only at apply
   */
  readonly clientId?: string;
  /**
   * The object id of the API's service principal, when known at synth (an adopted registration).
   *
   * @default - known only at apply
   */
  readonly servicePrincipalObjectId?: string;
  /**
   * Where this API lived before a declared move (`movedFrom`): its key in the map then. Terraform
   * carries it over through `moved` blocks, so the access diff treats it as the same API.
   *
   * @default - not moved
   */
  readonly movedFrom?: string;
  /** The API's app roles (all of them for an API of this program; the ones used here otherwise), sorted by value. */
  readonly appRoles: AccessMapAppRole[];
  /** The API's delegated scopes, sorted by value. */
  readonly scopes: AccessMapScope[];
  /** Who has which role or scope, sorted by principal, type and value. */
  readonly access: AccessMapEntry[];
}

/** A principal that appears in the map. */
export interface AccessMapPrincipal {
  /** The principal's construct path within the stack. */
  readonly path: string;
  /** Display name, or construct path when the name is known only at apply. */
  readonly name: string;
  /** `Group`, `User`, `ServicePrincipal` or `ManagedIdentity`. */
  readonly kind: string;
  /**
   * For a managed identity: `SystemAssigned` or `UserAssigned`.
   *
   * @default - not a managed identity
   */
  readonly identityType?: string;
  /**
   * For a client application of this program that is also a principal: its client type.
   *
   * @default - not a client application
   */
  readonly clientType?: string;
  /**
   * The object id that receives app roles (a managed identity's principal id, a daemon's
   * service principal object id), when known at synth.
   *
   * @default - known only at apply
   */
  readonly objectId?: string;
  /** Paths of the groups this principal is declared a member of in this program (`azuread_group_member`). */
  readonly memberOf: string[];
  /**
   * Where this principal lived before a declared move (`movedFrom`): its key in the map then. Terraform
   * carries it over through `moved` blocks, so the access diff treats it as the same principal.
   *
   * @default - not moved
   */
  readonly movedFrom?: string;
}

/** A delegated scope a client requests. */
export interface AccessMapScopeRequest {
  /** The API's path (as in {@link AccessMapApi.path}). */
  readonly api: string;
  /** The scope's value. */
  readonly value: string;
  /** Whether the client is pre-authorized on the API. */
  readonly preAuthorized: boolean;
  /** Whether tenant-wide admin consent is granted. */
  readonly adminConsent: boolean;
}

/** An app role a client requests for app-only access. */
export interface AccessMapRoleRequest {
  /** The API's path (as in {@link AccessMapApi.path}). */
  readonly api: string;
  /** The role's value. */
  readonly value: string;
}

/** A client application and the access it requests. */
export interface AccessMapClient {
  /** The client's construct path within the stack. */
  readonly path: string;
  /** The client's display name. */
  readonly name: string;
  /** `SinglePageApplication`, `Web`, `PublicClient`, `Daemon` or `WebApi` (a ProtectedApi that is also a client; the client's `ClientAppKind`). */
  readonly clientType: string;
  /**
   * Where this client lived before a declared move (`movedFrom`): its key in the map then. Terraform
   * carries it over through `moved` blocks, so the access diff treats it as the same client.
   *
   * @default - not moved
   */
  readonly movedFrom?: string;
  /** Delegated scopes requested, sorted by API and value. */
  readonly scopes: AccessMapScopeRequest[];
  /** App roles requested (app-only), sorted by API and value. */
  readonly appRoles: AccessMapRoleRequest[];
}

/** An Azure resource (a Function App, web app, container app) that carries a workload identity. */
export interface AccessMapHost {
  /** The resource's construct path within the stack. */
  readonly path: string;
  /** The resource's name, or its construct path when known only at apply. */
  readonly name: string;
  /** Whether the app's code (DefaultAzureCredential) signs in with this identity, rather than only carrying it. */
  readonly defaultCredential: boolean;
}

/** A workload identity and the apps that carry it. */
export interface AccessMapWorkloadIdentity {
  /** The identity's construct path within the stack. */
  readonly path: string;
  /** The identity's name, or its construct path when known only at apply. */
  readonly name: string;
  /** `UserAssigned` (a shared workload identity) or `SystemAssigned` (an app's own identity). */
  readonly identityType: string;
  /**
   * The path of the principal that receives roles for it, when there is one.
   *
   * @default - none
   */
  readonly principal?: string;
  /** The apps that carry the identity, sorted by path. */
  readonly carriedBy: AccessMapHost[];
}

/** Something legal but risky that the map found. */
export interface AccessFinding {
  /** What kind of finding. */
  readonly code: FindingCode;
  /** How serious. */
  readonly severity: FindingSeverity;
  /** The construct path (within the stack) of what the finding is about. */
  readonly subject: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * The access map of one stack: versioned, deterministic, with no token strings in it. This
 * is also the schema of `access-map.json`.
 */
export interface AccessMapModel {
  /** The schema version; 1 for this layout. */
  readonly version: number;
  /** The stack's id. */
  readonly stack: string;
  /** Every API in the stack or used by it, sorted by path. */
  readonly apis: AccessMapApi[];
  /** Every principal in the stack or granted a role by it, sorted by path. */
  readonly principals: AccessMapPrincipal[];
  /** Every client application, sorted by path. */
  readonly clients: AccessMapClient[];
  /** Every workload identity, sorted by path. */
  readonly workloadIdentities: AccessMapWorkloadIdentity[];
  /** Findings, sorted by code, subject and message. */
  readonly findings: AccessFinding[];
}
