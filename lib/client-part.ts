// The client part of a registration: what makes a registration a client, shared by every
// client kind (ClientAppBase) and by a ProtectedApi that is also a client (a web app hosting
// its own API, an API calling Microsoft Graph on behalf of its caller). jsii has single
// inheritance, so the client machinery is one object that each of them owns and delegates to,
// never a copy: the permissions the registration requests (`required_resource_access`),
// pre-authorization and admin consent, the app roles it holds, its redirect URIs on each
// platform, its credentials, its outputs, and the checks of all of them.
//
// Internal: not re-exported by lib/index.ts. It stands between the constructs and lib/private/
// because it makes public constructs (a client secret, a federated credential) and reads
// Microsoft Graph's registered API; it recognises a ProtectedApi by its brand, so that
// protected-api.ts can load it without a cycle.
import { IResolvable, Lazy, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { applicationRequiredResourceAccessToTerraform } from '@cdktf/provider-azuread/lib/application';
import type { ApplicationWeb } from '@cdktf/provider-azuread/lib/application';
import type { GrantAppRoleOptions, GraphAppRoleOptions } from './adoption';
import type { IApi } from './api';
import type { IAppRole } from './app-role';
import type { SignInAudience } from './app-registration';
import type { AppRoleRequest, ClientOutputsOptions, IClientApp, RequestScopeOptions, ScopeRequest } from './client-app';
import type * as ClientCertificateModule from './client-certificate';
import type { ClientCertificate, ClientCertificateOptions } from './client-certificate';
import type * as ClientSecretModule from './client-secret';
import type { ClientSecret, ClientSecretOptions } from './client-secret';
import type * as FederatedCredentialModule from './federated-identity-credential';
import type { FederatedCredentialOptions, FederatedIdentityCredential, GithubActionsCredentialOptions } from './federated-identity-credential';
import { ConsentType, IPermissionScope } from './permission-scope';
import { IGrantable, MemberType } from './principal';
import type { ProtectedApi } from './protected-api';
import type * as RegisteredApiModule from './registered-api';
import {
  checkOpaqueId, declareServicePrincipalObjectId, delegatedPermissionGrantImportId, importResource, preAuthorizedImportId, refuseUnlessAdopted,
  requireExisting,
} from './private/adoption';
import { isPersonalAudience } from './private/app-registration';
import { CLIENT_PART, PROTECTED_API, brand, hasBrand } from './private/brands';
import {
  MAX_REDIRECT_URIS, RedirectPlatform, checkFederatedCredentialName, checkLogoutUrl, checkSecretDisplayName, hasWildcard, personalAccountRedirectProblems,
  requireRedirectUris, uriTextProblem,
} from './private/client-validation';
import { applicationPreAuthorized, servicePrincipalDelegatedPermissionGrant } from './private/providers';
import { oldKeyOf, registerOldId, stableKeyOf } from './private/stable-identity';
import { entraError, isUnresolved } from './private/validation';
import { compareStrings as compare } from './private/order';
import { entraWarning } from './private/diagnostics';
import { waitForReplication } from './private/replication-gate';

// What only some clients use loads on first use (credentials, Microsoft Graph's registration): a
// program whose clients have none does not compile them when it imports the library.
/* eslint-disable @typescript-eslint/no-require-imports */
const certificate = (): typeof ClientCertificateModule => require('./client-certificate');
const secret = (): typeof ClientSecretModule => require('./client-secret');
const federated = (): typeof FederatedCredentialModule => require('./federated-identity-credential');
const registeredApi = (): typeof RegisteredApiModule => require('./registered-api');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Entra's limit on federated identity credentials per application. */
const MAX_FEDERATED_CREDENTIALS = 20;

/** The limits on required_resource_access that apply with personal-account audiences (azuread's plan-time CustomizeDiff). */
const PERSONAL_ACCESS_LIMITS = { apis: 50, perApi: 30, total: 200 };

/** The order platforms are checked and reported in. */
const PLATFORMS: readonly RedirectPlatform[] = ['spa', 'web', 'publicClient'];

/** One entry of a client's `required_resource_access` for one API. */
export interface AccessEntry {
  readonly id: string;
  readonly type: 'Scope' | 'Role';
  readonly value: string;
}

/** What a client asks of one API. */
interface ApiAccess {
  readonly api: IApi;
  readonly key: string;
  readonly entries: AccessEntry[];
  /** Entries the owner declares from what it computes at synth (`declareComputedAccess`). */
  computed?: () => AccessEntry[];
}

/** The registration a client part belongs to: a client app, or a ProtectedApi that is also a client. */
export interface ClientPartOwner extends IClientApp {
  /** Who may sign in to the registration; the personal-account rules depend on it. */
  readonly signInAudience: SignInAudience;
}

/** The web platform settings of a registration that signs users in on its server. */
export interface WebPlatformSettings {
  readonly redirectUris: string[];
  readonly logoutUrl?: string;
  readonly homepageUrl?: string;
  readonly idTokenIssuanceEnabled?: boolean;
  readonly accessTokenIssuanceEnabled?: boolean;
}

/** How an owner tunes its client part. */
export interface ClientPartOptions {
  /**
   * Called for each redirect URI once it is checked, for what a kind notes beyond the
   * platform's own rules.
   */
  readonly noteRedirectUri?: (uri: string) => void;
  /** The registration exists already (`existing`): rules Graph does not enforce warn instead of refusing. */
  readonly adopted?: boolean;
  /** Each API's permissions in the order requested rather than sorted (`permissionsInRequestOrder`). */
  readonly inRequestOrder?: boolean;
}

/**
 * The client part of one registration. Its owner makes the registration (through the
 * registration core) with {@link requiredResourceAccess} as its `required_resource_access`,
 * and delegates every client method to it. Resources it makes are children of the owner, so
 * their addresses are the owner's; messages name the owner.
 */
export class ClientPart {
  private readonly redirects = new Map<RedirectPlatform, string[]>();
  private readonly access = new Map<string, ApiAccess>();
  private readonly scopeRequests: ScopeRequest[] = [];
  private readonly roleRequests: AppRoleRequest[] = [];
  private readonly consentGrantIds = new Map<IApi, string>();

  public constructor(private readonly owner: Construct & ClientPartOwner, private readonly options: ClientPartOptions = {}) {
    // Whatever holds a client part is a client: checks that look for clients (an API's known
    // client applications) find every kind by this one brand.
    brand(owner, CLIENT_PART);
  }

  /**
   * The lazily rendered `required_resource_access`: one block per API (none for an API with no
   * entry), entries sorted by type and value.
   */
  public requiredResourceAccess(): IResolvable {
    return Lazy.anyValue({
      produce: () => this.accessBlocks().map((a) => applicationRequiredResourceAccessToTerraform({
        resourceAppId: a.api.clientId,
        resourceAccess: a.entries.map((e) => ({ id: e.id, type: e.type })),
      })),
    }, { omitEmptyArray: true });
  }

  /**
   * Declares, in `api`'s one `required_resource_access` block, entries the owner computes when
   * the block is rendered (at synth): what it is granted by other means than a request (a
   * `DeploymentIdentity`'s Graph permissions). An entry of the same type and value as one
   * requested is written once, as requested.
   */
  public declareComputedAccess(api: IApi, produce: () => AccessEntry[]): void {
    this.accessOf(api).computed = produce;
  }

  /**
   * Each API's entries as written: requested and computed, without duplicates (same type and
   * value), sorted by type and value (or requested first in request order, then computed ones
   * sorted, with `inRequestOrder`). APIs with no entry are left out.
   */
  private accessBlocks(): { api: IApi; entries: AccessEntry[] }[] {
    const byTypeValue = (x: AccessEntry, y: AccessEntry) => compare(`${x.type}/${x.value}`, `${y.type}/${y.value}`);
    const out: { api: IApi; entries: AccessEntry[] }[] = [];
    for (const a of this.access.values()) {
      const seen = new Set(a.entries.map((e) => `${e.type}/${e.value}`));
      const computed: AccessEntry[] = [];
      for (const e of a.computed?.() ?? []) {
        if (seen.has(`${e.type}/${e.value}`)) continue;
        seen.add(`${e.type}/${e.value}`);
        computed.push(e);
      }
      const entries = this.options.inRequestOrder ? [...a.entries, ...computed.sort(byTypeValue)] : [...a.entries, ...computed].sort(byTypeValue);
      if (entries.length > 0) out.push({ api: a.api, entries });
    }
    return out;
  }

  /** The delegated scopes requested, in the order requested. */
  public get requestedScopes(): ScopeRequest[] {
    return [...this.scopeRequests];
  }

  /** The app roles requested (and held), in the order requested. */
  public get requestedAppRoles(): AppRoleRequest[] {
    return [...this.roleRequests];
  }

  /** The full scope string of each delegated scope requested (`api://.../Orders.Access`). */
  public get delegatedScopesToRequest(): string[] {
    return this.scopeRequests.map((r) => r.scope.fullScope);
  }

  /** The `.default` scope of each API the registration holds app roles on, once each (ENTRA-RULES 13). */
  public get appOnlyScopesToRequest(): string[] {
    const seen = new Set<string>();
    const scopes: string[] = [];
    for (const r of this.roleRequests) {
      if (seen.has(r.api.node.path)) continue;
      seen.add(r.api.node.path);
      scopes.push(r.api.defaultScope);
    }
    return scopes;
  }

  /**
   * Whether the registration does anything a client does: requests a permission, has a
   * redirect URI or holds a credential.
   */
  public get actsAsClient(): boolean {
    return [...this.access.values()].some((a) => a.entries.length > 0 || a.computed !== undefined) || [...this.redirects.values()].some((u) => u.length > 0)
      || this.clientSecrets.length > 0 || this.federatedCredentials.length > 0 || this.certificates.length > 0;
  }

  // ---------------------------------------------------------------------------------------
  // Delegated scopes

  /** See {@link IDelegatedClientApp.requestScope}. */
  public requestScope(api: IApi, scope: IPermissionScope, options: RequestScopeOptions = {}): ScopeRequest {
    const owner = this.owner;
    if (scope.api !== api) {
      throw entraError(owner, `requests scope '${scope.value}' of ${api.apiName} (${api.node.path}), but that scope belongs to ${scope.api.apiName} `
        + `(${scope.api.node.path}). Pass the API that defines it: requestScope(${scope.api.node.id}, ${scope.api.node.id}.scope('${scope.value}')).`);
    }
    this.requireNotSelf(api, `scope '${scope.value}'`);
    this.requireExposed(api, 'scope', scope.value, () => api.scope(scope.value));
    if (this.scopeRequests.some((r) => r.api === api && r.scope.value === scope.value)) {
      throw entraError(owner, `requests scope '${scope.value}' of ${api.apiName} twice; remove the second requestScope call.`);
    }
    const local = isProtectedApi(api);
    const preAuthorize = options.preAuthorize ?? local;
    const adminConsent = options.adminConsent ?? false;
    if (preAuthorize && !local) {
      throw entraError(owner, `cannot pre-authorize itself for scope '${scope.value}' on ${api.apiName}: only a ProtectedApi of this program `
        + 'can be changed to list pre-authorized clients. Leave preAuthorize out, and use adminConsent: true (or ask the API\'s owners to pre-authorize this client).');
    }
    if (scope.enabled === false) {
      entraWarning(owner, `requests scope '${scope.value}' of ${api.apiName}, which is disabled: tokens will not carry it. `
        + 'Remove the request while the scope is being retired.');
    }
    if (!preAuthorize && !adminConsent && scope.consentType === ConsentType.ADMIN) {
      entraWarning(owner, `requests scope '${scope.value}' of ${api.apiName}, which only an administrator may consent to, `
        + 'without pre-authorization or admin consent: users will be stopped at a "needs admin approval" page. '
        + 'Pre-authorize the client or set adminConsent: true.');
    }

    const adopted = this.scopeRequestImports(api, scope, options, preAuthorize, adminConsent);

    this.addAccess(api, { id: scope.scopeId, type: 'Scope', value: scope.value });
    const request: ScopeRequest = { api, scope, preAuthorized: preAuthorize, adminConsent };
    this.scopeRequests.push(request);
    this.warnOfUnmetAudience(api, `scope '${scope.value}'`);
    if (preAuthorize) {
      const resource = this.preAuthorizeOn(api as ProtectedApi);
      if (adopted.preAuthorization !== undefined) importResource(resource, adopted.preAuthorization);
    }
    if (adminConsent) {
      const resource = this.consentOn(api);
      if (adopted.consent !== undefined) {
        importResource(resource, adopted.consent);
        this.consentGrantIds.set(api, options.existingGrantId!);
      }
    }
    return request;
  }

  /** A delegated permission of Microsoft Graph by name, e.g. `User.Read`. */
  public requestGraphScope(value: string, options: RequestScopeOptions = {}): ScopeRequest {
    const graph = registeredApi().RegisteredApi.microsoftGraph(this.owner);
    return this.requestScope(graph, graph.scope(value), options);
  }

  // ---------------------------------------------------------------------------------------
  // App roles (application permissions)

  /**
   * Requests an app role: into the required resource access (type `Role`), and assigned to
   * `grantee` through the API's own grant path. `who` names the registration in the
   * member-type message, e.g. `a daemon`.
   */
  public requestAppRole(role: IAppRole, options: GrantAppRoleOptions, grantee: IGrantable, who: string): AppRoleRequest {
    const owner = this.owner;
    const api = role.api;
    this.requireNotSelf(api, `app role '${role.value}'`);
    this.requireExposed(api, 'app role', role.value, () => api.appRole(role.value));
    if (this.roleRequests.some((r) => r.api === api && r.role.value === role.value)) {
      throw entraError(owner, `requests app role '${role.value}' of ${api.apiName} twice; remove the second requestAppRole call.`);
    }
    // An adopted assignment of such a role is stated as it is: the assignment warns (ENTRA-RULES 6 on adopt).
    if (role.allowedMemberTypes !== undefined && !role.allowedMemberTypes.includes(MemberType.APPLICATION) && options.existingAssignmentId === undefined) {
      throw entraError(owner, `requests app role '${role.value}' of ${api.apiName}, which allows only [${role.allowedMemberTypes.join(', ')}] members; `
        + `${who} calls with app-only tokens and can only hold a role that allows Application (ENTRA-RULES 6). `
        + 'Add MemberType.APPLICATION to the role\'s allowedMemberTypes, or request a role that allows Application.');
    }
    const assignment = api.grantAppRole(grantee, role, options);
    this.addAccess(api, { id: role.roleId, type: 'Role', value: role.value });
    const request: AppRoleRequest = { api, role, assignment };
    this.roleRequests.push(request);
    return request;
  }

  /**
   * An application permission of Microsoft Graph by name, e.g. `User.Read.All`; adopted when
   * its assignment exists (`existingAssignmentId`, with Graph's service principal object id in
   * the tenant, which the import id names).
   */
  public requestGraphAppRole(value: string, options: GraphAppRoleOptions, grantee: IGrantable, who: string): AppRoleRequest {
    const graph = registeredApi().RegisteredApi.microsoftGraph(this.owner);
    if (options.graphServicePrincipalObjectId !== undefined) {
      if (options.existingAssignmentId === undefined) {
        throw entraError(this.owner, `requests Microsoft Graph application permission '${value}' with graphServicePrincipalObjectId but no existingAssignmentId: `
          + 'the object id only names Graph\'s service principal in the import id of an existing assignment. Give the assignment\'s '
          + 'existingAssignmentId too, or leave graphServicePrincipalObjectId out.');
      }
      declareServicePrincipalObjectId(this.owner, graph, 'graphServicePrincipalObjectId', options.graphServicePrincipalObjectId);
    }
    return this.requestAppRole(graph.appRole(value), { existingAssignmentId: options.existingAssignmentId }, grantee, who);
  }

  // ---------------------------------------------------------------------------------------
  // Redirect URIs

  /**
   * Makes `uris` the registration's redirect URIs on `platform`, checked (each URI, no
   * duplicates, at most 256 across platforms), and returns them as a lazy list for the
   * platform block, so URIs added later with {@link addRedirectUri} land in the same block.
   */
  public setRedirectUris(platform: RedirectPlatform, uris: string[], options: { omitEmpty?: boolean } = {}): string[] {
    requireRedirectUris(this.owner, platform, uris, this.options.adopted === true);
    this.requireTotalRedirectUris(platform, uris.length);
    for (const uri of uris) this.noteRedirectUri(platform, uri);
    const list = [...uris];
    this.redirects.set(platform, list);
    return Lazy.listValue({ produce: () => [...list] }, options.omitEmpty ? { omitEmpty: true } : undefined);
  }

  /** Adds a redirect URI to a platform's list. Throws if it is not valid, is listed already, or is the 257th. */
  public addRedirectUri(platform: RedirectPlatform | undefined, uri: string): void {
    const list = platform === undefined ? undefined : this.redirects.get(platform);
    if (platform === undefined || list === undefined) {
      throw entraError(this.owner, `has no ${platform === undefined ? 'redirect URI' : platformName(platform)} platform, so redirect URI '${uri}' cannot be added to it; `
        + `declare the platform in the props (with its redirect URIs) first.`);
    }
    requireRedirectUris(this.owner, platform, [...list, uri], this.options.adopted === true);
    this.requireTotalRedirectUris(platform, list.length + 1);
    this.noteRedirectUri(platform, uri);
    list.push(uri);
  }

  /** The platforms the registration has redirect URIs on (possibly none yet), in the order declared. */
  public get platforms(): RedirectPlatform[] {
    return [...this.redirects.keys()];
  }

  /** The redirect URIs of a platform, in the order given. */
  public redirectUris(platform: RedirectPlatform | undefined): string[] {
    return [...(platform === undefined ? undefined : this.redirects.get(platform)) ?? []];
  }

  /**
   * The web platform block (`web`) of a registration that signs users in on its server:
   * redirect URIs (checked), logout URL and home page (checked), implicit grant settings.
   */
  public webPlatform(settings: WebPlatformSettings): ApplicationWeb {
    const redirectUris = this.setRedirectUris('web', settings.redirectUris);
    if (settings.logoutUrl !== undefined) {
      const problem = checkLogoutUrl(settings.logoutUrl);
      if (problem) throw entraError(this.owner, `${problem}.`);
      const text = uriTextProblem('logout URL', settings.logoutUrl);
      if (text) refuseUnlessAdopted(this.owner, this.options.adopted === true, `${text}.`, 'Graph holds the value; the program keeps it as it is.');
    }
    if (settings.homepageUrl !== undefined && !isUnresolved(settings.homepageUrl) && !/^https?:\/\/[^\s#*/?]+([/?][^\s#*]*)?$/.test(settings.homepageUrl)) {
      throw entraError(this.owner, `homepageUrl '${settings.homepageUrl}' is not an http(s) URL without fragment or wildcard.`);
    }
    if (settings.accessTokenIssuanceEnabled === true) {
      entraWarning(this.owner, 'accessTokenIssuanceEnabled is true: access tokens can be issued in the URL of the implicit flow, where browser '
        + 'history and logs keep them. Use the authorization code flow (with PKCE in a SPA) and leave it false.');
    }
    return {
      redirectUris,
      logoutUrl: settings.logoutUrl,
      homepageUrl: settings.homepageUrl,
      implicitGrant: {
        accessTokenIssuanceEnabled: settings.accessTokenIssuanceEnabled ?? false,
        idTokenIssuanceEnabled: settings.idTokenIssuanceEnabled ?? false,
      },
    };
  }

  private noteRedirectUri(platform: RedirectPlatform, uri: string): void {
    if (platform === 'web' && hasWildcard(uri)) {
      entraWarning(this.owner, `web redirect URI '${uri}' has a wildcard: any matching site can receive sign-in responses, `
        + 'and Entra refuses wildcards for apps that sign in personal accounts. List each URI explicitly.');
    }
    this.options.noteRedirectUri?.(uri);
  }

  /** Entra's limit of 256 redirect URIs holds across every platform of one application. */
  private requireTotalRedirectUris(platform: RedirectPlatform, count: number): void {
    let total = count;
    for (const [p, uris] of this.redirects) if (p !== platform) total += uris.length;
    if (total > MAX_REDIRECT_URIS) {
      throw entraError(this.owner, `has ${total} redirect URIs across its platforms; Entra allows at most ${MAX_REDIRECT_URIS} per application. `
        + 'Remove some, or split the client into several app registrations.');
    }
  }

  // ---------------------------------------------------------------------------------------
  // Credentials (confidential clients only; the credential constructs check it)

  /** The registration's secrets, in the order added. */
  public get clientSecrets(): ClientSecret[] {
    const { ClientSecret: Secret } = secret();
    return this.owner.node.children.filter((c): c is ClientSecret => c instanceof Secret);
  }

  /** The registration's federated identity credentials, in the order added. */
  public get federatedCredentials(): FederatedIdentityCredential[] {
    const { FederatedIdentityCredential: Credential } = federated();
    return this.owner.node.children.filter((c): c is FederatedIdentityCredential => c instanceof Credential);
  }

  /** The registration's certificate credentials, in the order added. */
  public get certificates(): ClientCertificate[] {
    const { ClientCertificate: Certificate } = certificate();
    return this.owner.node.children.filter((c): c is ClientCertificate => c instanceof Certificate);
  }

  /** See `ConfidentialClientAppBase.addCertificate`. */
  public addCertificate(name: string, options: ClientCertificateOptions): ClientCertificate {
    const owner = this.owner;
    const id = `Certificate:${name}`;
    if (!isUnresolved(name) && owner.node.tryFindChild(id)) {
      throw entraError(owner, `already has a certificate named '${name}'; give the second one another name.`);
    }
    const keyId = options.existingKeyId;
    if (keyId !== undefined && !isUnresolved(keyId)
      && this.certificates.some((c) => c.existingKeyId?.toLowerCase() === keyId.toLowerCase())) {
      throw entraError(owner, `certificate '${name}' adopts key id ${keyId}, which another certificate of this registration adopts already; adopt each credential once.`);
    }
    return new (certificate().ClientCertificate)(owner, id, { ...options, client: owner, name });
  }

  /** See `ConfidentialClientAppBase.addClientSecret`. */
  public addClientSecret(options: ClientSecretOptions = {}): ClientSecret {
    const owner = this.owner;
    const name = options.displayName ?? 'terraform';
    const problem = checkSecretDisplayName(name);
    if (problem) throw entraError(owner, `${problem}.`);
    const id = `ClientSecret:${name}`;
    if (owner.node.tryFindChild(id)) {
      throw entraError(owner, `already has a client secret named '${name}'; give the second one another displayName.`);
    }
    const made = new (secret().ClientSecret)(owner, id, { ...options, client: owner });
    entraWarning(made, `client secret '${name}' is a long-lived credential that must be stored and rotated. `
      + 'Where the client runs on Azure prefer a managed identity, and elsewhere a federated credential (addFederatedCredential).');
    return made;
  }

  /** See `ConfidentialClientAppBase.addFederatedCredential`. */
  public addFederatedCredential(name: string, options: FederatedCredentialOptions): FederatedIdentityCredential {
    const owner = this.owner;
    const problem = checkFederatedCredentialName(name);
    if (problem) throw entraError(owner, `${problem}.`);
    const id = `FederatedCredential:${name}`;
    if (owner.node.tryFindChild(id)) {
      throw entraError(owner, `already has a federated credential named '${name}'; names must be unique within an app registration.`);
    }
    const existing = this.federatedCredentials;
    const same = existing.find((c) => !isUnresolved(c.issuer) && !isUnresolved(c.subject)
      && c.issuer === options.issuer && c.subject === options.subject);
    if (same) {
      throw entraError(owner, `federated credential '${name}' trusts issuer '${options.issuer}' and subject '${options.subject}', `
        + `like '${same.name}' does; Entra allows one credential per issuer and subject. Remove one of them.`);
    }
    if (existing.length >= MAX_FEDERATED_CREDENTIALS) {
      throw entraError(owner, `federated credential '${name}' would be the ${existing.length + 1}th; Entra allows at most ${MAX_FEDERATED_CREDENTIALS} per app registration. `
        + 'Use environments to share one subject across workflows, or split the client.');
    }
    return new (federated().FederatedIdentityCredential)(owner, id, { ...options, client: owner, name });
  }

  /** See `ConfidentialClientAppBase.addGithubActionsCredential`. */
  public addGithubActionsCredential(name: string, options: GithubActionsCredentialOptions): FederatedIdentityCredential {
    const { FEDERATED_CREDENTIAL_AUDIENCE, FederatedIdentityCredential: Credential, GITHUB_ACTIONS_ISSUER } = federated();
    let subject: string;
    try {
      subject = Credential.githubActionsSubject(options);
    } catch (e) {
      throw entraError(this.owner, `federated credential '${name}': ${(e as Error).message}`);
    }
    if (options.pullRequest) {
      entraWarning(this.owner, `federated credential '${name}' trusts pull requests of ${options.organization}/${options.repository}: `
        + 'anyone who can open one can sign in as this client. Prefer a protected branch or environment.');
    }
    return this.addFederatedCredential(name, {
      issuer: GITHUB_ACTIONS_ISSUER,
      subject,
      audiences: [FEDERATED_CREDENTIAL_AUDIENCE],
      description: options.description ?? `GitHub Actions: ${subject}`,
    });
  }

  // ---------------------------------------------------------------------------------------
  // Outputs

  /**
   * `{prefix}ClientId`, `{prefix}TenantId`, `{prefix}Authority`, `{prefix}Scopes` and what
   * `credentialOutputs` adds.
   */
  public addOutputs(options: ClientOutputsOptions, values: { tenantId: string; authority: string; scopes: () => string[] },
    credentialOutputs: (prefix: string, options: ClientOutputsOptions) => TerraformOutput[]): TerraformOutput[] {
    const owner = this.owner;
    const prefix = options.prefix ?? owner.node.id.charAt(0).toLowerCase() + owner.node.id.slice(1);
    if (isUnresolved(prefix)) {
      throw entraError(owner, 'output prefix must be known at synth (got a token): it names Terraform outputs. Give a literal, e.g. { prefix: \'web\' }.');
    }
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix)) {
      throw entraError(owner, `output prefix '${prefix}' is not a valid Terraform output name; use letters, digits and '_', starting with a letter, e.g. { prefix: 'web' }.`);
    }
    return [
      this.addOutput(prefix, 'ClientId', owner.clientId, `Application (client) id of ${owner.clientName}`),
      this.addOutput(prefix, 'TenantId', values.tenantId, 'Directory (tenant) id'),
      this.addOutput(prefix, 'Authority', values.authority, `Authority ${owner.clientName} signs in with`),
      this.addOutput(prefix, 'Scopes', Lazy.listValue({ produce: values.scopes }), `Scopes ${owner.clientName} requests tokens for`),
      ...credentialOutputs(prefix, options),
    ];
  }

  /** With `includeClientSecrets`, each secret's value as a sensitive output `{prefix}ClientSecret{Name}`. */
  public credentialOutputs(prefix: string, options: ClientOutputsOptions): TerraformOutput[] {
    if (!options.includeClientSecrets) return [];
    const owner = this.owner;
    const outputs: TerraformOutput[] = [];
    const secrets = this.clientSecrets;
    const bySuffix = new Map<string, ClientSecret>();
    for (const secret of secrets) {
      const camel = secret.displayName.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
      const suffix = `ClientSecret${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
      const clash = bySuffix.get(suffix);
      if (clash) {
        throw entraError(owner, `client secrets '${clash.displayName}' and '${secret.displayName}' would both be output as '${prefix}${suffix}'; `
          + 'give one of them a display name that differs in more than punctuation or case.');
      }
      bySuffix.set(suffix, secret);
      outputs.push(this.addOutput(prefix, suffix, secret.value, `Client secret '${secret.displayName}' of ${owner.clientName}`, true));
    }
    // A secret added after this call would silently have no output.
    owner.node.addValidation({
      validate: () => this.clientSecrets.filter((x) => !secrets.includes(x)).map((x) =>
        `client secret '${x.displayName}' was added after addOutputs({ includeClientSecrets: true }), so it has no output; `
        + 'call addOutputs after the last addClientSecret.'),
    });
    return outputs;
  }

  /** Adds the output `{prefix}{suffix}` at the root of the owner's stack. Throws, naming the owner, if the stack has it already. */
  public addOutput(prefix: string, suffix: string, value: unknown, description: string, sensitive?: boolean): TerraformOutput {
    const stack = TerraformStack.of(this.owner);
    const name = `${prefix}${suffix}`;
    if (stack.node.tryFindChild(name)) {
      throw entraError(this.owner, `output '${name}' already exists in stack ${stack.node.id}; pass another prefix, e.g. addOutputs({ prefix: '${prefix}2' }).`);
    }
    return new TerraformOutput(stack, name, { value, description, sensitive });
  }

  // ---------------------------------------------------------------------------------------
  // Checks of the whole client (a node validation of the owner)

  /**
   * What is wrong with the client as a whole, each message prefixed with the owner's path.
   * With `audienceFollowsApis`, the sign-in audience was not given and follows the
   * ProtectedApis whose scopes are requested, which must then agree.
   */
  public validate(audienceFollowsApis: boolean): string[] {
    const path = this.owner.node.path;
    const errors: string[] = [];
    if (isPersonalAudience(this.owner.signInAudience)) errors.push(...this.personalAccountProblems().map((p) => `[${path}] ${p}.`));
    if (audienceFollowsApis) {
      const audiences = new Map<string, string>();
      for (const r of this.scopeRequests) {
        if (isProtectedApi(r.api)) audiences.set(r.api.signInAudience, r.api.apiName);
      }
      if (audiences.size > 1) {
        errors.push(`[${path}] requests scopes of APIs with different sign-in audiences `
          + `(${[...audiences.entries()].map(([aud, name]) => `${name}: ${aud}`).join('; ')}); set signInAudience on the client explicitly.`);
      }
    }
    const byClientId = new Map<string, string>();
    for (const a of this.access.values()) {
      if (isUnresolved(a.api.clientId)) continue;
      const other = byClientId.get(a.api.clientId);
      if (other !== undefined) {
        errors.push(`[${path}] requests permissions of client id ${a.api.clientId} through two APIs (${other} and ${a.api.node.path}); `
          + 'reference the API once and request everything through that one.');
      }
      byClientId.set(a.api.clientId, a.api.node.path);
    }
    return errors;
  }

  /**
   * A warning when the accounts that sign in to this client can never get a token for `api`:
   * personal Microsoft accounts and an API that accepts only work and school accounts, or the
   * reverse. Entra issues the token in the account's own tenant, where such an API has no service
   * principal (entra: supported-accounts-validation). Only an API of this program has a known audience.
   */
  private warnOfUnmetAudience(api: IApi, what: string): void {
    const PERSONAL_ONLY: `${SignInAudience}` = 'PersonalMicrosoftAccount';
    if (!isProtectedApi(api)) return;
    const client = this.owner.signInAudience;
    const target = api.signInAudience;
    if (isUnresolved(client) || isUnresolved(target)) return;
    const clientPersonal = isPersonalAudience(client);
    const clientWork = client !== PERSONAL_ONLY;
    const apiPersonal = isPersonalAudience(target);
    const apiWork = target !== PERSONAL_ONLY;
    const never: string[] = [];
    if (clientPersonal && !apiPersonal) never.push('personal Microsoft accounts');
    if (clientWork && !apiWork) never.push('work and school accounts');
    if (never.length === 0) return;
    entraWarning(this.owner, `requests ${what} of ${api.apiName}, whose signInAudience is ${target}, while this client's is ${client}: `
      + `${never.join(' and ')} that sign in to ${this.owner.node.id} will never get a token for ${api.apiName}. `
      + 'Give the client and the API audiences that meet, or leave the client\'s signInAudience out to follow the API.');
  }

  /** The sign-in audience of the ProtectedApis whose scopes are requested, the first one's. */
  public requestedApiAudience(): SignInAudience | undefined {
    const api = this.scopeRequests.map((r) => r.api).find(isProtectedApi);
    return api?.signInAudience;
  }

  /** What Entra and the azuread provider reject in a client that signs in personal Microsoft accounts. */
  private personalAccountProblems(): string[] {
    const audience = `signInAudience ${this.owner.signInAudience}`;
    const problems: string[] = [];
    for (const platform of PLATFORMS) {
      const uris = this.redirects.get(platform);
      if (uris) problems.push(...personalAccountRedirectProblems(platform, [...uris]).map((p) => `${p} (${audience})`));
    }
    const apis = this.accessBlocks();
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

  // ---------------------------------------------------------------------------------------

  /**
   * A registration's own scopes and roles are not requested: its `required_resource_access`
   * would name its own client id, a reference cycle in Terraform.
   */
  private requireNotSelf(api: IApi, what: string): void {
    if ((api as IConstruct) !== this.owner) return;
    throw entraError(this.owner, `requests its own ${what}: a registration's required resource access cannot name its own client id `
      + '(the application would need its own output to be created). Its own code needs no request to get a token for itself; '
      + 'request the scopes and roles of other APIs only.');
  }

  private requireExposed(api: IApi, kind: string, value: string, lookup: () => unknown): void {
    try {
      lookup();
    } catch (e) {
      const detail = (e as Error).message.replace(/^\[[^\]]*\]\s*/, '');
      throw entraError(this.owner, `requests ${kind} '${value}' of ${api.apiName}, which it does not expose: ${api.node.path} ${detail}`);
    }
  }

  private addAccess(api: IApi, entry: AccessEntry): void {
    this.accessOf(api).entries.push(entry);
  }

  /** The one block of `api`, made on first use. */
  private accessOf(api: IApi): ApiAccess {
    const key = api.node.path;
    let access = this.access.get(key);
    if (!access) {
      access = { api, key: apiKey(this.owner, api), entries: [] };
      this.access.set(key, access);
    }
    return access;
  }

  /** The one pre-authorization of this client on `api`, listing every pre-authorized scope. */
  private preAuthorizeOn(api: ProtectedApi): TerraformResource {
    const owner = this.owner;
    const id = `PreAuthorized:${apiKey(owner, api)}`;
    const existing = owner.node.tryFindChild(id);
    if (existing) return existing as TerraformResource;
    const pre = new (applicationPreAuthorized())(owner, id, {
      // The API's application resource id: the reference also orders this after the
      // application, and so after its scopes (ENTRA-RULES 19).
      applicationId: api.applicationId,
      authorizedClientId: owner.clientId,
      permissionIds: Lazy.listValue({
        produce: () => this.scopeRequests.filter((r) => r.api === api && r.preAuthorized)
          .sort((a, b) => compare(a.scope.value, b.scope.value))
          .map((r) => r.scope.scopeId),
      }),
    });
    registerOldId(pre, () => `PreAuthorized:${apiKey(owner, api, oldKeyOf)}`);
    // A PATCH of the API's application that names this client: both must have replicated.
    waitForReplication(pre, pre, [api, owner]);
    return pre;
  }

  /** The one tenant-wide delegated permission grant of this client on `api`. */
  private consentOn(api: IApi): TerraformResource {
    const owner = this.owner;
    const id = `AdminConsent:${apiKey(owner, api)}`;
    const existing = owner.node.tryFindChild(id);
    if (existing) return existing as TerraformResource;
    const grant = new (servicePrincipalDelegatedPermissionGrant())(owner, id, {
      servicePrincipalObjectId: owner.servicePrincipalObjectId,
      resourceServicePrincipalObjectId: api.servicePrincipalObjectId,
      claimValues: Lazy.listValue({
        produce: () => this.scopeRequests.filter((r) => r.api === api && r.adminConsent)
          .map((r) => r.scope.value).sort(compare),
      }),
    });
    registerOldId(grant, () => `AdminConsent:${apiKey(owner, api, oldKeyOf)}`);
    // The provider reads both service principals first, with no retry on 404.
    waitForReplication(grant, grant, [api, owner]);
    return grant;
  }

  /**
   * The import ids of the existing pre-authorization and admin consent a scope request adopts,
   * as its options say. Throws before the request changes anything.
   */
  private scopeRequestImports(api: IApi, scope: IPermissionScope, options: RequestScopeOptions, preAuthorize: boolean, adminConsent: boolean):
  { preAuthorization?: string; consent?: string } {
    const owner = this.owner;
    const out: { preAuthorization?: string; consent?: string } = {};
    if (options.preAuthorizationExists) {
      if (!preAuthorize) {
        throw entraError(owner, `requests scope '${scope.value}' of ${api.apiName} with preAuthorizationExists but without pre-authorization; `
          + 'remove preAuthorize: false, or preAuthorizationExists.');
      }
      const apiIds = requireExisting(owner, api, api.apiName, `its pre-authorization on ${api.apiName}`);
      const clientIds = requireExisting(owner, owner, owner.clientName, `its pre-authorization on ${api.apiName}`);
      out.preAuthorization = preAuthorizedImportId(apiIds.applicationObjectId, clientIds.clientId);
    }
    if (options.existingGrantId !== undefined) {
      if (!adminConsent) {
        throw entraError(owner, `requests scope '${scope.value}' of ${api.apiName} with existingGrantId but without adminConsent: true; `
          + 'an oauth2PermissionGrant is admin consent. Add adminConsent: true, or remove existingGrantId.');
      }
      checkOpaqueId(owner, 'existingGrantId', options.existingGrantId, 'GET servicePrincipals/{id}/oauth2PermissionGrants (value[].id)');
      const before = this.consentGrantIds.get(api);
      if (before !== undefined && before !== options.existingGrantId) {
        throw entraError(owner, `gives two existingGrantIds for its admin consent on ${api.apiName} ('${before}' and '${options.existingGrantId}'); `
          + 'a client has one grant per API, holding every consented scope. Give the same id, or leave it out of the second request.');
      }
      requireExisting(owner, owner, owner.clientName, `its admin consent on ${api.apiName}`);
      out.consent = delegatedPermissionGrantImportId(options.existingGrantId);
    }
    return out;
  }
}

/** Whether `api` is a ProtectedApi of this program (by its brand: protected-api.ts loads this module). */
function isProtectedApi(api: IApi): api is ProtectedApi {
  return hasBrand(api, PROTECTED_API);
}

function platformName(platform: RedirectPlatform): string {
  return platform === 'publicClient' ? 'public client' : platform === 'spa' ? 'SPA' : 'web';
}

/**
 * A readable, stable construct-id part for an API: its stable key (its path in its stack unless
 * pinned), or stack and key when in another stack. `keyOf` gives the old key for a move.
 */
function apiKey(client: IConstruct, api: IApi, keyOf: (c: IConstruct) => string = stableKeyOf): string {
  const inStack = keyOf(api).replace(/\//g, '.');
  const apiStack = TerraformStack.of(api);
  return apiStack === TerraformStack.of(client) ? inStack : `${apiStack.node.id}.${inStack}`;
}
