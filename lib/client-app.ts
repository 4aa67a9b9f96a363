import { Lazy, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Application, applicationRequiredResourceAccessToTerraform } from '@cdktf/provider-azuread/lib/application';
import type { IApi } from './api';
import type { IAppRole } from './app-role';
import { AppRegistrationProps, SignInAudience } from './app-registration';
import type { AppRoleAssignment } from './app-role-assignment';
import { ConsentType, IPermissionScope } from './permission-scope';
import { ProtectedApi } from './protected-api';
import { RegisteredApi } from './registered-api';
import {
  checkOpaqueId, delegatedPermissionGrantImportId, preAuthorizedImportId, requireExisting,
} from './private/adoption';
import { checkRegistrationProps, isPersonalAudience, registerApplication, tokenVersionProblem } from './private/app-registration';
import { CLIENT_APP, brand, hasBrand } from './private/brands';
import { personalAccountRedirectProblems, RedirectPlatform, requireRedirectUris } from './private/client-validation';
import { applicationPreAuthorized, servicePrincipalDelegatedPermissionGrant } from './private/providers';
import { clientConfigOf } from './private/singleton';
import { declareMovedFrom, oldKeyOf, registerOldId, stableKeyOf } from './private/stable-identity';
import { checkEnum, entraError, isUnresolved } from './private/validation';
import { compareStrings as compare } from './private/order';
import { entraWarning } from './private/diagnostics';

/**
 * Which kind of client an app registration is: it decides its platform (redirect URIs) and
 * which credentials and permissions it may have.
 */
export enum ClientAppKind {
  /** A single-page app (browser code, auth code flow with PKCE); a public client. */
  SINGLE_PAGE_APPLICATION = 'SinglePageApplication',
  /** A server-side web app that signs users in; a confidential client. */
  WEB = 'Web',
  /** A native, desktop, mobile or command-line app; a public client. */
  PUBLIC_CLIENT = 'PublicClient',
  /** A daemon or service that calls APIs as itself with app-only tokens; a confidential client. */
  DAEMON = 'Daemon',
}

/**
 * Properties every client app registration has.
 */
export interface ClientAppProps extends AppRegistrationProps {
  /**
   * Who may sign in.
   *
   * @default - the sign-in audience of the ProtectedApi whose scopes the client requests;
   * SignInAudience.AZURE_AD_MY_ORG when it requests none
   */
  readonly signInAudience?: SignInAudience;
  /**
   * Whether only users and groups assigned to the client's enterprise application may sign
   * in to it. The APIs it calls enforce their own assignments either way.
   *
   * @default false
   */
  readonly appRoleAssignmentRequired?: boolean;
}

/**
 * A client app registration: something that can request an API's scopes or roles.
 */
export interface IClientApp extends IConstruct {
  /** The client's display name, or its construct path when unknown at synth. Never a token. */
  readonly clientName: string;
  /** What kind of client this is. */
  readonly clientKind: ClientAppKind;
  /** The client's Application (client) id: what MSAL and `AZURE_CLIENT_ID` take. */
  readonly clientId: string;
  /**
   * The app registration's resource id, `/applications/{objectId}`, that the split
   * `azuread_application_*` resources take as `application_id` (ENTRA-RULES 3).
   */
  readonly applicationId: string;
  /** The object id of the client's enterprise application (service principal). */
  readonly servicePrincipalObjectId: string;
  /** The delegated scopes the client requests, in the order requested. */
  readonly requestedScopes: ScopeRequest[];
  /** The app roles the client requests (and holds), in the order requested. */
  readonly requestedAppRoles: AppRoleRequest[];
}

/**
 * A client that signs users in and calls APIs with their delegated scopes: a
 * {@link SpaApp}, {@link WebApp} or {@link PublicClientApp}. A {@link DaemonApp} calls
 * app-only and is not one.
 */
export interface IDelegatedClientApp extends IClientApp {
  /**
   * Requests a delegated scope of an API, and returns the request.
   *
   * Writes the scope's id into the client's required resource access; pre-authorizes the
   * client on the API when the API is a {@link ProtectedApi} of this program (one
   * `azuread_application_pre_authorized` per client and API, after the scopes exist,
   * ENTRA-RULES 19); and grants tenant-wide admin consent when asked.
   *
   * Throws if the scope is not the API's, if the API does not expose it, or if the client
   * requested it before.
   *
   * @param api the API whose scope is requested
   * @param scope the scope, e.g. `api.scope('Orders.Access')`
   */
  requestScope(api: IApi, scope: IPermissionScope, options?: RequestScopeOptions): ScopeRequest;

