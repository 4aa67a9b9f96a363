// What the second plan sees: the configuration the library writes, applied to a Graph that
// stores it as Microsoft Graph v1.0 does (ids in lower case, its defaults), then read back into
// Terraform state as the azuread provider's read code does (v3.7.0). Where a configured
// attribute and the state read back differ, the second plan shows a change: `planChanges`
// lists them. Two steps, so each can be checked against its own reference:
//
//   graphAfterApply(type, config)   config -> the Graph object (Graph's property names, its canonical forms)
//   stateAfterRead(type, graph)     Graph object -> the attributes the provider's read sets
//
// The second step is lib/tenant/provider-state.ts, the same mapping `adopt` uses for the state
// after import: one model of the provider's read, so the adoption round trip and this test
// cannot drift apart. Only what a read keeps from the configuration after an apply (and so is
// not in the state after an import) is passed through here.
//
// Only the azuread resources the library writes are modelled, and of them the attributes it
// writes (test/read-back.test.ts fails on an attribute it does not know). Data sources are read
// on every plan and never show a change; azurerm resources are ARM's, not Graph's.

import {
  appRoleAssignmentState, applicationState, certificateState, delegatedPermissionGrantState, federatedCredentialState,
  identifierUriState, preAuthorizedState, servicePrincipalState, FEATURE_TAG_VALUES,
} from '../lib/tenant/provider-state';

