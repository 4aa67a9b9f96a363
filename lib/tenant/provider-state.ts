// What the azuread provider (3.7.0) holds in Terraform state right after importing an object,
// computed from the object as the tenant export holds it (Graph v1.0 JSON, as `az ad ... show`
// and `az rest` print it), and how a resource's configuration compares with that state at plan.
//
// Written from the provider's own read and flatten code (internal/services/applications/
// application_resource.go `applicationResourceRead`, applications.go `flattenApplication*`,
// internal/helpers/applications `FlattenAppRoles` / `FlattenFeatures` /
// `FlattenOAuth2PermissionScopes`, serviceprincipals/service_principal_resource.go
// `servicePrincipalResourceRead`, and the Read of each split resource), so that its defaults
// hold here too:
//
//   - `api.requested_access_token_version`: Graph's null reads back as 1.
//   - `feature_tags` is derived from `tags` (case-insensitively: WindowsAzureActiveDirectoryIntegratedApp
//     -> enterprise, HideApp -> hide, ...CustomSingleSignOnApplication -> custom_single_sign_on,
//     ...GalleryApplicationNonPrimaryV1 -> gallery), and both are in state.
//   - `group_membership_claims`: Graph's comma-separated string, split and trimmed; null reads as none.
//   - strings Graph leaves null read back as "", booleans as false; app roles without
//     `isEnabled` read as disabled, scopes without it as disabled.
//   - `prevent_duplicate_names` and `logo_image` are not read from Graph: false and "" after import.
//   - owners are the object ids of the owners as listed (`az ad app owner list`), in any order.
//   - GUIDs are kept as Graph writes them (lower case); Terraform compares them as strings.
//
// No cdktf or provider imports: `adopt` (and the tests that check a second plan is empty) load it.
import type { GraphObject, TenantExport } from './tenant-export';

/** One attribute or nested block of a resource, as far as the plan comparison needs it. */
export interface AttributeSpec {
  /** `string`, `bool`, `number`, `set` (of strings), `list` (of strings), `map`, or `block`. */
  readonly kind: 'string' | 'bool' | 'number' | 'set' | 'list' | 'map' | 'block';
  /** Computed: left out of the configuration, it keeps the value in state (no change at plan). */
  readonly computed?: boolean;
  /** The schema default the plan uses when the configuration leaves the attribute out. */
  readonly default?: unknown;
  /** For a block: its attributes. */
  readonly block?: Readonly<Record<string, AttributeSpec>>;
  /** For a block: whether its instances form a set (order does not matter). */
  readonly setOfBlocks?: boolean;
  /** Not compared: an input that is never read back (a secret value, a timeout). */
  readonly writeOnly?: boolean;
  /** For a block: at most one instance (`max_items = 1`, or one by the provider's use): a change is named attribute by attribute inside it. */
  readonly maxOne?: boolean;
}

const S: AttributeSpec = { kind: 'string' };
const SC: AttributeSpec = { kind: 'string', computed: true };
const B: AttributeSpec = { kind: 'bool' };
const SET: AttributeSpec = { kind: 'set' };
const SETC: AttributeSpec = { kind: 'set', computed: true };
const MAPC: AttributeSpec = { kind: 'map', computed: true };
const WRITE_ONLY: AttributeSpec = { kind: 'string', writeOnly: true };
const block = (attrs: Record<string, AttributeSpec>, extra: Partial<AttributeSpec> = {}): AttributeSpec => ({ kind: 'block', block: attrs, ...extra });
const FEATURE_TAGS = block({ custom_single_sign_on: B, enterprise: B, gallery: B, hide: B }, { computed: true, maxOne: true });
const OPTIONAL_CLAIM = block({ additional_properties: { kind: 'list' }, essential: B, name: S, source: S });

/**
 * The attributes of each resource type the library adopts, from the provider's schema (a test
 * checks them against test/schemas/azuread-3.7.0.schema.json) with the defaults of its source.
 */