  /**
   * Requests a delegated permission of Microsoft Graph by name, e.g. `User.Read`. Its id is
   * read from Graph's service principal (`oauth2_permission_scope_ids`), found through the
   * provider's published app ids; no GUIDs are pasted.
   */
  requestGraphScope(value: string, options?: RequestScopeOptions): ScopeRequest;
}

/**
 * A delegated scope a client requests, and how consent is given.
 */
export interface ScopeRequest {
  /** The API whose scope is requested. */
  readonly api: IApi;
  /** The scope requested. */
  readonly scope: IPermissionScope;
  /** Whether the client is pre-authorized on the API for this scope (no consent prompt). */
  readonly preAuthorized: boolean;
  /** Whether tenant-wide admin consent is granted for this scope. */
  readonly adminConsent: boolean;
}

/**
 * An app role a daemon requests, and the assignment that grants it.
 */
export interface AppRoleRequest {
  /** The API whose role is requested. */
  readonly api: IApi;
  /** The role requested. */
  readonly role: IAppRole;
  /** The assignment that grants the role (admin consent for an app role is an assignment). */
  readonly assignment: AppRoleAssignment;
}

/**
 * Options for requesting a delegated scope.
 */
export interface RequestScopeOptions {
  /**
   * Whether to pre-authorize the client on the API for this scope, so users see no consent
   * prompt. Only possible for a {@link ProtectedApi} of this program: the API's owners
   * pre-authorize clients, and this program owns it.
   *
   * @default - true when the API is a ProtectedApi of this program, else false
   */
  readonly preAuthorize?: boolean;
  /**
   * Whether to grant tenant-wide admin consent for this scope
   * (`azuread_service_principal_delegated_permission_grant`). Needs a deploying identity
   * that may grant delegated permissions (`DelegatedPermissionGrant.ReadWrite.All`).
   *
   * @default false
   */
  readonly adminConsent?: boolean;
  /**
   * Whether the client is pre-authorized on the API already, so the pre-authorization
   * (`azuread_application_pre_authorized`) is adopted with an `import` block. Both the API and
   * the client must adopt existing registrations (`existing`).
   *
   * @default false
   */
  readonly preAuthorizationExists?: boolean;
  /**
   * The id of the tenant-wide delegated permission grant (oauth2PermissionGrant) that exists
   * already, to adopt it with an `import` block: the `id` in
   * `GET servicePrincipals/{client's service principal}/oauth2PermissionGrants`. Needs
   * `adminConsent: true`.
   *
   * @default - the grant is created
   */
  readonly existingGrantId?: string;
}

/**
 * Options for the Terraform outputs of a client.
 */
export interface ClientOutputsOptions {
  /**
   * The prefix of the outputs' names, e.g. `web` gives `webClientId`, `webTenantId`,
   * `webAuthority` and `webScopes`. Letters, digits and `_`, starting with a letter.
   *
   * @default - the client's construct id, with its first letter in lower case
   */
  readonly prefix?: string;
  /**
   * Whether to output the values of the client's secrets too, as sensitive outputs
   * (`terraform output -raw {prefix}ClientSecret{Name}` reads one). Prefer writing secrets to
   * Key Vault; a secret is never output in clear.
   *
   * @default false
   */
  readonly includeClientSecrets?: boolean;
}

/** One entry of a client's `required_resource_access` for one API. */
interface AccessEntry {
  readonly id: string;
  readonly type: 'Scope' | 'Role';
  readonly value: string;
}

/** What a client asks of one API. */
interface ApiAccess {
  readonly api: IApi;
  readonly key: string;
  readonly entries: AccessEntry[];
}

/** How the registration core names a client in its messages. */
const REGISTRATION_NOUN = { noun: 'client', exampleName: 'Orders Web' };

