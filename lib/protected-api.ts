import { Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Application } from '@cdktf/provider-azuread/lib/application';
import { ApplicationIdentifierUri } from '@cdktf/provider-azuread/lib/application-identifier-uri';
import type { IClientApp } from './client-app';
import { ApiBase, IApi } from './api';
import { AppRole, AppRoleDefinition, AppRoleOptions, IAppRole } from './app-role';
import { AppRegistrationProps, SignInAudience } from './app-registration';
import { AppRoleAssignment } from './app-role-assignment';
import type {
  AppRoleRequest, ClientOutputsOptions, IDelegatedClientApp, RedirectPlatformOptions, RequestScopeOptions, ScopeRequest, WebPlatformOptions,
} from './client-app';
import { ClientAppKind } from './client-app';
import { ClientPart } from './client-part';
import type { ClientCertificate, ClientCertificateOptions } from './client-certificate';
import type { ClientSecret, ClientSecretOptions } from './client-secret';
import type { FederatedCredentialOptions, FederatedIdentityCredential, GithubActionsCredentialOptions } from './federated-identity-credential';
import { ConsentType, IPermissionScope, PermissionScope, ScopeDefinition, ScopeOptions } from './permission-scope';
import { IGrantable, IPrincipal, MemberType, PrincipalKind } from './principal';
import type { GrantAppRoleOptions, GraphAppRoleOptions } from './adoption';
import { existingRegistrationOf, identifierUriImportId, importResource, refuseUnlessAdopted } from './private/adoption';
import { checkRegistrationProps, registerApplication, tokenVersionProblem } from './private/app-registration';
import type { ApiAccessFacts } from './private/brands';
import { granteePrincipal } from './private/grant-rules';
import { requireApiIdentifierUri } from './private/identifier-uri';
import { CLIENT_PART, PROTECTED_API, brand, hasBrand } from './private/brands';
import { clientConfigOf, pathInStack } from './private/singleton';
import { declareMovedFrom } from './private/stable-identity';
import { NIL_GUID, canonicalGuid, isGuid, uuidV5 } from './private/uuid';
import { PERMISSION_ID_SLOT, describeValue, expressionOf, idKey, readReference, requireClientId, requireIdReference } from './private/id-references';
import { checkEnum, checkPermissionValue, entraError, isUnresolved, requireGuid, reservedValueWarning } from './private/validation';
import { freeTextProblem } from './private/free-text';
import { compareStrings as compare } from './private/order';
import { entraWarning } from './private/diagnostics';
import { waitForReplication } from './private/replication-gate';

/**
 * Options for an identifier URI added to a {@link ProtectedApi}.
 */
export interface IdentifierUriOptions {
  /**
   * Whether the URI is on the adopted registration already, so that it is adopted with an
   * `import` block rather than added. Only for an API that adopts an existing registration
   * (`existing`) and has no custom `identifierUri` (with one, every URI is part of the app
   * registration, which is imported whole). When `existing.identifierUris` is given, it says
   * which URIs exist, and marking another one as existing is an error.
   *
   * @default - for an adopted API, whether `existing.identifierUris` lists the URI (true when it is not given); else false
   */
  readonly exists?: boolean;
}

/**
 * Properties of a {@link ProtectedApi}.
 */
export interface ProtectedApiProps extends AppRegistrationProps {
  /**
   * The identifier URI (App ID URI). Leave it out to get `api://{clientId}`, made by a
   * separate `azuread_application_identifier_uri` so there is no reference cycle
   * (ENTRA-RULES 10). A custom URI must be `api://...` or `https://...` on a verified
   * domain of the tenant (ENTRA-RULES 11). An adopted API states the URIs it has with
   * `existing.identifierUris`; `api://{clientId}` is then written only when listed there.
   *
   * @default - api://{clientId}, for a created API or an adopted one that has it
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
   * The tenant's id (Directory (tenant) ID). When given, an identifier URI `api://{guid}...` whose
   * GUID is neither the tenant id nor the app's client id is an error (Entra refuses it) rather
   * than a warning.
   *
   * @default - a GUID in an identifier URI is not checked, only warned about
   */
  readonly tenantId?: string;
  /**
   * More identifier URIs the API answers to, besides `identifierUri` (a registration may have
   * several, e.g. `api://{clientId}` and a URI a partner's clients still use). Each is checked
   * like `identifierUri`; `defaultScope` keeps using `identifierUri`. More can be added with
   * `addIdentifierUri`. On an API that adopts an existing registration (`existing`), these are
   * taken to exist already and are adopted too.
   *
   * @default - none
   */
  readonly additionalIdentifierUris?: string[];
  /**
   * Client ids of the clients whose consent also covers this API (`api.known_client_applications`,
   * "combined consent"): a user who consents to such a client consents to this API's scopes it
   * needs at once. A client of this program that requests this API's scopes or roles (a client
   * app, or another API acting as a client) cannot be listed by its `clientId` token (the two
   * registrations would need each other's ids: a cycle); give its client id as a literal once it
   * exists. Nor can the API list its own client id.
   *
   * @default - none
   */
  readonly knownClientApplications?: string[];
  /**
   * Who may sign in.
   *
   * @default SignInAudience.AZURE_AD_MY_ORG
   */
  readonly signInAudience?: SignInAudience;
  /**
   * Whether only assigned users, groups and apps may get a token for this API
   * (ENTRA-RULES 15).
   *
   * @default true
   */
  readonly appRoleAssignmentRequired?: boolean;
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
   * The web platform, for an API whose host also signs users in on its server (a web app
   * hosting its own API), or that needs a web redirect URI for its own sign-in: redirect
   * URIs, logout URL, home page and implicit grant settings, checked as a {@link WebApp}'s.
   * The API is then also a client (see {@link ProtectedApi.requestScope}).
   *
   * @default - no web platform
   */
  readonly web?: WebPlatformOptions;
  /**
   * The single-page-application platform's redirect URIs, for an API whose host also serves
   * a SPA that signs in with this same registration; checked as a {@link SpaApp}'s.
   *
   * @default - no SPA platform
   */
  readonly spa?: RedirectPlatformOptions;
  /**
   * The public client (mobile and desktop) platform's redirect URIs, for a registration that
   * native tools sign in with too; checked as a {@link PublicClientApp}'s.
   *
   * @default - no public client platform
   */
  readonly publicClient?: RedirectPlatformOptions;
  /**
   * The seed of the API's derived role and scope ids alone. Prefer `stableKey`, which pins
   * the ids and the Terraform addresses together; set `idSeed` only to keep the ids of an
   * API whose ids were derived from another path.
   *
   * @default - the stableKey, else the construct's path within its stack
   */
  readonly idSeed?: string;
}

