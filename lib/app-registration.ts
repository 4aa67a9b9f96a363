import type { ExistingRegistration } from './adoption';

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
 * Optional claims for the tokens Entra issues for the registration (`optional_claims`).
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
  /**
   * Optional claims in SAML tokens (`saml2_token`), for an enterprise application that signs
   * users in with SAML.
   *
   * @default - none
   */
  readonly saml2Token?: OptionalClaim[];
}

/**
 * The single sign-on mode of an enterprise application (`preferred_single_sign_on_mode`): how
 * My Apps and the Microsoft 365 launcher start it.
 */
export enum SingleSignOnMode {
  /** Single sign-on is not supported (the application is not launched with SSO). */
  NOT_SUPPORTED = 'notSupported',
  /** OpenID Connect. */
  OIDC = 'oidc',
  /** Password-based single sign-on (My Apps stores and replays credentials). */
  PASSWORD = 'password',
  /** SAML 2.0. */
  SAML = 'saml',
}

/**
 * The provider's feature tags of an enterprise application (`feature_tags`): four tags with a
 * meaning in the portal, written as booleans. `hide` is the `HideApp` tag, `enterprise`
 * `WindowsAzureActiveDirectoryIntegratedApp`, `gallery`
 * `WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1` and `customSingleSignOn`
 * `WindowsAzureActiveDirectoryCustomSingleSignOnApplication`.
 */
export interface EnterpriseApplicationFeatureTags {
  /**
   * Whether the application is listed under Enterprise applications (the
   * `WindowsAzureActiveDirectoryIntegratedApp` tag).
   *
   * @default true
   */
  readonly enterprise?: boolean;
  /**
   * Whether the application is hidden from users in My Apps and the Microsoft 365 launcher
   * (the `HideApp` tag). APIs and daemons that no user opens are often hidden.
   *
   * @default false
   */
  readonly hide?: boolean;
  /**
   * Whether the application is a gallery application.
   *
   * @default false
   */
  readonly gallery?: boolean;
  /**
   * Whether the application is a custom SAML application.
   *
   * @default false
   */
  readonly customSingleSignOn?: boolean;
}

/**
 * Settings of a registration's enterprise application (`azuread_service_principal`) that are
 * its own, not the app registration's: its tags and visibility, its texts, its owners, its
 * single sign-on settings.
 */
export interface EnterpriseApplicationOptions {
  /**
   * The feature tags (`feature_tags`). Give either these or `tags`, never both.
   *
   * @default - for a created registration, { enterprise: true } unless `tags` is given; for an
   * adopted one (`existing`), nothing is written and the tags it has are kept
   */
  readonly featureTags?: EnterpriseApplicationFeatureTags;
  /**
   * The enterprise application's tags as Graph holds them (`tags`), e.g.
   * `['WindowsAzureActiveDirectoryIntegratedApp', 'HideApp']`, for tags the four feature tags
   * cannot express. Give either these or `featureTags`, never both.
   *
   * @default - the tags that `featureTags` give
   */
  readonly tags?: string[];
  /**
   * Description of the enterprise application, for internal end users (at most 1024 bytes).
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * Notes on the enterprise application, e.g. for operations (at most 1024 bytes).
   *
   * @default - none
   */
  readonly notes?: string;
  /**
   * Object ids of the enterprise application's owners, when they differ from the app
   * registration's.
   *
   * @default - the app registration's owners (for an adopted registration without owners,
   * nothing is written and the ones it has are kept)
   */
  readonly owners?: string[];
  /**
   * Whether users can sign in to the application (`account_enabled`). A disabled enterprise
   * application gets no tokens.
   *
   * @default true
   */
  readonly accountEnabled?: boolean;
  /**
   * The URL My Apps opens to start sign-in at the application (`login_url`, http or https).
   *
   * @default - none: with SAML, Entra starts IdP-initiated sign-on
   */
  readonly loginUrl?: string;
  /**
   * Addresses Entra writes to when the SAML signing certificate is near its expiry
   * (`notification_email_addresses`).
   *
   * @default - none
   */
  readonly notificationEmailAddresses?: string[];
  /**
   * The single sign-on mode My Apps launches the application with.
   *
   * @default - none
   */
  readonly preferredSingleSignOnMode?: SingleSignOnMode;
  /**
   * The relative URI to send the user to after SAML single sign-on
   * (`saml_single_sign_on.relay_state`).
   *
   * @default - none
   */
  readonly samlRelayState?: string;
  /**
   * Alternative names of the enterprise application (`alternative_names`).
   *
   * @default - none
   */
  readonly alternativeNames?: string[];
}

