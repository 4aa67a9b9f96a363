import { Annotations, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import {
  Application,
  applicationApiOauth2PermissionScopeToTerraform,
  applicationAppRoleToTerraform,
} from '@cdktf/provider-azuread/lib/application';
import { ApplicationIdentifierUri } from '@cdktf/provider-azuread/lib/application-identifier-uri';
import { ServicePrincipal as ServicePrincipalResource } from '@cdktf/provider-azuread/lib/service-principal';
import {
  AppRoleDefinition, AppRoleOptions, ConsentType, IApi, IAppRole, IPermissionScope, ScopeDefinition, ScopeOptions,
} from './app-role';
import { ApiBase } from './api-base';
import { AppRoleAssignment } from './app-role-assignment';
import { IPrincipal, MemberType } from './principal';
import { clientConfigOf, pathInStack } from './private/singleton';
import { NIL_GUID, isGuid, uuidV5 } from './private/uuid';
import { checkPermissionValue, entraError, isUnresolved } from './private/validation';
import { compareStrings as compare } from './private/order';

/**
 * Who may sign in to an application (`sign_in_audience`).
 */
export enum SignInAudience {
  /** Accounts in this tenant only (single tenant). */
  AZURE_AD_MY_ORG = 'AzureADMyOrg',
  /** Accounts in any Entra tenant (multi-tenant). */
  AZURE_AD_MULTIPLE_ORGS = 'AzureADMultipleOrgs',
  /** Accounts in any Entra tenant and personal Microsoft accounts. Needs access token version 2. */
  AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT = 'AzureADandPersonalMicrosoftAccount',
  /** Personal Microsoft accounts only. Needs access token version 2. */
  PERSONAL_MICROSOFT_ACCOUNT = 'PersonalMicrosoftAccount',
}

/**
 * Which groups appear in the `groups` claim (`group_membership_claims`).
 */
export enum GroupMembershipClaim {
  /** No groups claim. */
  NONE = 'None',
  /** Security groups the user is a member of. */
  SECURITY_GROUP = 'SecurityGroup',
  /** Directory roles the user holds. */
  DIRECTORY_ROLE = 'DirectoryRole',
  /** Only groups assigned to the application. */
  APPLICATION_GROUP = 'ApplicationGroup',
  /** Security groups, distribution lists and directory roles. */
  ALL = 'All',
}

/**
 * An optional claim to add to a token.
 */
export interface OptionalClaim {
  /** The claim's name, e.g. `email`, `upn`, `groups`, `idtyp`. */
  readonly name: string;
  /**
   * The claim's source; `user` for a user property extension.
   *
   * @default - a predefined optional claim
   */
  readonly source?: string;
  /**
   * Whether the claim is needed for the client's task.
   *
   * @default false
   */
  readonly essential?: boolean;
  /**
   * Extra properties, e.g. `['emit_as_roles']` for the groups claim.
   *
   * @default - none
   */
  readonly additionalProperties?: string[];
}

/**
 * Optional claims for the API's tokens.
 */
export interface OptionalClaims {
  /**
   * Optional claims in access tokens issued for the API.
   *
   * @default - none
   */
  readonly accessToken?: OptionalClaim[];
  /**
   * Optional claims in ID tokens.
   *
   * @default - none
   */
  readonly idToken?: OptionalClaim[];
}

/**
 * Properties of a {@link ProtectedApi}.
 */
export interface ProtectedApiProps {
  /** Display name of the app registration and of its enterprise application. */
  readonly displayName: string;
  /**
   * Description of the app registration.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * The identifier URI (App ID URI). Leave it out to get `api://{clientId}`, made by a
   * separate `azuread_application_identifier_uri` so there is no reference cycle
   * (ENTRA-RULES 10). A custom URI must be `api://...` or `https://...` on a verified
   * domain of the tenant (ENTRA-RULES 11).
   *
   * @default - api://{clientId}
   */
  readonly identifierUri?: string;
  /**
   * Domains verified in the tenant. When given, a custom identifier URI whose host is not
   * one of them (or a subdomain) is an error rather than a warning.
   *
   * @default - hosts of custom identifier URIs are not checked, only warned about
   */
  readonly verifiedDomains?: string[];
  /**
   * Who may sign in.
   *
   * @default SignInAudience.AZURE_AD_MY_ORG
   */
  readonly signInAudience?: SignInAudience;
  /**
   * The access token version the API receives: 2 (issuer `.../v2.0`, audience = client id)
   * or 1 (ENTRA-RULES 12).
   *
   * @default 2
   */
  readonly accessTokenVersion?: number;
  /**
   * Whether only assigned users, groups and apps may get a token for this API
   * (ENTRA-RULES 15).
   *
   * @default true
   */
  readonly appRoleAssignmentRequired?: boolean;
  /**
   * Object ids of the owners of the app registration and enterprise application.
   * An identity that deploys with `Application.ReadWrite.OwnedBy` must be one of them
   * (ENTRA-RULES 16).
   *
   * @default - the deploying principal (`azuread_client_config.object_id`)
   */
  readonly owners?: string[];
  /**
   * Whether to fail rather than create a second app registration with the same display name.
   *
   * @default true
   */
  readonly preventDuplicateNames?: boolean;
  /**
   * The service management reference some tenants require on every app registration.
   *
   * @default - none
   */
  readonly serviceManagementReference?: string;
  /**
   * Which groups to emit in the `groups` claim. Prefer app roles: tokens carry at most 200
   * groups (ENTRA-RULES 9).
   *
   * @default - no groups claim
   */
  readonly groupMembershipClaims?: GroupMembershipClaim[];
  /**
   * Optional claims in the API's tokens.
   *
   * @default - none
   */
  readonly optionalClaims?: OptionalClaims;
  /**
   * App roles to declare now; more can be added with `addAppRole`.
   *
   * @default - none
   */
  readonly appRoles?: AppRoleDefinition[];
  /**
   * Delegated scopes to declare now; more can be added with `addScope`.
   *
   * @default - none
   */
  readonly scopes?: ScopeDefinition[];
  /**
   * The seed of the API's derived role and scope ids. Set it to keep ids when moving the
   * construct to another path.
   *
   * @default - the construct's path within its stack
   */
  readonly idSeed?: string;
  /**
   * Notes on the app registration.
   *
   * @default - none
   */
  readonly notes?: string;
}

/** An app role declared on a {@link ProtectedApi}. */
export class AppRole implements IAppRole {
  /** The API the role belongs to. */
  public readonly api: IApi;
  /** The role's value. */
  public readonly value: string;
  /** The role's id. */
  public readonly roleId: string;
  /**
   * Which members the role allows. Always set for a declared role.
   *
   * @default - (always set)
   */
  public readonly allowedMemberTypes?: MemberType[];
  /**
   * Whether the role is enabled. Always set for a declared role.
   *
   * @default true
   */
  public readonly enabled?: boolean;
  /** The role's display name. */
  public readonly displayName: string;
  /** The role's description. */
  public readonly description: string;

  /** @internal */
  constructor(api: IApi, value: string, roleId: string, options: AppRoleOptions) {
    this.api = api;
    this.value = value;
    this.roleId = roleId;
    this.allowedMemberTypes = [...options.allowedMemberTypes];
    this.enabled = options.enabled ?? true;
    this.displayName = options.displayName ?? value;
    this.description = options.description;
  }
}

/** A delegated scope declared on a {@link ProtectedApi}. */
export class PermissionScope implements IPermissionScope {
  /** The API the scope belongs to. */
  public readonly api: IApi;
  /** The scope's value. */
  public readonly value: string;
  /** The scope's id. */
  public readonly scopeId: string;
  /**
   * Who may consent. Always set for a declared scope.
   *
   * @default ConsentType.ADMIN
   */
  public readonly consentType?: ConsentType;
  /**
   * Whether the scope is enabled. Always set for a declared scope.
   *
   * @default true
   */
  public readonly enabled?: boolean;
  /** Title shown to an administrator who consents. */
  public readonly adminConsentDisplayName: string;
  /** Description shown to an administrator who consents. */
  public readonly adminConsentDescription: string;
  /** Title shown to a user who consents. */
  public readonly userConsentDisplayName: string;
  /** Description shown to a user who consents. */
  public readonly userConsentDescription: string;

  /** @internal */
  constructor(api: IApi, value: string, scopeId: string, options: ScopeOptions) {
    this.api = api;
    this.value = value;
    this.scopeId = scopeId;
    this.consentType = options.consentType ?? ConsentType.ADMIN;
    this.enabled = options.enabled ?? true;
    this.adminConsentDisplayName = options.adminConsentDisplayName ?? value;
    this.adminConsentDescription = options.adminConsentDescription;
    this.userConsentDisplayName = options.userConsentDisplayName ?? this.adminConsentDisplayName;
    this.userConsentDescription = options.userConsentDescription ?? this.adminConsentDescription;
  }

  /** The full scope string a client requests: `{identifierUri}/{value}`. */
  public get fullScope(): string {
    return `${this.api.identifierUri}/${this.value}`;
  }
}

const PERSONAL_AUDIENCES = new Set<string>([
  SignInAudience.AZURE_AD_AND_PERSONAL_MICROSOFT_ACCOUNT, SignInAudience.PERSONAL_MICROSOFT_ACCOUNT,
]);

/**
 * A backend API protected by Entra ID: its app registration (`azuread_application`) with
 * app roles, delegated scopes and identifier URI, and its enterprise application
 * (`azuread_service_principal`) in which roles are assigned.
 *
 * Secure by default: access token v2, single tenant, assignment required, owned by the
 * deploying principal, no duplicate display names, no secrets.
 *
 * @example
 * const api = new ProtectedApi(this, 'OrdersApi', { displayName: 'Orders API' });
 * const read = api.addAppRole('Orders.Read', { description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
 * api.grantAppRole(EntraGroup.fromObjectId(this, 'Readers', readersGroupId), read);
 */
export class ProtectedApi extends ApiBase {
  /** The API's display name. */
  public readonly apiName: string;
  /** The API's Application (client) id. */
  public readonly clientId: string;
  /** The object id of the app registration. */
  public readonly applicationObjectId: string;
  /**
   * The app registration's resource id, `/applications/{objectId}`: what the split
   * `azuread_application_*` resources take as `application_id` (ENTRA-RULES 3).
   */
  public readonly applicationId: string;
  /** The object id of the API's enterprise application (service principal). */
  public readonly servicePrincipalObjectId: string;
  /** The identifier URI (App ID URI). */
  public readonly identifierUri: string;
  /** `{identifierUri}/.default`: the scope app-only callers request (ENTRA-RULES 13). */
  public readonly defaultScope: string;
  /** The seed of derived role and scope ids. */
  public readonly idSeed: string;
  /** The sign-in audience. */
  public readonly signInAudience: SignInAudience;
  /** Whether only assigned principals may get a token. */
  public readonly appRoleAssignmentRequired: boolean;

  private readonly roles = new Map<string, AppRole>();
  private readonly scopes = new Map<string, PermissionScope>();
  private readonly application: Application;
  private defaultAccess?: DefaultAccessRole;

  public constructor(scope: Construct, id: string, props: ProtectedApiProps) {
    super(scope, id);
    if (!isUnresolved(props.displayName) && props.displayName.trim().length === 0) {
      throw entraError(this, 'displayName is empty; give the API a display name such as \'Orders API\'');
    }
    this.apiName = isUnresolved(props.displayName) ? this.node.path : props.displayName;
    this.idSeed = props.idSeed ?? pathInStack(this);
    this.signInAudience = props.signInAudience ?? SignInAudience.AZURE_AD_MY_ORG;
    this.appRoleAssignmentRequired = props.appRoleAssignmentRequired ?? true;

    const accessTokenVersion = props.accessTokenVersion ?? 2;
    this.validateTokenVersion(accessTokenVersion);
    this.validateGroupClaims(props.groupMembershipClaims);
    this.validateOptionalClaims(props.optionalClaims);
    const owners = props.owners ?? [clientConfigOf(this).objectId];
    for (const owner of owners) {
      if (!isUnresolved(owner) && !isGuid(owner)) {
        throw entraError(this, `owner '${owner}' is not an object id (GUID). Give the object id of a user or service principal.`);
      }
    }
    if (props.owners !== undefined && props.owners.length === 0) {
      throw entraError(this, 'owners is empty; an app registration without owners can only be managed by tenant administrators. Leave owners out to use the deploying principal.');
    }
    if (!this.appRoleAssignmentRequired) {
      Annotations.of(this).addWarning('appRoleAssignmentRequired is false: every user and app in the tenant can get a token for this API. '
        + 'Keep it true (the default) unless the API checks roles itself (ENTRA-RULES 15).');
    }
    if (props.identifierUri !== undefined) this.validateIdentifierUri(props.identifierUri, props.verifiedDomains);

    this.application = new Application(this, 'Resource', {
      displayName: props.displayName,
      description: props.description,
      notes: props.notes,
      signInAudience: this.signInAudience,
      owners,
      preventDuplicateNames: props.preventDuplicateNames ?? true,
      serviceManagementReference: props.serviceManagementReference,
      groupMembershipClaims: props.groupMembershipClaims,
      identifierUris: props.identifierUri !== undefined ? [props.identifierUri] : undefined,
      api: {
        requestedAccessTokenVersion: accessTokenVersion,
        oauth2PermissionScope: Lazy.anyValue({
          produce: () => this.sortedScopes().map((s) => applicationApiOauth2PermissionScopeToTerraform({
            id: s.scopeId,
            value: s.value,
            type: s.consentType ?? ConsentType.ADMIN,
            enabled: s.enabled ?? true,
            adminConsentDisplayName: s.adminConsentDisplayName,
            adminConsentDescription: s.adminConsentDescription,
            userConsentDisplayName: s.userConsentDisplayName,
            userConsentDescription: s.userConsentDescription,
          })),
        }, { omitEmptyArray: true }),
      },
      appRole: Lazy.anyValue({
        produce: () => this.sortedRoles().map((r) => applicationAppRoleToTerraform({
          id: r.roleId,
          value: r.value,
          displayName: r.displayName,
          description: r.description,
          allowedMemberTypes: [...r.allowedMemberTypes ?? []].sort(),
          enabled: r.enabled ?? true,
        })),
      }, { omitEmptyArray: true }),
      optionalClaims: props.optionalClaims ? {
        accessToken: props.optionalClaims.accessToken,
        idToken: props.optionalClaims.idToken,
      } : undefined,
      lifecycle: props.identifierUri === undefined ? { ignoreChanges: ['identifier_uris'] } : undefined,
    });
    this.clientId = this.application.clientId;
    this.applicationObjectId = this.application.objectId;
    this.applicationId = this.application.id;

    if (props.identifierUri === undefined) {
      const uri = new ApplicationIdentifierUri(this, 'IdentifierUri', {
        applicationId: this.application.id,
        identifierUri: `api://${this.application.clientId}`,
      });
      this.identifierUri = uri.identifierUri;
    } else {
      this.identifierUri = props.identifierUri;
    }
    this.defaultScope = `${this.identifierUri}/.default`;

    const sp = new ServicePrincipalResource(this, 'ServicePrincipal', {
      clientId: this.application.clientId,
      appRoleAssignmentRequired: this.appRoleAssignmentRequired,
      owners,
      featureTags: [{ enterprise: true }],
    });
    this.servicePrincipalObjectId = sp.objectId;

    for (const role of props.appRoles ?? []) this.addAppRole(role.value, role);
    for (const s of props.scopes ?? []) this.addScope(s.value, s);
  }

  /**
   * Declares an app role on the API and returns it.
   *
   * Its id is derived from the API's id seed and the value, so adding, removing or
   * reordering roles never changes another role's id (ENTRA-RULES 4).
   */
  public addAppRole(value: string, options: AppRoleOptions): AppRole {
    this.checkNewValue('app role', value);
    if (!isUnresolved(options.description) && options.description.trim().length === 0) {
      throw entraError(this, `app role '${value}' has an empty description; say what the role lets its holder do`);
    }
    if (options.displayName !== undefined && !isUnresolved(options.displayName) && options.displayName.trim().length === 0) {
      throw entraError(this, `app role '${value}' has an empty displayName; leave it out to use the value`);
    }
    const types = options.allowedMemberTypes;
    if (isUnresolved(types)) {
      throw entraError(this, `app role '${value}' has allowedMemberTypes that are only known at apply; give them as MemberType values, `
        + 'because every grant of the role is checked against them at synth (ENTRA-RULES 6).');
    }
    if (types.length === 0) {
      throw entraError(this, `app role '${value}' has no allowedMemberTypes; give [MemberType.USER] for users and groups, `
        + '[MemberType.APPLICATION] for apps and managed identities, or both');
    }
    const known = new Set<string>(Object.values(MemberType));
    for (const t of types) {
      if (!known.has(t)) throw entraError(this, `app role '${value}' has allowed member type '${t}'; allowed are User and Application`);
    }
    if (new Set(types).size !== types.length) {
      throw entraError(this, `app role '${value}' lists a member type twice in allowedMemberTypes [${types.join(', ')}]; list each once`);
    }
    const roleId = this.idFor('app role', value, options.id);
    const role = new AppRole(this, value, roleId, options);
    this.roles.set(value, role);
    return role;
  }

  /**
   * Declares a delegated scope (OAuth2 permission scope) on the API and returns it.
   */
  public addScope(value: string, options: ScopeOptions): PermissionScope {
    this.checkNewValue('scope', value);
    if (!isUnresolved(options.adminConsentDescription) && options.adminConsentDescription.trim().length === 0) {
      throw entraError(this, `scope '${value}' has an empty adminConsentDescription; say what a client may do on the user's behalf`);
    }
    const type = options.consentType ?? ConsentType.ADMIN;
    if (type !== ConsentType.ADMIN && type !== ConsentType.USER) {
      throw entraError(this, `scope '${value}' has consent type '${type}'; allowed are Admin and User`);
    }
    const scopeId = this.idFor('scope', value, options.id);
    const s = new PermissionScope(this, value, scopeId, options);
    this.scopes.set(value, s);
    return s;
  }

  /** The app role with this value. Throws if the API declares no such role. */
  public appRole(value: string): IAppRole {
    const role = this.roles.get(value);
    if (!role) {
      const declared = [...this.roles.keys()];
      throw entraError(this, `has no app role '${value}'. Declared roles: [${declared.join(', ')}]. `
        + `Declare it first with addAppRole('${value}', ...).`);
    }
    return role;
  }

  /** The delegated scope with this value. Throws if the API declares no such scope. */
  public scope(value: string): IPermissionScope {
    const s = this.scopes.get(value);
    if (!s) {
      const declared = [...this.scopes.keys()];
      throw entraError(this, `has no scope '${value}'. Declared scopes: [${declared.join(', ')}]. `
        + `Declare it first with addScope('${value}', ...).`);
    }
    return s;
  }

  /** Every app role declared on the API, sorted by value. */
  public get appRoles(): AppRole[] {
    return this.sortedRoles();
  }

  /** Every delegated scope declared on the API, sorted by value. */
  public get permissionScopes(): PermissionScope[] {
    return this.sortedScopes();
  }

  /**
   * Assigns "default access" (app role id `00000000-0000-0000-0000-000000000000`) to a
   * principal: with assignment required, this lets it get a token for an API that declares
   * no app roles. Entra allows it only while the API has no roles; declaring one later is an
   * error at synth (ENTRA-RULES 1).
   */
  public grantDefaultAccess(principal: IPrincipal): AppRoleAssignment {
    if (!this.defaultAccess) {
      this.defaultAccess = new DefaultAccessRole(this);
      this.node.addValidation({
        validate: () => this.roles.size === 0 ? [] : [
          `default access is granted, but the API declares app roles [${[...this.roles.keys()].join(', ')}]. Entra allows default access `
          + '(00000000-0000-0000-0000-000000000000) only on APIs without roles; grant one of the roles instead (ENTRA-RULES 1).',
        ],
      });
    }
    return AppRoleAssignment.grant(this, principal, this.defaultAccess);
  }



  private sortedRoles(): AppRole[] {
    return [...this.roles.values()].sort((a, b) => compare(a.value, b.value));
  }

  private sortedScopes(): PermissionScope[] {
    return [...this.scopes.values()].sort((a, b) => compare(a.value, b.value));
  }

  private checkNewValue(kind: 'app role' | 'scope', value: string): void {
    const problem = checkPermissionValue(kind, value);
    if (problem) throw entraError(this, `${problem} (ENTRA-RULES 5).`);
    if (isUnresolved(value)) {
      throw entraError(this, `${kind} value must be known at synth (got a token): role and scope ids are derived from it.`);
    }
    const clash = this.roles.has(value) ? 'an app role' : this.scopes.has(value) ? 'a scope' : undefined;
    if (clash) {
      throw entraError(this, `${kind} value '${value}' is already used by ${clash} of this API. App role and scope values `
        + 'share one namespace per application and must be unique across both (ENTRA-RULES 5); choose another value.');
    }
  }

  private idFor(kind: 'app role' | 'scope', value: string, explicit: string | undefined): string {
    let id: string;
    if (explicit !== undefined) {
      if (!isGuid(explicit)) {
        throw entraError(this, `${kind} '${value}' has id '${explicit}', which is not a GUID. Give the existing role's id from the app manifest, or leave id out to derive one.`);
      }
      if (explicit === NIL_GUID) {
        throw entraError(this, `${kind} '${value}' has the nil GUID as id; it means "default access" in Entra. Leave id out to derive one.`);
      }
      id = explicit.toLowerCase();
    } else {
      id = uuidV5(`${this.idSeed}/${kind === 'app role' ? 'app-role' : 'scope'}/${value}`);
    }
    const all = [...this.roles.values()].map((r) => ['app role', r.value, r.roleId])
      .concat([...this.scopes.values()].map((s) => ['scope', s.value, s.scopeId]));
    const dup = all.find(([, , other]) => other === id);
    if (dup) {
      throw entraError(this, `${kind} '${value}' would get id ${id}, already used by ${dup[0]} '${dup[1]}'. Every role and scope needs its own id.`);
    }
    return id;
  }

  private validateTokenVersion(version: number): void {
    if (isUnresolved(version)) return;
    if (version !== 1 && version !== 2) {
      throw entraError(this, `accessTokenVersion ${version} is not valid; use 2 (recommended) or 1.`);
    }
    if (version === 1) {
      if (PERSONAL_AUDIENCES.has(this.signInAudience)) {
        throw entraError(this, `accessTokenVersion 1 is not allowed with signInAudience ${this.signInAudience}; personal accounts need version 2. Remove accessTokenVersion.`);
      }
      Annotations.of(this).addWarning('accessTokenVersion is 1: tokens have issuer sts.windows.net and the identifier URI as audience. '
        + 'Version 2 (the default) is what current libraries expect (ENTRA-RULES 12).');
    }
  }

  private validateGroupClaims(claims: GroupMembershipClaim[] | undefined): void {
    if (!claims || isUnresolved(claims)) return;
    const known = new Set<string>(Object.values(GroupMembershipClaim));
    for (const c of claims) {
      if (!known.has(c)) throw entraError(this, `group membership claim '${c}' is not one of ${[...known].join(', ')}`);
    }
    if (claims.includes(GroupMembershipClaim.NONE) && claims.length > 1) {
      throw entraError(this, `groupMembershipClaims [${claims.join(', ')}] combines None with other values; use [None] alone or leave it out.`);
    }
  }

  private validateOptionalClaims(claims: OptionalClaims | undefined): void {
    if (!claims) return;
    for (const [kind, list] of [['accessToken', claims.accessToken], ['idToken', claims.idToken]] as const) {
      const seen = new Set<string>();
      for (const c of list ?? []) {
        if (!isUnresolved(c.name) && c.name.trim().length === 0) throw entraError(this, `optional ${kind} claim has an empty name`);
        if (seen.has(c.name)) throw entraError(this, `optional ${kind} claim '${c.name}' is listed twice; list each claim once`);
        seen.add(c.name);
      }
    }
  }

  private validateIdentifierUri(uri: string, verifiedDomains: string[] | undefined): void {
    if (isUnresolved(uri)) return;
    const fix = 'Leave identifierUri out to use api://{clientId}, or use api://{tenantId}/name or https://{verified domain}/name (ENTRA-RULES 11).';
    const m = /^(api|https):\/\/([^/?#]+)(\/[^?#]*)?$/.exec(uri);
    if (/[*]/.test(uri)) throw entraError(this, `identifier URI '${uri}' contains a wildcard; Entra does not allow wildcards. ${fix}`);
    if (/[?#]/.test(uri)) throw entraError(this, `identifier URI '${uri}' has a query or fragment; Entra does not allow them. ${fix}`);
    if (/\s/.test(uri)) throw entraError(this, `identifier URI '${uri}' contains white space. ${fix}`);
    if (!m) throw entraError(this, `identifier URI '${uri}' must start with api:// or https:// and name a host. ${fix}`);
    const [, scheme, host] = m;
    if (uri.endsWith('/')) throw entraError(this, `identifier URI '${uri}' ends with '/'; remove the trailing slash (the .default scope would get '//'). ${fix}`);
    if (scheme === 'api' && isGuid(host)) {
      if (!m[3]) {
        Annotations.of(this).addWarning(`identifier URI '${uri}' names a fixed GUID: single-tenant apps may only use api://{their own client id} or api://{tenantId}/name. `
          + 'If this is not the tenant id, leave identifierUri out to get api://{clientId}.');
      }
      return;
    }
    const lower = host.toLowerCase();
    if (verifiedDomains !== undefined && !isUnresolved(verifiedDomains)) {
      const ok = verifiedDomains.some((d) => lower === d.toLowerCase() || lower.endsWith(`.${d.toLowerCase()}`));
      if (!ok) {
        throw entraError(this, `identifier URI '${uri}' uses host '${host}', which is not one of the verified domains [${verifiedDomains.join(', ')}]; `
          + `Entra rejects it (HostNameNotOnVerifiedDomain). ${fix}`);
      }
      return;
    }
    // Only the tenant's own {name}.onmicrosoft.com is verified; without verifiedDomains, trust it.
    if (lower.endsWith('.onmicrosoft.com')) return;
    Annotations.of(this).addWarning(`identifier URI '${uri}' uses host '${host}': Entra accepts it only if '${host}' is a verified domain of the tenant `
      + '(HostNameNotOnVerifiedDomain otherwise). Pass verifiedDomains to check it at synth.');
  }
}

/** The built-in "default access" role: every API has it while it declares no app roles. */
class DefaultAccessRole implements IAppRole {
  public readonly value = 'DefaultAccess';
  public readonly roleId = NIL_GUID;
  public readonly allowedMemberTypes = [MemberType.USER, MemberType.APPLICATION];
  public readonly enabled = true;
  constructor(public readonly api: IApi) {}
}