/** How the registration core names an API in its messages. */
const REGISTRATION_NOUN = { noun: 'API', exampleName: 'Orders API' };

/** With a personal-account audience: the longest scope value and the most scopes the azuread provider allows. */
const PERSONAL_SCOPE_VALUE_LENGTH = 40;
const PERSONAL_MAX_SCOPES = 100;
const PERSONAL_MAX_IDENTIFIER_URIS = 50;
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
 * An API can also be a client, as one registration: sign users in (`web`, `spa`,
 * `publicClient`), call other APIs on behalf of its caller (`requestScope`,
 * `requestGraphScope`: the on-behalf-of flow) or as itself (`requestAppRole`,
 * `requestGraphAppRole`), and hold credentials (`addFederatedCredential`, `addClientSecret`).
 * These are the client kinds' own methods and checks, shared, not copied.
 *
 * @example
 * const api = new ProtectedApi(this, 'OrdersApi', { displayName: 'Orders API' });
 * const read = api.addAppRole('Orders.Read', { description: 'Read orders', allowedMemberTypes: [MemberType.USER, MemberType.APPLICATION] });
 * api.grantAppRole(EntraGroup.fromObjectId(this, 'Readers', readersGroupId), read);
 */
export class ProtectedApi extends ApiBase implements IDelegatedClientApp, IPrincipal {
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
  /** Client ids of the clients whose consent also covers this API (combined consent). */
  public readonly knownClientApplications: string[];
  /** The seed of derived role and scope ids. */
  public readonly idSeed: string;
  /** The sign-in audience. */
  public readonly signInAudience: SignInAudience;
  /** Whether only assigned principals may get a token. */
  public readonly appRoleAssignmentRequired: boolean;
  /**
   * As a client: always {@link ClientAppKind.WEB_API}, a confidential client. The access map
   * lists the API as a client too once it acts as one ({@link actsAsClient}).
   */
  public readonly clientKind = ClientAppKind.WEB_API;
  /** As a principal (it holds the app roles it requests): always {@link PrincipalKind.SERVICE_PRINCIPAL}. */
  public readonly principalKind = PrincipalKind.SERVICE_PRINCIPAL;
  /** As a principal: the object id of the API's enterprise application, which holds the roles it requests. */
  public readonly principalObjectId: string;

  private readonly roles = new Map<string, AppRole>();
  /** The custom identifierUri, or api://{clientId} when the library writes it; none for an adopted API that has no such URI. */
  private readonly primaryUri?: string;
  /** The identifier URIs besides the primary one, in the order added. */
  private readonly extraUris: string[] = [];
  private readonly customUri: boolean;
  private readonly verifiedDomains?: string[];
  private readonly uriIds: { tenantId?: string; clientId?: string };
  private readonly scopes = new Map<string, PermissionScope>();
  private readonly application: Application;
  private readonly client: ClientPart;
  private defaultAccess?: DefaultAccessRole;
  private readonly defaultAccessGrants: { readonly assignment: AppRoleAssignment; readonly adopted: boolean }[] = [];
  /** Whether derived ids come from the construct path (no idSeed, no stableKey). */
  private readonly idsFromPath: boolean;
  /** The roles and scopes whose ids were derived rather than given, e.g. `app role 'Orders.Read'`. */
  private readonly derivedIds: string[] = [];

