import { Annotations, Fn, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Application, applicationRequiredResourceAccessToTerraform } from '@cdktf/provider-azuread/lib/application';
import { ServicePrincipal as ServicePrincipalResource } from '@cdktf/provider-azuread/lib/service-principal';
import { ConsentType, IApi, IAppRole, IPermissionScope } from './app-role';
import type { AppRoleAssignment } from './app-role-assignment';
import { ProtectedApi, SignInAudience } from './protected-api';
import { RegisteredApi } from './registered-api';
import { ensureTimeProvider } from './private/client-time';
import {
  applicationFederatedIdentityCredential, applicationPassword, applicationPreAuthorized, servicePrincipalDelegatedPermissionGrant, timeRotating,
} from './private/providers';
import {
  checkCredentialName, checkFederatedCredential, checkGitHubName, requireDisplayName, requireOwners,
} from './private/client-validation';
import { clientConfigOf, pathInStack } from './private/singleton';
import { entraError, isUnresolved } from './private/validation';
import { compareStrings as compare } from './private/order';

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

/** The audience of federated credentials that Entra ID accepts: `api://AzureADTokenExchange`. */
export const FEDERATED_CREDENTIAL_AUDIENCE = 'api://AzureADTokenExchange';
/** The issuer of GitHub Actions OIDC tokens. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** Entra's limit on federated identity credentials per application. */
const MAX_FEDERATED_CREDENTIALS = 20;

/**
 * Properties every client app registration has.
 */
export interface ClientAppProps {
  /** Display name of the app registration and of its enterprise application. */
  readonly displayName: string;
  /**
   * Description of the app registration.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * Notes on the app registration.
   *
   * @default - none
   */
  readonly notes?: string;
  /**
   * Who may sign in.
   *
   * @default - the sign-in audience of the ProtectedApi whose scopes the client requests;
   * SignInAudience.AZURE_AD_MY_ORG when it requests none
   */
  readonly signInAudience?: SignInAudience;
  /**
   * Object ids of the owners of the app registration and enterprise application. An
   * identity that deploys with `Application.ReadWrite.OwnedBy` must be one of them
   * (ENTRA-RULES 16).
   *
   * @default - the deploying principal (`azuread_client_config.object_id`)
   */
  readonly owners?: string[];
  /**
   * Whether to fail rather than create a second app registration with the same display name
   * (ENTRA-RULES 17).
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

/**
 * Options for a client secret.
 */
export interface ClientSecretOptions {
  /**
   * The secret's display name in Entra; also names the construct, so keep it stable.
   *
   * @default 'terraform'
   */
  readonly displayName?: string;
  /**
   * Days between rotations. When they have passed, the next apply replaces the secret
   * (the `time_rotating` resource changes, and with it the secret's `rotate_when_changed`).
   *
   * @default 180
   */
  readonly rotationDays?: number;
  /**
   * Days a secret stays valid after its rotation is due, so that a late apply does not lock
   * the app out. The secret's end date is the rotation date plus these days.
   *
   * @default 30
   */
  readonly graceDays?: number;
}

/**
 * Properties of a {@link ClientSecret}.
 */
export interface ClientSecretProps extends ClientSecretOptions {
  /** The confidential client (web app or daemon) the secret belongs to. */
  readonly client: IClientApp;
}

/**
 * A client secret (`azuread_application_password`) that rotates on a schedule
 * (`time_rotating`). Only confidential clients (web apps and daemons) may have one; prefer
 * federated credentials or a managed identity where the platform allows.
 *
 * Its value is sensitive: write it to Key Vault, or emit it only as a sensitive output.
 */
export class ClientSecret extends Construct {
  /** The client the secret belongs to. */
  public readonly client: IClientApp;
  /** The secret's display name. */
  public readonly displayName: string;
  /** Days between rotations. */
  public readonly rotationDays: number;
  /** Days the secret stays valid after its rotation is due. */
  public readonly graceDays: number;
  /** The secret's value. Sensitive: never put it in a plain output or a log. */
  public readonly value: string;
  /** The secret's key id. */
  public readonly keyId: string;
  /** The secret's end date (RFC 3339), known at apply. */
  public readonly endDate: string;