export const RESOURCE_SPECS: Readonly<Record<string, Readonly<Record<string, AttributeSpec>>>> = {
  azuread_application: {
    app_role_ids: MAPC, client_id: SC, description: S, device_only_auth_enabled: B, disabled_by_microsoft: SC,
    display_name: S, fallback_public_client_enabled: B, group_membership_claims: SET, id: SC, identifier_uris: SET,
    logo_image: WRITE_ONLY, logo_url: SC, marketing_url: S, notes: S, oauth2_permission_scope_ids: MAPC,
    oauth2_post_response_required: B, object_id: SC, owners: SET, prevent_duplicate_names: { kind: 'bool', default: false, writeOnly: true },
    privacy_statement_url: S, publisher_domain: SC, service_management_reference: S,
    sign_in_audience: { kind: 'string', default: 'AzureADMyOrg' }, support_url: S, tags: SETC, template_id: SC, terms_of_service_url: S,
    api: block({
      known_client_applications: SET, mapped_claims_enabled: B, requested_access_token_version: { kind: 'number', default: 1 },
      oauth2_permission_scope: block({
        admin_consent_description: S, admin_consent_display_name: S, enabled: { kind: 'bool', default: true }, id: S,
        type: { kind: 'string', default: 'User' }, user_consent_description: S, user_consent_display_name: S, value: S,
      }, { setOfBlocks: true }),
    }, { maxOne: true }),
    app_role: block({ allowed_member_types: SET, description: S, display_name: S, enabled: { kind: 'bool', default: true }, id: S, value: S }, { setOfBlocks: true }),
    feature_tags: FEATURE_TAGS,
    optional_claims: block({ access_token: OPTIONAL_CLAIM, id_token: OPTIONAL_CLAIM, saml2_token: OPTIONAL_CLAIM }, { maxOne: true }),
    password: { kind: 'block', writeOnly: true },
    public_client: block({ redirect_uris: SET }, { maxOne: true }),
    required_resource_access: block({ resource_app_id: S, resource_access: block({ id: S, type: S }) }, { setOfBlocks: true }),
    single_page_application: block({ redirect_uris: SET }, { maxOne: true }),
    timeouts: { kind: 'block', writeOnly: true },
    web: block({
      homepage_url: S, logout_url: S, redirect_uris: SET,
      implicit_grant: block({ access_token_issuance_enabled: B, id_token_issuance_enabled: B }, { maxOne: true }),
    }, { maxOne: true }),
  },
  azuread_service_principal: {
    account_enabled: { kind: 'bool', default: true }, alternative_names: SET, app_role_assignment_required: B, app_role_ids: MAPC,
    app_roles: { kind: 'list', computed: true }, application_tenant_id: SC, client_id: S, description: S, display_name: SC,
    homepage_url: SC, id: SC, login_url: S, logout_url: SC, notes: S, notification_email_addresses: SET,
    oauth2_permission_scope_ids: MAPC, oauth2_permission_scopes: { kind: 'list', computed: true }, object_id: SC, owners: SET,
    preferred_single_sign_on_mode: S, redirect_uris: { kind: 'list', computed: true }, saml_metadata_url: SC,
    service_principal_names: { kind: 'list', computed: true }, sign_in_audience: SC, tags: SETC, type: SC,
    use_existing: { kind: 'bool', writeOnly: true },
    feature_tags: FEATURE_TAGS,
    features: block({ custom_single_sign_on_app: B, enterprise_application: B, gallery_application: B, visible_to_users: { kind: 'bool', default: true } }, { computed: true }),
    saml_single_sign_on: block({ relay_state: S }, { maxOne: true }),
    timeouts: { kind: 'block', writeOnly: true },
  },
  azuread_application_identifier_uri: { application_id: S, id: SC, identifier_uri: S, timeouts: { kind: 'block', writeOnly: true } },
  azuread_app_role_assignment: {
    app_role_id: S, id: SC, principal_display_name: SC, principal_object_id: S, principal_type: SC, resource_display_name: SC,
    resource_object_id: S, timeouts: { kind: 'block', writeOnly: true },
  },
  azuread_application_pre_authorized: { application_id: S, authorized_client_id: S, id: SC, permission_ids: SET, timeouts: { kind: 'block', writeOnly: true } },
  azuread_application_federated_identity_credential: {
    application_id: S, audiences: { kind: 'list' }, credential_id: SC, description: S, display_name: S, id: SC, issuer: S, subject: S,
    timeouts: { kind: 'block', writeOnly: true },
  },
  azuread_service_principal_delegated_permission_grant: {
    claim_values: SET, id: SC, resource_service_principal_object_id: S, service_principal_object_id: S, user_object_id: S,
    timeouts: { kind: 'block', writeOnly: true },
  },
  azuread_application_certificate: {
    application_id: S, encoding: WRITE_ONLY, end_date: SC, end_date_relative: WRITE_ONLY, id: SC, key_id: SC, start_date: SC,
    type: S, value: WRITE_ONLY, timeouts: { kind: 'block', writeOnly: true },
  },
};

