import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { synthesizeAll } from './all-stacks';
import { PROVIDER_RULES, STACK_RULES, parseGoUrl, providerRuleErrors, uriProblem } from './provider-rules-check';

const G1 = '00000000-0000-4000-8000-000000000001';
const G2 = '00000000-0000-4000-8000-000000000002';
const APP_ID = `/applications/${G1}`;
const UAI = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a';
/** A 1x1 PNG, base64. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A body of each type that every rule accepts; each case below changes one thing in it. */
const VALID: Record<string, Record<string, any>> = {
  'resource:azuread_application': {
    display_name: 'Orders API',
    sign_in_audience: 'AzureADMyOrg',
    owners: [G1],
    api: { requested_access_token_version: 2, oauth2_permission_scope: [{ id: G1, value: 'Orders.Access', type: 'User', admin_consent_description: 'd', admin_consent_display_name: 'n' }] },
    app_role: [{ id: G2, value: 'Orders.Read', display_name: 'Read', description: 'Read orders', allowed_member_types: ['User'] }],
    single_page_application: { redirect_uris: ['https://orders.contoso.com/', 'http://localhost:5173/', 'https://orders.contoso.com/auth'] },
    web: { redirect_uris: ['https://portal.contoso.com/signin-oidc', 'urn:ietf:wg:oauth:2.0:oob'], homepage_url: 'https://portal.contoso.com', logout_url: 'https://portal.contoso.com/signout' },
    public_client: { redirect_uris: ['http://localhost', 'myapp://auth', 'ms-appx-web://microsoft.aad.brokerplugin/x'] },
    required_resource_access: [{ resource_app_id: G1, resource_access: [{ id: G2, type: 'Scope' }] }],
    logo_image: PNG,
  },
  'resource:azuread_application_identifier_uri': { application_id: APP_ID, identifier_uri: 'api://orders' },
  'resource:azuread_application_pre_authorized': { application_id: APP_ID, authorized_client_id: G1, permission_ids: [G2] },
  'resource:azuread_application_federated_identity_credential': { application_id: APP_ID, display_name: 'github-main', audiences: ['api://AzureADTokenExchange'], issuer: 'https://i', subject: 's' },
  'resource:azuread_application_certificate': { application_id: APP_ID, type: 'AsymmetricX509Cert', encoding: 'hex', value: '3082', key_id: G2, end_date: '2027-01-01T00:00:00Z' },
  'resource:azuread_application_password': { application_id: APP_ID, end_date: '2027-01-01T00:00:00Z' },
  'resource:azuread_service_principal': {
    client_id: G1, owners: [G2], description: 'd', login_url: 'https://orders.contoso.com/sso', notification_email_addresses: ['ops@contoso.com'],
    alternative_names: ['orders'], preferred_single_sign_on_mode: 'saml', saml_single_sign_on: [{ relay_state: '/home' }],
  },
  'resource:azuread_app_role_assignment': { app_role_id: G1, principal_object_id: G2, resource_object_id: G1, timeouts: { create: '20m' } },
  'resource:azuread_service_principal_delegated_permission_grant': { claim_values: ['User.Read'], resource_service_principal_object_id: G1, service_principal_object_id: G2 },
  'data:azuread_group': { display_name: 'Order readers', security_enabled: true },
  'data:azuread_user': { user_principal_name: 'jane@contoso.com' },
  'data:azuread_service_principal': { client_id: G1 },
  'data:azuread_application': { identifier_uri: 'api://orders' },
  'resource:time_sleep': { create_duration: '60s', triggers: { clientId: '${azuread_application.a.client_id}', 'appRole:Orders.Read': G1 } },
  'resource:azurerm_user_assigned_identity': { name: 'id-a', location: 'westeurope', resource_group_name: 'rg-orders' },
  'resource:azurerm_resource_group': { name: 'rg-orders', location: 'westeurope' },
  'resource:azurerm_role_assignment': { scope: '/subscriptions/s', role_definition_name: 'Reader', principal_id: G1, principal_type: 'ServicePrincipal' },
  'resource:azurerm_key_vault_access_policy': { key_vault_id: '/subscriptions/s/kv', tenant_id: G1, object_id: G2, secret_permissions: ['Get', 'List'] },
  'resource:azurerm_key_vault': { name: 'kv-orders', location: 'westeurope', resource_group_name: 'rg', sku_name: 'standard', tenant_id: G1 },
  'resource:azurerm_key_vault_secret': { name: 'db-password', key_vault_id: '/kv', value: 'x' },
  'resource:azurerm_service_plan': { name: 'plan-orders', location: 'westeurope', resource_group_name: 'rg', os_type: 'Linux', sku_name: 'Y1' },
  'resource:azurerm_storage_account': { name: 'storders', location: 'westeurope', resource_group_name: 'rg', account_tier: 'Standard', account_replication_type: 'LRS', min_tls_version: 'TLS1_2' },
  'resource:azurerm_linux_function_app': {
    name: 'func-orders', location: 'westeurope', resource_group_name: 'rg', service_plan_id: '/p', storage_account_name: 'storders',
    identity: { type: 'SystemAssigned, UserAssigned', identity_ids: [UAI] }, key_vault_reference_identity_id: UAI,
    site_config: { minimum_tls_version: '1.2', application_stack: { dotnet_version: '8.0', use_dotnet_isolated_runtime: true } },
  },
  'resource:azurerm_linux_web_app': { name: 'app-orders', location: 'westeurope', resource_group_name: 'rg', service_plan_id: '/p', site_config: {}, app_settings: { API_SCOPE: 'x' } },
  'resource:azurerm_container_app': {
    name: 'ca', secret: [{ name: 'db-password', identity: 'System', key_vault_secret_id: 'https://kv/secrets/x' }],
    template: { container: [{ name: 'c', env: [{ name: 'AZURE_CLIENT_ID', value: G1 }] }] },
  },
};

