import { Lazy, TerraformOutput } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Application } from '@cdktf/provider-azuread/lib/application';
import type { IApi } from './api';
import type { IAppRole } from './app-role';
import { AppRegistrationProps, SignInAudience } from './app-registration';
import type { AppRoleAssignment } from './app-role-assignment';
import { ClientPart } from './client-part';
import type { IPermissionScope } from './permission-scope';
import { checkRegistrationProps, registerApplication, tokenVersionProblem } from './private/app-registration';
import { CLIENT_APP, brand, hasBrand } from './private/brands';
import type { RedirectPlatform } from './private/client-validation';
import { clientConfigOf } from './private/singleton';
import { declareMovedFrom } from './private/stable-identity';
import { checkEnum } from './private/validation';

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
  /**
   * A {@link ProtectedApi} that is also a client: it signs users in (a web app hosting its own
   * API) or calls other APIs, on behalf of its caller or as itself. Its code runs on a server,
   * so it is a confidential client.
   */
  WEB_API = 'WebApi',
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
 * The web platform of a registration that signs users in on its server (`web` block): a
 * {@link ProtectedApi} that is also a web app. A {@link WebApp} takes the same settings as
 * its own props.
 */
export interface WebPlatformOptions {
  /**
   * Where Entra may send the sign-in response: https URLs of the app's callback (http only
   * for `http://localhost` and `http://127.0.0.1`), without fragments, with a path (at least
   * `/`). More can be added with `addWebRedirectUri`.
   *
   * @default - none
   */
  readonly redirectUris?: string[];
  /**
   * The front-channel logout URL Entra calls when a user signs out.
   *
   * @default - none
   */
  readonly logoutUrl?: string;
  /**
   * The app's home page.
   *
   * @default - none
   */
  readonly homepageUrl?: string;
  /**
   * Whether the app may get ID tokens from the authorization endpoint (implicit and hybrid
   * flows), as some server frameworks' `id_token` or `code id_token` sign-in needs.
   *
   * @default false
   */
  readonly idTokenIssuanceEnabled?: boolean;
  /**
   * Whether the app may get access tokens from the authorization endpoint (implicit flow).
   * Tokens in URLs end up in browser history and logs: true is warned about. For a registration
   * that has it set already, state it as it is.
   *
   * @default false
   */
  readonly accessTokenIssuanceEnabled?: boolean;
}

/**
 * The redirect URIs of one platform (`single_page_application`, `public_client`) of a
 * {@link ProtectedApi} that is also a client.
 */
export interface RedirectPlatformOptions {
  /**
   * The platform's redirect URIs, checked by the platform's rules (as a {@link SpaApp} or
   * {@link PublicClientApp} checks its own). More can be added later.
   */
  readonly redirectUris: string[];
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
  /**
   * The client part: requests, redirect URIs, credentials, outputs and their checks, shared
   * with a ProtectedApi that is also a client.
   *
   * @internal
   */
  protected readonly _client: ClientPart;

  private readonly explicitAudience?: SignInAudience;

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
    this._client = new ClientPart(this, { noteRedirectUri: (uri) => this._noteRedirectUri(uri), adopted: props.existing !== undefined,
      inRequestOrder: props.permissionsInRequestOrder === true });

    const registration = registerApplication(this, props, {
      ...REGISTRATION_NOUN,
      signInAudience: Lazy.stringValue({ produce: () => this.signInAudience }),
      appRoleAssignmentRequired: props.appRoleAssignmentRequired ?? false,
      application: {
        requiredResourceAccess: this._client.requiredResourceAccess(),
        // A client states the identifier URIs its adopted registration has (a SAML app's entity id, say), so they stay.
        identifierUris: props.existing?.identifierUris !== undefined && props.existing.identifierUris.length > 0
          ? [...props.existing.identifierUris] : undefined,
      },
    });
    this._application = registration.application;
    this.clientName = registration.name;
    this.clientId = this._application.clientId;
    this.applicationObjectId = this._application.objectId;
    this.applicationId = this._application.id;
    this.servicePrincipalObjectId = registration.servicePrincipal.objectId;

    this.node.addValidation({
      validate: () => {
        const version = props.accessTokenVersion === undefined && props.existing !== undefined ? undefined
          : tokenVersionProblem(this.accessTokenVersion, this.signInAudience);
        return [...version ? [`[${this.node.path}] ${version}`] : [], ...this._client.validate(this.explicitAudience === undefined)];
      },
    });
  }

  /**
   * Who may sign in: as given, else the sign-in audience of the ProtectedApi whose scopes the
   * client requests, else single tenant.
   */
  public get signInAudience(): SignInAudience {
    if (this.explicitAudience !== undefined) return this.explicitAudience;
    return this._client.requestedApiAudience() ?? SignInAudience.AZURE_AD_MY_ORG;
  }

  /** The delegated scopes the client requests, in the order requested. */
  public get requestedScopes(): ScopeRequest[] {
    return this._client.requestedScopes;
  }

  /** The app roles the client requests (and holds), in the order requested. */
  public get requestedAppRoles(): AppRoleRequest[] {
    return this._client.requestedAppRoles;
  }

  /**
   * The scopes the client's code asks for, e.g. in MSAL's `scopes`: the full scope string of
   * each delegated scope it requests (`api://.../Orders.Access`).
   */
  public get scopesToRequest(): string[] {
    return this._client.delegatedScopesToRequest;
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
    return this._client.requestScope(api, scope, options);
  }

  /**
   * What `requestGraphScope` does for the clients that sign users in.
   *
   * @internal
   */
  protected _requestGraphScope(value: string, options: RequestScopeOptions): ScopeRequest {
    return this._client.requestGraphScope(value, options);
  }

  /**
   * Adds Terraform outputs with what the client's code needs: `{prefix}ClientId`,
   * `{prefix}TenantId`, `{prefix}Authority` and `{prefix}Scopes`, and, only when asked, each
   * secret's value as a sensitive output. Returns the outputs made.
   */
  public addOutputs(options: ClientOutputsOptions = {}): TerraformOutput[] {
    return this._client.addOutputs(options, { tenantId: this.tenantId, authority: this.authority, scopes: () => this.scopesToRequest },
      (prefix, o) => this._credentialOutputs(prefix, o));
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
   * Makes `uris` the client's redirect URIs on `platform`, checked (each URI, no duplicates, at
   * most 256), and returns them as a lazy list for the platform block, so URIs added later with
   * `_addRedirectUri` land in the same block. For the kinds with a platform block.
   *
   * @internal
   */
  protected _setRedirectUris(platform: RedirectPlatform, uris: string[], options: { omitEmpty?: boolean } = {}): string[] {
    return this._client.setRedirectUris(platform, uris, options);
  }

  /**
   * Adds a redirect URI to the platform's list. Throws if it is not valid, is listed already,
   * or is the 257th.
   *
   * @internal
   */
  protected _addRedirectUri(uri: string): void {
    this._client.addRedirectUri(this.redirectPlatform(), uri);
  }

  /**
   * The client's redirect URIs, in the order given.
   *
   * @internal
   */
  protected _redirectUriList(): string[] {
    return this._client.redirectUris(this.redirectPlatform());
  }

  /** The one platform of a client kind with redirect URIs. */
  private redirectPlatform(): RedirectPlatform | undefined {
    return this._client.platforms[0];
  }

  /**
   * Called for each redirect URI once it is checked (after the platform's own notes, such as
   * the web wildcard warning): a kind warns here about what else is legal but risky.
   *
   * @internal
   */
  protected _noteRedirectUri(_uri: string): void {
    // Nothing to note for most kinds.
  }
}
