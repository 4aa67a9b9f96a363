import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { DataAzureadServicePrincipal } from '@cdktf/provider-azuread/lib/data-azuread-service-principal';
import { ApiBase, IApi } from './api';
import type { IAppRole } from './app-role';
import type { IPermissionScope } from './permission-scope';
import { MemberType } from './principal';
import { dataAzureadApplication, dataAzureadApplicationPublishedAppIds, dataAzureadServicePrincipal } from './private/providers';
import type { ApiAccessFacts } from './private/brands';
import { requireIdentifierUriForm } from './private/identifier-uri';
import { requireClientId } from './private/id-references';
import { checkPermissionValue, entraError, isUnresolved } from './private/validation';
import { canonicalGuid } from './private/uuid';

/**
 * An app role an API registered elsewhere is expected to have, so that grants and requests
 * are checked at synth as they are for a {@link ProtectedApi}.
 */
export interface RegisteredAppRoleDefinition {
  /** The role's value, e.g. `Orders.Read`. */
  readonly value: string;
  /**
   * Which members the role allows, as declared by the API's owners. When given, granting
   * the role to a principal of the wrong kind fails at synth (ENTRA-RULES 6).
   *
   * @default - unknown: not checked at synth; Entra rejects a wrong grant at apply
   */
  readonly allowedMemberTypes?: MemberType[];
}

/**
 * Options for an API registered elsewhere.
 */
export interface RegisteredApiOptions {
  /**
   * A human name for messages and reports. Not sent to Entra.
   *
   * @default - the construct path
   */
  readonly displayName?: string;
  /**
   * The app roles the API is expected to have. When given, asking for any other role fails
   * at synth, and the roles' member types are checked on every grant.
   *
   * @default - any value is accepted at synth; a value the API lacks fails at plan ("Invalid index")
   */
  readonly appRoles?: RegisteredAppRoleDefinition[];
  /**
   * The values of the delegated scopes the API is expected to expose. When given, asking for
   * any other scope fails at synth.
   *
   * @default - any value is accepted at synth; a value the API lacks fails at plan ("Invalid index")
   */
  readonly scopes?: string[];
}

/**
 * Options for an API registered elsewhere and found by client id.
 */
export interface RegisteredApiByClientIdOptions extends RegisteredApiOptions {
  /**
   * The API's identifier URI (App ID URI), used in the scope strings clients request
   * (`{identifierUri}/.default`).
   *
   * @default - the client id, which Entra accepts in place of the identifier URI in scope
   * strings (`{clientId}/.default`)
   */
  readonly identifierUri?: string;
}

/** An app role of an API registered elsewhere, its id resolved by value at plan time. */
export class RegisteredAppRole implements IAppRole {
  /** The API the role belongs to. */
  public readonly api: IApi;
  /** The role's value. */
  public readonly value: string;
  /** The role's id: `app_role_ids[value]` of the API's service principal. */
  public readonly roleId: string;
  /** Which members the role allows, when declared. */
  public readonly allowedMemberTypes?: MemberType[];

  /** @internal */
  constructor(api: IApi, value: string, roleId: string, allowedMemberTypes: MemberType[] | undefined) {
    this.api = api;
    this.value = value;
    this.roleId = roleId;
    this.allowedMemberTypes = allowedMemberTypes ? [...allowedMemberTypes] : undefined;
  }
}

/** A delegated scope of an API registered elsewhere, its id resolved by value at plan time. */
export class RegisteredPermissionScope implements IPermissionScope {
  /** The API the scope belongs to. */
  public readonly api: IApi;
  /** The scope's value. */
  public readonly value: string;
  /** The scope's id: `oauth2_permission_scope_ids[value]` of the API's service principal. */
  public readonly scopeId: string;

  /** @internal */
  constructor(api: IApi, value: string, scopeId: string) {
    this.api = api;
    this.value = value;
    this.scopeId = scopeId;
  }

  /** The full scope string a client requests: `{identifierUri}/{value}`. */
  public get fullScope(): string {
    return `${this.api.identifierUri}/${this.value}`;
  }
}

const GRAPH_ID = 'MicrosoftGraph';

/** OpenID Connect scopes, which Microsoft Graph exposes as delegated permissions. */
const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** How a registered API is found. */
enum LookupBy { CLIENT_ID, IDENTIFIER_URI, PUBLISHED_APP }