interface Case { readonly type: string; readonly bad: Record<string, any>; readonly what: string }

const app = (bad: Record<string, any>, what: string): Case => ({ type: 'resource:azuread_application', bad, what });
const scopeWith = (s: Record<string, any>) => ({ api: { requested_access_token_version: 2, oauth2_permission_scope: [{ ...VALID['resource:azuread_application'].api.oauth2_permission_scope[0], ...s }] } });
const roleWith = (r: Record<string, any>) => ({ app_role: [{ ...VALID['resource:azuread_application'].app_role[0], ...r }] });
const personal = (more: Record<string, any>) => ({ sign_in_audience: 'PersonalMicrosoftAccount', ...more });

/** One bad value per rule (several for the rules that bundle several checks), each with the problem it shows. */
const CASES: Record<string, Case[]> = {
  'application.display-name': [app({ display_name: '' }, 'an empty display name')],
  'application.description': [app({ description: 'x'.repeat(1025) }, '1,025 bytes'), app({ description: 'é'.repeat(513) }, '513 characters but 1,026 bytes')],
  'application.notes': [app({ notes: '' }, 'explicit empty notes')],
  'application.sign-in-audience': [app({ sign_in_audience: 'azureadmyorg' }, 'wrong case')],
  'application.owners': [app({ owners: ['me'] }, 'not a UUID'), app({ owners: Array.from({ length: 101 }, () => G1) }, '101 owners')],
  'application.group-membership-claims': [app({ group_membership_claims: ['Groups'] }, 'not a value')],
  'application.identifier-uris': [app({ identifier_uris: [''] }, 'an empty URI')],
  'application.template-id': [app({ template_id: '{' + G1 + '}' }, 'braces')],
  'application.feature-tags': [app({ feature_tags: [{ enterprise: true }], tags: ['x'] }, 'both')],
  'application.token-version': [app({ api: { requested_access_token_version: 3 } }, 'version 3')],
  'application.known-clients': [app({ api: { known_client_applications: [G1.replace(/-/g, '')] } }, '32 digits without hyphens')],
  'application.scope-id': [app(scopeWith({ id: 'urn:uuid:' + G1 }), 'urn:uuid: prefix')],
  'application.scope-value': [app(scopeWith({ value: 'Orders Access' }), 'a space'), app(scopeWith({ value: '.Orders' }), 'a leading dot'), app(scopeWith({ value: 'x'.repeat(250) }), '250 bytes')],
  'application.scope-type': [app(scopeWith({ type: 'user' }), 'lower case')],
  'application.scope-consent-texts': [app(scopeWith({ user_consent_display_name: '' }), 'an empty consent display name')],
  'application.role-id': [app(roleWith({ id: 'not-a-guid' }), 'not a UUID')],
  'application.role-member-types': [app(roleWith({ allowed_member_types: [] }), 'none'), app(roleWith({ allowed_member_types: ['Group'] }), 'Group')],
  'application.role-texts': [app(roleWith({ description: '' }), 'an empty description')],
  'application.role-value': [app(roleWith({ value: 'Orders"Read' }), 'a quote'), app(roleWith({ value: 'Bestellungen.Lesen.ü' }), 'non-ASCII')],
  'application.optional-claims': [app({ optional_claims: { access_token: [{ name: 'groups', source: 'directory' }] } }, 'a source other than user'),
    app({ optional_claims: { id_token: [{ name: 'upn', additional_properties: ['emit_as_groups'] }] } }, 'an unknown additional property')],
  'application.spa-redirect-uri': [
    app({ single_page_application: { redirect_uris: ['https://orders.contoso.com'] } }, 'the bare origin the README and both examples had'),
    app({ single_page_application: { redirect_uris: ['http://localhost:5173'] } }, 'a bare loopback origin'),
    app({ single_page_application: { redirect_uris: ['https://orders.contoso.com?x=1'] } }, 'a query without a path'),
    app({ single_page_application: { redirect_uris: ['localhost:3000'] } }, 'no host (no //)'),
    app({ single_page_application: { redirect_uris: ['orders.contoso.com/'] } }, 'no scheme'),
    app({ single_page_application: { redirect_uris: ['urn:ietf:wg:oauth:2.0:oob'] } }, 'a URN'),
    app({ single_page_application: { redirect_uris: ['myapp://auth/'] } }, 'a custom scheme'),
    app({ single_page_application: { redirect_uris: [`https://orders.contoso.com/${'a'.repeat(240)}`] } }, '270 bytes'),
    app({ single_page_application: { redirect_uris: Array.from({ length: 257 }, (_, i) => `https://a.contoso.com/${i}`) } }, '257 URIs'),
  ],
  'application.web-redirect-uri': [
    app({ web: { redirect_uris: ['https://portal.contoso.com'] } }, 'a bare origin'),
    app({ web: { redirect_uris: ['myapp://auth/'] } }, 'a custom scheme'),
    app({ web: { redirect_uris: ['https:///signin-oidc'] } }, 'no host'),
  ],
  'application.public-client-redirect-uri': [
    app({ public_client: { redirect_uris: ['myapp:/callback'] } }, 'no host'),
    app({ public_client: { redirect_uris: [''] } }, 'empty'),
    app({ public_client: { redirect_uris: [`myapp://auth/${'a'.repeat(250)}`] } }, '263 bytes'),
  ],
  'application.logo-image': [app({ logo_image: 'not base64!' }, 'not base64'), app({ logo_image: Buffer.from('<svg/>').toString('base64') }, 'an SVG, which is not sniffed as an image')],
  'application.homepage-url': [app({ web: { homepage_url: 'ftp://portal.contoso.com/' } }, 'ftp')],
  'application.logout-url': [app({ web: { logout_url: `https://portal.contoso.com/${'a'.repeat(240)}` } }, '266 bytes'), app({ web: { logout_url: 'portal.contoso.com/out' } }, 'no scheme')],
  'application.required-resource-access': [app({ required_resource_access: [{ resource_app_id: G1, resource_access: [{ id: G2, type: 'Delegated' }] }] }, 'a type other than Role/Scope')],
  'application.roles-and-scopes-unique': [
    app({ ...roleWith({ value: 'Orders.Access' }) }, 'a role with a scope\'s value'),
    app({ ...roleWith({ id: G1 }) }, 'a role with a scope\'s id and another value'),
  ],
  'application.personal-accounts': [
    app(personal({ api: { requested_access_token_version: 1 } }), 'token version 1'),
    app(personal({ api: { requested_access_token_version: 2, oauth2_permission_scope: [{ id: G1, value: 'x'.repeat(41) }] } }), 'a 41-character scope value'),
    app(personal({ identifier_uris: ['https://orders.contoso.com/'] }), 'a trailing-slash identifier URI'),
    app(personal({ identifier_uris: ['urn:orders:api'] }), 'a URN identifier URI'),
    app(personal({ single_page_application: { redirect_uris: ['https://orders.contoso.com/cb?tenant=a'] } }), 'a query string'),
    app(personal({ web: { redirect_uris: ['https://*.contoso.com/cb'] } }), 'a wildcard host'),
    app(personal({ web: { redirect_uris: Array.from({ length: 101 }, (_, i) => `https://a.contoso.com/${i}`) } }), '101 redirect URIs'),
    app(personal({ required_resource_access: [{ resource_app_id: G1, resource_access: Array.from({ length: 31 }, () => ({ id: G2, type: 'Scope' })) }] }), '31 permissions on one API'),
  ],
  'application.duplicate-name-filter': [app({ display_name: "Jane's app", prevent_duplicate_names: true }, "an apostrophe with prevent_duplicate_names")],
  'identifier-uri.application-id': [{ type: 'resource:azuread_application_identifier_uri', bad: { application_id: G1 }, what: 'a bare object id' }],
  'identifier-uri.uri': [{ type: 'resource:azuread_application_identifier_uri', bad: { identifier_uri: '' }, what: 'empty' }],
  'pre-authorized.application-id': [{ type: 'resource:azuread_application_pre_authorized', bad: { application_id: 'applications/' + G1 }, what: 'no leading slash' }],
  'pre-authorized.ids': [{ type: 'resource:azuread_application_pre_authorized', bad: { permission_ids: ['Orders.Access'] }, what: 'a scope value, not its id' }],
  'federated-credential.application-id': [{ type: 'resource:azuread_application_federated_identity_credential', bad: { application_id: `/servicePrincipals/${G1}` }, what: 'an SP id' }],
  'federated-credential.display-name': [{ type: 'resource:azuread_application_federated_identity_credential', bad: { display_name: 'x'.repeat(121) }, what: '121 bytes' }],
  'federated-credential.audiences': [{ type: 'resource:azuread_application_federated_identity_credential', bad: { audiences: ['a', 'b'] }, what: 'two audiences' }],
  'certificate.application-id': [{ type: 'resource:azuread_application_certificate', bad: { application_id: G1 }, what: 'a bare object id' }],
  'certificate.values': [{ type: 'resource:azuread_application_certificate', bad: { encoding: 'der' }, what: 'an unknown encoding' },
    { type: 'resource:azuread_application_certificate', bad: { type: undefined }, what: 'no type' },
    { type: 'resource:azuread_application_certificate', bad: { value: 'MIIB' }, what: 'base64 given as hex' },
    { type: 'resource:azuread_application_certificate', bad: { key_id: 'key-1' }, what: 'a key id that is not a UUID' }],
  'password.application-id': [{ type: 'resource:azuread_application_password', bad: { application_id: '' }, what: 'empty' }],
  'password.dates': [{ type: 'resource:azuread_application_password', bad: { end_date: '2027-01-01' }, what: 'a date without a time' },
    { type: 'resource:azuread_application_password', bad: { end_date_relative: '240h' }, what: 'end_date with end_date_relative' }],
  'service-principal.client-id': [{ type: 'resource:azuread_service_principal', bad: { client_id: 'api://orders' }, what: 'an identifier URI' }],
  'service-principal.owners': [{ type: 'resource:azuread_service_principal', bad: { owners: ['jane@contoso.com'] }, what: 'a UPN' }],
  'service-principal.texts': [{ type: 'resource:azuread_service_principal', bad: { notes: 'n'.repeat(1025) }, what: '1,025 bytes of notes' }],
  'service-principal.login-url': [{ type: 'resource:azuread_service_principal', bad: { login_url: 'orders.contoso.com/sso' }, what: 'no scheme' }],
  'service-principal.names-and-emails': [{ type: 'resource:azuread_service_principal', bad: { notification_email_addresses: [''] }, what: 'an empty address' },
    { type: 'resource:azuread_service_principal', bad: { alternative_names: [''] }, what: 'an empty name' }],
  'service-principal.single-sign-on': [{ type: 'resource:azuread_service_principal', bad: { preferred_single_sign_on_mode: 'SAML' }, what: 'upper case SAML' },
    { type: 'resource:azuread_service_principal', bad: { saml_single_sign_on: [{ relay_state: '' }] }, what: 'an empty relay state' }],
  'service-principal.feature-tags': [{ type: 'resource:azuread_service_principal', bad: { feature_tags: [{}], tags: ['x'] }, what: 'feature_tags and tags' }],
  'app-role-assignment.ids': [{ type: 'resource:azuread_app_role_assignment', bad: { app_role_id: 'Orders.Read' }, what: 'a role value, not its id' }],
  'app-role-assignment.timeouts': [{ type: 'resource:azuread_app_role_assignment', bad: { timeouts: { update: '5m' } }, what: 'an update timeout' }],
  'time-sleep.durations': [{ type: 'resource:time_sleep', bad: { create_duration: '60' }, what: 'seconds without a unit' },
    { type: 'resource:time_sleep', bad: { create_duration: '1 minute' }, what: 'words' },
    { type: 'resource:time_sleep', bad: { triggers: { roles: ['a'] } }, what: 'a list as a trigger value' }],
  'delegated-grant.values': [{ type: 'resource:azuread_service_principal_delegated_permission_grant', bad: { claim_values: [] }, what: 'no values' },
    { type: 'resource:azuread_service_principal_delegated_permission_grant', bad: { claim_values: [''] }, what: 'an empty value' }],
  'data.group': [{ type: 'data:azuread_group', bad: { display_name: "Jane's team" }, what: 'an apostrophe' },
    { type: 'data:azuread_group', bad: { object_id: G1 }, what: 'display_name and object_id' }],
  'data.user': [{ type: 'data:azuread_user', bad: { object_id: 'jane' }, what: 'two lookups, one not a UUID' }],
  'data.service-principal': [{ type: 'data:azuread_service_principal', bad: { client_id: 'Microsoft Graph' }, what: 'a name as client id' }],
  'data.application': [{ type: 'data:azuread_application', bad: { identifier_uri: undefined }, what: 'no lookup' }],
  'user-assigned-identity': [{ type: 'resource:azurerm_user_assigned_identity', bad: { resource_group_name: 'rg.' }, what: 'a trailing dot' },
    { type: 'resource:azurerm_user_assigned_identity', bad: { location: '' }, what: 'no location' }],
  'resource-group.name': [{ type: 'resource:azurerm_resource_group', bad: { name: 'rg orders' }, what: 'a space' }],
  'role-assignment': [{ type: 'resource:azurerm_role_assignment', bad: { scope: 'subscription' }, what: 'a scope without /' },
    { type: 'resource:azurerm_role_assignment', bad: { role_definition_id: '/r' }, what: 'role id and name' },
    { type: 'resource:azurerm_role_assignment', bad: { principal_type: 'MSI' }, what: 'MSI' },
    { type: 'resource:azurerm_role_assignment', bad: { description: '' }, what: 'an empty description' }],
  'key-vault-access-policy': [{ type: 'resource:azurerm_key_vault_access_policy', bad: { secret_permissions: ['get'] }, what: 'lower case' }],
  'key-vault': [{ type: 'resource:azurerm_key_vault', bad: { name: 'kv_orders' }, what: 'an underscore' }, { type: 'resource:azurerm_key_vault', bad: { sku_name: 'Standard' }, what: 'upper case' }],
  'key-vault-secret': [{ type: 'resource:azurerm_key_vault_secret', bad: { name: 'db_password' }, what: 'an underscore' }],
  'service-plan': [{ type: 'resource:azurerm_service_plan', bad: { sku_name: 'Consumption' }, what: 'not a SKU' }],
  'storage-account': [{ type: 'resource:azurerm_storage_account', bad: { name: 'st-orders' }, what: 'a hyphen' }, { type: 'resource:azurerm_storage_account', bad: { min_tls_version: 'TLS1_0' }, what: 'TLS 1.0' }],
  'app.name': [{ type: 'resource:azurerm_linux_function_app', bad: { name: 'func_orders' }, what: 'an underscore' }],
  'app.identity': [{ type: 'resource:azurerm_linux_function_app', bad: { identity: { type: 'SystemAssigned,UserAssigned', identity_ids: [UAI] } }, what: 'no space after the comma' },
    { type: 'resource:azurerm_linux_function_app', bad: { key_vault_reference_identity_id: G1 }, what: 'a client id, not a resource id' },
    { type: 'resource:azurerm_linux_function_app', bad: { identity: { type: 'SystemAssigned', identity_ids: [UAI] } }, what: 'ids with SystemAssigned' }],
  'app.site-config': [{ type: 'resource:azurerm_linux_function_app', bad: { site_config: { minimum_tls_version: '1.4' } }, what: 'TLS 1.4' }],
  'function-app.storage': [{ type: 'resource:azurerm_linux_function_app', bad: { storage_account_name: undefined }, what: 'no storage' }],
  'web-app.app-settings': [{ type: 'resource:azurerm_linux_web_app', bad: { app_settings: { website_vnet_route_all: '1' } }, what: 'a reserved key in lower case' }],
  'container-app.secrets': [{ type: 'resource:azurerm_container_app', bad: { secret: [{ name: 'db_password', value: 'x' }] }, what: 'an underscore' },
    { type: 'resource:azurerm_container_app', bad: { secret: [{ name: 'db', key_vault_secret_id: 'https://kv/secrets/x' }] }, what: 'a Key Vault secret without identity' }],
};