/**
 * What every client app registration shares: the app registration (`azuread_application`)
 * and its enterprise application (`azuread_service_principal`), the permissions it requests
 * (`required_resource_access`, rendered lazily), pre-authorization on APIs of this program,
 * admin consent, and the values an MSAL or DefaultAzureCredential configuration needs.
 *
 * Use one of its kinds: {@link SpaApp}, {@link WebApp}, {@link PublicClientApp} or
 * {@link DaemonApp}.
 */
export abstract class ClientAppBase extends Construct implements IClientApp {
  /** Whether `obj` is a client app registration of this library. */
  public static isClientApp(obj: unknown): obj is ClientAppBase {
    return hasBrand(obj, CLIENT_APP);
  }

  /** The client's display name, or its construct path when unknown at synth. */
  public readonly clientName: string;
  /** What kind of client this is. */
  public readonly clientKind: ClientAppKind;
  /** The Application (client) id. */
  public readonly clientId: string;
  /** The object id of the app registration. */
  public readonly applicationObjectId: string;
  /** The app registration's resource id, `/applications/{objectId}` (ENTRA-RULES 3). */
  public readonly applicationId: string;
  /** The object id of the client's enterprise application (service principal). */
  public readonly servicePrincipalObjectId: string;
  /** The tenant id, from the deploying identity's `azuread_client_config`. */
  public readonly tenantId: string;
  /**
   * The authority to sign in with: `https://login.microsoftonline.com/{tenantId}/v2.0`, which
   * MSAL and OpenID Connect libraries accept, and the `iss` of the v2 tokens the APIs receive.
   */
  public readonly authority: string;

  /**
   * The access token version the registration receives when called as an API
   * (`api.requested_access_token_version`): 2 unless the client was given 1.
   */
  public readonly accessTokenVersion: number;

  /** @internal */
  protected readonly _application: Application;

  private readonly explicitAudience?: SignInAudience;
  private redirect?: { readonly platform: RedirectPlatform; readonly uris: string[] };
  private readonly access = new Map<string, ApiAccess>();
  private readonly scopeRequests: ScopeRequest[] = [];
  private readonly consentGrantIds = new Map<IApi, string>();
  /** @internal */
  protected readonly _roleRequests: AppRoleRequest[] = [];

  protected constructor(scope: Construct, id: string, kind: ClientAppKind, props: ClientAppProps) {
    super(scope, id);
    brand(this, CLIENT_APP);
    this.clientKind = kind;
    checkRegistrationProps(this, props, REGISTRATION_NOUN);
    this.explicitAudience = props.signInAudience;
    this.accessTokenVersion = props.accessTokenVersion ?? 2;
    if (props.signInAudience !== undefined) {
      checkEnum(this, 'signInAudience', props.signInAudience, SignInAudience, 'it decides which redirect URIs and APIs the client may use');
    }
    const config = clientConfigOf(this);
    this.tenantId = config.tenantId;
    this.authority = `https://login.microsoftonline.com/${this.tenantId}/v2.0`;

    const registration = registerApplication(this, props, {
      ...REGISTRATION_NOUN,
      signInAudience: Lazy.stringValue({ produce: () => this.signInAudience }),
      appRoleAssignmentRequired: props.appRoleAssignmentRequired ?? false,
      application: {
        requiredResourceAccess: Lazy.anyValue({
          produce: () => [...this.access.values()].map((a) => applicationRequiredResourceAccessToTerraform({
            resourceAppId: a.api.clientId,
            resourceAccess: [...a.entries]
              .sort((x, y) => compare(`${x.type}/${x.value}`, `${y.type}/${y.value}`))
              .map((e) => ({ id: e.id, type: e.type })),
          })),
        }, { omitEmptyArray: true }),
      },
    });
    this._application = registration.application;
    this.clientName = registration.name;
    this.clientId = this._application.clientId;
    this.applicationObjectId = this._application.objectId;
    this.applicationId = this._application.id;
    this.servicePrincipalObjectId = registration.servicePrincipal.objectId;

    this.node.addValidation({ validate: () => this.validateClient() });
  }

  /**
   * Who may sign in: as given, else the sign-in audience of the ProtectedApi whose scopes the
   * client requests, else single tenant.
   */
  public get signInAudience(): SignInAudience {
    if (this.explicitAudience !== undefined) return this.explicitAudience;
    const api = this.scopeRequests.map((r) => r.api).find((a): a is ProtectedApi => a instanceof ProtectedApi);
    return api?.signInAudience ?? SignInAudience.AZURE_AD_MY_ORG;
  }