/**
 * An API registered elsewhere (by another team, another stack, or Microsoft), looked up
 * through its service principal (`data azuread_service_principal`). Its roles can be granted
 * and its scopes requested **by value**; their ids are read from the service principal's
 * `app_role_ids` and `oauth2_permission_scope_ids` at plan time.
 *
 * This is the field note's `az rest POST .../appRoleAssignments` script as code:
 *
 * @example
 * const orders = RegisteredApi.fromClientId(this, 'Orders', ordersClientId, { appRoles: [{ value: 'Orders.Read', allowedMemberTypes: [MemberType.APPLICATION] }] });
 * orders.grantAppRole(ManagedIdentity.fromUserAssignedAttributes(this, 'Worker', { principalId, clientId }), orders.appRole('Orders.Read'));
 */
export class RegisteredApi extends ApiBase {
  /**
   * An API by its Application (client) id.
   */
  public static fromClientId(scope: Construct, id: string, clientId: string, options: RegisteredApiByClientIdOptions = {}): RegisteredApi {
    return new RegisteredApi(scope, id, options, LookupBy.CLIENT_ID, clientId);
  }

  /**
   * An API by its identifier URI (App ID URI), e.g. `api://orders.contoso.com`. The app
   * registration must be in this tenant: it is looked up with `data azuread_application`,
   * then its service principal by client id.
   */
  public static fromIdentifierUri(scope: Construct, id: string, identifierUri: string, options: RegisteredApiOptions = {}): RegisteredApi {
    return new RegisteredApi(scope, id, options, LookupBy.IDENTIFIER_URI, identifierUri);
  }

  /**
   * Microsoft Graph, once per stack. Its client id comes from the provider's published app
   * ids (`data azuread_application_published_app_ids`), and its permission ids by name from
   * its service principal, so `User.Read` is asked for by name and never as a pasted GUID.
   */
  public static microsoftGraph(scope: Construct): RegisteredApi {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(GRAPH_ID);
    if (existing) {
      if (existing instanceof RegisteredApi) return existing;
      throw entraError(existing, `the id '${GRAPH_ID}' at the root of stack ${stack.node.id} is kept for Microsoft Graph; give this construct another id.`);
    }
    return new RegisteredApi(stack, GRAPH_ID, { displayName: 'Microsoft Graph' }, LookupBy.PUBLISHED_APP, 'MicrosoftGraph');
  }

  /** The API's display name as given, else the construct path. */
  public readonly apiName: string;
  /** The API's Application (client) id. */
  public readonly clientId: string;
  /** The object id of the API's service principal: where roles are assigned. */
  public readonly servicePrincipalObjectId: string;
  /** The resource identifier used in scope strings: the identifier URI, or the client id. */
  public readonly identifierUri: string;
  /** `{identifierUri}/.default`: the scope app-only callers request (ENTRA-RULES 13). */
  public readonly defaultScope: string;

  private readonly expectedRoles?: Map<string, RegisteredAppRoleDefinition>;
  private readonly expectedScopes?: Set<string>;
  private readonly roles = new Map<string, RegisteredAppRole>();
  private readonly scopes = new Map<string, RegisteredPermissionScope>();
  private readonly lookup: DataAzureadServicePrincipal;