/**
 * Properties every app registration has, an API's ({@link ProtectedApiProps}) and every
 * client's ({@link ClientAppProps}): the app registration (`azuread_application`) and its
 * enterprise application (`azuread_service_principal`) are made from them in one place, with
 * one set of checks.
 */
export interface AppRegistrationProps {
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
   * Object ids of the owners of the app registration and enterprise application. An
   * identity that deploys with `Application.ReadWrite.OwnedBy` must be one of them
   * (ENTRA-RULES 16).
   *
   * An empty list is a registration without owners (allowed, warned about).
   *
   * @default - for a created registration, the deploying principal
   * (`azuread_client_config.object_id`); for an adopted one (`existing`), nothing is written
   * and the owners it has are kept (`lifecycle.ignore_changes`)
   */
  readonly owners?: string[];
  /**
   * Whether to fail rather than create a second app registration with the same display name
   * (ENTRA-RULES 17).
   *
   * @default - true; false when `existing` is given (the name check is for creating, and the
   * adopted registration has its name already)
   */
  readonly preventDuplicateNames?: boolean;
  /**
   * The ids of an app registration and enterprise application that exist already: the
   * construct adopts them with Terraform `import` blocks (and, for an API with the default
   * identifier URI, imports `api://{clientId}` too) instead of creating a new registration
   * with a new client id. Every app role and scope of an adopted API must give its existing
   * `id`. `cdktf-entra-identity adopt` writes these from a tenant export.
   *
   * @default - a new registration is created
   */
  readonly existing?: ExistingRegistration;
  /**
   * The service management reference some tenants require on every app registration.
   *
   * @default - none
   */
  readonly serviceManagementReference?: string;
  /**
   * Tags of the app registration (`tags`), e.g. tags your tenant's tooling reads. The four
   * feature tags of the provider (`HideApp`, `WindowsAzureActiveDirectoryIntegratedApp`, ...)
   * are values of this list too: write them here. The enterprise application has its own
   * tags (`enterpriseApplication`).
   *
   * @default - none written: Entra keeps what the registration has
   */
  readonly tags?: string[];
  /**
   * The access token version the registration receives when it is called as an API
   * (`api.requested_access_token_version`): 2 (issuer `.../v2.0`, audience = client id) or 1
   * (ENTRA-RULES 12). Personal-account audiences need 2. A client that exposes no API may
   * keep the 1 it was registered with. For an adopted registration whose Graph value is null,
   * give 1 (null reads back as 1) to manage it, or leave it out to keep it.
   *
   * @default - for a created registration, 2; for an adopted one (`existing`), nothing is
   * written and the version it has is kept (`lifecycle.ignore_changes`)
   */
  readonly accessTokenVersion?: number;
  /**
   * Whether the registration accepts claims mapped by a claims-mapping policy without a
   * custom signing key (`api.mapped_claims_enabled`).
   *
   * @default - not set (false)
   */
  readonly mappedClaimsEnabled?: boolean;
  /**
   * Which groups to emit in the `groups` claim. Prefer app roles: tokens carry at most 200
   * groups (ENTRA-RULES 9).
   *
   * @default - no groups claim
   */
  readonly groupMembershipClaims?: GroupMembershipClaim[];
  /**
   * Optional claims in the tokens Entra issues for the registration (access, ID and SAML).
   *
   * @default - none
   */
  readonly optionalClaims?: OptionalClaims;
  /**
   * The URL of the application's marketing page (branding).
   *
   * @default - none
   */
  readonly marketingUrl?: string;
  /**
   * The URL of the application's privacy statement (branding).
   *
   * @default - none
   */
  readonly privacyStatementUrl?: string;
  /**
   * The URL of the application's support page (branding).
   *
   * @default - none
   */
  readonly supportUrl?: string;
  /**
   * The URL of the application's terms of service (branding).
   *
   * @default - none
   */
  readonly termsOfServiceUrl?: string;
  /**
   * The application's logo, base64-encoded GIF, PNG or JPEG (`logo_image`), e.g.
   * `fs.readFileSync('logo.png').toString('base64')` or `Fn.filebase64('logo.png')`. Graph
   * never returns the image (only a CDN URL), so an adopted registration's logo is uploaded
   * again on the first apply when this is set.
   *
   * @default - none written
   */
  readonly logoImage?: string;
  /**
   * Whether the registration is also a public client (`fallback_public_client_enabled`): flows
   * without a redirect URI (device code, integrated Windows authentication) may use it.
   * {@link PublicClientAppProps.allowPublicClientFlows} sets the same value for a public client.
   *
   * @default - not set (false), except for a PublicClientApp
   */
  readonly fallbackPublicClientEnabled?: boolean;
  /**
   * Whether the application supports device authentication without a user
   * (`device_only_auth_enabled`).
   *
   * @default - not set (false)
   */
  readonly deviceOnlyAuthEnabled?: boolean;
  /**
   * Whether token requests must be POST rather than GET (`oauth2_post_response_required`).
   *
   * @default - not set (false)
   */
  readonly oauth2PostResponseRequired?: boolean;
  /**
   * Settings of the enterprise application (service principal) that are its own: tags and
   * visibility (`featureTags.hide`), texts, owners, single sign-on.
   *
   * @default - an enterprise application listed under Enterprise applications, visible to
   * users, owned like the app registration
   */
  readonly enterpriseApplication?: EnterpriseApplicationOptions;
  /**
   * The registration's stable key: it pins the Terraform address of every resource the
   * construct owns (the app registration, its enterprise application, identifier URI, grants
   * and table rows made through it, pre-authorizations, secrets, ...) and, for an API, the
   * derived role and scope ids. With a key, moving the construct under another parent or
   * renaming its id changes nothing in cdk.tf.json but metadata.
   *
   * Set it to the construct's path within its stack today (e.g. `OrdersApi`, or
   * `Team/OrdersApi`), and nothing changes now either. Parts are construct-id-like (letters,
   * digits, `_`, `.`, `:`, `-`) joined with `/`. Two registrations of a stack may not share a key.
   *
   * @default - the construct's path within its stack: moving or renaming the construct destroys
   * and re-creates the registration (a new client id), unless `movedFrom` declares the old path
   */
  readonly stableKey?: string;
  /**
   * Whether the app registration and its enterprise application carry
   * `lifecycle.prevent_destroy`, so that `terraform plan` fails rather than destroy them.
   * To retire a registration on purpose: set this to false, apply, then remove the construct
   * and apply again.
   *
   * @default - true, unless the context key `cdktf-entra-identity:preventDestroy` is false (in
   * cdktf.json for the whole app, or `stack.node.setContext(...)` for one stack)
   */
  readonly preventDestroy?: boolean;
  /**
   * How long, in seconds, what references this registration in the same apply waits for Entra
   * to replicate it: grants of its app roles and grants to it, its federated credentials,
   * identifier URI, pre-authorizations and admin consent depend on a `time_sleep` of the
   * registration whose triggers are its ids (client id, service principal object id, app role
   * and scope ids), so Terraform waits only when one of them is new: an apply with nothing new
   * waits 0 s, adding a role waits once. `0` turns the gate off (with a warning when something
   * references the registration). An adopted registration (`existing`) gets a gate only when
   * this is set above 0, e.g. while adding roles to an adopted API.
   *
   * @default - the context key `cdktf-entra-identity:replicationWaitSeconds`, else 60 (see the
   * README, "Replication delay"); no gate for an adopted registration
   */
  readonly replicationWaitSeconds?: number;
  /**
   * Whether the permissions the registration requests of one API are written in the order they
   * are requested, instead of sorted by type and value. Graph keeps `requiredResourceAccess` in
   * the order the permissions were added, and the azuread provider compares each API's list in
   * order, so an adopted registration whose permissions Graph holds in another order than the
   * sorted one needs this (and its requests made in Graph's order) for the first plan to change
   * nothing; `adopt` writes it where needed.
   *
   * @default false - sorted by type and value, so that reordering calls changes nothing
   */
  readonly permissionsInRequestOrder?: boolean;
}