/** The tags behind `feature_tags`, as the provider matches them (case-insensitively). */
export const FEATURE_TAG_VALUES: Readonly<Record<string, string>> = {
  custom_single_sign_on: 'WindowsAzureActiveDirectoryCustomSingleSignOnApplication',
  enterprise: 'WindowsAzureActiveDirectoryIntegratedApp',
  gallery: 'WindowsAzureActiveDirectoryGalleryApplicationNonPrimaryV1',
  hide: 'HideApp',
};

/** Provider state: attribute name -> value, blocks as lists of objects (as `terraform show -json` prints them). */
export type ProviderState = Record<string, unknown>;

function list<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? v as T[] : [];
}

/** Graph's nullable string as the provider reads it: `GetOrZero`. */
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function bool(v: unknown): boolean {
  return v === true;
}

/** `FlattenFeatures(tags, false)`: one block, each feature true when its tag is present. */
export function featureTagsOf(tags: unknown): ProviderState[] {
  const present = list<string>(tags).map((t) => String(t).toLowerCase());
  const out: ProviderState = {};
  for (const [feature, tag] of Object.entries(FEATURE_TAG_VALUES)) out[feature] = present.includes(tag.toLowerCase());
  return [out];
}

/** The deprecated `features` block of the service principal (`FlattenFeatures(tags, true)`). */
function featuresOf(tags: unknown): ProviderState[] {
  const f = featureTagsOf(tags)[0];
  return [{ custom_single_sign_on_app: f.custom_single_sign_on, enterprise_application: f.enterprise, gallery_application: f.gallery, visible_to_users: !f.hide }];
}

function optionalClaimsOf(claims: unknown): ProviderState[] {
  return list<GraphObject>(claims).map((c) => ({
    name: str(c.name),
    essential: bool(c.essential),
    source: str(c.source),
    additional_properties: list<string>(c.additionalProperties),
  }));
}

function appRolesOf(roles: unknown): ProviderState[] {
  return list<GraphObject>(roles).map((r) => ({
    id: str(r.id),
    allowed_member_types: list<string>(r.allowedMemberTypes),
    description: str(r.description),
    display_name: str(r.displayName),
    enabled: r.isEnabled === true,
    value: str(r.value),
  }));
}

function scopesOf(scopes: unknown): ProviderState[] {
  return list<GraphObject>(scopes).map((p) => ({
    admin_consent_description: str(p.adminConsentDescription),
    admin_consent_display_name: str(p.adminConsentDisplayName),
    id: str(p.id),
    enabled: p.isEnabled === true,
    type: str(p.type),
    user_consent_description: str(p.userConsentDescription),
    user_consent_display_name: str(p.userConsentDisplayName),
    value: str(p.value),
  }));
}

function idMap(items: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of list<GraphObject>(items)) if (str(i.value) !== '' && i.id) out[i.value] = i.id;
  return out;
}

function ownerIds(owners: GraphObject[] | undefined): string[] {
  return list<GraphObject>(owners).map((o) => String(o.id));
}

/**
 * `azuread_application` after `terraform import` of `/applications/{id}`: what
 * `applicationResourceRead` sets from `application` (az ad app show) and its owners (az ad app owner list).
 */