  /** The delegated scopes the client requests, in the order requested. */
  public get requestedScopes(): ScopeRequest[] {
    return [...this.scopeRequests];
  }

  /** The app roles the client requests (and holds), in the order requested. */
  public get requestedAppRoles(): AppRoleRequest[] {
    return [...this._roleRequests];
  }

  /**
   * The scopes the client's code asks for, e.g. in MSAL's `scopes`: the full scope string of
   * each delegated scope it requests (`api://.../Orders.Access`).
   */
  public get scopesToRequest(): string[] {
    return this.scopeRequests.map((r) => r.scope.fullScope);
  }

  /**
   * Declares where this construct used to live, as its path within the stack before a
   * refactor (e.g. `'OrdersApi'` after moving it under a `Team` construct): every resource it
   * owns gets a Terraform `moved` block from its old address, so the next plan destroys
   * nothing. Keep the call until every environment has applied it. Simpler still: give the
   * construct `stableKey` set to its old path, which keeps every address where it was and
   * needs no moved block, now or after later moves.
   *
   * Throws if the path is not a construct path, is where the construct lives now, or a move was
   * declared already; synth fails if a resource of the stack still has one of the old addresses.
   */
  public movedFrom(oldPath: string): void {
    declareMovedFrom(this, oldPath);
  }

  /**
   * What `requestScope` does for the clients that sign users in (see
   * {@link IDelegatedClientApp.requestScope}).
   *
   * @internal
   */
  protected _requestScope(api: IApi, scope: IPermissionScope, options: RequestScopeOptions): ScopeRequest {
    if (scope.api !== api) {
      throw entraError(this, `requests scope '${scope.value}' of ${api.apiName} (${api.node.path}), but that scope belongs to ${scope.api.apiName} `
        + `(${scope.api.node.path}). Pass the API that defines it: requestScope(${scope.api.node.id}, ${scope.api.node.id}.scope('${scope.value}')).`);
    }
    this.requireExposed(api, 'scope', scope.value, () => api.scope(scope.value));
    if (this.scopeRequests.some((r) => r.api === api && r.scope.value === scope.value)) {
      throw entraError(this, `requests scope '${scope.value}' of ${api.apiName} twice; remove the second requestScope call.`);
    }
    const local = api instanceof ProtectedApi;
    const preAuthorize = options.preAuthorize ?? local;
    const adminConsent = options.adminConsent ?? false;
    if (preAuthorize && !local) {
      throw entraError(this, `cannot pre-authorize itself for scope '${scope.value}' on ${api.apiName}: only a ProtectedApi of this program `
        + 'can be changed to list pre-authorized clients. Leave preAuthorize out, and use adminConsent: true (or ask the API\'s owners to pre-authorize this client).');
    }
    if (scope.enabled === false) {
      entraWarning(this, `requests scope '${scope.value}' of ${api.apiName}, which is disabled: tokens will not carry it. `
        + 'Remove the request while the scope is being retired.');
    }
    if (!preAuthorize && !adminConsent && scope.consentType === ConsentType.ADMIN) {
      entraWarning(this, `requests scope '${scope.value}' of ${api.apiName}, which only an administrator may consent to, `
        + 'without pre-authorization or admin consent: users will be stopped at a "needs admin approval" page. '
        + 'Pre-authorize the client or set adminConsent: true.');
    }

    const adopted = this.scopeRequestImports(api, scope, options, preAuthorize, adminConsent);

    this.addAccess(api, { id: scope.scopeId, type: 'Scope', value: scope.value });
    const request: ScopeRequest = { api, scope, preAuthorized: preAuthorize, adminConsent };
    this.scopeRequests.push(request);
    if (preAuthorize) {
      const resource = this.preAuthorizeOn(api as ProtectedApi);
      if (adopted.preAuthorization !== undefined) resource.importFrom(adopted.preAuthorization);
    }
    if (adminConsent) {
      const resource = this.consentOn(api);
      if (adopted.consent !== undefined) {
        resource.importFrom(adopted.consent);
        this.consentGrantIds.set(api, options.existingGrantId!);
      }
    }
    return request;
  }