  public constructor(scope: Construct, id: string, props: ClientSecretProps) {
    super(scope, id);
    this.client = props.client;
    this.displayName = props.displayName ?? 'terraform';
    this.rotationDays = props.rotationDays ?? 180;
    this.graceDays = props.graceDays ?? 30;
    requireConfidential(this, props.client, 'a client secret');
    if (!isUnresolved(this.displayName) && (this.displayName.trim().length === 0 || this.displayName.length > 256)) {
      throw entraError(this, `client secret display name '${this.displayName}' must be 1 to 256 characters long; leave it out to use 'terraform'.`);
    }
    requireWholeDays(this, 'rotationDays', this.rotationDays, 1);
    requireWholeDays(this, 'graceDays', this.graceDays, 0);
    if (this.rotationDays + this.graceDays > 730) {
      throw entraError(this, `rotationDays (${this.rotationDays}) plus graceDays (${this.graceDays}) is ${this.rotationDays + this.graceDays} days; `
        + 'Entra allows client secrets of at most two years (730 days), and policies often less. Rotate more often.');
    }
    ensureTimeProvider(this);
    const rotation = new (timeRotating())(this, 'Rotation', { rotationDays: this.rotationDays });
    const password = new (applicationPassword())(this, 'Resource', {
      applicationId: props.client.applicationId,
      displayName: this.displayName,
      endDate: Fn.timeadd(rotation.rotationRfc3339, `${this.graceDays * 24}h`),
      rotateWhenChanged: { rotation: rotation.id },
      // The replacement exists before the old secret goes, so a reader can switch over.
      lifecycle: { createBeforeDestroy: true },
    });
    this.value = password.value;
    this.keyId = password.keyId;
    this.endDate = password.endDate;
  }
}

/**
 * Options for a federated identity credential.
 */
export interface FederatedCredentialOptions {
  /** The external identity provider's issuer, e.g. `https://token.actions.githubusercontent.com`. */
  readonly issuer: string;
  /** The subject of the external tokens to accept, matched exactly, e.g. `repo:contoso/orders:ref:refs/heads/main`. */
  readonly subject: string;
  /**
   * The audiences of the external tokens; Entra accepts exactly one.
   *
   * @default ['api://AzureADTokenExchange']
   */
  readonly audiences?: string[];
  /**
   * A description of the credential.
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * Properties of a {@link FederatedIdentityCredential}.
 */
export interface FederatedIdentityCredentialProps extends FederatedCredentialOptions {
  /** The confidential client (web app or daemon) that trusts the external tokens. */
  readonly client: IClientApp;
  /** The credential's name: 1 to 120 letters, digits, `-` or `_`, unique in the client. */
  readonly name: string;
}

/**
 * Options for a federated credential that lets a GitHub Actions workflow sign in as the
 * client, without a secret. Give at most one of `branch`, `environment`, `tag` and
 * `pullRequest`; with none, the credential trusts the `main` branch.
 */
export interface GithubActionsCredentialOptions {
  /** The GitHub organisation or user that owns the repository. */
  readonly organization: string;
  /** The repository's name. */
  readonly repository: string;
  /**
   * Trust workflow runs on this branch (subject `repo:ORG/REPO:ref:refs/heads/BRANCH`).
   *
   * @default 'main' when no environment, tag or pull request is given
   */
  readonly branch?: string;
  /**
   * Trust jobs that run in this deployment environment (subject `repo:ORG/REPO:environment:NAME`).
   *
   * @default - none
   */
  readonly environment?: string;
  /**
   * Trust workflow runs for this tag (subject `repo:ORG/REPO:ref:refs/tags/TAG`).
   *
   * @default - none
   */
  readonly tag?: string;
  /**
   * Trust workflow runs for pull requests (subject `repo:ORG/REPO:pull_request`). Anyone who
   * can open a pull request can then sign in as the client: use with care.
   *
   * @default false
   */
  readonly pullRequest?: boolean;
  /**
   * A description of the credential.
   *
   * @default - names the repository and what it trusts
   */
  readonly description?: string;
}

/**
 * A federated identity credential (`azuread_application_federated_identity_credential`): the
 * client trusts tokens of an external identity provider (GitHub Actions, Kubernetes,
 * another cloud) instead of a secret. The recommended way for a daemon to authenticate
 * where it does not run on Azure.
 */
export class FederatedIdentityCredential extends Construct {
  /**
   * The subject GitHub Actions puts in its OIDC tokens for the given repository and branch,
   * environment, tag or pull request.
   */
  public static githubActionsSubject(options: GithubActionsCredentialOptions): string {
    const chosen = [
      options.branch !== undefined ? 'branch' : undefined,
      options.environment !== undefined ? 'environment' : undefined,
      options.tag !== undefined ? 'tag' : undefined,
      options.pullRequest ? 'pullRequest' : undefined,
    ].filter((x): x is string => x !== undefined);
    if (chosen.length > 1) {
      throw new Error(`GitHub Actions credential for ${options.organization}/${options.repository} gives ${chosen.join(' and ')}; `
        + 'a credential trusts one of branch, environment, tag or pullRequest. Add one credential for each.');
    }
    for (const [what, value] of [['organization', options.organization], ['repository', options.repository]] as const) {
      const problem = checkGitHubName(what, value);
      if (problem) throw new Error(`${problem}.`);
    }
    for (const [what, value] of [['branch', options.branch], ['environment', options.environment], ['tag', options.tag]] as const) {
      if (value !== undefined && !isUnresolved(value) && (value.trim().length === 0 || /[\s*]/.test(value))) {
        throw new Error(`GitHub Actions ${what} '${value}' is empty or has white space or a wildcard; Entra matches subjects exactly. Give the exact ${what} name.`);
      }
    }
    const repo = `repo:${options.organization}/${options.repository}`;
    if (options.environment !== undefined) return `${repo}:environment:${options.environment}`;
    if (options.tag !== undefined) return `${repo}:ref:refs/tags/${options.tag}`;
    if (options.pullRequest) return `${repo}:pull_request`;
    return `${repo}:ref:refs/heads/${options.branch ?? 'main'}`;
  }