  public constructor(scope: Construct, id: string, props: ProtectedApiProps) {
    super(scope, id);
    brand(this, PROTECTED_API);
    checkRegistrationProps(this, props, REGISTRATION_NOUN);
    this.idSeed = props.idSeed ?? props.stableKey ?? pathInStack(this);
    this.idsFromPath = props.idSeed === undefined && props.stableKey === undefined;
    this.signInAudience = props.signInAudience ?? SignInAudience.AZURE_AD_MY_ORG;
    checkEnum(this, 'signInAudience', this.signInAudience, SignInAudience, 'it decides which token versions and redirect URIs are allowed');
    this.appRoleAssignmentRequired = props.appRoleAssignmentRequired ?? true;

    // An adopted registration without a version keeps the one it has.
    if (props.accessTokenVersion !== undefined || props.existing === undefined) this.validateTokenVersion(props.accessTokenVersion ?? 2);
    if (!this.appRoleAssignmentRequired) {
      entraWarning(this, 'appRoleAssignmentRequired is false: every user and app in the tenant can get a token for this API. '
        + 'Keep it true (the default) unless the API checks roles itself (ENTRA-RULES 15).');
    }
    this.uriIds = { tenantId: props.tenantId, clientId: props.existing?.clientId };
    if (props.tenantId !== undefined) requireGuid(this, 'tenantId', props.tenantId, 'Give the Directory (tenant) ID from the tenant\'s overview page.');
    if (props.identifierUri !== undefined) {
      requireApiIdentifierUri(this, props.identifierUri, props.verifiedDomains, props.existing !== undefined, this.uriIds);
    }
    this.customUri = props.identifierUri !== undefined;
    this.verifiedDomains = props.verifiedDomains;
    this.knownClientApplications = (props.knownClientApplications ?? []).map(canonicalGuid);
    this.checkKnownClients(this.knownClientApplications, props.existing?.clientId);

    // The client part: what the API does as a client, through the client kinds' own code.
    this.client = new ClientPart(this, { adopted: props.existing !== undefined, inRequestOrder: props.permissionsInRequestOrder === true });
    const web = props.web !== undefined ? this.client.webPlatform({ ...props.web, redirectUris: props.web.redirectUris ?? [] }) : undefined;
    const spa = props.spa !== undefined ? { redirectUris: this.client.setRedirectUris('spa', props.spa.redirectUris) } : undefined;
    const publicClient = props.publicClient !== undefined
      ? { redirectUris: this.client.setRedirectUris('publicClient', props.publicClient.redirectUris, { omitEmpty: true }) } : undefined;

    // An adopted API states the identifier URIs it has (existing.identifierUris); the library's
    // api://{clientId} is written for it only when it is one of them.
    const existingUris = props.existing?.identifierUris;
    const defaultExists = existingUris === undefined || props.existing === undefined
      || existingUris.some((u) => !isUnresolved(u) && u.toLowerCase() === `api://${props.existing!.clientId}`.toLowerCase());
    const registration = registerApplication(this, props, {
      ...REGISTRATION_NOUN,
      signInAudience: this.signInAudience,
      appRoleAssignmentRequired: this.appRoleAssignmentRequired,
      application: {
        identifierUris: props.identifierUri !== undefined
          ? Lazy.listValue({ produce: () => [props.identifierUri!, ...this.extraUris] }) : undefined,
        appRole: Lazy.anyValue({ produce: () => this.sortedRoles().map((r) => r._toTerraform()) }, { omitEmptyArray: true }),
        requiredResourceAccess: this.client.requiredResourceAccess(),
        web,
        singlePageApplication: spa,
        publicClient,
      },
      api: {
        knownClientApplications: props.knownClientApplications && this.knownClientApplications,
        oauth2PermissionScope: Lazy.anyValue({ produce: () => this.sortedScopes().map((s) => s._toTerraform()) }, { omitEmptyArray: true }),
      },
      // Without a custom URI, a separate resource sets api://{clientId} (ENTRA-RULES 10).
      defaultIdentifierUri: props.identifierUri === undefined && defaultExists,
      // A new role or scope makes the API's replication gate wait once more.
      permissions: () => [
        ...this.sortedRoles().map((r) => ({ kind: 'appRole' as const, value: r.value, id: r.roleId })),
        ...this.sortedScopes().map((sc) => ({ kind: 'scope' as const, value: sc.value, id: sc.scopeId })),
      ],
      ignoreChanges: props.identifierUri === undefined ? ['identifier_uris'] : undefined,
    });
    this.application = registration.application;
    this.apiName = registration.name;
    this.clientId = this.application.clientId;
    this.applicationObjectId = this.application.objectId;
    this.applicationId = this.application.id;
    this.primaryUri = registration.defaultIdentifierUri ?? props.identifierUri;
    this.servicePrincipalObjectId = registration.servicePrincipal.objectId;
    this.principalObjectId = this.servicePrincipalObjectId;

    this.node.addValidation({ validate: () => this.client.validate(false) });
    if (existingUris !== undefined) this.stateExistingUris(existingUris, props.additionalIdentifierUris ?? []);
    for (const uri of props.additionalIdentifierUris ?? []) this.addIdentifierUri(uri);
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
    this.checkTexts('app role', value, [['description', options.description, true], ['displayName', options.displayName, false]]);
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
      // allowed_member_types is a set: the repeat is written once.
      entraWarning(this, `app role '${value}' lists a member type twice in allowedMemberTypes [${types.join(', ')}]; list each once`);
    }
    const roleId = this.idFor('app role', value, options.id);
    const role = new AppRole(this, value, roleId, options);
    this.roles.set(value, role);
    if (this.roles.size === 1) for (const g of this.defaultAccessGrants) if (g.adopted) this.warnAdoptedDefaultAccess(g.assignment);
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
    for (const key of ['adminConsentDisplayName', 'userConsentDisplayName', 'userConsentDescription'] as const) {
      const text = options[key];
      if (text !== undefined && !isUnresolved(text) && text.trim().length === 0) {
        throw entraError(this, `scope '${value}' has an empty ${key}, which the azuread provider rejects; leave it out to use `
          + `${key === 'userConsentDescription' ? 'the admin consent description' : key === 'userConsentDisplayName' ? 'the admin consent display name' : 'the value'}.`);
      }
    }
    this.checkTexts('scope', value, [
      ['adminConsentDescription', options.adminConsentDescription, true], ['adminConsentDisplayName', options.adminConsentDisplayName, false],
      ['userConsentDescription', options.userConsentDescription, true], ['userConsentDisplayName', options.userConsentDisplayName, false],
    ]);
    if (PERSONAL_AUDIENCES.has(this.signInAudience)) {
      if (value.length > PERSONAL_SCOPE_VALUE_LENGTH) {
        throw entraError(this, `scope value '${value}' is ${value.length} characters long; with signInAudience ${this.signInAudience} the azuread provider `
          + `allows at most ${PERSONAL_SCOPE_VALUE_LENGTH}. Choose a shorter value.`);
      }
      if (this.scopes.size >= PERSONAL_MAX_SCOPES) {
        throw entraError(this, `scope '${value}' would be scope number ${this.scopes.size + 1}; with signInAudience ${this.signInAudience} the azuread provider `
          + `allows at most ${PERSONAL_MAX_SCOPES}.`);
      }
    }
    const type = options.consentType ?? ConsentType.ADMIN;
    checkEnum(this, `scope '${value}' consentType`, type, ConsentType, 'it decides who may consent, which requestScope checks');
    const scopeId = this.idFor('scope', value, options.id);
    const adopted = existingRegistrationOf(this) !== undefined;
    const s = new PermissionScope(this, value, scopeId, options, adopted);
    if (adopted && type === ConsentType.USER && (options.userConsentDisplayName === undefined || options.userConsentDescription === undefined)) {
      entraWarning(this, `adopts scope '${value}', which users may consent to but which has no user-consent ${options.userConsentDisplayName === undefined ? 'display name' : 'description'}: `
        + 'the consent prompt users see shows none. It exists, so it is kept as it is (the admin consent text is a default only for a created scope); '
        + 'give userConsentDisplayName and userConsentDescription to set them.');
    }
    this.scopes.set(value, s);
    return s;
  }

  /** The app role with this value. Throws if the API declares no such role. */
  public appRole(value: string): IAppRole {
    this.requireLiteralLookup('app role', value);
    const role = this.roles.get(value);
    if (!role) {
      const declared = [...this.roles.keys()];
      throw entraError(this, `has no app role '${value}'. Declared roles: [${declared.join(', ')}]. `
        + `If '${value}' was removed (retired), remove this grant of it too: its assignments go with the role. `
        + `If it is new, declare it first with addAppRole('${value}', ...).`);
    }
    return role;
  }

  /** The delegated scope with this value. Throws if the API declares no such scope. */
  public scope(value: string): IPermissionScope {
    this.requireLiteralLookup('scope', value);
    const s = this.scopes.get(value);
    if (!s) {
      const declared = [...this.scopes.keys()];
      throw entraError(this, `has no scope '${value}'. Declared scopes: [${declared.join(', ')}]. `
        + `If '${value}' was removed (retired), remove this request of it too. If it is new, declare it first with addScope('${value}', ...).`);
    }
    return s;
  }

  /**
   * Adds an identifier URI the API answers to, besides `identifierUri`. With the default
   * `api://{clientId}`, each added URI is its own `azuread_application_identifier_uri` (like the
   * default one); with a custom `identifierUri`, it joins the app registration's
   * `identifier_uris`. Throws if the URI is not an App ID URI, is listed already, or is a token.
   */
  public addIdentifierUri(uri: string, options: IdentifierUriOptions = {}): void {
    if (isUnresolved(uri)) {
      throw entraError(this, 'an added identifier URI must be known at synth (got a token): its Terraform address is built from it. Give the URI as a literal.');
    }
    requireApiIdentifierUri(this, uri, this.verifiedDomains, options.exists === true, this.uriIds);
    const all = this.identifierUris;
    if (all.includes(uri)) {
      throw entraError(this, `identifier URI '${uri}' is listed already; list each URI once.`);
    }
    if (PERSONAL_AUDIENCES.has(this.signInAudience) && all.length >= PERSONAL_MAX_IDENTIFIER_URIS) {
      throw entraError(this, `identifier URI '${uri}' would be number ${all.length + 1}; with signInAudience ${this.signInAudience} the azuread provider `
        + `allows at most ${PERSONAL_MAX_IDENTIFIER_URIS}.`);
    }
    const existing = existingRegistrationOf(this);
    const listed = existing?.identifierUris?.some((u) => u.toLowerCase() === uri.toLowerCase());
    const exists = options.exists ?? (existing !== undefined && listed !== false);
    if (exists && existing === undefined) {
      throw entraError(this, `identifier URI '${uri}' is marked as existing, but ${this.apiName} does not adopt an existing registration (existing), `
        + 'so there is nothing to adopt. Leave exists out, or give the API existing: { applicationObjectId, clientId, servicePrincipalObjectId }.');
    }
    if (exists && listed === false) {
      throw entraError(this, `identifier URI '${uri}' is marked as existing, but existing.identifierUris [${existing!.identifierUris!.join(', ')}] `
        + 'does not list it: the import would find nothing. Add it to existing.identifierUris if the registration has it, or leave exists out to add it.');
    }
    this.extraUris.push(uri);
    if (this.customUri) return;
    const resource = new ApplicationIdentifierUri(this, `IdentifierUri:${uri}`, { applicationId: this.applicationId, identifierUri: uri });
    if (exists) importResource(resource, identifierUriImportId(existing!.applicationObjectId, uri));
    // Like the default one, a PATCH of an application Graph may not have replicated yet.
    waitForReplication(resource, resource, [this]);
  }

  /**
   * The identifier URI (App ID URI): the custom `identifierUri`, else `api://{clientId}`. For an
   * adopted API that has no `api://{clientId}` (`existing.identifierUris` without it), the first
   * URI it has; one that has none at all has no identifier URI, and reading this throws: its
   * clients name it by its client id (`defaultScope`, `scope(value).fullScope`).
   */
  public get identifierUri(): string {
    const uri = this.primaryUri ?? this.extraUris[0];
    if (uri === undefined) {
      throw entraError(this, `${this.apiName} has no identifier URI: it adopts a registration that has none (existing.identifierUris: []), `
        + 'and the library writes none for it. Its clients name it by its client id: use defaultScope ({clientId}/.default) or '
        + 'scope(value).fullScope, and the client id as the token audience; or give it one with addIdentifierUri(uri).');
    }
    return uri;
  }

  /**
   * `{identifierUri}/.default`: the scope app-only callers request (ENTRA-RULES 13). For an
   * adopted API without an identifier URI, `{clientId}/.default`, which Entra accepts in its place.
   */
  public get defaultScope(): string {
    return `${this._scopeResource()}/.default`;
  }

  /**
   * What a scope string names the API by: its identifier URI, or its client id when it has none.
   *
   * @internal
   */
  public _scopeResource(): string {
    return this.primaryUri ?? this.extraUris[0] ?? this.clientId;
  }

  /** Every identifier URI of the API: `identifierUri` first, then the added ones in the order added; none for an adopted API that has none. */
  public get identifierUris(): string[] {
    return this.primaryUri !== undefined ? [this.primaryUri, ...this.extraUris] : [...this.extraUris];
  }

  /**
   * Writes the identifier URIs an adopted API states it has (`existing.identifierUris`), each
   * imported; with a custom `identifierUri` they are part of the app registration, so a
   * different list is changed by the first apply, which the warning says.
   */
  private stateExistingUris(existingUris: string[], additional: string[]): void {
    const key = (u: string) => u.toLowerCase();
    const defaultUri = key(`api://${existingRegistrationOf(this)!.clientId}`);
    if (this.customUri) {
      const declared = this.identifierUris.concat(additional);
      const same = declared.length === existingUris.length && declared.every((u) => existingUris.some((e) => key(e) === key(u)));
      if (!same) {
        entraWarning(this, `existing.identifierUris is [${existingUris.join(', ')}], but the API declares [${declared.join(', ')}]: `
          + 'the first apply sets the declared list. Give identifierUri and additionalIdentifierUris as the registration has them to keep them.');
      }
      return;
    }
    for (const uri of existingUris) {
      if (key(uri) === defaultUri || additional.some((a) => key(a) === key(uri))) continue;
      this.addIdentifierUri(uri, { exists: true });
    }
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
    if (this.idsFromPath && this.derivedIds.length > 0) {
      throw entraError(this, `movedFrom('${oldPath}'): the ids of its ${this.derivedIds.join(', ')} derive from its construct path, which changed too, `
        + 'so they would change and Entra would drop every assignment and consent of them. Give '
        + `idSeed: '${oldPath}' in its props to keep them; or, instead of movedFrom, give stableKey: '${oldPath}', which keeps ids `
        + 'and addresses with no moved block at all.');
    }
    declareMovedFrom(this, oldPath);
  }

  /**
   * Assigns "default access" (app role id `00000000-0000-0000-0000-000000000000`) to a
   * principal: with assignment required, this lets it get a token for an API that declares
   * no app roles. Entra allows it only while the API has no roles; declaring one later is an
   * error at synth (ENTRA-RULES 1), unless the assignment is adopted (`existingAssignmentId`):
   * existing state is stated as it is, with a warning that its holder gets no role claim.
   */
  public grantDefaultAccess(principal: IGrantable, options: GrantAppRoleOptions = {}): AppRoleAssignment {
    const adopted = options.existingAssignmentId !== undefined;
    if (!this.defaultAccess) {
      this.defaultAccess = new DefaultAccessRole(this);
      this.node.addValidation({
        validate: () => this.roles.size === 0 || !this.defaultAccessGrants.some((g) => !g.adopted) ? [] : [
          `default access is granted, but the API declares app roles [${[...this.roles.keys()].join(', ')}]. Entra allows default access `
          + '(00000000-0000-0000-0000-000000000000) only on APIs without roles; grant one of the roles instead (ENTRA-RULES 1).',
        ],
      });
    }
    const assignment = AppRoleAssignment.grant(this, granteePrincipal(principal), this.defaultAccess, options);
    this.defaultAccessGrants.push({ assignment, adopted });
    if (adopted && this.roles.size > 0) this.warnAdoptedDefaultAccess(assignment);
    return assignment;
  }

  /** An adopted default-access assignment on an API with roles: stated as it is, with what it means (ENTRA-RULES 1 on adopt). */
  private warnAdoptedDefaultAccess(assignment: AppRoleAssignment): void {
    entraWarning(assignment, `adopts a default-access assignment (00000000-0000-0000-0000-000000000000), but the API declares app roles `
      + `[${[...this.roles.keys()].join(', ')}]: its holder gets a token with no role claim, which code that checks roles refuses. `
      + 'It exists, so it is kept; a new one would be refused (ENTRA-RULES 1). Grant the holder one of the roles, then remove this grant.');
  }




  // ---------------------------------------------------------------------------------------
  // The API as a client: the client kinds' methods, delegated to the one client part.

  /** As a client: the API's display name. */
  public get clientName(): string {
    return this.apiName;
  }

  /** As a principal: the API's display name. */
  public get principalName(): string {
    return this.apiName;
  }

  /** The API itself: its enterprise application receives the app roles it requests. */
  public get grantPrincipal(): IPrincipal | undefined {
    return this;
  }

  /**
   * Whether the API is also a client: it requests a permission of another API, has a
   * redirect URI, or holds a credential.
   */
  public get actsAsClient(): boolean {
    return this.client.actsAsClient;
  }

  /** The delegated scopes the API requests of other APIs, in the order requested. */
  public get requestedScopes(): ScopeRequest[] {
    return this.client.requestedScopes;
  }

  /** The app roles the API requests (and holds) on other APIs, in the order requested. */
  public get requestedAppRoles(): AppRoleRequest[] {
    return this.client.requestedAppRoles;
  }

  /**
   * The scopes the API's code asks for on behalf of its caller (the on-behalf-of flow, or
   * its own sign-in): the full scope string of each delegated scope it requests.
   */
  public get scopesToRequest(): string[] {
    return this.client.delegatedScopesToRequest;
  }

  /** The scopes the API's code asks for when it calls as itself: `.default` of each API it holds roles on (ENTRA-RULES 13). */
  public get appOnlyScopesToRequest(): string[] {
    return this.client.appOnlyScopesToRequest;
  }

  /** The web redirect URIs, in the order given. */
  public get webRedirectUris(): string[] {
    return this.client.redirectUris('web');
  }

  /** The SPA redirect URIs, in the order given. */
  public get spaRedirectUris(): string[] {
    return this.client.redirectUris('spa');
  }

  /** The public client redirect URIs, in the order given. */
  public get publicClientRedirectUris(): string[] {
    return this.client.redirectUris('publicClient');
  }

  /** The API's client secrets, in the order added. */
  public get clientSecrets(): ClientSecret[] {
    return this.client.clientSecrets;
  }

  /** The API's federated identity credentials, in the order added. */
  public get federatedCredentials(): FederatedIdentityCredential[] {
    return this.client.federatedCredentials;
  }

  /**
   * Requests a delegated scope of another API, as a {@link WebApp} does (see
   * {@link IDelegatedClientApp.requestScope}): the API calls it on behalf of its signed-in
   * caller (the on-behalf-of flow). Pre-authorizes the API on a ProtectedApi of this program.
   */
  public requestScope(api: IApi, scope: IPermissionScope, options: RequestScopeOptions = {}): ScopeRequest {
    return this.client.requestScope(api, scope, options);
  }

  /** Requests a delegated permission of Microsoft Graph by name, e.g. `User.Read`, for calls on behalf of the caller. */
  public requestGraphScope(value: string, options: RequestScopeOptions = {}): ScopeRequest {
    return this.client.requestGraphScope(value, options);
  }

  /**
   * Requests an app role of another API, as a {@link DaemonApp} does: into the required
   * resource access, and assigned to this API's enterprise application, which calls as itself.
   * Throws if the role does not allow `Application` members (ENTRA-RULES 6).
   */
  public requestAppRole(role: IAppRole, options: GrantAppRoleOptions = {}): AppRoleRequest {
    return this.client.requestAppRole(role, options, this, 'an API that calls as itself');
  }

  /** Requests an application permission (app role) of Microsoft Graph by name, e.g. `User.Read.All`, and assigns it. */
  public requestGraphAppRole(value: string, options: GraphAppRoleOptions = {}): AppRoleRequest {
    return this.client.requestGraphAppRole(value, options, this, 'an API that calls as itself');
  }

  /**
   * Adds a web redirect URI (making the web platform if the props had none). Throws if it is
   * not valid, is listed already, or is the 257th across platforms.
   */
  public addWebRedirectUri(uri: string): void {
    if (!this.client.platforms.includes('web')) {
      this.application.putWeb(this.client.webPlatform({ redirectUris: [uri] }));
      return;
    }
    this.client.addRedirectUri('web', uri);
  }

  /** Adds a SPA redirect URI (making the SPA platform if the props had none). */
  public addSpaRedirectUri(uri: string): void {
    if (!this.client.platforms.includes('spa')) {
      this.application.putSinglePageApplication({ redirectUris: this.client.setRedirectUris('spa', [uri]) });
      return;
    }
    this.client.addRedirectUri('spa', uri);
  }

  /** Adds a public client redirect URI (making the public client platform if the props had none). */
  public addPublicClientRedirectUri(uri: string): void {
    if (!this.client.platforms.includes('publicClient')) {
      this.application.putPublicClient({ redirectUris: this.client.setRedirectUris('publicClient', [uri], { omitEmpty: true }) });
      return;
    }
    this.client.addRedirectUri('publicClient', uri);
  }

  /**
   * Adds a client secret that rotates every `rotationDays`, as a {@link WebApp} can. Prefer a
   * federated credential or, on Azure, a managed identity as the federated credential's issuer.
   */
  public addClientSecret(options: ClientSecretOptions = {}): ClientSecret {
    return this.client.addClientSecret(options);
  }

  /** The API's certificate credentials, in the order added. */
  public get certificates(): ClientCertificate[] {
    return this.client.certificates;
  }

  /**
   * Adds a certificate credential (`azuread_application_certificate`), as a {@link WebApp}
   * can: the API signs in with the certificate's private key, which never leaves where it runs.
   */
  public addCertificate(name: string, options: ClientCertificateOptions): ClientCertificate {
    return this.client.addCertificate(name, options);
  }

  /** Adds a federated identity credential: the API signs in with an external token instead of a secret. */
  public addFederatedCredential(name: string, options: FederatedCredentialOptions): FederatedIdentityCredential {
    return this.client.addFederatedCredential(name, options);
  }

  /** Adds a federated credential for a GitHub Actions workflow. */
  public addGithubActionsCredential(name: string, options: GithubActionsCredentialOptions): FederatedIdentityCredential {
    return this.client.addGithubActionsCredential(name, options);
  }

  /**
   * Adds Terraform outputs with what the API's code needs as a client: `{prefix}ClientId`,
   * `{prefix}TenantId`, `{prefix}Authority` and `{prefix}Scopes` (the delegated scopes it
   * requests), and, only when asked, each secret's value as a sensitive output.
   */
  public addOutputs(options: ClientOutputsOptions = {}): TerraformOutput[] {
    const tenantId = clientConfigOf(this).tenantId;
    return this.client.addOutputs(options, {
      tenantId, authority: `https://login.microsoftonline.com/${tenantId}/v2.0`, scopes: () => this.scopesToRequest,
    }, (prefix, o) => this.client.credentialOutputs(prefix, o));
  }

  /** @internal */
  public _accessFacts(): ApiAccessFacts {
    return {
      registeredHere: true, appRoleAssignmentRequired: this.appRoleAssignmentRequired, appRoles: this.appRoles, scopes: this.permissionScopes,
      noIdentifierUri: this.identifierUris.length === 0 ? true : undefined,
    };
  }

  private sortedRoles(): AppRole[] {
    return [...this.roles.values()].sort((a, b) => compare(a.value, b.value));
  }

  private sortedScopes(): PermissionScope[] {
    return [...this.scopes.values()].sort((a, b) => compare(a.value, b.value));
  }

  /**
   * The texts of a role or scope: no control character (descriptions may hold line breaks), no
   * white space at either end. Graph documents no length for them. A warning for an adopted API.
   */
  private checkTexts(kind: 'app role' | 'scope', value: string, texts: [string, string | undefined, boolean][]): void {
    for (const [key, text, multiline] of texts) {
      const problem = text === undefined ? undefined : freeTextProblem(`${kind} '${value}' ${key}`, text, undefined, undefined, multiline);
      if (problem) refuseUnlessAdopted(this, existingRegistrationOf(this) !== undefined, `${problem}.`, 'Graph holds the value; the program keeps it as it is.');
    }
  }

  private checkNewValue(kind: 'app role' | 'scope', value: string): void {
    const problem = checkPermissionValue(kind, value);
    if (problem) throw entraError(this, `${problem} (ENTRA-RULES 5).`);
    const reserved = reservedValueWarning(kind, value);
    if (reserved) entraWarning(this, `${reserved}.`);
    if (isUnresolved(value)) {
      throw entraError(this, `${kind} value must be known at synth (got a token): role and scope ids are derived from it.`);
    }
    const clash = this.roles.has(value) ? 'an app role' : this.scopes.has(value) ? 'a scope' : undefined;
    if (clash) {
      throw entraError(this, `${kind} value '${value}' is already used by ${clash} of this API. App role and scope values `
        + 'share one namespace per application and must be unique across both (ENTRA-RULES 5); choose another value.');
    }
    // Graph and the provider compare values exactly, so both are legal; but a client asking for
    // one and an API checking the other by case-insensitive comparison would meet the wrong one.
    const lower = value.toLowerCase();
    const near = [...this.roles.keys()].map((v) => ['app role', v]).concat([...this.scopes.keys()].map((v) => ['scope', v]))
      .find(([, v]) => v !== value && v.toLowerCase() === lower);
    if (near) {
      entraWarning(this, `${kind} value '${value}' differs only in case from ${near[0]} '${near[1]}': Graph keeps both, but code and people `
        + 'that compare values without case (many authorization libraries do) cannot tell them apart. Choose values that differ in more than case.');
    }
  }

  /** A role or scope is found by its value, which a token cannot be compared with at synth. */
  private requireLiteralLookup(kind: 'app role' | 'scope', value: string): void {
    if (isUnresolved(value)) {
      throw entraError(this, `${kind} value must be known at synth (got a token): the API's ${kind}s are found by value, `
        + `and every grant and request of one is checked against it. Give the value as a literal, e.g. '${kind === 'scope' ? 'Orders.Access' : 'Orders.Read'}'.`);
    }
  }

  private idFor(kind: 'app role' | 'scope', value: string, explicit: string | undefined): string {
    if (explicit === undefined && existingRegistrationOf(this) !== undefined) {
      throw entraError(this, `adopts an existing registration, but ${kind} '${value}' has no id. A derived id would replace the existing `
        + `${kind} (and break every grant and token that uses it): give its existing id from the app manifest (${kind === 'app role' ? 'appRoles' : 'api.oauth2PermissionScopes'}[].id).`);
    }
    let id: string;
    if (explicit !== undefined && isUnresolved(explicit)) {
      // A token is read, never judged as a literal: an id from a variable, another stack or an
      // app_role_ids entry of another registration is written as it is.
      const what = `the ${kind === 'app role' ? 'role' : 'scope'} id of ${kind} '${value}'`;
      const ref = requireIdReference(this, PERMISSION_ID_SLOT, what, explicit,
        'Give the existing id from the app manifest (a GUID), or leave id out to derive one.');
      if (ref?.address === `azuread_application.${this.application.friendlyUniqueId}`) {
        throw entraError(this, `${what} refers to ${ref.expression}, an attribute of this API's own app registration: a reference cycle `
          + '(the application would need its own output to be created). Give the id as a literal GUID, or leave id out to derive one.');
      }
      id = explicit;
    } else if (explicit !== undefined) {
      if (!isGuid(explicit)) {
        throw entraError(this, `${kind} '${value}' has id '${explicit}', which is not a GUID. Give the existing role's id from the app manifest, or leave id out to derive one.`);
      }
      if (explicit === NIL_GUID) {
        throw entraError(this, `${kind} '${value}' has the nil GUID as id; it means "default access" in Entra. Leave id out to derive one.`);
      }
      id = explicit.toLowerCase();
    } else {
      id = uuidV5(`${this.idSeed}/${kind === 'app role' ? 'app-role' : 'scope'}/${value}`);
      this.derivedIds.push(`${kind} '${value}'`);
    }
    // Ids compare as written: a token by the expression it stands for.
    const same = (v: string) => (isUnresolved(v) ? expressionOf(this, v) ?? v : v);
    const key = same(id);
    const all = [...this.roles.values()].map((r) => ['app role', r.value, r.roleId])
      .concat([...this.scopes.values()].map((s) => ['scope', s.value, s.scopeId]));
    const dup = all.find(([, , other]) => same(other) === key);
    if (dup) {
      throw entraError(this, `${kind} '${value}' would get id ${describeValue(this, id)}, already used by ${dup[0]} '${dup[1]}'. `
        + 'Every role and scope needs its own id.');
    }
    return id;
  }

  /**
   * Known client applications are client ids: GUIDs, or tokens that refer to a client id. A
   * client of this program that requests this API cannot be referenced (a cycle); nor can the
   * API's own client id.
   */
  private checkKnownClients(clients: string[], ownClientId: string | undefined): void {
    const seen = new Set<string>();
    for (const c of clients) {
      requireClientId(this, 'known client application', c, 'Give the client (application) id of the client app, from its Overview page.');
      const key = isUnresolved(c) ? expressionOf(this, c) ?? c : c.toLowerCase();
      // known_client_applications is a set: the repeat is written once.
      if (seen.has(key)) entraWarning(this, `known client application ${describeValue(this, c)} is listed twice; list each client once.`);
      seen.add(key);
      // Graph takes it (an adopted registration may hold it), but it bundles nothing.
      if (ownClientId !== undefined && !isUnresolved(c) && !isUnresolved(ownClientId) && key === ownClientId.toLowerCase()) {
        entraWarning(this, `known client application '${c}' is this API's own client id (existing.clientId): combined consent bundles `
          + 'the consent of another registration, the client, with this API\'s, so listing the API itself adds nothing. Remove it.');
      }
    }
    if (clients.some((c) => isUnresolved(c))) this.node.addValidation({ validate: () => this.knownClientCycles(clients) });
  }

  /**
   * The known clients given by a reference to a registration of this program that would form
   * a reference cycle: the API itself, or a client (any registration with a client part: a
   * client app, or another ProtectedApi acting as a client) that requests a permission of this
   * API, and so references this API's client id in its own required access.
   */
  private knownClientCycles(clients: string[]): string[] {
    const errors: string[] = [];
    const stack = TerraformStack.of(this);
    const ownKey = idKey(this, this.clientId);
    let candidates: (IClientApp & IConstruct)[] | undefined;
    for (const c of clients.filter((x) => isUnresolved(x))) {
      const ref = readReference(this, c);
      if (!ref?.address.startsWith('azuread_application.')) continue;
      if (ref.expression === ownKey || ref.address === `azuread_application.${this.application.friendlyUniqueId}`) {
        errors.push(`lists its own client id (${ref.expression}) as a known client application: an application cannot `
          + 'reference its own attributes (a reference cycle Terraform refuses), and combined consent with itself bundles nothing. Remove it.');
        continue;
      }
      // The registration whose client id this is: the same token, or a token for the same reference.
      candidates ??= this.node.root.node.findAll().filter((x): x is IClientApp & IConstruct => hasBrand(x, CLIENT_PART) && x !== this);
      const client = candidates.find((x) => x.clientId === c)
        ?? candidates.find((x) => TerraformStack.of(x) === stack && idKey(x, x.clientId) === ref.expression);
      if (!client) continue;
      const requests = [...client.requestedScopes, ...client.requestedAppRoles]
        .map((r) => r.api).find((api) => api === this || idKey(this, api.clientId) === ownKey);
      if (requests) {
        errors.push(`lists ${client.clientName}'s clientId as a known client application, while ${client.clientName} `
          + `requests permissions of this API (${client.node.path}): each registration would need the other's id first, a reference cycle `
          + `Terraform refuses. Give the client id as a literal GUID once ${client.clientName} exists (its Overview page), or leave `
          + 'knownClientApplications out.');
      }
    }
    return errors;
  }

  private validateTokenVersion(version: number): void {
    if (isUnresolved(version)) return;
    const problem = tokenVersionProblem(version, this.signInAudience);
    if (problem) throw entraError(this, problem);
    if (version === 1) {
      entraWarning(this, 'accessTokenVersion is 1: tokens have issuer sts.windows.net and, as audience, the resource the client named in its request '
        + '(an identifier URI, or the client id when the API has none). '
        + 'Version 2 (the default) is what current libraries expect (ENTRA-RULES 12).');
    }
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