export function applicationState(application: GraphObject, owners: GraphObject[] = []): ProviderState {
  const a = application;
  const api = a.api as GraphObject | null | undefined;
  const info = (a.info ?? {}) as GraphObject;
  const web = a.web as GraphObject | null | undefined;
  const claims = a.optionalClaims as GraphObject | null | undefined;
  return {
    api: api ? [{
      known_client_applications: list<string>(api.knownClientApplications),
      mapped_claims_enabled: bool(api.acceptMappedClaims),
      oauth2_permission_scope: scopesOf(api.oauth2PermissionScopes),
      requested_access_token_version: api.requestedAccessTokenVersion === null || api.requestedAccessTokenVersion === undefined
        ? 1 : Number(api.requestedAccessTokenVersion),
    }] : [],
    app_role: appRolesOf(a.appRoles),
    app_role_ids: idMap(a.appRoles),
    client_id: str(a.appId),
    description: str(a.description),
    device_only_auth_enabled: bool(a.isDeviceOnlyAuthSupported),
    disabled_by_microsoft: a.disabledByMicrosoftStatus === null || a.disabledByMicrosoftStatus === undefined ? '' : String(a.disabledByMicrosoftStatus),
    display_name: str(a.displayName),
    fallback_public_client_enabled: bool(a.isFallbackPublicClient),
    feature_tags: featureTagsOf(a.tags),
    group_membership_claims: typeof a.groupMembershipClaims === 'string'
      ? a.groupMembershipClaims.split(',').map((c: string) => c.trim()) : [],
    id: `/applications/${a.id}`,
    identifier_uris: list<string>(a.identifierUris),
    logo_image: '',
    logo_url: str(info.logoUrl),
    marketing_url: str(info.marketingUrl),
    notes: str(a.notes),
    oauth2_permission_scope_ids: idMap(api?.oauth2PermissionScopes),
    oauth2_post_response_required: bool(a.oauth2RequirePostResponse),
    object_id: str(a.id),
    optional_claims: claims ? [{
      access_token: optionalClaimsOf(claims.accessToken),
      id_token: optionalClaimsOf(claims.idToken),
      saml2_token: optionalClaimsOf(claims.saml2Token),
    }] : [],
    owners: ownerIds(owners),
    password: [],
    prevent_duplicate_names: false,
    privacy_statement_url: str(info.privacyStatementUrl),
    public_client: a.publicClient ? [{ redirect_uris: list<string>(a.publicClient.redirectUris) }] : [],
    publisher_domain: str(a.publisherDomain),
    required_resource_access: list<GraphObject>(a.requiredResourceAccess).map((r) => ({
      resource_app_id: str(r.resourceAppId),
      resource_access: list<GraphObject>(r.resourceAccess).map((x) => ({ id: str(x.id), type: str(x.type) })),
    })),
    service_management_reference: str(a.serviceManagementReference),
    sign_in_audience: str(a.signInAudience),
    single_page_application: a.spa ? [{ redirect_uris: list<string>(a.spa.redirectUris) }] : [],
    support_url: str(info.supportUrl),
    tags: list<string>(a.tags),
    template_id: str(a.applicationTemplateId),
    terms_of_service_url: str(info.termsOfServiceUrl),
    web: web ? [{
      homepage_url: str(web.homePageUrl),
      logout_url: str(web.logoutUrl),
      redirect_uris: list<string>(web.redirectUris),
      implicit_grant: web.implicitGrantSettings ? [{
        access_token_issuance_enabled: bool(web.implicitGrantSettings.enableAccessTokenIssuance),
        id_token_issuance_enabled: bool(web.implicitGrantSettings.enableIdTokenIssuance),
      }] : [],
    }] : [],
  };
}

/**
 * `azuread_service_principal` after `terraform import` of `/servicePrincipals/{id}`: what
 * `servicePrincipalResourceRead` sets from `servicePrincipal` (az ad sp show) and its owners.
 */
export function servicePrincipalState(servicePrincipal: GraphObject, owners: GraphObject[] = []): ProviderState {
  const sp = servicePrincipal;
  const appId = str(sp.appId);
  return {
    account_enabled: bool(sp.accountEnabled),
    alternative_names: list<string>(sp.alternativeNames),
    app_role_assignment_required: bool(sp.appRoleAssignmentRequired),
    app_role_ids: idMap(sp.appRoles),
    app_roles: appRolesOf(sp.appRoles),
    application_tenant_id: str(sp.appOwnerOrganizationId),
    client_id: appId,
    description: str(sp.description),
    display_name: str(sp.displayName),
    feature_tags: featureTagsOf(sp.tags),
    features: featuresOf(sp.tags),
    homepage_url: str(sp.homepage),
    id: `/servicePrincipals/${sp.id}`,
    login_url: str(sp.loginUrl),
    logout_url: str(sp.logoutUrl),
    notes: str(sp.notes),
    notification_email_addresses: list<string>(sp.notificationEmailAddresses),
    oauth2_permission_scope_ids: idMap(sp.oauth2PermissionScopes),
    oauth2_permission_scopes: scopesOf(sp.oauth2PermissionScopes),
    object_id: str(sp.id),
    owners: ownerIds(owners),
    preferred_single_sign_on_mode: str(sp.preferredSingleSignOnMode),
    redirect_uris: list<string>(sp.replyUrls),
    saml_metadata_url: str(sp.samlMetadataUrl),
    saml_single_sign_on: sp.samlSingleSignOnSettings ? [{ relay_state: str(sp.samlSingleSignOnSettings.relayState) }] : [],
    service_principal_names: list<string>(sp.servicePrincipalNames).filter((n) => n.toLowerCase() !== appId.toLowerCase()),
    sign_in_audience: str(sp.signInAudience),
    tags: list<string>(sp.tags),
    type: str(sp.servicePrincipalType),
    use_existing: false,
  };
}