  /** The client that trusts the external tokens. */
  public readonly client: IClientApp;
  /** The credential's name. */
  public readonly name: string;
  /** The issuer trusted. */
  public readonly issuer: string;
  /** The subject trusted. */
  public readonly subject: string;
  /** The audiences trusted. */
  public readonly audiences: string[];
  /** The credential's id, known at apply. */
  public readonly credentialId: string;

  public constructor(scope: Construct, id: string, props: FederatedIdentityCredentialProps) {
    super(scope, id);
    this.client = props.client;
    this.name = props.name;
    this.issuer = props.issuer;
    this.subject = props.subject;
    this.audiences = [...(props.audiences ?? [FEDERATED_CREDENTIAL_AUDIENCE])];
    requireConfidential(this, props.client, 'a federated identity credential');
    const nameProblem = checkCredentialName('federated credential', props.name);
    if (nameProblem) throw entraError(this, `${nameProblem}.`);
    const problem = checkFederatedCredential(this.issuer, this.subject, this.audiences);
    if (problem) throw entraError(this, `${problem}.`);
    const resource = new (applicationFederatedIdentityCredential())(this, 'Resource', {
      applicationId: props.client.applicationId,
      displayName: props.name,
      description: props.description,
      issuer: this.issuer,
      subject: this.subject,
      audiences: this.audiences,
    });
    this.credentialId = resource.credentialId;
  }
}

function requireConfidential(scope: IConstruct, client: IClientApp, what: string): void {
  if (client.clientKind !== ClientAppKind.WEB && client.clientKind !== ClientAppKind.DAEMON) {
    throw entraError(scope, `${client.clientName} is a ${client.clientKind} client, which runs where a credential cannot be kept secret; `
      + `it cannot have ${what}. Use a WebApp or DaemonApp for a confidential client.`);
  }
}

function requireWholeDays(scope: IConstruct, what: string, value: number, min: number): void {
  if (isUnresolved(value)) {
    throw entraError(scope, `${what} must be known at synth (got a token).`);
  }
  if (!Number.isInteger(value) || value < min) {
    throw entraError(scope, `${what} ${value} is not a whole number of days of at least ${min}.`);
  }
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

  /** @internal */
  protected readonly _application: Application;

  private readonly explicitAudience?: SignInAudience;
  private readonly access = new Map<string, ApiAccess>();
  private readonly scopeRequests: ScopeRequest[] = [];
  /** @internal */
  protected readonly _roleRequests: AppRoleRequest[] = [];

  protected constructor(scope: Construct, id: string, kind: ClientAppKind, props: ClientAppProps) {
    super(scope, id);
    this.clientKind = kind;
    requireDisplayName(this, 'client', props.displayName);
    requireOwners(this, props.owners);
    this.clientName = isUnresolved(props.displayName) ? this.node.path : props.displayName;
    this.explicitAudience = props.signInAudience;
    if (props.signInAudience !== undefined && !Object.values(SignInAudience).includes(props.signInAudience)) {
      throw entraError(this, `signInAudience '${props.signInAudience}' is not one of ${Object.values(SignInAudience).join(', ')}.`);
    }
    const config = clientConfigOf(this);
    this.tenantId = config.tenantId;
    this.authority = `https://login.microsoftonline.com/${this.tenantId}/v2.0`;
    const owners = props.owners ?? [config.objectId];

    this._application = new Application(this, 'Resource', {
      displayName: props.displayName,
      description: props.description,
      notes: props.notes,
      signInAudience: Lazy.stringValue({ produce: () => this.signInAudience }),
      owners,
      preventDuplicateNames: props.preventDuplicateNames ?? true,
      serviceManagementReference: props.serviceManagementReference,
      // Version 2 tokens; personal-account audiences require it (ENTRA-RULES 12).
      api: { requestedAccessTokenVersion: 2 },
      requiredResourceAccess: Lazy.anyValue({
        produce: () => [...this.access.values()].map((a) => applicationRequiredResourceAccessToTerraform({
          resourceAppId: a.api.clientId,
          resourceAccess: [...a.entries]
            .sort((x, y) => compare(`${x.type}/${x.value}`, `${y.type}/${y.value}`))
            .map((e) => ({ id: e.id, type: e.type })),
        })),
      }, { omitEmptyArray: true }),
    });
    this.clientId = this._application.clientId;
    this.applicationObjectId = this._application.objectId;
    this.applicationId = this._application.id;

    const sp = new ServicePrincipalResource(this, 'ServicePrincipal', {
      clientId: this._application.clientId,
      appRoleAssignmentRequired: props.appRoleAssignmentRequired ?? false,
      owners,
      featureTags: [{ enterprise: true }],
    });
    this.servicePrincipalObjectId = sp.objectId;

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

  /** The client's secrets, in the order added. */
  public get clientSecrets(): ClientSecret[] {
    return this.node.children.filter((c): c is ClientSecret => c instanceof ClientSecret);
  }

  /** The client's federated identity credentials, in the order added. */
  public get federatedCredentials(): FederatedIdentityCredential[] {
    return this.node.children.filter((c): c is FederatedIdentityCredential => c instanceof FederatedIdentityCredential);
  }

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
  public requestScope(api: IApi, scope: IPermissionScope, options: RequestScopeOptions = {}): ScopeRequest {
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
      Annotations.of(this).addWarning(`requests scope '${scope.value}' of ${api.apiName}, which is disabled: tokens will not carry it. `
        + 'Remove the request while the scope is being retired.');
    }
    if (!preAuthorize && !adminConsent && scope.consentType === ConsentType.ADMIN) {
      Annotations.of(this).addWarning(`requests scope '${scope.value}' of ${api.apiName}, which only an administrator may consent to, `
        + 'without pre-authorization or admin consent: users will be stopped at a "needs admin approval" page. '
        + 'Pre-authorize the client or set adminConsent: true.');
    }

    this.addAccess(api, { id: scope.scopeId, type: 'Scope', value: scope.value });
    const request: ScopeRequest = { api, scope, preAuthorized: preAuthorize, adminConsent };
    this.scopeRequests.push(request);
    if (preAuthorize) this.preAuthorizeOn(api as ProtectedApi);
    if (adminConsent) this.consentOn(api);
    return request;
  }

  /**
   * Requests a delegated permission of Microsoft Graph by name, e.g. `User.Read`. Its id is
   * read from Graph's service principal (`oauth2_permission_scope_ids`), found through the
   * provider's published app ids; no GUIDs are pasted.
   */
  public requestGraphScope(value: string, options: RequestScopeOptions = {}): ScopeRequest {
    const graph = RegisteredApi.microsoftGraph(this);
    return this.requestScope(graph, graph.scope(value), options);
  }

  /**
   * Adds Terraform outputs with what the client's code needs: `{prefix}ClientId`,
   * `{prefix}TenantId`, `{prefix}Authority` and `{prefix}Scopes`, and, only when asked, each
   * secret's value as a sensitive output. Returns the outputs made.
   */
  public addOutputs(options: ClientOutputsOptions = {}): TerraformOutput[] {
    const prefix = options.prefix ?? this.node.id.charAt(0).toLowerCase() + this.node.id.slice(1);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix)) {
      throw entraError(this, `output prefix '${prefix}' is not a valid Terraform output name; use letters, digits and '_', starting with a letter, e.g. { prefix: 'web' }.`);
    }
    const stack = TerraformStack.of(this);
    const make = (suffix: string, value: unknown, description: string, sensitive?: boolean): TerraformOutput => {
      const name = `${prefix}${suffix}`;
      if (stack.node.tryFindChild(name)) {
        throw entraError(this, `output '${name}' already exists in stack ${stack.node.id}; pass another prefix, e.g. addOutputs({ prefix: '${prefix}2' }).`);
      }
      return new TerraformOutput(stack, name, { value, description, sensitive });
    };
    const outputs = [
      make('ClientId', this.clientId, `Application (client) id of ${this.clientName}`),
      make('TenantId', this.tenantId, 'Directory (tenant) id'),
      make('Authority', this.authority, `Authority ${this.clientName} signs in with`),
      make('Scopes', Lazy.listValue({ produce: () => this.scopesToRequest }), `Scopes ${this.clientName} requests tokens for`),
    ];
    if (options.includeClientSecrets) {
      const secrets = this.clientSecrets;
      const bySuffix = new Map<string, ClientSecret>();
      for (const secret of secrets) {
        const camel = secret.displayName.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
        const suffix = `ClientSecret${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
        const clash = bySuffix.get(suffix);
        if (clash) {
          throw entraError(this, `client secrets '${clash.displayName}' and '${secret.displayName}' would both be output as '${prefix}${suffix}'; `
            + 'give one of them a display name that differs in more than punctuation or case.');
        }
        bySuffix.set(suffix, secret);
        outputs.push(make(suffix, secret.value, `Client secret '${secret.displayName}' of ${this.clientName}`, true));
      }
      // A secret added after this call would silently have no output.
      this.node.addValidation({
        validate: () => this.clientSecrets.filter((x) => !secrets.includes(x)).map((x) =>
          `client secret '${x.displayName}' was added after addOutputs({ includeClientSecrets: true }), so it has no output; `
          + 'call addOutputs after the last addClientSecret.'),
      });
    }
    return outputs;
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
  private preAuthorizeOn(api: ProtectedApi): void {
    const id = `PreAuthorized:${apiKey(this, api)}`;
    if (this.node.tryFindChild(id)) return;
    new (applicationPreAuthorized())(this, id, {
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
  }

  /** The one tenant-wide delegated permission grant of this client on `api`. */
  private consentOn(api: IApi): void {
    const id = `AdminConsent:${apiKey(this, api)}`;
    if (this.node.tryFindChild(id)) return;
    new (servicePrincipalDelegatedPermissionGrant())(this, id, {
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      resourceServicePrincipalObjectId: api.servicePrincipalObjectId,
      claimValues: Lazy.listValue({
        produce: () => this.scopeRequests.filter((r) => r.api === api && r.adminConsent)
          .map((r) => r.scope.value).sort(compare),
      }),
    });
  }

  private validateClient(): string[] {
    const errors: string[] = [];
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

/**
 * A client that can hold credentials of its own: a {@link WebApp} or a {@link DaemonApp}.
 * A SPA or public client cannot, because code on a user's device cannot keep a secret.
 */
export abstract class ConfidentialClientAppBase extends ClientAppBase {
  protected constructor(scope: Construct, id: string, kind: ClientAppKind, props: ClientAppProps) {
    super(scope, id, kind, props);
  }

  /**
   * Adds a client secret that rotates every `rotationDays` (`time_rotating`), and returns it.
   * Prefer a managed identity or a federated credential; a secret's value is sensitive: store
   * it in Key Vault, or output it only as sensitive.
   */
  public addClientSecret(options: ClientSecretOptions = {}): ClientSecret {
    const name = options.displayName ?? 'terraform';
    const problem = checkCredentialName('client secret', name);
    if (problem) throw entraError(this, `${problem}.`);
    const id = `ClientSecret:${name}`;
    if (this.node.tryFindChild(id)) {
      throw entraError(this, `already has a client secret named '${name}'; give the second one another displayName.`);
    }
    const secret = new ClientSecret(this, id, { ...options, client: this });
    Annotations.of(secret).addWarning(`client secret '${name}' is a long-lived credential that must be stored and rotated. `
      + 'Where the client runs on Azure prefer a managed identity, and elsewhere a federated credential (addFederatedCredential).');
    return secret;
  }

  /** Adds a federated identity credential: the client signs in with an external token instead of a secret. */
  public addFederatedCredential(name: string, options: FederatedCredentialOptions): FederatedIdentityCredential {
    const problem = checkCredentialName('federated credential', name);
    if (problem) throw entraError(this, `${problem}.`);
    const id = `FederatedCredential:${name}`;
    if (this.node.tryFindChild(id)) {
      throw entraError(this, `already has a federated credential named '${name}'; names must be unique within an app registration.`);
    }
    const existing = this.federatedCredentials;
    const same = existing.find((c) => !isUnresolved(c.issuer) && !isUnresolved(c.subject)
      && c.issuer === options.issuer && c.subject === options.subject);
    if (same) {
      throw entraError(this, `federated credential '${name}' trusts issuer '${options.issuer}' and subject '${options.subject}', `
        + `like '${same.name}' does; Entra allows one credential per issuer and subject. Remove one of them.`);
    }
    if (existing.length >= MAX_FEDERATED_CREDENTIALS) {
      throw entraError(this, `federated credential '${name}' would be the ${existing.length + 1}th; Entra allows at most ${MAX_FEDERATED_CREDENTIALS} per app registration. `
        + 'Use environments to share one subject across workflows, or split the client.');
    }
    return new FederatedIdentityCredential(this, id, { ...options, client: this, name });
  }

  /** Adds a federated credential for a GitHub Actions workflow (issuer `https://token.actions.githubusercontent.com`). */
  public addGithubActionsCredential(name: string, options: GithubActionsCredentialOptions): FederatedIdentityCredential {
    let subject: string;
    try {
      subject = FederatedIdentityCredential.githubActionsSubject(options);
    } catch (e) {
      throw entraError(this, `federated credential '${name}': ${(e as Error).message}`);
    }
    if (options.pullRequest) {
      Annotations.of(this).addWarning(`federated credential '${name}' trusts pull requests of ${options.organization}/${options.repository}: `
        + 'anyone who can open one can sign in as this client. Prefer a protected branch or environment.');
    }
    return this.addFederatedCredential(name, {
      issuer: GITHUB_ACTIONS_ISSUER,
      subject,
      audiences: [FEDERATED_CREDENTIAL_AUDIENCE],
      description: options.description ?? `GitHub Actions: ${subject}`,
    });
  }
}

/** A readable, stable construct-id part for an API: its path in its stack, or stack and path when in another stack. */
function apiKey(client: IConstruct, api: IApi): string {
  const inStack = pathInStack(api).replace(/\//g, '.');
  const apiStack = TerraformStack.of(api);
  return apiStack === TerraformStack.of(client) ? inStack : `${apiStack.node.id}.${inStack}`;
}