  /**
   * What `requestGraphScope` does for the clients that sign users in.
   *
   * @internal
   */
  protected _requestGraphScope(value: string, options: RequestScopeOptions): ScopeRequest {
    const graph = RegisteredApi.microsoftGraph(this);
    return this._requestScope(graph, graph.scope(value), options);
  }

  /**
   * Adds Terraform outputs with what the client's code needs: `{prefix}ClientId`,
   * `{prefix}TenantId`, `{prefix}Authority` and `{prefix}Scopes`, and, only when asked, each
   * secret's value as a sensitive output. Returns the outputs made.
   */
  public addOutputs(options: ClientOutputsOptions = {}): TerraformOutput[] {
    const prefix = options.prefix ?? this.node.id.charAt(0).toLowerCase() + this.node.id.slice(1);
    if (isUnresolved(prefix)) {
      throw entraError(this, 'output prefix must be known at synth (got a token): it names Terraform outputs. Give a literal, e.g. { prefix: \'web\' }.');
    }
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix)) {
      throw entraError(this, `output prefix '${prefix}' is not a valid Terraform output name; use letters, digits and '_', starting with a letter, e.g. { prefix: 'web' }.`);
    }
    const outputs = [
      this._addOutput(prefix, 'ClientId', this.clientId, `Application (client) id of ${this.clientName}`),
      this._addOutput(prefix, 'TenantId', this.tenantId, 'Directory (tenant) id'),
      this._addOutput(prefix, 'Authority', this.authority, `Authority ${this.clientName} signs in with`),
      this._addOutput(prefix, 'Scopes', Lazy.listValue({ produce: () => this.scopesToRequest }), `Scopes ${this.clientName} requests tokens for`),
      ...this._credentialOutputs(prefix, options),
    ];
    return outputs;
  }

  /**
   * The outputs of the client's credentials that `addOutputs` adds: none for a client that
   * cannot hold credentials.
   *
   * @internal
   */
  protected _credentialOutputs(_prefix: string, _options: ClientOutputsOptions): TerraformOutput[] {
    return [];
  }

  /**
   * Adds the output `{prefix}{suffix}` at the root of the client's stack. Throws, naming the
   * client, if the stack has it already.
   *
   * @internal
   */
  protected _addOutput(prefix: string, suffix: string, value: unknown, description: string, sensitive?: boolean): TerraformOutput {
    const stack = TerraformStack.of(this);
    const name = `${prefix}${suffix}`;
    if (stack.node.tryFindChild(name)) {
      throw entraError(this, `output '${name}' already exists in stack ${stack.node.id}; pass another prefix, e.g. addOutputs({ prefix: '${prefix}2' }).`);
    }
    return new TerraformOutput(stack, name, { value, description, sensitive });
  }

  /**
   * Records an entry of the client's required resource access.
   *
   * @internal
   */
  protected _addRoleAccess(api: IApi, role: IAppRole): void {
    this.addAccess(api, { id: role.roleId, type: 'Role', value: role.value });
  }

  /**
   * Throws, naming the client, when `lookup` says the API does not expose the value.
   *
   * @internal
   */
  protected _requireExposed(api: IApi, kind: string, value: string, lookup: () => unknown): void {
    this.requireExposed(api, kind, value, lookup);
  }

  private requireExposed(api: IApi, kind: string, value: string, lookup: () => unknown): void {
    try {
      lookup();
    } catch (e) {
      const detail = (e as Error).message.replace(/^\[[^\]]*\]\s*/, '');
      throw entraError(this, `requests ${kind} '${value}' of ${api.apiName}, which it does not expose: ${api.node.path} ${detail}`);
    }
  }

  private addAccess(api: IApi, entry: AccessEntry): void {
    const key = api.node.path;
    let access = this.access.get(key);
    if (!access) {
      access = { api, key: apiKey(this, api), entries: [] };
      this.access.set(key, access);
    }
    access.entries.push(entry);
  }

  /** The one pre-authorization of this client on `api`, listing every pre-authorized scope. */
  private preAuthorizeOn(api: ProtectedApi): TerraformResource {
    const id = `PreAuthorized:${apiKey(this, api)}`;
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as TerraformResource;
    const pre = new (applicationPreAuthorized())(this, id, {
      // The API's application resource id: the reference also orders this after the
      // application, and so after its scopes (ENTRA-RULES 19).
      applicationId: api.applicationId,
      authorizedClientId: this.clientId,
      permissionIds: Lazy.listValue({
        produce: () => this.scopeRequests.filter((r) => r.api === api && r.preAuthorized)
          .sort((a, b) => compare(a.scope.value, b.scope.value))
          .map((r) => r.scope.scopeId),
      }),
    });
    registerOldId(pre, () => `PreAuthorized:${apiKey(this, api, oldKeyOf)}`);
    return pre;
  }

  /** The one tenant-wide delegated permission grant of this client on `api`. */
  private consentOn(api: IApi): TerraformResource {
    const id = `AdminConsent:${apiKey(this, api)}`;
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as TerraformResource;
    const grant = new (servicePrincipalDelegatedPermissionGrant())(this, id, {
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      resourceServicePrincipalObjectId: api.servicePrincipalObjectId,
      claimValues: Lazy.listValue({
        produce: () => this.scopeRequests.filter((r) => r.api === api && r.adminConsent)
          .map((r) => r.scope.value).sort(compare),
      }),
    });
    registerOldId(grant, () => `AdminConsent:${apiKey(this, api, oldKeyOf)}`);
    return grant;
  }

  /**
   * The import ids of the existing pre-authorization and admin consent a scope request adopts,
   * as its options say. Throws before the request changes anything.
   */
  private scopeRequestImports(api: IApi, scope: IPermissionScope, options: RequestScopeOptions, preAuthorize: boolean, adminConsent: boolean):
  { preAuthorization?: string; consent?: string } {
    const out: { preAuthorization?: string; consent?: string } = {};
    if (options.preAuthorizationExists) {
      if (!preAuthorize) {
        throw entraError(this, `requests scope '${scope.value}' of ${api.apiName} with preAuthorizationExists but without pre-authorization; `
          + 'remove preAuthorize: false, or preAuthorizationExists.');
      }
      const apiIds = requireExisting(this, api, api.apiName, `its pre-authorization on ${api.apiName}`);
      const clientIds = requireExisting(this, this, this.clientName, `its pre-authorization on ${api.apiName}`);
      out.preAuthorization = preAuthorizedImportId(apiIds.applicationObjectId, clientIds.clientId);
    }
    if (options.existingGrantId !== undefined) {
      if (!adminConsent) {
        throw entraError(this, `requests scope '${scope.value}' of ${api.apiName} with existingGrantId but without adminConsent: true; `
          + 'an oauth2PermissionGrant is admin consent. Add adminConsent: true, or remove existingGrantId.');
      }
      checkOpaqueId(this, 'existingGrantId', options.existingGrantId, 'GET servicePrincipals/{id}/oauth2PermissionGrants (value[].id)');
      const before = this.consentGrantIds.get(api);
      if (before !== undefined && before !== options.existingGrantId) {
        throw entraError(this, `gives two existingGrantIds for its admin consent on ${api.apiName} ('${before}' and '${options.existingGrantId}'); `
          + 'a client has one grant per API, holding every consented scope. Give the same id, or leave it out of the second request.');
      }
      requireExisting(this, this, this.clientName, `its admin consent on ${api.apiName}`);
      out.consent = delegatedPermissionGrantImportId(options.existingGrantId);
    }
    return out;
  }

  /** What Entra and the azuread provider reject in a client that signs in personal Microsoft accounts. */
  private personalAccountProblems(): string[] {
    const audience = `signInAudience ${this.signInAudience}`;
    const platform = this.redirectUrisOfPlatform();
    const problems = platform ? personalAccountRedirectProblems(platform.platform, platform.uris).map((p) => `${p} (${audience})`) : [];
    const apis = [...this.access.values()];
    const total = apis.reduce((n, a) => n + a.entries.length, 0);
    if (apis.length > PERSONAL_ACCESS_LIMITS.apis) {
      problems.push(`requests permissions of ${apis.length} APIs; with ${audience} the azuread provider allows at most ${PERSONAL_ACCESS_LIMITS.apis}`);
    }
    for (const a of apis) {
      if (a.entries.length > PERSONAL_ACCESS_LIMITS.perApi) {
        problems.push(`requests ${a.entries.length} scopes and roles of ${a.api.node.path}; with ${audience} the azuread provider allows at most ${PERSONAL_ACCESS_LIMITS.perApi} per API`);
      }
    }
    if (total > PERSONAL_ACCESS_LIMITS.total) {
      problems.push(`requests ${total} scopes and roles in all; with ${audience} the azuread provider allows at most ${PERSONAL_ACCESS_LIMITS.total}`);
    }
    return problems;
  }

  /**
   * Makes `uris` the client's redirect URIs on `platform`, checked (each URI, no duplicates, at
   * most 256), and returns them as a lazy list for the platform block, so URIs added later with
   * `_addRedirectUri` land in the same block. For the kinds with a platform block.
   *
   * @internal
   */
  protected _setRedirectUris(platform: RedirectPlatform, uris: string[], options: { omitEmpty?: boolean } = {}): string[] {
    requireRedirectUris(this, platform, uris);
    for (const uri of uris) this._noteRedirectUri(uri);
    const redirect = { platform, uris: [...uris] };
    this.redirect = redirect;
    return Lazy.listValue({ produce: () => [...redirect.uris] }, options.omitEmpty ? { omitEmpty: true } : undefined);
  }

  /**
   * Adds a redirect URI to the platform's list. Throws if it is not valid, is listed already,
   * or is the 257th.
   *
   * @internal
   */
  protected _addRedirectUri(uri: string): void {
    const redirect = this.redirect!;
    requireRedirectUris(this, redirect.platform, [...redirect.uris, uri]);
    this._noteRedirectUri(uri);
    redirect.uris.push(uri);
  }

  /**
   * The client's redirect URIs, in the order given.
   *
   * @internal
   */
  protected _redirectUriList(): string[] {
    return [...this.redirect?.uris ?? []];
  }

  /**
   * Called for each redirect URI once it is checked: a kind warns here about what is legal but
   * risky (a web app's wildcard).
   *
   * @internal
   */
  protected _noteRedirectUri(_uri: string): void {
    // Nothing to note for most kinds.
  }

  /** The client's redirect URIs and their platform, for the checks that depend on the sign-in audience. */
  private redirectUrisOfPlatform(): { platform: RedirectPlatform; uris: string[] } | undefined {
    return this.redirect ? { platform: this.redirect.platform, uris: [...this.redirect.uris] } : undefined;
  }

  private validateClient(): string[] {
    const errors: string[] = [];
    const version = tokenVersionProblem(this.accessTokenVersion, this.signInAudience);
    if (version) errors.push(`[${this.node.path}] ${version}`);
    if (isPersonalAudience(this.signInAudience)) errors.push(...this.personalAccountProblems().map((p) => `[${this.node.path}] ${p}.`));
    if (this.explicitAudience === undefined) {
      const audiences = new Map<string, string>();
      for (const r of this.scopeRequests) {
        if (r.api instanceof ProtectedApi) audiences.set(r.api.signInAudience, r.api.apiName);
      }
      if (audiences.size > 1) {
        errors.push(`[${this.node.path}] requests scopes of APIs with different sign-in audiences `
          + `(${[...audiences.entries()].map(([aud, name]) => `${name}: ${aud}`).join('; ')}); set signInAudience on the client explicitly.`);
      }
    }
    const byClientId = new Map<string, string>();
    for (const a of this.access.values()) {
      if (isUnresolved(a.api.clientId)) continue;
      const other = byClientId.get(a.api.clientId);
      if (other !== undefined) {
        errors.push(`[${this.node.path}] requests permissions of client id ${a.api.clientId} through two APIs (${other} and ${a.api.node.path}); `
          + 'reference the API once and request everything through that one.');
      }
      byClientId.set(a.api.clientId, a.api.node.path);
    }
    return errors;
  }
}

/** The limits on required_resource_access that apply with personal-account audiences (azuread's plan-time CustomizeDiff). */
const PERSONAL_ACCESS_LIMITS = { apis: 50, perApi: 30, total: 200 };

/**
 * A readable, stable construct-id part for an API: its stable key (its path in its stack unless
 * pinned), or stack and key when in another stack. `keyOf` gives the old key for a move.
 */
function apiKey(client: IConstruct, api: IApi, keyOf: (c: IConstruct) => string = stableKeyOf): string {
  const inStack = keyOf(api).replace(/\//g, '.');
  const apiStack = TerraformStack.of(api);
  return apiStack === TerraformStack.of(client) ? inStack : `${apiStack.node.id}.${inStack}`;
}