/** `azuread_application_identifier_uri` after import: the URI, when the application still has it (else the import finds nothing). */
export function identifierUriState(application: GraphObject, uri: string): ProviderState | undefined {
  if (!list<string>(application.identifierUris).includes(uri)) return undefined;
  return { application_id: `/applications/${application.id}`, identifier_uri: uri };
}

/**
 * `azuread_app_role_assignment` after import, from an entry of `servicePrincipals/{id}/appRoleAssignedTo`
 * or `servicePrincipals/{id}/appRoleAssignments` (the same appRoleAssignment, listed from its principal).
 */
export function appRoleAssignmentState(assignment: GraphObject): ProviderState {
  return {
    app_role_id: str(assignment.appRoleId),
    id: `/servicePrincipals/${assignment.resourceId}/appRoleAssignedTo/${assignment.id}`,
    principal_display_name: str(assignment.principalDisplayName),
    principal_object_id: str(assignment.principalId),
    principal_type: str(assignment.principalType),
    resource_display_name: str(assignment.resourceDisplayName),
    resource_object_id: str(assignment.resourceId),
  };
}

/** `azuread_application_pre_authorized` after import: one entry of the API's `api.preAuthorizedApplications`. */
export function preAuthorizedState(apiApplication: GraphObject, preAuthorized: GraphObject): ProviderState {
  return {
    application_id: `/applications/${apiApplication.id}`,
    authorized_client_id: str(preAuthorized.appId),
    id: `${apiApplication.id}/preAuthorizedApplication/${preAuthorized.appId}`,
    permission_ids: list<string>(preAuthorized.delegatedPermissionIds),
  };
}

/** `azuread_application_federated_identity_credential` after import (az ad app federated-credential list). */
export function federatedCredentialState(application: GraphObject, credential: GraphObject): ProviderState {
  return {
    application_id: `/applications/${application.id}`,
    audiences: list<string>(credential.audiences),
    credential_id: str(credential.id),
    description: str(credential.description),
    display_name: str(credential.name),
    id: `${application.id}/federatedIdentityCredential/${credential.id}`,
    issuer: str(credential.issuer),
    subject: str(credential.subject),
  };
}

/** `azuread_service_principal_delegated_permission_grant` after import: an oauth2PermissionGrant. */
export function delegatedPermissionGrantState(grant: GraphObject): ProviderState {
  return {
    claim_values: str(grant.scope).split(' ').filter(Boolean),
    id: `/oauth2PermissionGrants/${grant.id}`,
    resource_service_principal_object_id: str(grant.resourceId),
    service_principal_object_id: str(grant.clientId),
    user_object_id: str(grant.principalId),
  };
}

/**
 * `azuread_application_certificate` after import of a key credential (`keyCredentials[]` of the
 * application). The certificate's value is not read back: only its key id, type and dates.
 */