/** A GUID in any case. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Obj = Record<string, any>;


/** Graph stores and returns every id (a `Guid` property, a directory object's id) in lower case. */
function id(v: unknown): unknown {
  return typeof v === 'string' && GUID.test(v) ? v.toLowerCase() : v;
}
const ids = (v: unknown) => (Array.isArray(v) ? v.map(id) : v);
const block = (v: unknown): Obj | undefined => (Array.isArray(v) ? v[0] : (v as Obj | undefined));
const list = (v: unknown): any[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Tags Graph keeps for the provider's feature_tags (ad: helpers/applications ExpandFeatures). */
const FEATURE_TAGS = Object.entries(FEATURE_TAG_VALUES);

function tagsOf(config: Obj): string[] | undefined {
  if (config.tags !== undefined) return config.tags;
  const f = block(config.feature_tags);
  if (f === undefined) return undefined;
  return FEATURE_TAGS.filter(([k]) => f[k] === true).map(([, tag]) => tag);
}

const appRoleToGraph = (r: Obj) => ({
  id: id(r.id), value: r.value, displayName: r.display_name, description: r.description,
  allowedMemberTypes: r.allowed_member_types, isEnabled: r.enabled ?? true,
});
const scopeToGraph = (s: Obj) => ({
  id: id(s.id), value: s.value, type: s.type ?? 'User', isEnabled: s.enabled ?? true,
  adminConsentDisplayName: s.admin_consent_display_name, adminConsentDescription: s.admin_consent_description,
  userConsentDisplayName: s.user_consent_display_name, userConsentDescription: s.user_consent_description,
});
const claimsToGraph = (c: unknown) => list(c).map((x: Obj) => ({
  name: x.name, source: x.source ?? null, essential: x.essential ?? false, additionalProperties: x.additional_properties ?? [],
}));

/** Owners as `az ad app owner list` / `az ad sp owner list` print them: directory objects with their (lower-case) id. */
const ownersOf = (config: Obj): Obj[] => list(ids(config.owners)).map((o) => ({ id: o }));

/** The application's object id in an `application_id` (`/applications/{id}`, or a reference known after apply). */
const objectIdOf = (applicationId: unknown): unknown =>
  typeof applicationId === 'string' && applicationId.startsWith('/applications/') ? id(applicationId.slice('/applications/'.length)) : applicationId;

/**
 * The object Graph holds after the apply, in Graph's v1.0 property names: ids in lower case,
 * Graph's defaults for what the request left out.
 */
export function graphAfterApply(type: string, config: Obj): Obj {
  switch (type) {
    case 'azuread_application': {
      const api = block(config.api);
      const web = block(config.web);
      const spa = block(config.single_page_application);
      const pc = block(config.public_client);
      const claims = block(config.optional_claims);
      return {
        displayName: config.display_name, description: config.description ?? null, notes: config.notes ?? null,
        signInAudience: config.sign_in_audience ?? 'AzureADMyOrg', owners: ownersOf(config),
        identifierUris: config.identifier_uris ?? [], tags: tagsOf(config) ?? [],
        serviceManagementReference: config.service_management_reference ?? null,
        groupMembershipClaims: config.group_membership_claims ? config.group_membership_claims.join(',') : null,
        isFallbackPublicClient: config.fallback_public_client_enabled ?? false,
        isDeviceOnlyAuthSupported: config.device_only_auth_enabled ?? false,
        oauth2RequirePostResponse: config.oauth2_post_response_required ?? false,
        info: {
          marketingUrl: config.marketing_url ?? null, privacyStatementUrl: config.privacy_statement_url ?? null,
          supportUrl: config.support_url ?? null, termsOfServiceUrl: config.terms_of_service_url ?? null,
        },
        logo: config.logo_image ?? null,
        api: api && {
          requestedAccessTokenVersion: api.requested_access_token_version ?? null,
          acceptMappedClaims: api.mapped_claims_enabled ?? null,
          knownClientApplications: ids(api.known_client_applications ?? []),
          oauth2PermissionScopes: list(api.oauth2_permission_scope).map(scopeToGraph),
        },
        appRoles: list(config.app_role).map(appRoleToGraph),
        requiredResourceAccess: list(config.required_resource_access).map((r: Obj) => ({
          resourceAppId: id(r.resource_app_id),
          resourceAccess: list(r.resource_access).map((a: Obj) => ({ id: id(a.id), type: a.type })),
        })),
        spa: spa && { redirectUris: spa.redirect_uris ?? [] },
        publicClient: pc && { redirectUris: pc.redirect_uris ?? [] },
        web: web && {
          redirectUris: web.redirect_uris ?? [], logoutUrl: web.logout_url ?? null, homePageUrl: web.homepage_url ?? null,
          implicitGrantSettings: {
            enableAccessTokenIssuance: block(web.implicit_grant)?.access_token_issuance_enabled ?? false,
            enableIdTokenIssuance: block(web.implicit_grant)?.id_token_issuance_enabled ?? false,
          },
        },
        optionalClaims: claims && {
          accessToken: claimsToGraph(claims.access_token), idToken: claimsToGraph(claims.id_token), saml2Token: claimsToGraph(claims.saml2_token),
        },
      };
    }
    case 'azuread_service_principal': {
      const saml = block(config.saml_single_sign_on);
      return {
        appId: id(config.client_id), appRoleAssignmentRequired: config.app_role_assignment_required ?? false,
        accountEnabled: config.account_enabled ?? true, owners: ownersOf(config), tags: tagsOf(config) ?? [],
        description: config.description ?? null, notes: config.notes ?? null, loginUrl: config.login_url ?? null,
        alternativeNames: config.alternative_names ?? [], notificationEmailAddresses: config.notification_email_addresses ?? [],
        preferredSingleSignOnMode: config.preferred_single_sign_on_mode ?? null,
        samlSingleSignOnSettings: saml && { relayState: saml.relay_state ?? null },
      };
    }
    case 'azuread_app_role_assignment':
      return { appRoleId: id(config.app_role_id), principalId: id(config.principal_object_id), resourceId: id(config.resource_object_id) };
    // The split resources of an application: the application (its object id from `application_id`) holding the one child.
    case 'azuread_application_pre_authorized':
      return { id: objectIdOf(config.application_id), api: { preAuthorizedApplications: [
        { appId: id(config.authorized_client_id), delegatedPermissionIds: ids(config.permission_ids) },
      ] } };
    case 'azuread_application_identifier_uri':
      return { id: objectIdOf(config.application_id), identifierUris: [config.identifier_uri] };
    case 'azuread_application_federated_identity_credential':
      return { id: objectIdOf(config.application_id), federatedIdentityCredentials: [{
        name: config.display_name, issuer: config.issuer, subject: config.subject, audiences: config.audiences, description: config.description ?? null,
      }] };
    case 'azuread_service_principal_delegated_permission_grant':
      return {
        clientId: id(config.service_principal_object_id), resourceId: id(config.resource_service_principal_object_id),
        principalId: id(config.user_object_id) ?? null, scope: (config.claim_values ?? []).join(' '),
      };
    case 'azuread_group_member':
      return { groupId: id(config.group_object_id), memberId: id(config.member_object_id) };
    case 'azuread_application_password':
      return { applicationId: config.application_id, displayName: config.display_name ?? null, endDateTime: config.end_date };
    case 'azuread_application_certificate':
      return { id: objectIdOf(config.application_id), keyCredentials: [
        { type: config.type, startDateTime: config.start_date ?? null, endDateTime: config.end_date ?? null },
      ] };
    default:
      throw new Error(`read-back: no Graph model for ${type}`);
  }
}

/**
 * What the provider's read sets in state from the Graph object: lib/tenant/provider-state.ts,
 * the mapping of the state after import. The attributes a read keeps from the configuration
 * after an apply, where an import has nothing to keep (prevent_duplicate_names and logo_image,
 * ad: application_resource.go:1705-1708; rotate_when_changed; a certificate's encoding and
 * value, application_certificate_resource.go:248-252), are passed through from `config`.
 */
export function stateAfterRead(type: string, graph: Obj, config: Obj): Obj {
  switch (type) {
    case 'azuread_application':
      return {
        ...applicationState(graph, graph.owners),
        prevent_duplicate_names: config.prevent_duplicate_names, logo_image: config.logo_image ?? '',
      };
    case 'azuread_service_principal':
      return servicePrincipalState(graph, graph.owners);
    case 'azuread_app_role_assignment':
      return appRoleAssignmentState(graph);
    case 'azuread_application_pre_authorized':
      return preAuthorizedState(graph, graph.api.preAuthorizedApplications[0]);
    case 'azuread_application_identifier_uri':
      return identifierUriState(graph, graph.identifierUris[0]) ?? {};
    case 'azuread_application_federated_identity_credential':
      return federatedCredentialState(graph, graph.federatedIdentityCredentials[0]);
    case 'azuread_service_principal_delegated_permission_grant':
      return delegatedPermissionGrantState(graph);
    case 'azuread_application_certificate':
      return { ...certificateState(graph, graph.keyCredentials[0]), encoding: config.encoding, value: config.value };
    // Not adopted, so not in provider-state.ts: modelled here.
    case 'azuread_group_member':
      return { group_object_id: graph.groupId, member_object_id: graph.memberId };
    case 'azuread_application_password':
      return { application_id: graph.applicationId, display_name: graph.displayName ?? '', end_date: graph.endDateTime, rotate_when_changed: config.rotate_when_changed };
    default:
      throw new Error(`read-back: no read model for ${type}`);
  }
}

/** Terraform's meta-arguments: not attributes, never read back. */
const META = new Set(['lifecycle', 'timeouts', 'depends_on', 'provider', 'for_each', 'count', 'provisioner', 'connection']);

/** Whether a configured value is only known at apply (a reference): the next plan compares Graph's own value with itself. */
const unknown = (v: unknown) => typeof v === 'string' && v.includes('${');

/** The configured values that would differ from the state read back, as `path: configured -> read back`. */
function differences(config: unknown, state: unknown, path: string, out: string[]): void {
  if (unknown(config)) return;
  if (Array.isArray(config)) {
    // Sets and lists of blocks: each configured element must be read back, in any order.
    const pool = Array.isArray(state) ? [...state] : [];
    if (pool.length !== config.length) {
      out.push(`${path}: ${JSON.stringify(config)} -> ${JSON.stringify(state)}`);
      return;
    }
    for (const [i, c] of config.entries()) {
      const at = pool.findIndex((s) => { const d: string[] = []; differences(c, s, '', d); return d.length === 0; });
      if (at < 0) out.push(`${path}[${i}]: ${JSON.stringify(c)} is not read back (read: ${JSON.stringify(state)})`);
      else pool.splice(at, 1);
    }
    return;
  }
  if (config !== null && typeof config === 'object') {
    const s = Array.isArray(state) && state.length === 1 ? state[0] : state;
    for (const [k, v] of Object.entries(config)) {
      if (META.has(k)) continue;
      if (s === undefined || s === null || !(k in (s as Obj))) {
        out.push(`${path}${path ? '.' : ''}${k}: configured, but the provider's read does not set it (read-back model)`);
        continue;
      }
      differences(v, (s as Obj)[k], `${path}${path ? '.' : ''}${k}`, out);
    }
    return;
  }
  if (config !== state) out.push(`${path}: ${JSON.stringify(config)} -> ${JSON.stringify(state)}`);
}

/** A `for_each` resource's instances: its body with `${each.key}` and `${each.value.x}` replaced, for each literal row. */
function instances(config: Obj): Obj[] {
  const rows = config.for_each;
  if (rows === undefined || typeof rows !== 'object' || Array.isArray(rows)) return [config];
  return Object.entries(rows as Obj).map(([key, value]) => JSON.parse(JSON.stringify(config, (k, v) => {
    if (k === 'for_each') return undefined;
    if (typeof v !== 'string') return v;
    const whole = /^\$\{each\.value\.([a-z_]+)\}$/.exec(v);
    if (whole) return (value as Obj)[whole[1]];
    return v.replace(/\$\{each\.key\}/g, key);
  })));
}

/**
 * What the second plan of a synthesized stack would change, resource by resource: every
 * configured azuread attribute whose value differs from what the provider reads back from Graph.
 * Empty when the plan after the first apply is empty.
 */
export function planChanges(json: Obj): string[] {
  const out: string[] = [];
  for (const [type, resources] of Object.entries((json.resource ?? {}) as Obj)) {
    if (!type.startsWith('azuread_')) continue;
    for (const [name, config] of Object.entries(resources as Obj)) {
      const ignored = new Set<string>(config.lifecycle?.ignore_changes ?? []);
      for (const instance of instances(config)) {
        const body = Object.fromEntries(Object.entries(instance).filter(([k]) => !ignored.has(k)));
        const state = stateAfterRead(type, graphAfterApply(type, body), body);
        const found: string[] = [];
        differences(body, state, '', found);
        out.push(...found.map((d) => `${type}.${name}${instance === config ? '' : `[${JSON.stringify(instance.principal_object_id ?? '')}]`}.${d}`));
      }
    }
  }
  return out;
}
