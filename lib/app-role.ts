import { IConstruct } from 'constructs';
import type { AppRoleAssignment } from './app-role-assignment';
import type { AppRoleAssignmentRow, AppRoleAssignmentTable } from './app-role-assignment-table';
import { IPrincipal, MemberType } from './principal';

/**
 * An API that exposes app roles and scopes and can grant its roles: a {@link ProtectedApi}
 * in this program, or an API registered elsewhere.
 */
export interface IApi extends IConstruct {
  /** The API's display name, or its construct path when unknown at synth. Never a token. */
  readonly apiName: string;
  /** The API's Application (client) id. */
  readonly clientId: string;
  /**
   * The object id of the API's service principal (enterprise application): the
   * `resource_object_id` of every role assignment (ENTRA-RULES 1).
   */
  readonly servicePrincipalObjectId: string;
  /** The API's identifier URI, e.g. `api://{clientId}`. */
  readonly identifierUri: string;
  /**
   * The scope an app-only caller (a managed identity, a daemon using
   * DefaultAzureCredential) requests: `{identifierUri}/.default` (ENTRA-RULES 13).
   */
  readonly defaultScope: string;
  /**
   * The API's app role with this value. Throws when the API is known to have no such role.
   */
  appRole(value: string): IAppRole;
  /**
   * The API's delegated scope with this value. Throws when the API is known to have no such scope.
   */
  scope(value: string): IPermissionScope;
  /**
   * Assigns one of this API's app roles to a principal in the API's enterprise
   * application. Throws if the role is not this API's, if its member types do not fit the
   * principal (ENTRA-RULES 6), or if the same grant was made before.
   */
  grantAppRole(principal: IPrincipal, role: IAppRole): AppRoleAssignment;
  /**
   * Grants many app roles at once, e.g. a group-to-role table of thousands of rows, as one
   * `azuread_app_role_assignment` with `for_each` keyed by role value and principal name.
   * Same checks as `grantAppRole`. Returns the API's table (made on first use).
   */
  grantAppRoles(rows: AppRoleAssignmentRow[]): AppRoleAssignmentTable;
}

/**
 * An app role defined on an API.
 */
export interface IAppRole {
  /** The API the role belongs to. */
  readonly api: IApi;
  /** The role's value, as it appears in the `roles` claim, e.g. `Orders.Read`. */
  readonly value: string;
  /** The role's id (a GUID), or a token when it is only known at apply. */
  readonly roleId: string;
  /**
   * Which members the role allows, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly allowedMemberTypes?: MemberType[];
  /**
   * Whether the role is enabled, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly enabled?: boolean;
}

/**
 * Who may consent to a delegated scope.
 */
export enum ConsentType {
  /** Only an administrator may consent (the secure default). */
  ADMIN = 'Admin',
  /** Users may consent for themselves. */
  USER = 'User',
}

/**
 * A delegated permission (OAuth2 permission scope) exposed by an API.
 */
export interface IPermissionScope {
  /** The API the scope belongs to. */
  readonly api: IApi;
  /** The scope's value, e.g. `Orders.Access`. */
  readonly value: string;
  /** The scope's id (a GUID), or a token when it is only known at apply. */
  readonly scopeId: string;
  /**
   * The full scope string a client requests: `{identifierUri}/{value}`.
   */
  readonly fullScope: string;
  /**
   * Who may consent, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly consentType?: ConsentType;
  /**
   * Whether the scope is enabled, when known at synth.
   *
   * @default - unknown (the API is registered elsewhere)
   */
  readonly enabled?: boolean;
}

/**
 * Options for an app role.
 */
export interface AppRoleOptions {
  /** What the role lets its holder do; shown on consent and assignment pages. */
  readonly description: string;
  /**
   * Who may hold the role: users and groups (`User`), applications and managed identities
   * (`Application`), or both. A managed identity can only hold a role that allows
   * `Application`; a group only one that allows `User` (ENTRA-RULES 6).
   */
  readonly allowedMemberTypes: MemberType[];
  /**
   * The role's display name.
   *
   * @default - the value
   */
  readonly displayName?: string;
  /**
   * Whether the role is enabled. To retire a role safely, set `false` and apply, then
   * remove it in a later change (ENTRA-RULES 7).
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An explicit role id, to adopt a role that already exists in Entra.
   *
   * @default - a UUIDv5 derived from the API's id seed and the role value; stable across runs,
   * machines and reorderings
   */
  readonly id?: string;
}

/**
 * An app role declared in a {@link ProtectedApi}'s props.
 */
export interface AppRoleDefinition extends AppRoleOptions {
  /** The role's value, as it appears in the `roles` claim, e.g. `Orders.Read`. */
  readonly value: string;
}

/**
 * Options for a delegated scope.
 */
export interface ScopeOptions {
  /** Description shown to an administrator who consents. */
  readonly adminConsentDescription: string;
  /**
   * Title shown to an administrator who consents.
   *
   * @default - the value
   */
  readonly adminConsentDisplayName?: string;
  /**
   * Who may consent.
   *
   * @default ConsentType.ADMIN
   */
  readonly consentType?: ConsentType;
  /**
   * Description shown to a user who consents.
   *
   * @default - the admin consent description
   */
  readonly userConsentDescription?: string;
  /**
   * Title shown to a user who consents.
   *
   * @default - the admin consent display name
   */
  readonly userConsentDisplayName?: string;
  /**
   * Whether the scope is enabled. To retire a scope safely, set `false` and apply, then
   * remove it in a later change (ENTRA-RULES 7).
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An explicit scope id, to adopt a scope that already exists in Entra.
   *
   * @default - a UUIDv5 derived from the API's id seed and the scope value
   */
  readonly id?: string;
}

/**
 * A delegated scope declared in a {@link ProtectedApi}'s props.
 */
export interface ScopeDefinition extends ScopeOptions {
  /** The scope's value, e.g. `Orders.Access`. */
  readonly value: string;
}