export function certificateState(application: GraphObject, key: GraphObject): ProviderState {
  return {
    application_id: `/applications/${application.id}`,
    end_date: str(key.endDateTime),
    id: `${application.id}/certificate/${key.keyId}`,
    key_id: str(key.keyId),
    start_date: str(key.startDateTime),
    type: str(key.type),
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison at plan

/** A value of the configuration the plan cannot know yet (a reference to something created). */
export const UNKNOWN = Symbol('known after apply');

/** One attribute whose configured value differs from the state after import: the first plan changes it. */
export interface AttributeDifference {
  /** The attribute, top level (`owners`, `api`, `feature_tags`). */
  readonly attribute: string;
  /** The value in state after import, normalized (sets sorted, zero values left out). */
  readonly state: unknown;
  /** The value the configuration plans, normalized the same way; {@link UNKNOWN} when known only at apply. */
  readonly planned: unknown;
}

function sortKey(v: unknown): string {
  return JSON.stringify(v);
}

/**
 * A value as the plan compares it: sets sorted; zero values ("", false, 0, empty) as absent,
 * except where the schema has a default (then the value itself, so `false` differs from a
 * default `true`); blocks as lists of objects, each attribute at its value or default, an
 * instance that holds only zero and default values read as absent (the provider's
 * `applicationDiffSuppress` for `api`, `web`, `optional_claims`, ... and SDK's empty blocks).
 */
function normalize(spec: AttributeSpec, value: unknown, resolve: (v: unknown) => unknown): unknown {
  const v = resolve(value === undefined ? spec.default : value);
  if (v === UNKNOWN) return UNKNOWN;
  switch (spec.kind) {
    case 'set':
    case 'list': {
      if (v === undefined || v === null) return undefined;
      const items = (Array.isArray(v) ? v : [v]).map((x) => resolve(x));
      if (items.includes(UNKNOWN)) return UNKNOWN;
      const strings = items.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      if (strings.length === 0) return undefined;
      return spec.kind === 'set' ? [...new Set(strings)].sort() : strings;
    }
    case 'block': {
      if (v === undefined || v === null) return undefined;
      const instances = (Array.isArray(v) ? v : [v]).map((inst) => {
        const out: Record<string, unknown> = {};
        let trivial = true;
        for (const [name, sub] of Object.entries(spec.block ?? {})) {
          if (sub.writeOnly) continue;
          const n = normalize(sub, (inst as Record<string, unknown>)?.[name], resolve);
          if (n === undefined) continue;
          out[name] = n;
          if (n !== sub.default) trivial = false;
        }
        return trivial ? undefined : out;
      }).filter((inst): inst is Record<string, unknown> => inst !== undefined);
      if (instances.length === 0) return undefined;
      return spec.setOfBlocks ? instances.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0)) : instances;
    }
    case 'bool':
      if (spec.default !== undefined) return v === true || v === 'true';
      return v === true || v === 'true' ? true : undefined;
    case 'number':
      if (v === undefined || v === null || v === '') return undefined;
      return spec.default === undefined && Number(v) === 0 ? undefined : Number(v);
    default:
      return v === undefined || v === null || v === '' ? undefined : v;
  }
}

function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * The attributes whose planned value differs from the state after import, as the first
 * `terraform plan` would show them: an attribute the configuration leaves out keeps its state
 * when it is computed, and is planned as its default (or empty) when it is not; zero values
 * ("", false, 0, empty lists) equal absent ones, as the provider's SDK treats them. `resolve`
 * turns a `${...}` reference of the configuration into its value (or {@link UNKNOWN});
 * `ignoreChanges` are the attributes of the resource's `lifecycle.ignore_changes`.
 */
export function planDifferences(type: string, config: Record<string, unknown>, state: ProviderState,
  resolve: (v: unknown) => unknown = (v) => v, ignoreChanges: readonly string[] = []): AttributeDifference[] {
  const spec = RESOURCE_SPECS[type];
  if (!spec) throw new Error(`planDifferences: no attribute table for ${type}`);
  const out: AttributeDifference[] = [];
  // `api[0].requested_access_token_version` in ignore_changes names `api.requested_access_token_version`.
  compareAttributes(spec, config, state, resolve, ignoreChanges.map((i) => i.replace(/\[[0-9]+\]/g, '')), '', out);
  return out;
}

/** One block instance, or undefined: what a single (max one) block holds in config or state. */
function single(v: unknown): Record<string, unknown> | undefined {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.length === 1 && typeof items[0] === 'object' && items[0] !== null ? items[0] as Record<string, unknown> : undefined;
}

function compareAttributes(spec: Readonly<Record<string, AttributeSpec>>, config: Record<string, unknown>, state: ProviderState,
  resolve: (v: unknown) => unknown, ignoreChanges: readonly string[], prefix: string, out: AttributeDifference[]): void {
  for (const [name, attr] of Object.entries(spec)) {
    if (attr.writeOnly || ignoreChanges.includes(prefix + name)) continue;
    const configured = config[name];
    if (configured === undefined && attr.computed) continue;
    const p = normalize(attr, configured, resolve);
    const c = normalize(attr, state[name], (v) => v);
    if (!containsUnknown(p) && sortKey(p) === sortKey(c)) continue;
    // A block of at most one instance on both sides: name the attributes inside it that change.
    const rawConfig = resolve(configured);
    const rawState = state[name];
    const atMostOne = (v: unknown) => v === undefined || v === null || !Array.isArray(v) || v.length <= 1;
    if (attr.kind === 'block' && attr.maxOne && attr.block && atMostOne(rawConfig) && atMostOne(rawState)
      && (single(rawConfig) || single(rawState))) {
      const inner: AttributeDifference[] = [];
      compareAttributes(attr.block, single(rawConfig) ?? {}, single(rawState) ?? {}, resolve, ignoreChanges, `${prefix}${name}.`, inner);
      // Every attribute inside was compared: what differs is named, and nothing differs when ignore_changes covers it.
      out.push(...inner);
      continue;
    }
    out.push({ attribute: prefix + name, state: c, planned: containsUnknown(p) ? UNKNOWN : p });
  }
}