  private constructor(scope: Construct, id: string, options: RegisteredApiByClientIdOptions, by: LookupBy, key: string) {
    super(scope, id);
    this.apiName = options.displayName !== undefined && !isUnresolved(options.displayName) ? options.displayName : this.node.path;
    if (options.appRoles !== undefined) {
      this.expectedRoles = new Map();
      for (const r of options.appRoles) {
        this.checkValue('app role', r.value);
        if (this.expectedRoles.has(r.value)) throw entraError(this, `app role '${r.value}' is listed twice in appRoles; list each role once.`);
        if (r.allowedMemberTypes !== undefined) {
          if (r.allowedMemberTypes.length === 0) {
            throw entraError(this, `app role '${r.value}' has an empty allowedMemberTypes; leave it out when unknown, or list User and/or Application.`);
          }
          for (const t of r.allowedMemberTypes) {
            if (isUnresolved(t)) {
              throw entraError(this, `app role '${r.value}' has an allowed member type that is a token; member types must be known at synth `
                + '(give MemberType literals), because every grant of the role is checked against them (ENTRA-RULES 6).');
            }
            if (t !== MemberType.USER && t !== MemberType.APPLICATION) {
              throw entraError(this, `app role '${r.value}' has allowed member type '${t}'; allowed are User and Application.`);
            }
          }
        }
        this.expectedRoles.set(r.value, r);
      }
    }
    if (options.scopes !== undefined) {
      this.expectedScopes = new Set();
      for (const s of options.scopes) {
        this.checkValue('scope', s);
        if (this.expectedScopes.has(s)) throw entraError(this, `scope '${s}' is listed twice in scopes; list each scope once.`);
        if (this.expectedRoles?.has(s)) {
          throw entraError(this, `'${s}' is listed both as an app role and as a scope; values share one namespace per application (ENTRA-RULES 5).`);
        }
        this.expectedScopes.add(s);
      }
    }

    switch (by) {
      case LookupBy.CLIENT_ID: {
        requireClientId(this, 'client id', key, 'Pass the API\'s Application (client) ID from its app registration\'s Overview page '
          + '(or an application\'s client_id), or use RegisteredApi.fromIdentifierUri().');
        if (options.identifierUri !== undefined) requireIdentifierUriForm(this, options.identifierUri);
        this.lookup = new (dataAzureadServicePrincipal())(this, 'Lookup', { clientId: canonicalGuid(key) });
        this.clientId = canonicalGuid(key);
        this.identifierUri = options.identifierUri ?? key;
        break;
      }
      case LookupBy.IDENTIFIER_URI: {
        requireIdentifierUriForm(this, key);
        if (!isUnresolved(key) && key.includes("'")) {
          throw entraError(this, `identifier URI '${key}' contains an apostrophe; the azuread provider looks applications up with an OData filter `
            + 'it does not escape, so the plan fails. Use RegisteredApi.fromClientId() with the API\'s client id instead.');
        }
        const app = new (dataAzureadApplication())(this, 'Application', { identifierUri: key });
        this.lookup = new (dataAzureadServicePrincipal())(this, 'Lookup', { clientId: app.clientId });
        this.clientId = app.clientId;
        this.identifierUri = key;
        break;
      }
      default: {
        const published = new (dataAzureadApplicationPublishedAppIds())(this, 'PublishedAppIds', {});
        this.lookup = new (dataAzureadServicePrincipal())(this, 'Lookup', { clientId: published.result.lookup(key) });
        this.clientId = this.lookup.clientId;
        this.identifierUri = 'https://graph.microsoft.com';
      }
    }
    this.defaultScope = `${this.identifierUri}/.default`;
    this.servicePrincipalObjectId = this.lookup.objectId;
  }

  /**
   * The API's app role with this value; its id is `app_role_ids[value]` of the API's service
   * principal. Throws if the API was declared with `appRoles` that do not include it.
   */
  public appRole(value: string): IAppRole {
    const known = this.roles.get(value);
    if (known) return known;
    this.checkValue('app role', value);
    let types: MemberType[] | undefined;
    if (this.expectedRoles) {
      const expected = this.expectedRoles.get(value);
      if (!expected) {
        throw entraError(this, `has no app role '${value}'. Expected roles: [${[...this.expectedRoles.keys()].join(', ')}]. `
          + `Check the value with the API's owners, or add it to the appRoles option.`);
      }
      types = expected.allowedMemberTypes;
    }
    const role = new RegisteredAppRole(this, value, this.lookup.appRoleIds.lookup(value), types);
    this.roles.set(value, role);
    return role;
  }

  /**
   * The API's delegated scope with this value; its id is `oauth2_permission_scope_ids[value]`
   * of the API's service principal. Throws if the API was declared with `scopes` that do not
   * include it.
   */
  public scope(value: string): IPermissionScope {
    const known = this.scopes.get(value);
    if (known) return known;
    this.checkValue('scope', value);
    if (this.expectedScopes && !this.expectedScopes.has(value)) {
      throw entraError(this, `has no scope '${value}'. Expected scopes: [${[...this.expectedScopes].join(', ')}]. `
        + `Check the value with the API's owners, or add it to the scopes option.`);
    }
    const s = new RegisteredPermissionScope(this, value, this.lookup.oauth2PermissionScopeIds.lookup(value));
    this.scopes.set(value, s);
    return s;
  }



  /** Every app role asked for so far, sorted by value. */
  public get appRoles(): RegisteredAppRole[] {
    return [...this.roles.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** Every scope asked for so far, sorted by value. */
  public get permissionScopes(): RegisteredPermissionScope[] {
    return [...this.scopes.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** @internal */
  public _accessFacts(): ApiAccessFacts {
    return { registeredHere: false, appRoles: this.appRoles, scopes: this.permissionScopes };
  }

  private checkValue(kind: 'app role' | 'scope', value: string): void {
    if (isUnresolved(value)) {
      throw entraError(this, `${kind} value must be known at synth (got a token): it is looked up by value.`);
    }
    // The OpenID Connect values are reserved for declaring, but Microsoft Graph exposes them
    // as scopes a client may request.
    if (OPENID_SCOPES.has(value)) return;
    const problem = checkPermissionValue(kind, value);
    if (problem) throw entraError(this, `${problem} (ENTRA-RULES 5).`);
  }
}