function stackOf(type: string, body: Record<string, any>): any {
  const [kind, name] = type.split(':');
  return { [kind]: { [name]: { x: body } } };
}

function withChange(type: string, change: Record<string, any>): Record<string, any> {
  const body: Record<string, any> = { ...VALID[type], ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
  return body;
}

describe('provider rules', () => {
  for (const { name, json } of synthesizeAll()) {
    it(`${name} writes only values the real providers and Graph accept`, () => {
      assert.deepEqual(providerRuleErrors(json), []);
    });
  }

  it('accepts the valid body of every type the rules look at', () => {
    const types = new Set([...PROVIDER_RULES, ...STACK_RULES].flatMap((r) => r.on));
    for (const type of types) {
      const sample = VALID[type] ?? VALID[type.replace(/(windows|linux)_(function|web)_app/, 'linux_$2_app')];
      assert.ok(sample, `no valid ${type} body in this test`);
      assert.deepEqual(providerRuleErrors(stackOf(type, sample)), [], type);
    }
  });

  it('has a bad-value case for every rule', () => {
    assert.deepEqual(PROVIDER_RULES.map((r) => r.id).filter((id) => !CASES[id]), []);
    assert.deepEqual(Object.keys(CASES).filter((id) => !PROVIDER_RULES.some((r) => r.id === id)), []);
  });

  for (const [rule, cases] of Object.entries(CASES)) {
    for (const { type, bad, what } of cases) {
      it(`rule ${rule} rejects ${what}`, () => {
        const errors = providerRuleErrors(stackOf(type, withChange(type, bad)));
        assert.ok(errors.some((e) => e.includes(`[${rule}]`)), `expected a [${rule}] problem, got:\n${errors.join('\n')}`);
      });
    }
  }

  it('names the address, the attribute, the bad value and the fix for the bare-origin redirect URI', () => {
    const errors = providerRuleErrors(stackOf('resource:azuread_application', withChange('resource:azuread_application', { single_page_application: { redirect_uris: ['https://orders.contoso.com'] } })));
    assert.deepEqual(errors, ['azuread_application.x.single_page_application.redirect_uris[0]: [application.spa-redirect-uri] "https://orders.contoso.com" has no path: '
      + 'write "https://orders.contoso.com/" (the provider requires a trailing slash when there is no path segment)']);
  });

  it('never judges a reference or expression, as the providers skip unknown values at plan', () => {
    const body = withChange('resource:azuread_application', {
      display_name: '${var.name}', owners: ['${data.azuread_client_config.c.object_id}'],
      single_page_application: { redirect_uris: ['https://${azurerm_linux_web_app.a.default_hostname}'] },
    });
    assert.deepEqual(providerRuleErrors(stackOf('resource:azuread_application', body)), []);
  });

  it('checks each row of a literal for_each map, with each.value filled in', () => {
    const grants = {
      resource: {
        azuread_app_role_assignment: {
          table: {
            for_each: { 'Orders.Read A': { principal_object_id: G1 }, 'Orders.Read B': { principal_object_id: 'group-b' } },
            app_role_id: G1, principal_object_id: '${each.value.principal_object_id}', resource_object_id: '${azuread_service_principal.s.object_id}',
          },
        },
      },
    };
    assert.deepEqual(providerRuleErrors(grants), ['azuread_app_role_assignment.table["Orders.Read B"].principal_object_id: [app-role-assignment.ids] "group-b" is not a UUID (8-4-4-4-12 hex digits)']);
  });

  it('rejects what the provider refuses to create twice', () => {
    const twice = (type: string, a: Record<string, any>, b: Record<string, any>) => {
      const [kind, name] = type.split(':');
      return providerRuleErrors({ [kind]: { [name]: { a: withChange(type, a), b: withChange(type, b) } } });
    };
    const ref = '${azuread_application.api.id}';
    assert.match(twice('resource:azuread_application_identifier_uri', { application_id: ref }, { application_id: ref }).join('\n'), /\[identifier-uri\.unique\]/);
    assert.match(twice('resource:azuread_application_pre_authorized', { application_id: ref }, { application_id: ref, authorized_client_id: G1.toUpperCase() }).join('\n'), /\[pre-authorized\.unique\]/);
    assert.match(twice('resource:azuread_application_federated_identity_credential', { display_name: 'a' }, { display_name: 'b' }).join('\n'), /\[federated-credential\.unique\]/);
    assert.match(twice('resource:azurerm_role_assignment', { name: G1 }, { name: G1 }).join('\n'), /\[role-assignment\.unique\]/);
    assert.match(twice('resource:azurerm_key_vault_access_policy', {}, {}).join('\n'), /\[key-vault-access-policy\.unique\]/);
    assert.deepEqual(twice('resource:azuread_application_identifier_uri', {}, { identifier_uri: 'api://other' }), [], 'two URIs on one app are fine');
  });

  it('parses URIs as Go net/url does where the validators depend on it', () => {
    assert.deepEqual(parseGoUrl('https://orders.contoso.com'), { scheme: 'https', host: 'orders.contoso.com', path: '', opaque: '', query: '' });
    assert.deepEqual(parseGoUrl('HTTPS://a.com:8443/cb?x=1#f'), { scheme: 'https', host: 'a.com:8443', path: '/cb', opaque: '', query: 'x=1' });
    assert.equal((parseGoUrl('myapp:auth') as any).opaque, 'auth');
    assert.match(String(parseGoUrl('https://a b.com/')), /invalid character in host name/);
    assert.match(String(parseGoUrl('https://a.com:80x/')), /invalid port/);
    assert.match(String(parseGoUrl('https://a.com/%zz')), /invalid URL escape/);
    assert.equal(uriProblem('https://a.com/', ['https'], false, false, false), 'must not end with a slash when it has no path');
    assert.equal(uriProblem('urn:a:b', ['https'], true, true, true), undefined);
  });
});