// ---------------------------------------------------------------------------------------------
// Import ids -> the object of the export they import

/** The state after importing `importId` as a `type`, from the export; undefined when the export does not hold the object. */
export function stateForImport(exp: TenantExport, type: string, importId: string): ProviderState | undefined {
  const id = importId.toLowerCase();
  const last = importId.slice(importId.lastIndexOf('/') + 1);
  const appByObjectId = (objectId: string) => exp.apps.find((a) => String(a.application.id).toLowerCase() === objectId);
  const appBySp = (objectId: string) => exp.apps.find((a) => String(a.servicePrincipal?.id ?? '').toLowerCase() === objectId);
  let m: RegExpExecArray | null;
  switch (type) {
    case 'azuread_application': {
      m = /^\/applications\/([^/]+)$/.exec(id);
      const app = m ? appByObjectId(m[1]) : undefined;
      return app ? applicationState(app.application, app.applicationOwners) : undefined;
    }
    case 'azuread_service_principal': {
      m = /^\/serviceprincipals\/([^/]+)$/.exec(id);
      const app = m ? appBySp(m[1]) : undefined;
      return app?.servicePrincipal ? servicePrincipalState(app.servicePrincipal, app.servicePrincipalOwners) : undefined;
    }
    case 'azuread_application_identifier_uri': {
      m = /^\/applications\/([^/]+)\/identifieruris\/.+$/.exec(id);
      const app = m ? appByObjectId(m[1]) : undefined;
      return app ? identifierUriState(app.application, Buffer.from(last, 'base64').toString('utf8')) : undefined;
    }
    case 'azuread_app_role_assignment': {
      m = /^\/serviceprincipals\/([^/]+)\/approleassignedto\/.+$/.exec(id);
      // In an API of the export (who holds its roles), or held by an app of the export (its own
      // roles in an API the export does not hold, such as Microsoft Graph).
      const assignment = !m ? undefined : appBySp(m[1])?.appRoleAssignedTo.find((x) => x.id === last)
        ?? exp.apps.flatMap((a) => a.appRoleAssignments).find((x) => x.id === last && String(x.resourceId).toLowerCase() === m![1]);
      return assignment ? appRoleAssignmentState(assignment) : undefined;
    }
    case 'azuread_application_pre_authorized': {
      m = /^([^/]+)\/preauthorizedapplication\/([^/]+)$/.exec(id);
      const app = m ? appByObjectId(m[1]) : undefined;
      const pre = list<GraphObject>(app?.application.api?.preAuthorizedApplications).find((p) => String(p.appId).toLowerCase() === m![2]);
      return app && pre ? preAuthorizedState(app.application, pre) : undefined;
    }
    case 'azuread_application_federated_identity_credential': {
      m = /^([^/]+)\/federatedidentitycredential\/([^/]+)$/.exec(id);
      const app = m ? appByObjectId(m[1]) : undefined;
      const credential = app?.federatedCredentials.find((c) => String(c.id).toLowerCase() === m![2]);
      return app && credential ? federatedCredentialState(app.application, credential) : undefined;
    }
    case 'azuread_service_principal_delegated_permission_grant': {
      if (!/^\/oauth2permissiongrants\/.+$/.test(id)) return undefined;
      const grant = exp.apps.flatMap((a) => a.permissionGrants).find((g) => g.id === last);
      return grant ? delegatedPermissionGrantState(grant) : undefined;
    }
    case 'azuread_application_certificate': {
      m = /^([^/]+)\/certificate\/([^/]+)$/.exec(id);
      const app = m ? appByObjectId(m[1]) : undefined;
      const key = list<GraphObject>(app?.application.keyCredentials).find((k) => String(k.keyId).toLowerCase() === m![2]);
      return app && key ? certificateState(app.application, key) : undefined;
    }
    default:
      return undefined;
  }
}
